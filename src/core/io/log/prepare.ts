/** From text to a table with named, typed columns; metadata rows moved to the notes. */

import { FileFormatError } from '../errors.ts';
import { type CellKind, classifyCell } from './cells.ts';
import { type ParsedName, parseColumnName } from './columns.ts';
import type { ColumnMapping } from './mapping.ts';
import { type RawTable, readTable } from './table.ts';

export type ColumnKind = 'number' | 'clock' | 'date' | 'text' | 'empty';

export interface PreparedLog {
  table: RawTable;
  /** Unique column names: header cells, or "column 1", "column 2", ... */
  names: string[];
  parsed: ParsedName[];
  kinds: ColumnKind[];
  /** Data rows without the metadata rows. */
  rows: string[][];
  rowLines: number[];
  notes: string[];
}

const KEY_VALUE_CELL = /^[^=]*[A-Za-z][^=]*=|^[A-Za-z][^:]*:\s/;

function uniqueNames(header: readonly string[] | undefined, width: number): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < width; i++) {
    const base = header?.[i]?.trim() || `column ${i + 1}`;
    let name = base;
    for (let n = 2; seen.has(name); n++) name = `${base} (${n})`;
    seen.add(name);
    names.push(name);
  }
  return names;
}

function columnKind(rows: readonly string[][], column: number, decimalComma: boolean): ColumnKind {
  const counts: Record<CellKind, number> = { empty: 0, nan: 0, number: 0, clock: 0, date: 0, text: 0 };
  for (const row of rows) counts[classifyCell(row[column], decimalComma)]++;
  const filled = rows.length - counts.empty;
  if (filled === 0) return 'empty';
  if (counts.clock * 2 >= filled) return 'clock';
  if (counts.date * 2 >= filled) return 'date';
  // A column of nothing but "NaN" is still a numeric channel (Protochips' unused resistance).
  if ((counts.number + counts.nan) * 2 > filled) return 'number';
  return 'text';
}

/**
 * Leading rows that carry "key = value" in a text column are metadata written as rows (the
 * Protochips log puts date, start time and units in its Notes column this way): their text
 * goes to the notes and the rows leave the data.
 */
function leadingMetadataRows(rows: readonly string[][], textColumns: readonly number[]): number {
  let count = 0;
  while (count < rows.length && textColumns.some((c) => KEY_VALUE_CELL.test(rows[count][c]))) count++;
  return count;
}

/** Reads the table and names and types its columns. Throws `FileFormatError` naming the file. */
export function prepareLog(text: string, fileName: string, mapping?: ColumnMapping): PreparedLog {
  if (text.replace(/^\uFEFF/, '').trim() === '') {
    throw new FileFormatError(fileName, 'empty', 'the log is empty');
  }
  const table = readTable(text, fileName, {
    delimiter: mapping?.delimiter,
    header: mapping?.header,
    decimalComma: mapping?.decimalComma,
  });
  if (!table || table.rows.length === 0) {
    throw new FileFormatError(
      fileName,
      'no-columns',
      'no table of numbers found: expected rows of values separated by commas, semicolons, tabs or blanks',
    );
  }
  const names = uniqueNames(table.header, table.width);
  let kinds = names.map((_, c) => columnKind(table.rows, c, table.decimalComma));
  const textColumns = kinds.flatMap((kind, c) => (kind === 'text' ? [c] : []));
  const metadata = leadingMetadataRows(table.rows, textColumns);
  const notes = [...table.notes];
  for (let r = 0; r < metadata; r++) {
    for (const c of textColumns) if (table.rows[r][c] !== '') notes.push(table.rows[r][c]);
  }
  const rows = table.rows.slice(metadata);
  const rowLines = table.rowLines.slice(metadata);
  if (rows.length === 0) {
    throw new FileFormatError(fileName, 'no-columns', 'the table has a header and metadata but no data rows');
  }
  // Kinds again without the metadata rows, whose placeholder cells could otherwise tip a column.
  if (metadata > 0) kinds = names.map((_, c) => columnKind(rows, c, table.decimalComma));
  const parsed = names.map((_, c) => {
    const cell = table.header?.[c]?.trim();
    return cell ? parseColumnName(cell) : { base: '', clockHint: false };
  });
  return { table, names, parsed, kinds, rows, rowLines, notes };
}
