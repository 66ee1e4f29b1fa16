/** What each column is: detected from names, units, notes and values; then the user's mapping on top. */

import { parseNumberCell } from './cells.ts';
import { quantityFromName, unitsFromNotes } from './columns.ts';
import type { ColumnMapping, ColumnRole } from './mapping.ts';
import type { ColumnKind, PreparedLog } from './prepare.ts';
import { parseUnit, SI_UNIT } from './units.ts';

export interface ColumnGuess {
  index: number;
  /** The key of this column in `ColumnMapping.columns`. */
  name: string;
  kind: ColumnKind;
  role: ColumnRole;
  /** Unit as written (name, notes or user), "clock" for clock times; undefined: SI assumed. */
  unit?: string;
  /** Unit of the values after reading: s, V, A, Ω, °C, or the raw unit of an 'other' column. */
  siUnit: string;
  /** Holder channel, when the name says so. */
  group?: string;
  /** First few cells, for the mapping dialog. */
  samples: string[];
}

/** Row counters rise monotonically too, but they are not seconds. */
const COUNTER = /\b(?:index|idx|point|pt|no|nr|row|sample|step|count|n)\b|#/i;

const PHYSICAL = new Set<ColumnRole>(['time', 'voltage', 'current', 'resistance', 'temperature']);

function isMonotonic(rows: readonly string[][], column: number, decimalComma: boolean): boolean {
  let first: number | undefined;
  let previous = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    const v = parseNumberCell(row[column], decimalComma);
    if (v === undefined || !Number.isFinite(v)) continue;
    if (v < previous) return false;
    first ??= v;
    previous = v;
  }
  return first !== undefined && previous > first;
}

/** The unit a column of this role reads in: its own if it fits, else the notes', else none (SI). */
function defaultUnit(
  role: ColumnRole,
  kind: ColumnKind,
  own: string | undefined,
  fromNotes: Partial<Record<string, string>>,
): string | undefined {
  if (role === 'time' && kind === 'clock') return 'clock';
  if (!PHYSICAL.has(role)) return own;
  if (own !== undefined && parseUnit(own)?.quantity === role) return own;
  return fromNotes[role];
}

/**
 * Detected roles. With a header: by unit, then by name; a clock column is the time; "other"
 * for numbers nobody recognises. Without a header (or when no column is recognised as time):
 * the first clock column, else the first non-decreasing numeric column, is time (in seconds
 * unless the notes declare a time unit); without a header, the next two numeric columns are
 * voltage, then current, and further ones "other".
 */
export function detectColumns(log: PreparedLog): ColumnGuess[] {
  const fromNotes = unitsFromNotes(log.notes);
  const guesses: ColumnGuess[] = log.names.map((name, index) => {
    const parsed = log.parsed[index];
    const kind = log.kinds[index];
    let role: ColumnRole = 'ignore';
    if (kind === 'clock') role = 'time';
    else if (kind === 'number') {
      role = parseUnit(parsed.unit)?.quantity ?? quantityFromName(parsed.base) ?? 'other';
    }
    const samples = log.rows.slice(0, 3).map((row) => row[index]);
    return { index, name, kind, role, unit: parsed.unit, siUnit: '', group: parsed.group, samples };
  });
  const times = guesses.filter((g) => g.role === 'time');
  for (const extra of times.slice(1)) extra.role = 'ignore';
  if (times.length === 0) {
    const candidate = guesses.find(
      (g) =>
        g.role === 'other' &&
        !COUNTER.test(log.parsed[g.index].base) &&
        isMonotonic(log.rows, g.index, log.table.decimalComma),
    );
    if (candidate) candidate.role = 'time';
  }
  if (!log.table.header) {
    const order: ColumnRole[] = ['voltage', 'current'];
    for (const g of guesses) if (g.role === 'other' && order.length > 0) g.role = order.shift() as ColumnRole;
  }
  for (const g of guesses) {
    g.unit = defaultUnit(g.role, g.kind, g.unit, fromNotes);
    g.siUnit = siUnitOf(g);
  }
  return guesses;
}

function siUnitOf(g: ColumnGuess): string {
  if (g.role === 'ignore') return '';
  if (g.role === 'other') return g.unit ?? '';
  return SI_UNIT[g.role];
}

/** Applies the user's choices; columns the mapping does not name keep their detected role. */
export function applyMapping(
  log: PreparedLog,
  guesses: readonly ColumnGuess[],
  mapping: ColumnMapping | undefined,
  notes: string[],
): ColumnGuess[] {
  if (!mapping) return guesses.map((g) => ({ ...g }));
  const fromNotes = unitsFromNotes(log.notes);
  const known = new Set(guesses.map((g) => g.name));
  for (const name of Object.keys(mapping.columns)) {
    if (!known.has(name)) notes.push(`column mapping names "${name}", which the log does not have: ignored`);
  }
  const explicitTime = guesses.some((g) => mapping.columns[g.name]?.role === 'time');
  let haveTime = false;
  return guesses.map((detected) => {
    const choice = mapping.columns[detected.name];
    const g: ColumnGuess = { ...detected };
    if (choice) {
      if (choice.role !== g.role)
        g.unit = defaultUnit(choice.role, g.kind, log.parsed[g.index].unit, fromNotes);
      g.role = choice.role;
      if (choice.unit !== undefined) g.unit = choice.unit;
      if (choice.group !== undefined) g.group = choice.group === '' ? undefined : choice.group;
    } else if (explicitTime && g.role === 'time') {
      g.role = 'ignore';
    }
    if (g.role === 'time') {
      if (haveTime) {
        notes.push(`column "${g.name}" is a second time column: ignored`);
        g.role = 'ignore';
      }
      haveTime ||= g.role === 'time';
    }
    g.siUnit = siUnitOf(g);
    return g;
  });
}
