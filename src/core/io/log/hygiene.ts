/**
 * What a log's rows can't be trusted for, handled once in the reader so every consumer can rely
 * on it: every time is finite and never goes backwards, every value is finite or NaN (a missing
 * reading). What was left out or changed is returned as warnings, which the workbench shows
 * beside the log's summary and the CLI prints.
 */

import type { LogChannel } from '../types.ts';
import { MAX_LOG_LINE_CHARS, type RawTable } from './table.ts';

/** "4, 5, 7" — the first ten line numbers, then "…". */
export function lineList(lines: readonly number[]): string {
  const shown = lines.slice(0, 10).join(', ');
  return lines.length > 10 ? `${shown}, …` : shown;
}

const rows = (n: number) => `${n} row${n > 1 ? 's' : ''}`;
const lineWord = (n: number) => `line${n > 1 ? 's' : ''}`;

/** Lines the table reader skipped: too long to be a row, or not a row of this table. */
export function rowWarnings(table: RawTable): string[] {
  const warnings: string[] = [];
  const { overlong, skipped } = table;
  if (overlong.length > 0) {
    warnings.push(
      `skipped ${overlong.length} ${lineWord(overlong.length)} longer than ${MAX_LOG_LINE_CHARS} characters (${lineWord(overlong.length)} ${lineList(overlong)})`,
    );
  }
  if (skipped.length > 0) {
    const plural = skipped.length > 1 ? 's' : '';
    warnings.push(
      `skipped ${skipped.length} malformed row${plural} (${lineWord(skipped.length)} ${lineList(skipped)})`,
    );
  }
  return warnings;
}

/**
 * Infinite values ("inf", "1e999", an overflowed logger) become NaN, like "NaN" or an empty cell;
 * a row whose time is missing or infinite is left out (it can't be placed on any axis), and so
 * is a row whose time goes back before an earlier row's (a clock reset or a pasted block: its
 * place on the axis is unknown). `rowLines`: the file line of each row, for the warnings.
 */
export function keepMeasurements(
  timeS: Float64Array,
  channels: LogChannel[],
  rowLines: readonly number[],
  warnings: string[],
): { timeS: Float64Array; channels: LogChannel[] } {
  for (const channel of channels) {
    const lines: number[] = [];
    for (let i = 0; i < channel.values.length; i++) {
      if (channel.values[i] === Number.POSITIVE_INFINITY || channel.values[i] === Number.NEGATIVE_INFINITY) {
        channel.values[i] = Number.NaN;
        lines.push(rowLines[i]);
      }
    }
    if (lines.length > 0) {
      warnings.push(
        `column "${channel.column}": ${lines.length} infinite value${lines.length > 1 ? 's' : ''} read as missing (${lineWord(lines.length)} ${lineList(lines)})`,
      );
    }
  }
  const noTime: number[] = [];
  const backwards: number[] = [];
  let latest = Number.NEGATIVE_INFINITY;
  const keep = new Uint8Array(timeS.length);
  let kept = 0;
  for (let i = 0; i < timeS.length; i++) {
    if (!Number.isFinite(timeS[i])) noTime.push(rowLines[i]);
    else if (timeS[i] < latest) backwards.push(rowLines[i]);
    else {
      latest = timeS[i];
      keep[i] = 1;
      kept++;
    }
  }
  if (noTime.length > 0) {
    warnings.push(
      `left out ${rows(noTime.length)} without a finite time (${lineWord(noTime.length)} ${lineList(noTime)})`,
    );
  }
  if (backwards.length > 0) {
    warnings.push(
      `left out ${rows(backwards.length)} whose time goes back before an earlier row's (${lineWord(backwards.length)} ${lineList(backwards)})`,
    );
  }
  if (kept === timeS.length) return { timeS, channels };
  const pick = (values: Float64Array) => {
    const out = new Float64Array(kept);
    for (let i = 0, j = 0; i < values.length; i++) if (keep[i]) out[j++] = values[i];
    return out;
  };
  return { timeS: pick(timeS), channels: channels.map((c) => ({ ...c, values: pick(c.values) })) };
}
