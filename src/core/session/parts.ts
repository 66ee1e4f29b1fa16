import { z } from 'zod';
import {
  defaultSegmentParams,
  type ResolvedSegmentParams,
  resolveParams,
  type SegmentParams,
} from '../analysis/params.ts';
import { MAX_LOG_ROWS } from '../io/log/table.ts';
import { FONT_SIZE_RANGE_PT } from '../series/figure-settings.ts';

/**
 * Validators of the parts every session carries (parameters, results, corrections, alignment,
 * figure settings, the chosen object), shared by the autosave (`src/state/session-schema.ts`),
 * session files and reviewer links (`document.ts`). Everything they read is untrusted.
 */

/**
 * The longest array a session holds besides its results and log (one entry per frame or log
 * sample): an outline or a brush stroke has a few thousand numbers (outlines are traced on the
 * ≤ 512 px working image).
 */
export const MAX_ARRAY_LENGTH = 100_000;
/** The most frames a session may describe (a 2000-file DM recording is the largest seen). */
export const MAX_FRAMES = 100_000;
/** The most log samples a session file carries: as many rows as a log may have. */
export const MAX_LOG_SAMPLES = MAX_LOG_ROWS;

/** A measurement that may be NaN (unreadable frames) but never ±Infinity or a string. */
export const measure = z.union([z.number(), z.nan()]);
export const index = z.number().int().nonnegative();
/** Names and labels: short plain text (shown as text, never as HTML). */
export const label = z.string().max(1000);

const strokeSchema = z.object({
  mode: z.enum(['add', 'erase']),
  radiusPx: z.number().positive().max(10_000),
  points: z
    .array(z.number())
    .max(MAX_ARRAY_LENGTH)
    .refine((p) => p.length % 2 === 0, 'points come in x, y pairs'),
});

/**
 * Every parameter optional and typed like its default, so the saved values are laid over the
 * current defaults (`resolveParams`): a parameter added in a newer version takes its default, an
 * unknown one is dropped, a renamed one is read under its old name (`renamedParams`).
 */
const paramShape: Record<string, z.ZodType> = {};
for (const [key, value] of Object.entries(defaultSegmentParams)) {
  if (typeof value === 'number') paramShape[key] = z.number().optional();
  else if (typeof value === 'boolean') paramShape[key] = z.boolean().optional();
}
Object.assign(paramShape, {
  thresholdMethod: z.enum(['contrast', 'edge', 'otsu', 'manual']).optional(),
  darkLevel: z.number().optional(),
  driftReferenceFrame: index.optional(),
  exclusionStrokes: z.array(strokeSchema).max(10_000).optional(),
  objectPoint: z.object({ x: z.number().finite(), y: z.number().finite() }).nullable().optional(),
});

/** Parameters saved by earlier versions under another name: old name → current name. */
const renamedParams: ReadonlyMap<string, keyof ResolvedSegmentParams> = new Map([
  ['smoothRadiusPx', 'smoothSigmaPx'],
]);

/** Saved parameters with renamed keys under their current names; the current name wins when both are there. */
function migrateParams(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const name = renamedParams.get(key) ?? key;
    if (name === key || !Object.hasOwn(out, name)) out[name] = value;
  }
  return out;
}

export const paramsSchema = z.preprocess(migrateParams, z.object(paramShape));

/** Validated saved parameters laid over the current defaults. */
export const withDefaults = (params: Record<string, unknown>): ResolvedSegmentParams =>
  resolveParams(params as SegmentParams);

export const qualitySchema = z.enum([
  'ok',
  'empty',
  'touches-border',
  'area-jump',
  'unreadable',
  'flicker',
  'drift-uncertain',
  'object-lost',
]);

export const resultSchema = z.object({
  frame: index,
  areaPx: measure,
  areaNm2: measure.optional(),
  centroidX: measure,
  centroidY: measure,
  outline: z.array(z.number()).max(MAX_ARRAY_LENGTH),
  threshold: measure.optional(),
  quality: qualitySchema,
  areaErrPx: measure.optional(),
  areaErrNm2: measure.optional(),
  particles: z
    .array(
      z.object({
        areaPx: measure,
        centroidX: measure,
        centroidY: measure,
        outline: z.array(z.number()).max(MAX_ARRAY_LENGTH).optional(),
      }),
    )
    .max(MAX_ARRAY_LENGTH)
    .optional(),
  driftXPx: measure.optional(),
  driftYPx: measure.optional(),
  driftErrPx: measure.optional(),
  driftMeasuredXPx: measure.optional(),
  driftMeasuredYPx: measure.optional(),
  driftConfidence: measure.optional(),
  backgroundLevel: measure.optional(),
  edited: z.boolean().optional(),
});

/** A run's outline edits by frame, placed in each frame's coordinates (`MaskEdit`). */
export const maskEditsSchema = z.record(
  z.string().regex(/^\d+$/),
  z.object({ strokes: z.array(strokeSchema).max(10_000), refit: z.boolean() }),
);

export const correctionsSchema = z.record(
  z.string().regex(/^\d+$/),
  z.object({
    status: z.enum(['accepted', 'rejected']).optional(),
    edit: z.object({ sourceFrame: index, strokes: z.array(strokeSchema).max(10_000) }).optional(),
  }),
);

export const alignmentSchema = z.object({
  log: label,
  offsetS: z.number().finite(),
  rate: z.number().positive().finite(),
  source: z.enum(['manual', 'proposed']),
});

/** Each setting optional and laid over the defaults, like the parameters. */
export const figureSettingsSchema = z.object({
  fontSize: z.number().int().min(FONT_SIZE_RANGE_PT.min).max(FONT_SIZE_RANGE_PT.max).optional(),
  normalise: z.boolean().optional(),
  restBelowV: z.number().finite().nonnegative().optional(),
  aspect: z.number().finite().positive().optional(),
  dpi: z.number().finite().positive().max(2400).optional(),
});

/** The object the user chose to follow: a point in frame pixels of the first analysed frame, or none. */
export const objectSchema = z.object({ x: z.number().finite(), y: z.number().finite() }).nullable();
export type SessionObject = z.infer<typeof objectSchema>;

/**
 * Caps checked before any schema runs, because validating costs time and memory in proportion to
 * what it is given: a sparse array of length 2^32 − 1 would be walked element by element, a
 * million results would cost seconds and hundreds of MB before being refused.
 */
const MAX_NESTING = 12;
const MAX_TEXT_CHARS = 10_000;
const MAX_VALUES_PER_PART = 10_000_000;

/**
 * Why a part is too large to validate, or undefined; arrays are measured before they are
 * walked, so a 10⁹-element array is refused at once.
 */
export function sizeProblem(part: unknown, maxArrayLength: number): string | undefined {
  let values = 0;
  const pending: [unknown, number][] = [[part, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, depth] = next;
    if (++values > MAX_VALUES_PER_PART) return `more than ${MAX_VALUES_PER_PART} values`;
    if (typeof value === 'string' && value.length > MAX_TEXT_CHARS)
      return `a text of ${value.length} characters`;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_NESTING) return `nesting deeper than ${MAX_NESTING} levels`;
    if (Array.isArray(value)) {
      if (value.length > maxArrayLength) return `an array of ${value.length} entries`;
      for (const item of value) pending.push([item, depth + 1]);
    } else {
      for (const item of Object.values(value)) pending.push([item, depth + 1]);
    }
  }
  return undefined;
}
