/** Reading single cells: numbers (with decimal point or comma), missing values, clock times, dates. */

export type CellKind = 'empty' | 'nan' | 'number' | 'clock' | 'date' | 'text';

/** A wall-clock reading. `day` (days since 1970-01-01) only when the cell carries a date. */
export interface ClockValue {
  day?: number;
  /** Seconds since midnight. */
  seconds: number;
}

// One decimal separator at most, so "1,234,567" and "2014.10.08" are not numbers.
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const COMMA_NUMBER = /^[+-]?\d*,\d+(?:[eE][+-]?\d+)?$/;
// Case variants listed, not matched case-insensitively: "nA" is a nanoampere, not "NA".
const MISSING = /^(?:[+-]?(?:nan|NaN|NAN)(?:\(\w*\))?|n\/a|N\/A|#N\/A|NA|na|null|NULL|None|none|-+|—)$/;
const INFINITE = /^([+-]?)(?:inf|infinity|∞)$/i;

/**
 * Parses a numeric cell. Returns NaN for an empty or explicitly missing cell ("NaN", "N/A",
 * "-") and `undefined` for text. A comma is read as the decimal separator ("0,25") when
 * `decimalComma` holds; in a comma-delimited file such a cell can only arrive quoted.
 */
export function parseNumberCell(cell: string, decimalComma = true): number | undefined {
  const s = cell.trim();
  if (s === '' || MISSING.test(s)) return Number.NaN;
  if (NUMBER.test(s)) return Number.parseFloat(s);
  if (decimalComma && COMMA_NUMBER.test(s)) return Number.parseFloat(s.replace(',', '.'));
  const inf = INFINITE.exec(s);
  if (inf) return inf[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return undefined;
}

const DATE_PART = String.raw`(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|(\d{1,2})([-/.])(\d{1,2})[-/.](\d{4})`;
const TIME_PART = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:\s*([AaPp])\.?[Mm]\.?)?`;
// A trailing zone designator is accepted and dropped: logs are read as local clock time as written.
const ZONE = String.raw`(?:\s*(?:Z|[+-]\d{2}(?::?\d{2})?))?`;
const DATE_ONLY = new RegExp(`^(?:${DATE_PART})$`);
const TIME_ONLY = new RegExp(`^${TIME_PART}${ZONE}$`);
const DATE_TIME = new RegExp(`^(?:${DATE_PART})(?:T|\\s+|T\\s*)${TIME_PART}${ZONE}$`);

/** Days since 1970-01-01 for a date written Y-M-D, D.M.Y, or M/D/Y (D/M/Y when the first part exceeds 12). */
function dayNumber(m: RegExpExecArray, at: number): number | undefined {
  let year: number;
  let month: number;
  let day: number;
  if (m[at] !== undefined) {
    year = Number(m[at]);
    month = Number(m[at + 1]);
    day = Number(m[at + 2]);
  } else {
    const a = Number(m[at + 3]);
    const b = Number(m[at + 5]);
    year = Number(m[at + 6]);
    // "08.10.2014" and "08-10-2014" are European; "10/08/2014" is US unless its first part can't be a month.
    const dayFirst = m[at + 4] !== '/' || a > 12;
    day = dayFirst ? a : b;
    month = dayFirst ? b : a;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

function secondsOfDay(m: RegExpExecArray, at: number): number | undefined {
  let hours = Number(m[at]);
  const minutes = Number(m[at + 1]);
  const seconds = m[at + 2] === undefined ? 0 : Number(m[at + 2]);
  const fraction = m[at + 3] === undefined ? 0 : Number(`0.${m[at + 3]}`);
  const half = m[at + 4]?.toLowerCase();
  if (half) {
    if (hours < 1 || hours > 12) return undefined;
    hours = (hours % 12) + (half === 'p' ? 12 : 0);
  }
  if (hours > 23 || minutes > 59 || seconds > 60) return undefined;
  return hours * 3600 + minutes * 60 + seconds + fraction;
}

/** Parses "16:26:51.738", "4:26:51 PM", "2014-10-08 16:26:51.738", "2014-10-08T16:26:51Z", "10/08/2014 4:26:51 PM". */
export function parseClock(cell: string): ClockValue | undefined {
  const s = cell.trim();
  const t = TIME_ONLY.exec(s);
  if (t) {
    const seconds = secondsOfDay(t, 1);
    return seconds === undefined ? undefined : { seconds };
  }
  const dt = DATE_TIME.exec(s);
  if (!dt) return undefined;
  const day = dayNumber(dt, 1);
  const seconds = secondsOfDay(dt, 8);
  return day === undefined || seconds === undefined ? undefined : { day, seconds };
}

/** Days since 1970-01-01 for a date-only cell ("2014-10-08", "2014.10.08", "10/08/2014"). */
export function parseDate(cell: string): number | undefined {
  const m = DATE_ONLY.exec(cell.trim());
  return m ? dayNumber(m, 1) : undefined;
}

export function classifyCell(cell: string, decimalComma = true): CellKind {
  const s = cell.trim();
  if (s === '') return 'empty';
  const n = parseNumberCell(s, decimalComma);
  if (n !== undefined) return Number.isNaN(n) ? 'nan' : 'number';
  if (parseClock(s)) return 'clock';
  if (parseDate(s) !== undefined) return 'date';
  return 'text';
}

/** The largest time a JavaScript Date holds, in ms from 1970 (ECMA-262: 10⁸ days). */
const MAX_DATE_MS = 8.64e15;

/**
 * ISO 8601 local time without a zone, e.g. "2014-10-08T16:26:51.738" (milliseconds only when
 * non-zero). Without a date, the time of day alone ("16:26:51.738"). Undefined when the time lies
 * outside what a date can hold.
 */
export function formatClock(day: number | undefined, seconds: number): string | undefined {
  const ms = Math.round(((day ?? 0) * 86_400 + seconds) * 1000);
  // Past ±10⁸ days from 1970 a Date is invalid: such a "clock" is damage, not a time of day.
  if (!(Math.abs(ms) <= MAX_DATE_MS)) return undefined;
  const iso = new Date(day === undefined ? ((ms % 86_400_000) + 86_400_000) % 86_400_000 : ms).toISOString();
  const trimmed = iso.replace(/Z$/, '').replace(/\.000$/, '');
  return day === undefined ? trimmed.slice(11) : trimmed;
}

/**
 * Seconds since the first reading for a column of clock values. Rows without a date take the
 * previous row's date; date-less clocks that jump back by more than 12 h crossed midnight.
 */
export function clockSeconds(values: readonly (ClockValue | undefined)[]): {
  seconds: Float64Array;
  start?: ClockValue;
} {
  const out = new Float64Array(values.length).fill(Number.NaN);
  let start: ClockValue | undefined;
  let day = 0;
  let previous: number | undefined;
  let origin = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!v) continue;
    if (v.day !== undefined) day = v.day;
    else if (previous !== undefined && v.seconds < previous - 43_200 - day * 86_400) day += 1;
    const absolute = (v.day ?? day) * 86_400 + v.seconds;
    if (start === undefined) {
      start = v;
      origin = absolute;
    }
    out[i] = absolute - origin;
    previous = absolute;
  }
  return { seconds: out, start };
}
