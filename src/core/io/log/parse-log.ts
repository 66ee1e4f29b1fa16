/** Text → `LogSeries`: time axis in seconds from the first row, channels in SI units. */

import { FileFormatError } from '../errors.ts';
import type { LogChannel, LogSeries } from '../types.ts';
import {
  type ClockValue,
  clockSeconds,
  formatClock,
  parseClock,
  parseDate,
  parseNumberCell,
} from './cells.ts';
import { applyMapping, type ColumnGuess, detectColumns } from './guess.ts';
import { keepMeasurements, rowWarnings } from './hygiene.ts';
import { type ColumnMapping, type Delimiter, parseColumnMapping } from './mapping.ts';
import { type PreparedLog, prepareLog } from './prepare.ts';
import { parseUnit, toSi } from './units.ts';

export interface LogInspection {
  delimiter: Delimiter;
  decimalComma: boolean;
  hasHeader: boolean;
  rowCount: number;
  /** Every column in file order, with its role after the mapping (if any) is applied. */
  columns: ColumnGuess[];
  notes: string[];
}

function inspect(text: string, fileName: string, mapping: unknown) {
  const checked = mapping === undefined ? undefined : parseColumnMapping(mapping);
  const log = prepareLog(text, fileName, checked);
  const notes = [...log.notes];
  const columns = applyMapping(log, detectColumns(log), checked, notes);
  return { log, columns, notes };
}

/** Detects layout and column roles, for the UI to show and let the user re-map. */
export function inspectLog(text: string, fileName: string, mapping?: ColumnMapping): LogInspection {
  const { log, columns, notes } = inspect(text, fileName, mapping);
  const { delimiter, decimalComma, header } = log.table;
  return {
    delimiter,
    decimalComma,
    hasHeader: header !== undefined,
    rowCount: log.rows.length,
    columns,
    notes,
  };
}

/** Each column with its detected (or, given a mapping, chosen) role, unit and channel group. */
export function guessColumns(text: string, fileName: string, mapping?: ColumnMapping): ColumnGuess[] {
  return inspectLog(text, fileName, mapping).columns;
}

/** A complete mapping of the detected roles: the starting point of a mapping dialog. */
export function mappingFromGuesses(columns: readonly ColumnGuess[]): ColumnMapping {
  const out: ColumnMapping = { columns: {} };
  for (const c of columns) {
    out.columns[c.name] = {
      role: c.role,
      ...(c.unit === undefined ? {} : { unit: c.unit }),
      group: c.group ?? '',
    };
  }
  return out;
}

/** Start date/time from notes: "Date (yyyy.mm.dd) = 2014.10.08" with "Time (hh:mm:ss.ms) = 16:26:51.738", or one date-time. */
function clockFromNotes(notes: readonly string[]): ClockValue | undefined {
  let day: number | undefined;
  let seconds: number | undefined;
  for (const note of notes) {
    const m = /^([^=]*?)\s*[=:]\s+(.+)$/.exec(note) ?? /^([^=]*?)\s*=\s*(.+)$/.exec(note);
    if (!m) continue;
    const key = m[1].toLowerCase();
    const clock = parseClock(m[2]);
    if (clock?.day !== undefined && /date|time|start|clock/.test(key)) return clock;
    if (clock && seconds === undefined && /time|start|clock/.test(key)) seconds = clock.seconds;
    const date = parseDate(m[2]);
    if (date !== undefined && day === undefined && /date|start/.test(key)) day = date;
  }
  return seconds === undefined ? undefined : { day, seconds };
}

interface TimeAxis {
  timeS: Float64Array;
  startClock?: string;
}

function clockAxis(log: PreparedLog, column: number, dateColumn: number): TimeAxis {
  const values = log.rows.map((row) => {
    const clock = parseClock(row[column]);
    if (clock && clock.day === undefined && dateColumn >= 0) clock.day = parseDate(row[dateColumn]);
    return clock;
  });
  const { seconds, start } = clockSeconds(values);
  // "00:00:00" without a date is an elapsed-time counter, not a wall clock.
  const isWallClock = start !== undefined && (start.day !== undefined || start.seconds > 0);
  return { timeS: seconds, startClock: isWallClock ? formatClock(start.day, start.seconds) : undefined };
}

function timeAxis(log: PreparedLog, columns: readonly ColumnGuess[], notes: string[]): TimeAxis {
  const time = columns.find((c) => c.role === 'time');
  const dateColumn = log.kinds.indexOf('date');
  if (!time) {
    notes.push('no time column: the time axis is the row number (0, 1, 2, …), not seconds');
    return { timeS: Float64Array.from(log.rows, (_, i) => i) };
  }
  if (time.kind === 'clock' || time.unit === 'clock') return clockAxis(log, time.index, dateColumn);
  const unit = parseUnit(time.unit);
  if (time.unit !== undefined && unit?.quantity !== 'time') {
    notes.push(`time unit "${time.unit}" not recognised: seconds assumed`);
  }
  const timeUnit = unit?.quantity === 'time' ? unit : undefined;
  const raw = log.rows.map((row) => parseNumberCell(row[time.index], log.table.decimalComma) ?? Number.NaN);
  // Subtract in the file's unit, then convert: (350 − 100) ms is exactly 0.25 s.
  const rawOrigin = raw.find(Number.isFinite) ?? 0;
  const timeS = Float64Array.from(raw, (v) => toSi(v - rawOrigin, timeUnit));
  const origin = toSi(rawOrigin, timeUnit);
  // The wall clock of the first row: a clock column beside the numeric time, else the notes.
  const clockColumn = log.kinds.indexOf('clock');
  if (clockColumn >= 0) return { timeS, startClock: clockAxis(log, clockColumn, dateColumn).startClock };
  const start = clockFromNotes(log.notes);
  return { timeS, startClock: start ? formatClock(start.day, start.seconds + origin) : undefined };
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'value'
  );
}

function channels(log: PreparedLog, columns: readonly ColumnGuess[], notes: string[]): LogChannel[] {
  const out: LogChannel[] = [];
  const ids = new Set<string>();
  for (const c of columns) {
    if (c.role === 'time' || c.role === 'ignore') continue;
    const quantity = c.role;
    let unit = quantity === 'other' ? undefined : parseUnit(c.unit);
    if (unit && unit.quantity !== quantity) unit = undefined;
    if (quantity !== 'other' && c.unit !== undefined && !unit) {
      notes.push(
        `unit "${c.unit}" of column "${c.name}" is not a ${quantity} unit: values read as ${c.siUnit}`,
      );
    }
    const values = Float64Array.from(log.rows, (row) =>
      toSi(parseNumberCell(row[c.index], log.table.decimalComma) ?? Number.NaN, unit),
    );
    const stem = quantity === 'other' ? slug(log.parsed[c.index].base || c.name) : quantity;
    const base = c.group ? `${c.group}.${stem}` : stem;
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}.${n}`;
    ids.add(id);
    const channel: LogChannel = { id, column: c.name, quantity, unit: c.siUnit, values };
    if (c.group) channel.group = c.group;
    out.push(channel);
  }
  return out;
}

/** Remarks of text columns on data rows ("line 57: step 2"), kept as notes; a few hundred at most. */
function rowRemarks(log: PreparedLog, columns: readonly ColumnGuess[], notes: string[]): void {
  const textColumns = columns.filter((c) => c.role === 'ignore' && c.kind === 'text').map((c) => c.index);
  let count = 0;
  for (let r = 0; r < log.rows.length; r++) {
    for (const c of textColumns) {
      const cell = log.rows[r][c];
      if (cell === '') continue;
      if (count++ < 200) notes.push(`line ${log.rowLines[r]}: ${cell}`);
    }
  }
  if (count > 200) notes.push(`… ${count - 200} more row remarks`);
}

/** A log read once: its series, and each column with its role (what the mapping dialog shows). */
export interface ReadLog {
  series: LogSeries;
  columns: ColumnGuess[];
}

/**
 * Reads a bias/current log. Throws `FileFormatError` ('empty', 'no-columns') naming the file,
 * and `ColumnMappingError` when `mapping` does not have the documented shape.
 */
export function parseLog(text: string, fileName: string, mapping?: ColumnMapping): LogSeries {
  return readLog(text, fileName, mapping).series;
}

/** `parseLog` with the columns `guessColumns` would give, from one reading of the table. */
export function readLog(text: string, fileName: string, mapping?: ColumnMapping): ReadLog {
  const { log, columns, notes } = inspect(text, fileName, mapping);
  const axis = timeAxis(log, columns, notes);
  const warnings = rowWarnings(log.table);
  const { timeS, channels: kept } = keepMeasurements(
    axis.timeS,
    channels(log, columns, notes),
    log.rowLines,
    warnings,
  );
  if (timeS.length === 0) {
    throw new FileFormatError(fileName, 'no-columns', 'no row has a finite time: nothing to plot');
  }
  const series: LogSeries = {
    name: fileName,
    timeS,
    channels: kept,
    columns: [...log.names],
    notes,
    warnings,
  };
  if (axis.startClock) series.startClock = axis.startClock;
  rowRemarks(log, columns, notes);
  return { series, columns };
}
