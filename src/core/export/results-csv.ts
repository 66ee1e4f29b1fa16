import type { FrameResult } from '../analysis/types.ts';
import type { LogChannel, LogSeries } from '../io/types.ts';
import type { MovieInfo } from '../run/frame-service.ts';
import { type Alignment, movieTime, noAlignment, toLogTime } from '../series/alignment.ts';
import { sampleAt } from '../series/interpolate.ts';
import { measuresParticles } from '../series/particle-counts.ts';
import { frameTimeS } from '../series/time-base.ts';

export interface ResultsTableOptions {
  info: MovieInfo;
  results: (FrameResult | null | undefined)[];
  log?: LogSeries;
  voltage?: LogChannel;
  current?: LogChannel;
  /**
   * The user's review of each frame ('accepted', 'rejected', 'edited'; empty when not reviewed),
   * written to the `review` column; the column is empty when not given.
   */
  review?: readonly (string | undefined)[];
  /** Maps frame (movie) time to log time; default: both clocks start together. */
  alignment?: Alignment;
}

const cell = (value: number | undefined, digits = 6): string =>
  value === undefined || !Number.isFinite(value) ? '' : String(Number(value.toPrecision(digits)));

/** The `drift_x_px`/`drift_y_px` cells (also rewritten by `mergeShards`). */
export const driftCell = (px: number | undefined): string => cell(px, 4);

/** The `drift_err_px` cell (also rewritten by `mergeShards`). */
export const driftErrCell = (px: number | undefined): string => cell(px, 2);

/** The `drift_measured_*` cells: the measurement exactly (it is kept to 0.001 px), so a merge refits the same curve. */
const measuredCell = (px: number | undefined): string =>
  px === undefined || !Number.isFinite(px) ? '' : String(px);

/**
 * One row per frame: `frame,time_s,area_px,area_nm2,centroid_x_px,centroid_y_px,quality,
 * area_err_px,area_err_nm2,drift_x_px,drift_y_px,review` (the area's one-σ uncertainty, the
 * drift against the reference frame, empty where not measured, and the user's review), plus
 * `bias_V` and `current_A` sampled from the log at the frame's time when a log is given.
 * `area_nm2` is empty when the movie has no length calibration; frames not analysed are empty rows.
 * In particles mode a last column, `particle_count`, says how many particles the area totals.
 */
export function resultsToCsv({
  info,
  results,
  review,
  log,
  voltage,
  current,
  alignment = noAlignment,
}: ResultsTableOptions): string {
  const columns = [
    'frame',
    'time_s',
    'area_px',
    'area_nm2',
    'centroid_x_px',
    'centroid_y_px',
    'quality',
    'area_err_px',
    'area_err_nm2',
    'drift_x_px',
    'drift_y_px',
    'drift_err_px',
    'drift_measured_x_px',
    'drift_measured_y_px',
    'drift_confidence',
    'review',
  ];
  if (log && voltage) columns.push('bias_V');
  if (log && current) columns.push('current_A');
  // Particles mode: how many particles make up each frame's area (the column only then).
  const particles = measuresParticles(results);
  if (particles) columns.push('particle_count');
  const lines = [columns.join(',')];
  for (let i = 0; i < info.frameCount; i++) {
    const r = results[i];
    const t = frameTimeS(info, i);
    const row = [
      String(i),
      cell(t, 9),
      r && Number.isFinite(r.areaPx) ? String(r.areaPx) : '', // NaN: an unreadable frame
      cell(r?.areaNm2, 8),
      cell(r?.centroidX),
      cell(r?.centroidY),
      r?.quality ?? '',
      cell(r?.areaErrPx, 4),
      cell(r?.areaErrNm2, 4),
      driftCell(r?.driftXPx),
      driftCell(r?.driftYPx),
      driftErrCell(r?.driftErrPx),
      measuredCell(r?.driftMeasuredXPx),
      measuredCell(r?.driftMeasuredYPx),
      cell(r?.driftConfidence, 3),
      review?.[i] ?? '',
    ];
    const tLog = t === undefined ? undefined : toLogTime(movieTime(t), alignment);
    if (log && voltage) row.push(tLog === undefined ? '' : cell(sampleAt(log.timeS, voltage.values, tLog)));
    if (log && current) row.push(tLog === undefined ? '' : cell(sampleAt(log.timeS, current.values, tLog)));
    if (particles) row.push(r?.particles ? String(r.particles.length) : '');
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}
