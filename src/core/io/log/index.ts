/**
 * Bias/current logs of biasing holders: the Protochips electrical CSV and generic CSV, TSV and
 * whitespace-separated text. The rules, in short (details beside each function):
 * - delimiter: tab, ';', ',' or runs of blanks, whichever splits most lines into one width of
 *   numeric cells; "0,25" is 0.25 unless the file is comma-separated (then only when quoted
 *   and no cell uses a decimal point);
 * - comment lines (#, %, //) anywhere and "key = value" / "key: value" lines before the table
 *   are notes; units ("Current units = Amps") and the start clock are read from them;
 *   leading rows whose text column holds "key = value" (Protochips) are metadata, not data;
 * - header: the row of names above the first data row (a units-only row below it is joined);
 *   without one, columns are "column 1", ... and the first non-decreasing numeric column (or
 *   the first clock column) is time in s, the next two are voltage and current;
 * - time: seconds from the first row; clock times ("16:26:51.738", dates in Y-M-D, D.M.Y,
 *   M/D/Y, AM/PM, ISO with a zone, which is dropped) give `startClock` as written; no time
 *   column: time is the row number, and a note says so;
 * - values in SI (V, A, Ω, s, °C); NaN and empty cells are NaN; short rows are skipped and
 *   listed in the notes.
 */

export type { CellKind, ClockValue } from './cells.ts';
export { classifyCell, formatClock, parseClock, parseNumberCell } from './cells.ts';
export type { ParsedName } from './columns.ts';
export { parseColumnName } from './columns.ts';
export { MAX_LOG_BYTES, readLogText, sniffText, textLogFormat } from './format.ts';
export type { ColumnGuess } from './guess.ts';
export type { ColumnChoice, ColumnMapping, ColumnRole, Delimiter } from './mapping.ts';
export {
  COLUMN_ROLES,
  ColumnMappingError,
  columnMappingSchema,
  DELIMITERS,
  parseColumnMapping,
} from './mapping.ts';
export type { LogInspection, ReadLog } from './parse-log.ts';
export { guessColumns, inspectLog, mappingFromGuesses, parseLog, readLog } from './parse-log.ts';
export type { ColumnKind } from './prepare.ts';
export type { Quantity, UnitInfo } from './units.ts';
export { parseUnit } from './units.ts';
