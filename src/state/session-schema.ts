import { z } from 'zod';
import {
  defaultSegmentParams,
  type ResolvedSegmentParams,
  resolveParams,
  type SegmentParams,
} from '../core/analysis/params.ts';
import type { FrameResult } from '../core/analysis/types.ts';
import type { Alignment } from '../core/series/alignment.ts';
import {
  defaultFigureSettings,
  type FigureSettings,
  FONT_SIZE_RANGE_PT,
} from '../core/series/figure-settings.ts';
import type { Corrections } from './corrections.ts';
import { MAX_PINNED, type RestoredSession } from './store.ts';

/**
 * The autosaved session as stored, and its validation when read back: IndexedDB content is
 * untrusted (another version of the app, a hand-edited profile), so every part is checked and
 * a part that fails is dropped with a console warning instead of reaching the store.
 */

export const SESSION_VERSION = 1;

export interface StoredSession {
  version: typeof SESSION_VERSION;
  key: string;
  savedAt: number;
  params: SegmentParams;
  runParams?: SegmentParams;
  corrections: Corrections;
  results?: (FrameResult | null)[];
  alignment?: SavedAlignment;
  /** Frames pinned as live previews for tuning. */
  pinned?: number[];
  /** Figure settings when they differ from the defaults (sessions saved before them have none). */
  figureSettings?: FigureSettings;
}

/**
 * A time alignment the user chose (typed, dragged or proposed from bias steps), with the log it
 * was chosen for: it comes back only with that log, named by `logIdentity`.
 */
export interface SavedAlignment {
  log: string;
  offsetS: number;
  rate: number;
  source: 'manual' | 'proposed';
}

/** A log file as the session knows it across reloads: its name and its number of samples. */
export function logIdentity(fileName: string, samples: number): string {
  return `${fileName}:${samples}`;
}

/** The alignment to save, or undefined when it is automatic (clocks) or not set. */
export function savedAlignment(alignment: Alignment, log: string | undefined): SavedAlignment | undefined {
  if (!log || (alignment.source !== 'manual' && alignment.source !== 'proposed')) return undefined;
  return { log, offsetS: alignment.offsetS, rate: alignment.rate, source: alignment.source };
}

/**
 * The longest array a session holds besides its results (one per frame): an outline or a brush
 * stroke has a few thousand numbers (outlines are traced on the ≤ 512 px working image).
 */
const MAX_ARRAY_LENGTH = 100_000;

/** A measurement that may be NaN (unreadable frames) but never ±Infinity or a string. */
const measure = z.union([z.number(), z.nan()]);
const index = z.number().int().nonnegative();

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
 * Parameters without a simple default type are spelled out.
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

const paramsSchema = z.preprocess(migrateParams, z.object(paramShape));

const resultSchema = z.object({
  frame: index,
  areaPx: measure,
  areaNm2: measure.optional(),
  centroidX: measure,
  centroidY: measure,
  outline: z.array(z.number()).max(MAX_ARRAY_LENGTH),
  threshold: measure.optional(),
  quality: z.enum([
    'ok',
    'empty',
    'touches-border',
    'area-jump',
    'unreadable',
    'flicker',
    'drift-uncertain',
    'object-lost',
  ]),
  areaErrPx: measure.optional(),
  areaErrNm2: measure.optional(),
  particles: z
    .array(z.object({ areaPx: measure, centroidX: measure, centroidY: measure }))
    .max(MAX_ARRAY_LENGTH)
    .optional(),
  driftXPx: measure.optional(),
  driftYPx: measure.optional(),
  driftConfidence: measure.optional(),
  backgroundLevel: measure.optional(),
  edited: z.boolean().optional(),
});

const correctionsSchema = z.record(
  z.string().regex(/^\d+$/),
  z.object({
    status: z.enum(['accepted', 'rejected']).optional(),
    edit: z.object({ sourceFrame: index, strokes: z.array(strokeSchema).max(10_000) }).optional(),
  }),
);

const alignmentSchema = z.object({
  log: z.string(),
  offsetS: z.number().finite(),
  rate: z.number().positive().finite(),
  source: z.enum(['manual', 'proposed']),
});

/** Each setting optional and laid over the defaults, like the parameters. */
const figureSettingsSchema = z.object({
  fontSize: z.number().int().min(FONT_SIZE_RANGE_PT.min).max(FONT_SIZE_RANGE_PT.max).optional(),
  normalise: z.boolean().optional(),
  restBelowV: z.number().finite().nonnegative().optional(),
  aspect: z.number().finite().positive().optional(),
  dpi: z.number().finite().positive().max(2400).optional(),
});

const envelopeSchema = z.object({
  version: z.literal(SESSION_VERSION),
  key: z.string(),
  savedAt: z.number(),
  params: z.unknown(),
  runParams: z.unknown().optional(),
  corrections: z.unknown(),
  results: z.unknown().optional(),
  alignment: z.unknown().optional(),
  pinned: z.unknown().optional(),
  figureSettings: z.unknown().optional(),
});

function warn(part: string, error: z.ZodError): void {
  console.warn(`Autosaved session: ${part} ignored (invalid): ${z.prettifyError(error)}`);
}

/**
 * Caps checked before any schema runs, because validating costs time and memory in proportion to
 * what it is given: a sparse array of length 2^32 − 1 would be walked element by element, a
 * million results would cost seconds and hundreds of MB before being refused. The caps are far
 * above anything the app saves; arrays other than the results are capped at `MAX_ARRAY_LENGTH`.
 */
const MAX_NESTING = 12;
const MAX_TEXT_CHARS = 10_000;
const MAX_VALUES_PER_PART = 10_000_000;

/** Why a stored part is too large to validate, or undefined; arrays are measured before they are walked. */
function sizeProblem(part: unknown, maxArrayLength: number): string | undefined {
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

/**
 * Empties (with a warning) every part of the envelope that is too large to validate: it is then
 * missing, as a part that fails its schema is.
 */
function withinCaps(stored: Record<string, unknown>, frameCount: number): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [part, value] of Object.entries(stored)) {
    // Results must hold one entry per frame: any other length is refused before it is walked.
    if (part === 'results' && Array.isArray(value) && value.length !== frameCount) {
      console.warn(`Autosaved session: ${value.length} results for ${frameCount} frames; ignored`);
      kept[part] = undefined;
      continue;
    }
    const problem = sizeProblem(value, Math.max(MAX_ARRAY_LENGTH, frameCount));
    if (problem) console.warn(`Autosaved session: ${part} ignored (too large: ${problem})`);
    kept[part] = problem ? undefined : value;
  }
  return kept;
}

const withDefaults = (params: Record<string, unknown>) => resolveParams(params as SegmentParams);

/**
 * The parts of a stored session that pass validation, or null when nothing usable is there.
 * Results are used only when there is one per frame of the open movie.
 */
export function parseStoredSession(raw: unknown, key: string, frameCount: number): RestoredSession | null {
  const envelope = envelopeSchema.safeParse(
    typeof raw === 'object' && raw !== null && !Array.isArray(raw)
      ? withinCaps(raw as Record<string, unknown>, frameCount)
      : raw,
  );
  if (!envelope.success) {
    warn('the whole session', envelope.error);
    return null;
  }
  const stored = envelope.data;
  if (stored.key !== key) {
    console.warn(`Autosaved session: saved for ${stored.key}, not ${key}; ignored`);
    return null;
  }
  const session: RestoredSession = { savedAt: stored.savedAt, corrections: {} };
  const params = paramsSchema.safeParse(stored.params);
  if (params.success) session.params = withDefaults(params.data);
  else warn('parameters', params.error);
  if (stored.runParams !== undefined) {
    const runParams = paramsSchema.safeParse(stored.runParams);
    if (runParams.success) session.runParams = withDefaults(runParams.data);
  }
  const corrections = correctionsSchema.safeParse(stored.corrections);
  if (corrections.success) {
    for (const [frame, c] of Object.entries(corrections.data)) {
      if (Number(frame) < frameCount && (!c.edit || c.edit.sourceFrame < frameCount)) {
        session.corrections[Number(frame)] = c;
      }
    }
  } else warn('corrections', corrections.error);
  if (stored.alignment !== undefined) {
    const alignment = alignmentSchema.safeParse(stored.alignment);
    if (alignment.success) session.alignment = alignment.data;
    else warn('time alignment', alignment.error);
  }
  if (stored.pinned !== undefined) {
    const pinned = z.array(index).max(MAX_PINNED).safeParse(stored.pinned);
    if (pinned.success) session.pinned = pinned.data.filter((f) => f < frameCount);
    else warn('pinned frames', pinned.error);
  }
  if (stored.figureSettings !== undefined) {
    const figureSettings = figureSettingsSchema.safeParse(stored.figureSettings);
    if (figureSettings.success) session.figureSettings = { ...defaultFigureSettings, ...figureSettings.data };
    else warn('figure settings', figureSettings.error);
  }
  if (stored.results !== undefined) {
    const results = z.array(resultSchema.nullable()).safeParse(stored.results);
    if (!results.success) warn('results', results.error);
    else if (results.data.length !== frameCount) {
      console.warn(`Autosaved session: ${results.data.length} results for ${frameCount} frames; ignored`);
    } else if (results.data.every((r, i) => r === null || r.frame === i)) session.results = results.data;
    else console.warn('Autosaved session: results out of frame order; ignored');
  }
  return session;
}
