import { logToAlignedCsv } from '../../core/export/log-csv.ts';
import { resultsToCsv } from '../../core/export/results-csv.ts';
import { reviewedResults, reviewLabel } from '../../state/corrections.ts';
import { getFile, getRecording } from '../../state/files.ts';
import { useWorkbench } from '../../state/store.ts';
import { loadPlotly } from '../plot/PlotlyChart.tsx';
import { fileFingerprint } from './fingerprint.ts';

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** PNG at `dpi` (96 dpi = 1 CSS pixel per pixel) or SVG, at the size the figure has on screen. */
export async function exportFigure(
  element: HTMLDivElement,
  format: 'png' | 'svg',
  fileName: string,
  dpi = 300,
): Promise<void> {
  const Plotly = await loadPlotly();
  await Plotly.downloadImage(element, {
    format,
    width: element.clientWidth,
    height: element.clientHeight,
    scale: format === 'png' ? dpi / 96 : 1,
    filename: fileName,
  });
}

/**
 * The per-frame table, preceded by `#` lines recording what produced it: app version, input
 * files, parameters and units, so a number in a paper can be traced back.
 */
export async function exportResultsCsv(): Promise<void> {
  const { movie, log, params, channelChoice, alignment, corrections, ...state } = useWorkbench.getState();
  // Rejected frames are empty rows (like frames not analysed), marked in the review column.
  const results = reviewedResults(state.results, corrections);
  const review = state.results.map((r, i) => reviewLabel(corrections[i], r));
  if (!movie) return;
  const movieBlob = getFile(movie.fileId);
  const recording = getRecording(movie.fileId);
  // A recording has no single file to fingerprint; the header says what it was instead.
  const movieFingerprint = recording
    ? `n/a (recording of ${recording.length} DM files)`
    : movieBlob
      ? await fileFingerprint(movieBlob)
      : 'n/a (the movie file is no longer open)';
  const logBlob = log && getFile(log.fileId);
  const voltage = log?.series.channels.find((c) => c.id === channelChoice.voltage);
  const current = log?.series.channels.find((c) => c.id === channelChoice.current);
  const header = [
    `# Operando Workbench ${__APP_VERSION__}, exported ${new Date().toISOString()}`,
    `# movie: ${movie.fileName} (${movie.fileSize} bytes, ${movie.info.width}x${movie.info.height} px, ${movie.info.frameCount} frames)`,
    `# movie fingerprint: ${movieFingerprint}`,
    `# pixel size: ${movie.info.calibration?.pixelSizeNm ?? 'none'} nm; frame interval: ${movie.info.frameIntervalS ?? 'unknown'} s`,
    log
      ? `# log: ${log.fileName}; bias column: ${voltage?.column ?? 'none'}; current column: ${current?.column ?? 'none'}`
      : '# log: none',
    ...(logBlob ? [`# log fingerprint: ${await fileFingerprint(logBlob)}`] : []),
    `# time alignment: log time = ${alignment.offsetS} s + ${alignment.rate} × movie time (${alignment.source})`,
    `# segmentation parameters: ${JSON.stringify(params)}`,
    '# units: time_s s, area_px px², area_nm2 nm², centroid px, bias_V V, current_A A',
    '# review: accepted / rejected (row left empty) / edited (outline corrected by hand) by the user',
  ];
  const table = resultsToCsv({
    info: movie.info,
    results,
    review,
    log: log?.series,
    voltage,
    current,
    alignment,
  });
  const base = movie.fileName.replace(/\.[^.]+$/, '');
  downloadBlob(new Blob([`${header.join('\n')}\n${table}`], { type: 'text/csv' }), `${base}-results.csv`);
}

/** The log with its time on both clocks (as recorded, and aligned to the movie). */
export function exportAlignedLogCsv(): void {
  const { log, alignment } = useWorkbench.getState();
  if (!log) return;
  const base = log.fileName.replace(/\.[^.]+$/, '');
  downloadBlob(
    new Blob([logToAlignedCsv(log.series, alignment)], { type: 'text/csv' }),
    `${base}-aligned.csv`,
  );
}
