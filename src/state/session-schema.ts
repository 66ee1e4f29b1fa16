import { z } from 'zod';
import type { SegmentParams } from '../core/analysis/params.ts';
import type { FrameResult, MaskEdit } from '../core/analysis/types.ts';
import type { Alignment } from '../core/series/alignment.ts';
import { defaultFigureSettings, type FigureSettings } from '../core/series/figure-settings.ts';
import {
  alignmentSchema,
  correctionsSchema,
  figureSettingsSchema,
  index,
  MAX_ARRAY_LENGTH,
  maskEditsSchema,
  objectSchema,
  paramsSchema,
  resultSchema,
  type SessionObject,
  sizeProblem,
  withDefaults,
} from '../core/session/parts.ts';
import type { Corrections } from './corrections.ts';
import { MAX_PINNED, type RestoredSession } from './store.ts';
import type { RunInterruption } from './workbench-state.ts';

/**
 * The autosaved session as stored, and its validation when read back: IndexedDB content is
 * untrusted (another version of the app, a hand-edited profile), so every part is checked and
 * a part that fails is dropped with a console warning instead of reaching the store.
 */

/**
 * Version 2 keys the session by the movie's content fingerprint (`fingerprint`) and carries the
 * chosen object; version 1 (keyed by name, size and frame count) still loads, see `autosave.ts`.
 */
export const SESSION_VERSION = 2;

export interface StoredSession {
  version: typeof SESSION_VERSION;
  key: string;
  /** The movie's content fingerprint (`core/export/fingerprint.ts`). */
  fingerprint: string;
  savedAt: number;
  /** The object the user chose (a point in frame pixels of the first analysed frame), if any. */
  object?: SessionObject;
  params: SegmentParams;
  runParams?: SegmentParams;
  corrections: Corrections;
  results?: (FrameResult | null)[];
  /**
   * Set when `results` are an unfinished run's (see `run-resume.ts`): 'page-closed' when saved
   * while the run went on, 'stopped' when it had been cancelled or had failed.
   */
  interrupted?: RunInterruption;
  /** The unfinished run's outline edits (see `RunSlice.runEdits`), for its resumption. */
  runEdits?: Record<number, MaskEdit>;
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

/** Version 1 had no fingerprint and no object: the rest is read as it is. */
const envelopeSchema = z.object({
  version: z.union([z.literal(1), z.literal(SESSION_VERSION)]),
  key: z.string().max(2000),
  fingerprint: z.string().max(200).optional(),
  savedAt: z.number(),
  object: z.unknown().optional(),
  params: z.unknown(),
  runParams: z.unknown().optional(),
  corrections: z.unknown(),
  results: z.unknown().optional(),
  interrupted: z.unknown().optional(),
  runEdits: z.unknown().optional(),
  alignment: z.unknown().optional(),
  pinned: z.unknown().optional(),
  figureSettings: z.unknown().optional(),
});

function warn(part: string, error: z.ZodError): void {
  console.warn(`Autosaved session: ${part} ignored (invalid): ${z.prettifyError(error)}`);
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

/**
 * The parts of a stored session that pass validation, or null when nothing usable is there.
 * Results are used only when there is one per frame of the open movie.
 */
export function parseStoredSession(raw: unknown, key: string, frameCount: number): RestoredSession | null {
  const version =
    typeof raw === 'object' && raw !== null ? (raw as { version?: unknown }).version : undefined;
  if (typeof version === 'number' && version > SESSION_VERSION) {
    console.warn(
      `Autosaved session: saved by a newer version of the workbench (session version ${version}); ignored`,
    );
    return null;
  }
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
  if (stored.version === SESSION_VERSION && stored.fingerprint === undefined) {
    console.warn('Autosaved session: no fingerprint; ignored');
    return null;
  }
  const session: RestoredSession = { savedAt: stored.savedAt, corrections: {} };
  if (stored.version === 1) session.unverified = true;
  if (stored.object !== undefined) {
    const object = objectSchema.safeParse(stored.object);
    if (object.success) session.object = object.data;
    else warn('chosen object', object.error);
  }
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
  if (session.results && stored.interrupted !== undefined) {
    const interrupted = z.enum(['page-closed', 'stopped']).safeParse(stored.interrupted);
    if (interrupted.success) session.interrupted = interrupted.data;
    else warn('unfinished run', interrupted.error);
  }
  if (session.interrupted && stored.runEdits !== undefined) {
    const runEdits = maskEditsSchema.safeParse(stored.runEdits);
    if (runEdits.success) {
      session.runEdits = {};
      for (const [frame, edit] of Object.entries(runEdits.data))
        if (Number(frame) < frameCount) session.runEdits[Number(frame)] = edit;
    } else warn('outline edits of the unfinished run', runEdits.error);
  }
  return session;
}
