import type { FrameResult } from '../analysis/types.ts';
import type { LogChannel, LogSeries } from '../io/types.ts';
import type { MovieInfo } from '../run/frame-service.ts';
import { type Alignment, movieTime, toLogTime } from './alignment.ts';
import { areaSeries, type FrameReview } from './area-series.ts';
import { buildCycleTable, type CycleRow } from './cycle-table.ts';
import { detectPhases, groupCycles } from './phases.ts';
import { NO_FRAME_TIMES } from './time-base.ts';

export interface CycleTableInputs {
  info: MovieInfo;
  results: readonly (FrameResult | null | undefined)[];
  /** The user's review per frame; rejected frames are left out. */
  review?: readonly (FrameReview | undefined)[];
  log?: LogSeries;
  /** The channels chosen as bias (phases) and current (charge). */
  voltage?: LogChannel;
  current?: LogChannel;
  alignment: Alignment;
  /** |bias| below this is rest, in volts (see `detectPhases`). */
  restBelowV: number;
}

export type CycleTable =
  | { ok: true; rows: CycleRow[]; areaUnit: 'nm²' | 'px²' }
  | { ok: false; reason: string };

/**
 * The per-cycle table of figure S7 from the dataset as the user sees it, at full precision: the
 * area series under the one inclusion rule (`area-series.ts`), placed on the log's clock by the
 * alignment, cycles from the bias phases, charge from the current. Refuses, with a reason to
 * show, when there is no bias or the movie has no frame times (frame indices are not seconds).
 */
export function cycleTable(inputs: CycleTableInputs): CycleTable {
  const { info, log, voltage, current, alignment } = inputs;
  if (!log || !voltage)
    return { ok: false, reason: 'Drop a log with a bias channel to fill the per-cycle table.' };
  const series = areaSeries(info, inputs.results, inputs.review);
  if (series.time.unit !== 's') return { ok: false, reason: `${NO_FRAME_TIMES} No per-cycle table.` };
  // The table works on the log clock, where the current was integrated in real seconds.
  const logTimeS: number[] = [];
  const area: number[] = [];
  for (const p of series.points) {
    logTimeS.push(toLogTime(movieTime(series.time.values[p.frame]), alignment));
    area.push(p.area ?? Number.NaN);
  }
  const phases = detectPhases(log.timeS, voltage.values, { restBelowV: inputs.restBelowV });
  const rows = buildCycleTable(
    groupCycles(phases),
    { logTimeS, area },
    { timeS: log.timeS, currentA: current?.values },
  );
  return { ok: true, rows, areaUnit: series.unit };
}
