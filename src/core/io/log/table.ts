/** Finding the table in a text log: delimiter, header row, data rows, and the lines around them. */

import { FileFormatError } from '../errors.ts';
import { classifyCell } from './cells.ts';
import type { Delimiter } from './mapping.ts';
import { splitDelimited } from './papa.ts';
import { parseUnit } from './units.ts';

export interface RawTable {
  delimiter: Delimiter;
  /** Whether "0,25" reads as 0.25. */
  decimalComma: boolean;
  /** Header cells, `width` of them; undefined when the file has no header row. */
  header?: string[];
  /** Data rows, each exactly `width` trimmed cells. */
  rows: string[][];
  /** 1-based line number of each data row. */
  rowLines: number[];
  width: number;
  /** Comment lines (marker removed) and lines before the table, in file order. */
  notes: string[];
  /** Line numbers of rows skipped for having too few (or too many) cells or no value at all. */
  skipped: number[];
  /** Line numbers of lines longer than `MAX_LOG_LINE_CHARS`, skipped unread. */
  overlong: number[];
}

export interface TableOptions {
  delimiter?: Delimiter;
  header?: boolean;
  decimalComma?: boolean;
}

/** A comment or preamble line kept as a note. */
interface Line {
  line: number;
  text: string;
}

/**
 * The lines that may hold the table (neither blank nor comments) as offsets into the file's
 * text, which the caller holds anyway: a million-row log then costs three numbers a line here,
 * not a string and an object.
 */
class BodyLines {
  count = 0;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly lines: Int32Array;
  constructor(
    private readonly source: string,
    capacity: number,
  ) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.lines = new Int32Array(capacity);
  }
  push(start: number, end: number, line: number): void {
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.lines[this.count++] = line;
  }
  text(i: number): string {
    return this.source.slice(this.starts[i], this.ends[i]);
  }
  /** 1-based line number in the file. */
  line(i: number): number {
    return this.lines[i];
  }
}

const COMMENT = /^(?:#|%|\/\/)\s?/;
// "key = value" and "key: value" lines before the table; a colon must be followed by a space
// so clock times ("16:26:51") and clock formats in headers ("Time (hh:mm:ss)") are not read as keys.
const KEY_VALUE = /^[A-Za-zµ°][^=,;\t]*=|^[A-Za-z][\w .\-/]*:(?:\s|$)/;
const NUMERICISH = new Set(['number', 'nan', 'clock', 'date']);
const SAMPLE_LINES = 1000;
/**
 * A holder log's row is a few hundred characters; a line this long is damage (or not a log), and
 * splitting it would make a column of every cell. Such lines are skipped unread.
 */
export const MAX_LOG_LINE_CHARS = 64 * 1024;
/**
 * The most rows a log may have: what a session file carries (≈ 3 h at 100 Hz), and what the
 * reader holds as text cells in a few hundred MB. A longer log is refused before it is split.
 */
export const MAX_LOG_ROWS = 2_000_000;
/** More columns than any logger writes: the table is refused rather than read as that many channels. */
export const MAX_LOG_COLUMNS = 512;

/**
 * Whitespace-separated lines: papaparse needs one delimiter character, so runs of blanks
 * outside quotes become one tab. A date and its time ("2014-10-08 16:26:51", "4:26:51 PM")
 * are one value, so the blanks inside them are closed up first.
 */
function normaliseWhitespace(text: string): string {
  return text
    .trim()
    .replace(/(\d[-/.]\d{1,2}[-/.]\d{1,4})\s+(\d{1,2}:\d{2})/g, '$1T$2')
    .replace(/(\d:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s+([AaPp]\.?[Mm]\.?)(?=\s|$)/g, '$1$2')
    .replace(/("[^"]*")|\s+/g, (_m, quoted: string | undefined) => quoted ?? '\t');
}

/**
 * One line's cells, trimmed. A line without quotes is split on the delimiter directly; papaparse
 * reads the quoted ones (escaped quotes, delimiters inside quotes). Lines are read one by one, so
 * a quote left open can't swallow the rest of the file, and a long log never exists as one big
 * array of rows waiting to be split.
 */
function splitLine(text: string, delimiter: Delimiter): string[] {
  const line = delimiter === 'whitespace' ? normaliseWhitespace(text) : text;
  const char = delimiter === 'whitespace' ? '\t' : delimiter;
  const cells = line.includes('"') ? (splitDelimited(line, char)[0] ?? ['']) : line.split(char);
  for (let c = 0; c < cells.length; c++) cells[c] = cells[c].trim();
  return cells;
}

function countKinds(row: readonly string[], decimalComma: boolean): { numeric: number; text: number } {
  let numeric = 0;
  let text = 0;
  for (const cell of row) {
    const kind = classifyCell(cell, decimalComma);
    if (NUMERICISH.has(kind)) numeric++;
    else if (kind === 'text') text++;
  }
  return { numeric, text };
}

function isDataRow(row: readonly string[], decimalComma: boolean): boolean {
  const { numeric, text } = countKinds(row, decimalComma);
  return numeric > 0 && numeric >= text;
}

function modalWidth(rows: readonly string[][]): { width: number; support: number } {
  const counts = new Map<number, number>();
  for (const row of rows) if (row.length >= 2) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
  let width = 0;
  let support = 0;
  for (const [w, n] of counts) if (n > support || (n === support && w > width)) [width, support] = [w, n];
  return { width, support };
}

/**
 * Picks the delimiter whose split gives the most lines of one width, weighted by how numeric
 * their cells are: "0,25;1,5" splits consistently on ',' too, but into cells that are no numbers.
 * Ties go to tab, then ';', then ',', then blanks.
 */
function detectDelimiter(body: BodyLines): Delimiter | undefined {
  const n = body.count;
  const picked =
    n > 2 * SAMPLE_LINES
      ? [
          ...Array.from({ length: SAMPLE_LINES }, (_, i) => i),
          ...Array.from({ length: SAMPLE_LINES }, (_, i) => n - SAMPLE_LINES + i),
        ]
      : Array.from({ length: n }, (_, i) => i);
  const sample = picked.map((i) => body.text(i)).filter((text) => !KEY_VALUE.test(text));
  let best: Delimiter | undefined;
  let bestScore = 0;
  for (const delimiter of ['\t', ';', ',', 'whitespace'] as const) {
    const rows = sample.map((text) => splitLine(text, delimiter));
    const { width, support } = modalWidth(rows);
    if (width < 2) continue;
    let numeric = 0;
    let cells = 0;
    for (const row of rows) {
      if (row.length !== width) continue;
      const kinds = countKinds(row, delimiter !== ',');
      numeric += kinds.numeric;
      cells += kinds.numeric + kinds.text;
    }
    const score = (support / sample.length) * (cells === 0 ? 0 : numeric / cells);
    if (score > bestScore + 1e-9) [best, bestScore] = [delimiter, score];
  }
  return best;
}

/**
 * Header cells for a whitespace-separated file, whose names may contain blanks: try columns
 * separated by tabs or 2+ blanks, then single blanks, then names closed by a bracketed unit
 * ("Elapsed Time [ms]  Voltage (V)").
 */
function whitespaceHeader(text: string, width: number): string[] | undefined {
  const wide = text.trim().split(/\t|\s{2,}/);
  if (wide.length === width) return wide;
  const tokens = text.trim().split(/\s+/);
  if (tokens.length === width) return tokens;
  const names: string[] = [];
  let current: string[] = [];
  for (const token of tokens) {
    current.push(token);
    if (/^[[(].*[\])]$/.test(token)) {
      names.push(current.join(' '));
      current = [];
    }
  }
  if (current.length > 0) names.push(current.join(' '));
  return names.length === width ? names : undefined;
}

/**
 * In a comma-delimited file a decimal comma can only arrive quoted ("0,25"); read it so when
 * such cells exist and no cell uses a decimal point, never when the two are mixed.
 */
function quotedDecimalCommas(rows: readonly string[][]): boolean {
  let commas = 0;
  for (const row of rows) {
    for (const cell of row) {
      if (/^[+-]?\d*\.\d+(?:[eE][+-]?\d+)?$/.test(cell)) return false;
      if (/^[+-]?\d*,\d+(?:[eE][+-]?\d+)?$/.test(cell)) commas++;
    }
  }
  return commas > 0;
}

/** A row of names (no value at all) that fits the table's width, and no "key = value" line. */
function isHeaderRow(row: readonly string[], text: string, delimiter: Delimiter, width: number): boolean {
  if (KEY_VALUE.test(text.trim()) || countKinds(row, delimiter !== ',').numeric > 0) return false;
  if (delimiter === 'whitespace') return whitespaceHeader(text, width) !== undefined;
  return row.length === width || (row.length > width && row.slice(width).every((cell) => cell === ''));
}

function headerCells(
  rows: readonly string[][],
  body: BodyLines,
  i: number,
  delimiter: Delimiter,
  width: number,
) {
  const cells = delimiter === 'whitespace' ? whitespaceHeader(body.text(i), width) : rows[i].slice(0, width);
  if (cells) while (cells.length < width) cells.push('');
  return cells;
}

/** A second header row of units only: "s, mV, nA" or "[s], [mV], [nA]". */
function isUnitsRow(cells: readonly string[]): boolean {
  const units = cells.filter((cell) => cell !== '').map((cell) => cell.replace(/^[[(](.*)[\])]$/, '$1'));
  return units.length > 0 && units.every((unit) => parseUnit(unit) !== undefined);
}

/**
 * The header is the row of names just above the first data row; when that row holds units
 * only and another row of names sits above it, names and units are joined ("Bias (mV)").
 */
function findHeader(
  rows: readonly string[][],
  body: BodyLines,
  start: number,
  delimiter: Delimiter,
  width: number,
  forced: boolean | undefined,
): { header?: string[]; first: number; problem?: string } {
  const i = start - 1;
  if (i < 0 || !(forced ?? isHeaderRow(rows[i], body.text(i), delimiter, width))) return { first: start };
  const cells = headerCells(rows, body, i, delimiter, width);
  if (!cells)
    return { first: i, problem: `header line ${body.line(i)} does not match the ${width} columns: ignored` };
  if (i > 0 && isUnitsRow(cells) && isHeaderRow(rows[i - 1], body.text(i - 1), delimiter, width)) {
    const names = headerCells(rows, body, i - 1, delimiter, width);
    if (names && !isUnitsRow(names)) {
      const joined = names.map((name, c) =>
        cells[c] === '' ? name : `${name} (${cells[c].replace(/^[[(](.*)[\])]$/, '$1')})`,
      );
      return { header: joined, first: i - 1 };
    }
  }
  return { header: cells, first: i };
}

/**
 * Reads the table of a log. Returns undefined when no delimited numeric table is found; throws
 * `FileFormatError` naming `fileName` when the log has more lines than MAX_LOG_ROWS.
 */
export function readTable(text: string, fileName: string, options: TableOptions = {}): RawTable | undefined {
  const notes: Line[] = [];
  const overlong: number[] = [];
  const body = bodyLines(text, notes, overlong);
  if (body.count > MAX_LOG_ROWS) {
    throw new FileFormatError(
      fileName,
      'too-large',
      `${body.count.toLocaleString('en-US')} lines: more than the ${MAX_LOG_ROWS.toLocaleString('en-US')} rows a log may have (a session keeps at most that many samples); keep every second row, or split the log`,
    );
  }
  const delimiter = options.delimiter ?? detectDelimiter(body);
  if (!delimiter || body.count === 0) return undefined;
  const rows: string[][] = new Array(body.count);
  for (let i = 0; i < body.count; i++) rows[i] = splitLine(body.text(i), delimiter);
  const decimalComma = options.decimalComma ?? (delimiter !== ',' || quotedDecimalCommas(rows));
  const { width } = modalWidth(
    rows.filter((row, i) => !KEY_VALUE.test(body.text(i).trim()) || isDataRow(row, decimalComma)),
  );
  if (width < 2 || width > MAX_LOG_COLUMNS) return undefined;

  // The table starts at the first row of full width that reads as data; a row of text just
  // before it is the header; everything earlier is preamble.
  const start = rows.findIndex(
    (row, i) => row.length === width && isDataRow(row, decimalComma) && !KEY_VALUE.test(body.text(i).trim()),
  );
  if (start < 0) return undefined;
  const found = findHeader(rows, body, start, delimiter, width, options.header);
  const header = found.header;
  const preambleEnd = found.first;
  if (found.problem) notes.push({ line: body.line(start - 1), text: found.problem });
  for (let i = 0; i < preambleEnd; i++) notes.push({ line: body.line(i), text: body.text(i).trim() });

  const data: string[][] = [];
  const rowLines: number[] = [];
  const skipped: number[] = [];
  for (let i = start; i < rows.length; i++) {
    const row = rows[i];
    const extra = row.slice(width);
    const dataLike = isDataRow(row, decimalComma);
    // A "key = value" footer ("End time = ...") is a note, not a broken row.
    if (!dataLike && KEY_VALUE.test(body.text(i).trim())) {
      notes.push({ line: body.line(i), text: body.text(i).trim() });
      continue;
    }
    if (row.length < width || extra.some((cell) => cell !== '') || !dataLike) {
      skipped.push(body.line(i));
      continue;
    }
    data.push(row.length === width ? row : row.slice(0, width));
    rowLines.push(body.line(i));
  }
  // Comments and preamble in file order.
  notes.sort((a, b) => a.line - b.line);
  return {
    delimiter,
    decimalComma,
    header,
    rows: data,
    rowLines,
    width,
    notes: notes.map((n) => n.text),
    skipped,
    overlong,
  };
}

/**
 * The text's lines, split at "\r\n", "\r" or "\n" (a byte-order mark dropped): comments go to
 * `notes` (marker removed), lines longer than MAX_LOG_LINE_CHARS to `overlong` (unread), blank
 * lines nowhere, and every other line to the returned body.
 */
function bodyLines(text: string, notes: Line[], overlong: number[]): BodyLines {
  let breaks = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) breaks++;
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) breaks++;
  const body = new BodyLines(text, breaks + 1);
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let line = 1; start <= text.length; line++) {
    let end = start;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (c === 10 || c === 13) break;
      end++;
    }
    const next = text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
    if (end - start > MAX_LOG_LINE_CHARS) overlong.push(line);
    else {
      const trimmed = text.slice(start, end).trim();
      if (COMMENT.test(trimmed)) notes.push({ line, text: trimmed.replace(COMMENT, '').trim() });
      else if (trimmed !== '') body.push(start, end, line);
    }
    start = next;
  }
  return body;
}
