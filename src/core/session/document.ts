import { z } from 'zod';
import type { ResolvedSegmentParams, SegmentParams } from '../analysis/params.ts';
import type { FrameResult } from '../analysis/types.ts';
import { defaultFigureSettings, type FigureSettings } from '../series/figure-settings.ts';
import {
  correctionsSchema,
  figureSettingsSchema,
  label,
  MAX_ARRAY_LENGTH,
  MAX_FRAMES,
  MAX_LOG_SAMPLES,
  objectSchema,
  paramsSchema,
  resultSchema,
  type SessionObject,
  sizeProblem,
  withDefaults,
} from './parts.ts';

/**
 * The portable session: what a session file (`.operando`), a reviewer link and the CLI's
 * `--session` carry. It names its dataset by content (the fingerprint), so the outlines and
 * corrections are shown on, and rerun with, that movie only. Validated here on every load;
 * `SessionError` says what is wrong in words a scientist understands.
 */

export const SESSION_KIND = 'operando-session';
/** Version of this document (autosaves of version 1 and 2 are read by `src/state/session-schema.ts`). */
export const DOCUMENT_VERSION = 2;

export class SessionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SessionError';
  }
}

/** What identifies the dataset, and what the plots need of it when the movie itself is not open. */
export interface DatasetIdentity {
  name: string;
  sizeBytes: number;
  format: string;
  frameCount: number;
  width: number;
  height: number;
  /** Content fingerprint (`core/export/fingerprint.ts`). */
  fingerprint: string;
  pixelSizeNm?: number;
  frameTimesS?: number[];
  frameIntervalS?: number;
}

export interface SessionChannel {
  column: string;
  unit: string;
  values: number[];
}

/**
 * The bias/current log as the plots use it: every sample in a session file; in a reviewer link,
 * the readings at the frames only (`atFrames`: times are then on the movie's clock).
 */
export interface SessionLog {
  name: string;
  fingerprint?: string;
  atFrames: boolean;
  timeS: number[];
  voltage?: SessionChannel;
  current?: SessionChannel;
}

export interface SessionAlignment {
  offsetS: number;
  rate: number;
  source: 'none' | 'clocks' | 'manual' | 'proposed';
}

export interface SessionDocument {
  kind: typeof SESSION_KIND;
  version: typeof DOCUMENT_VERSION;
  app: string;
  savedAt: number;
  dataset: DatasetIdentity;
  log?: SessionLog;
  alignment: SessionAlignment;
  params: SegmentParams;
  runParams?: SegmentParams;
  object: SessionObject;
  corrections: Record<number, unknown>;
  /** One per frame (null: not analysed); outlines left empty when `outlines` is 'dropped'. */
  results: (FrameResult | null)[];
  outlines: 'full' | 'dropped';
  figureSettings: FigureSettings;
}

/** A validated document, parameters resolved over today's defaults. */
export interface LoadedSession extends Omit<SessionDocument, 'params' | 'runParams' | 'corrections'> {
  params: ResolvedSegmentParams;
  runParams?: ResolvedSegmentParams;
  corrections: z.infer<typeof correctionsSchema>;
}

const finite = z.number().finite();
const times = z.array(finite).max(MAX_LOG_SAMPLES);
const channel = z.object({
  column: label,
  unit: label,
  values: z.array(z.union([finite, z.nan(), z.null()])),
});

const datasetSchema = z.object({
  name: label,
  sizeBytes: z.number().int().nonnegative(),
  format: label,
  frameCount: z.number().int().positive().max(MAX_FRAMES),
  width: z.number().int().positive().max(1_000_000),
  height: z.number().int().positive().max(1_000_000),
  fingerprint: z.string().min(1).max(200),
  pixelSizeNm: finite.positive().optional(),
  frameTimesS: z.array(finite).max(MAX_FRAMES).optional(),
  frameIntervalS: finite.positive().optional(),
});

const logSchema = z.object({
  name: label,
  fingerprint: z.string().max(200).optional(),
  atFrames: z.boolean(),
  timeS: times,
  voltage: channel.optional(),
  current: channel.optional(),
});

const documentSchema = z.object({
  kind: z.literal(SESSION_KIND),
  version: z.literal(DOCUMENT_VERSION),
  app: label,
  savedAt: finite,
  dataset: datasetSchema,
  log: logSchema.optional(),
  alignment: z.object({
    offsetS: finite,
    rate: finite.positive(),
    source: z.enum(['none', 'clocks', 'manual', 'proposed']),
  }),
  params: paramsSchema,
  runParams: paramsSchema.optional(),
  object: objectSchema,
  corrections: correctionsSchema,
  results: z.array(resultSchema.nullable()).max(MAX_FRAMES),
  outlines: z.enum(['full', 'dropped']),
  figureSettings: figureSettingsSchema,
});

/** JSON turns NaN into null: measurements read back as NaN again (null is "no value" there too). */
function nullToNaN(values: (number | null)[]): number[] {
  return values.map((v) => (v === null ? Number.NaN : v));
}

/** Result fields that are measurements: NaN (an unreadable frame) is written as null in JSON. */
const MEASURES = new Set([
  'areaPx',
  'areaNm2',
  'centroidX',
  'centroidY',
  'threshold',
  'areaErrPx',
  'areaErrNm2',
  'driftXPx',
  'driftYPx',
  'driftErrPx',
  'driftMeasuredXPx',
  'driftMeasuredYPx',
  'driftConfidence',
  'backgroundLevel',
]);

/** JSON text of a session (NaN measurements become null, read back as NaN by `sessionFromJson`). */
export const sessionToJson = (doc: SessionDocument): string => JSON.stringify(doc);

/** The session in JSON text, validated (`parseSessionDocument`); a syntax error is a damaged session. */
export function sessionFromJson(text: string): LoadedSession {
  let raw: unknown;
  try {
    raw = JSON.parse(text, (key, value) => (value === null && MEASURES.has(key) ? Number.NaN : value));
  } catch {
    throw new SessionError('it is damaged (not valid JSON inside)');
  }
  return parseSessionDocument(raw);
}

/** Where a zod issue is, as a reader would say it ("results › 12 › areaPx"). */
const where = (path: PropertyKey[]) => path.map(String).join(' › ') || 'the session';

/**
 * A session read from untrusted JSON (a file, a link, a hand edit): refused whole, with the
 * first problem named, when it is not a session of this version or any part is malformed.
 * Sizes are checked before the schema walks anything.
 */
export function parseSessionDocument(raw: unknown): LoadedSession {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new SessionError('this is not an Operando Workbench session (not a JSON object)');
  const head = raw as { kind?: unknown; version?: unknown };
  if (head.kind !== SESSION_KIND) throw new SessionError('this is not an Operando Workbench session');
  if (typeof head.version === 'number' && head.version > DOCUMENT_VERSION)
    throw new SessionError(
      `this session was written by a newer version of the workbench (session version ${head.version}, this one reads up to ${DOCUMENT_VERSION}): update the workbench`,
    );
  for (const [part, value] of Object.entries(raw)) {
    const cap = part === 'log' ? MAX_LOG_SAMPLES : part === 'results' ? MAX_FRAMES : MAX_ARRAY_LENGTH;
    const problem = sizeProblem(value, Math.max(cap, MAX_ARRAY_LENGTH));
    if (problem) throw new SessionError(`its ${part} is too large (${problem})`);
  }
  const parsed = documentSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SessionError(`it is damaged or was altered: ${where(issue.path)}: ${issue.message}`);
  }
  const doc = parsed.data;
  const frames = doc.dataset.frameCount;
  if (doc.results.length !== frames)
    throw new SessionError(`it has ${doc.results.length} results for ${frames} frames`);
  if (!doc.results.every((r, i) => r === null || r.frame === i))
    throw new SessionError('its results are out of frame order');
  if (doc.dataset.frameTimesS && doc.dataset.frameTimesS.length !== frames)
    throw new SessionError(`it has ${doc.dataset.frameTimesS.length} frame times for ${frames} frames`);
  const log = doc.log;
  for (const c of [log?.voltage, log?.current]) {
    if (log && c && c.values.length !== log.timeS.length)
      throw new SessionError(
        `its log channel ${c.column} has ${c.values.length} values for ${log.timeS.length} times`,
      );
  }
  if (doc.object && (doc.object.x > doc.dataset.width || doc.object.y > doc.dataset.height))
    throw new SessionError('its chosen object lies outside the frame');
  for (const [frame, c] of Object.entries(doc.corrections)) {
    if (Number(frame) >= frames || (c.edit && c.edit.sourceFrame >= frames))
      throw new SessionError(`it has a correction for frame ${Number(frame) + 1} of a ${frames}-frame movie`);
  }
  const channelOut = (c: z.infer<typeof channel> | undefined) => c && { ...c, values: nullToNaN(c.values) };
  return {
    ...doc,
    log: log && { ...log, voltage: channelOut(log.voltage), current: channelOut(log.current) },
    params: withDefaults(doc.params),
    runParams: doc.runParams && withDefaults(doc.runParams),
    figureSettings: { ...defaultFigureSettings, ...doc.figureSettings },
    results: doc.results as (FrameResult | null)[],
  };
}
