import type { SegmentParams } from '../analysis/types.ts';
import type { MovieInfo } from '../run/frame-service.ts';
import type { Alignment } from '../series/alignment.ts';
import type { FigureSettings } from '../series/figure-settings.ts';

export interface ProvenanceInputs {
  appVersion: string;
  /** ISO time of the export. */
  exportedAt: string;
  movie: { fileName: string; fileSize: number; info: MovieInfo; fingerprint?: string };
  log?: { fileName: string; voltageColumn?: string; currentColumn?: string; fingerprint?: string };
  alignment: Alignment;
  params: SegmentParams | null;
  figureSettings: FigureSettings;
}

/**
 * The `#` lines that precede the results CSV, recording what produced it: app version, input
 * files, parameters, figure settings and units, so a number in a paper can be traced back. The
 * browser's "Results CSV" and `operando figures` write the same header.
 */
export function provenanceHeader(p: ProvenanceInputs): string {
  const { info } = p.movie;
  const f = p.figureSettings;
  const lines = [
    `# Operando Workbench ${p.appVersion}, exported ${p.exportedAt}`,
    `# movie: ${p.movie.fileName} (${p.movie.fileSize} bytes, ${info.width}x${info.height} px, ${info.frameCount} frames)`,
    `# movie fingerprint: ${p.movie.fingerprint ?? 'n/a (folder recording)'}`,
    `# pixel size: ${info.calibration?.pixelSizeNm ?? 'none'} nm; frame interval: ${info.frameIntervalS ?? 'unknown'} s`,
    p.log
      ? `# log: ${p.log.fileName}; bias column: ${p.log.voltageColumn ?? 'none'}; current column: ${p.log.currentColumn ?? 'none'}`
      : '# log: none',
    ...(p.log?.fingerprint ? [`# log fingerprint: ${p.log.fingerprint}`] : []),
    `# time alignment: log time = ${p.alignment.offsetS} s + ${p.alignment.rate} × movie time (${p.alignment.source})`,
    `# segmentation parameters: ${JSON.stringify(p.params)}`,
    `# figure settings: rest below ${f.restBelowV} V; area ${f.normalise ? 'as A/A0' : 'in nm² (px² uncalibrated)'}; font ${f.fontSize} pt; aspect ${f.aspect}:1; PNG ${f.dpi} dpi`,
    '# units: time_s s, area_px px², area_nm2 nm², centroid px, bias_V V, current_A A',
    '# review: accepted / rejected (row left empty) / edited (outline corrected by hand) by the user',
  ];
  return `${lines.join('\n')}\n`;
}
