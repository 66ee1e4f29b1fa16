/**
 * The user's say over how a log is read. Plain JSON on purpose: it lives in the store and in
 * session links, so it is validated with zod whenever it comes back from outside.
 */

import { z } from 'zod';

export const COLUMN_ROLES = [
  'time',
  'voltage',
  'current',
  'resistance',
  'temperature',
  'other',
  'ignore',
] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

export const DELIMITERS = [',', ';', '\t', 'whitespace'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

const columnChoiceSchema = z.object({
  role: z.enum(COLUMN_ROLES),
  /** Unit as the user or the file writes it ("mV", "ms", "Amps"); omitted: the detected one. */
  unit: z.string().max(40).optional(),
  /** Holder channel ("A", "B"); omitted: the detected one; "" removes it. */
  group: z.string().max(20).optional(),
});

export const columnMappingSchema = z.object({
  /** Keyed by column name as `guessColumns` reports it. Columns not listed keep their guess. */
  columns: z.record(z.string().max(500), columnChoiceSchema),
  /** Overrides for the table layout; omitted: detected. */
  delimiter: z.enum(DELIMITERS).optional(),
  header: z.boolean().optional(),
  decimalComma: z.boolean().optional(),
});

export type ColumnChoice = z.infer<typeof columnChoiceSchema>;
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

/** Thrown when a mapping from a session link or a store does not have the expected shape. */
export class ColumnMappingError extends Error {
  override readonly name = 'ColumnMappingError';
}

/** Validates an untrusted mapping (session link, stored session). */
export function parseColumnMapping(input: unknown): ColumnMapping {
  const result = columnMappingSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new ColumnMappingError(`invalid column mapping${where}: ${issue?.message ?? 'unknown problem'}`);
  }
  return result.data;
}
