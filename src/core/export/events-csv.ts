import type { LogChannel, LogSeries } from '../io/types.ts';
import { type Alignment, logTime, toMovieTime } from '../series/alignment.ts';
import { findBiasSteps, findContactLoss } from '../series/events.ts';

const num = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(9))) : '');

/**
 * The log's events as a table: `kind,start_s,end_s,evidence`, times on the MOVIE clock (through
 * `alignment`), `kind` is `bias-step` (start = end, the first sample at the new bias) or
 * `contact-loss` (see `findContactLoss`). `evidence` is `key=value` pairs separated by `;`, in SI
 * units, so the table can be read back without a quoting rule.
 */
export function eventsToCsv(
  log: LogSeries,
  voltage: LogChannel | undefined,
  current: LogChannel | undefined,
  alignment: Alignment,
): string {
  const movie = (t: number) => num(toMovieTime(logTime(t), alignment));
  const rows: { start: number; line: string }[] = [];
  if (voltage) {
    for (const step of findBiasSteps(log.timeS, voltage.values)) {
      rows.push({
        start: step.timeS,
        line: `bias-step,${movie(step.timeS)},${movie(step.timeS)},from_V=${num(step.fromV)}; to_V=${num(step.toV)}`,
      });
    }
    if (current) {
      for (const loss of findContactLoss(log.timeS, voltage.values, current.values)) {
        const evidence = [
          `bias_V=${num(loss.meanV)}`,
          `current_before_A=${num(loss.currentBeforeA)}`,
          `current_during_A=${num(loss.currentDuringA)}`,
          `noise_floor_A=${num(loss.noiseFloorA)}`,
        ].join('; ');
        rows.push({
          start: loss.startS,
          line: `contact-loss,${movie(loss.startS)},${movie(loss.endS)},${evidence}`,
        });
      }
    }
  }
  rows.sort((a, b) => a.start - b.start);
  return `${['kind,start_s,end_s,evidence', ...rows.map((r) => r.line)].join('\n')}\n`;
}
