import type { LogSeries } from '../io/types.ts';
import { type Alignment, logTime, toMovieTime } from '../series/alignment.ts';

/**
 * The holder log on both clocks: `time_log_s` as recorded and `time_movie_s` after alignment
 * (frame 0 = 0 s), then every channel in SI units with the unit in its column name.
 */
export function logToAlignedCsv(log: LogSeries, alignment: Alignment): string {
  const names = log.channels.map((c) => `${c.id}_${c.unit}`.replace(/[\s,]+/g, '_'));
  const lines = [['time_log_s', 'time_movie_s', ...names].join(',')];
  for (let i = 0; i < log.timeS.length; i++) {
    const t = log.timeS[i];
    const row = [String(t), String(Number(toMovieTime(logTime(t), alignment).toFixed(6)))];
    for (const channel of log.channels) {
      const v = channel.values[i];
      row.push(Number.isFinite(v) ? String(v) : '');
    }
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}
