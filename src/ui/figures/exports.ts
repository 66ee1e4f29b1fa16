import type { Layout, PlotData } from 'plotly.js-cartesian-dist-min';
import { fileFingerprint } from '../../core/export/fingerprint.ts';
import { logToAlignedCsv } from '../../core/export/log-csv.ts';
import { particlesToCsv } from '../../core/export/particles-csv.ts';
import { provenanceHeader } from '../../core/export/provenance.ts';
import { resultsToCsv } from '../../core/export/results-csv.ts';
import { fileStem } from '../../core/io/file-name.ts';
import { reviewedResults } from '../../state/corrections.ts';
import { getFile } from '../../state/files.ts';
import { useWorkbench } from '../../state/store.ts';
import { withoutFrameCursor } from '../plot/frame-cursor.ts';
import { loadPlotly } from '../plot/PlotlyChart.tsx';
import { reviewLabels } from '../use-reviewed-results.ts';

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
  // The figure as drawn, minus the viewer's current-frame line.
  const drawn = element as unknown as { data: PlotData[]; layout: Layout };
  await Plotly.downloadImage(
    { data: drawn.data, layout: withoutFrameCursor(drawn.layout) },
    {
      format,
      width: element.clientWidth,
      height: element.clientHeight,
      scale: format === 'png' ? dpi / 96 : 1,
      filename: fileName,
    },
  );
}

const sha256 = (bytes: Uint8Array<ArrayBuffer>) => crypto.subtle.digest('SHA-256', bytes);

/**
 * The per-frame table, preceded by the provenance header (`core/export/provenance.ts`): app
 * version, input files, parameters, figure settings and units.
 */
export async function exportResultsCsv(): Promise<void> {
  const { movie, log, params, channelChoice, alignment, corrections, figureSettings, ...state } =
    useWorkbench.getState();
  if (!movie) return;
  // Rejected frames are empty rows (like frames not analysed), marked in the review column.
  const results = reviewedResults(state.results, corrections);
  const review = reviewLabels(state.results, corrections);
  const logBlob = log && getFile(log.fileId);
  const voltage = log?.series.channels.find((c) => c.id === channelChoice.voltage);
  const current = log?.series.channels.find((c) => c.id === channelChoice.current);
  const header = provenanceHeader({
    appVersion: __APP_VERSION__,
    exportedAt: new Date().toISOString(),
    movie: {
      fileName: movie.fileName,
      fileSize: movie.fileSize,
      info: movie.info,
      fingerprint: movie.fingerprint || 'n/a (the movie file is not open)',
    },
    log: log
      ? {
          fileName: log.fileName,
          voltageColumn: voltage?.column,
          currentColumn: current?.column,
          fingerprint: logBlob ? await fileFingerprint(logBlob, sha256) : undefined,
        }
      : undefined,
    alignment,
    params,
    figureSettings,
  });
  const table = resultsToCsv({
    info: movie.info,
    results,
    review,
    log: log?.series,
    voltage,
    current,
    alignment,
  });
  const base = fileStem(movie.fileName);
  downloadBlob(new Blob([header + table], { type: 'text/csv' }), `${base}-results.csv`);
}

/**
 * Particles mode's table, as the CLI's `--particles-out` writes it: one row per particle per
 * frame, with its track id (the ids the viewer draws). Rejected frames have no rows.
 */
export function exportParticlesCsv(): void {
  const { movie, corrections, results } = useWorkbench.getState();
  if (!movie) return;
  const base = fileStem(movie.fileName);
  downloadBlob(
    new Blob([particlesToCsv(movie.info, reviewedResults(results, corrections))], { type: 'text/csv' }),
    `${base}-particles.csv`,
  );
}

/** The log with its time on both clocks (as recorded, and aligned to the movie). */
export function exportAlignedLogCsv(): void {
  const { log, alignment } = useWorkbench.getState();
  if (!log) return;
  const base = fileStem(log.fileName);
  downloadBlob(
    new Blob([logToAlignedCsv(log.series, alignment)], { type: 'text/csv' }),
    `${base}-aligned.csv`,
  );
}
