import { gzipSync, strFromU8, strToU8 } from 'fflate';
import { z } from 'zod';
import { simplifyClosedPolygon } from '../analysis/contour.ts';
import type { FrameResult } from '../analysis/types.ts';
import { type LogTimeS, type MovieTimeS, toLogTime } from '../series/alignment.ts';
import { sampleAt } from '../series/interpolate.ts';
import { fromBase64Url, toBase64Url } from './base64url.ts';
import { inflateBounded } from './codec.ts';
import {
  type LoadedSession,
  type SessionChannel,
  type SessionDocument,
  SessionError,
  sessionFromJson,
  sessionToJson,
} from './document.ts';
import { MAX_ARRAY_LENGTH, MAX_FRAMES, qualitySchema } from './parts.ts';

/**
 * The reviewer link: what a reviewer needs to see (per-frame time, area ± σ, flags, drift, the
 * bias and current at the frames, parameters, figure settings, the dataset's identity and, when
 * they fit, the outlines) packed column by column, gzip-compressed and base64url-encoded into
 * the URL fragment (`#review=1.…`), which browsers never send to a server. Over `LINK_BUDGET`
 * characters the outlines are left out; over `LINK_HARD_LIMIT` there is no link: send the
 * session file instead.
 */

export const LINK_PREFIX = 'review=1.';
/** Characters of fragment a link aims for: it still pastes into mail and chat. */
export const LINK_BUDGET = 16 * 1024;
/** Characters of fragment beyond which no link is made (and none is read). */
export const LINK_HARD_LIMIT = 96 * 1024;
/** The most JSON a link may inflate to. */
const MAX_LINK_JSON_BYTES = 32 * 1024 * 1024;

export class LinkTooLongError extends SessionError {
  constructor(readonly chars: number) {
    super(
      `the reviewer link would be ${Math.round(chars / 1024)} KB even without outlines (the limit is ${LINK_HARD_LIMIT / 1024} KB): send the session file (.operando) instead`,
    );
  }
}

const QUALITIES = qualitySchema.options;

/** Areas and times to 7 significant digits (far below their uncertainty); null stands for NaN. */
const sig = (v: number | undefined): number | null =>
  v === undefined || Number.isNaN(v) ? null : Number(v.toPrecision(7));
/** Uncertainties to 3 significant digits, positions to `step` pixels. */
const sig3 = (v: number | undefined): number | null =>
  v === undefined || Number.isNaN(v) ? null : Number(v.toPrecision(3));
const toStep = (v: number | undefined, step: number): number | null =>
  v === undefined || Number.isNaN(v) ? null : Number((Math.round(v / step) * step).toFixed(4));
const unsig = (v: number | null | undefined): number | undefined =>
  v === null || v === undefined ? undefined : v;

/**
 * Vertices dropped while the outline moves by less than this (pixels): the traced outline
 * follows pixel edges in unit steps, which a reviewer cannot tell from a smooth line.
 */
const LINK_OUTLINE_TOLERANCE_PX = 1.5;

/** An outline simplified, in whole pixels, as deltas after the first vertex (small numbers compress well). */
function packOutline(traced: number[]): number[] {
  const outline = simplifyClosedPolygon(traced, LINK_OUTLINE_TOLERANCE_PX);
  const out: number[] = [];
  let px = 0;
  let py = 0;
  for (let i = 0; i + 1 < outline.length; i += 2) {
    const x = Math.round(outline[i]);
    const y = Math.round(outline[i + 1]);
    out.push(x - px, y - py);
    px = x;
    py = y;
  }
  return out;
}

function unpackOutline(deltas: number[]): number[] {
  const out: number[] = [];
  let x = 0;
  let y = 0;
  for (let i = 0; i + 1 < deltas.length; i += 2) {
    x += deltas[i];
    y += deltas[i + 1];
    out.push(x, y);
  }
  return out;
}

const column = z.array(z.number().finite().nullable()).max(MAX_FRAMES);
const packedFramesSchema = z.object({
  i: z.array(z.number().int().nonnegative()).max(MAX_FRAMES),
  a: column,
  an: column,
  e: column,
  en: column,
  cx: column,
  cy: column,
  dx: column,
  dy: column,
  q: z
    .array(
      z
        .number()
        .int()
        .min(0)
        .max(QUALITIES.length - 1),
    )
    .max(MAX_FRAMES),
  ed: z.array(z.number().int().nonnegative()).max(MAX_FRAMES),
  o: z.array(z.array(z.number().int()).max(MAX_ARRAY_LENGTH)).max(MAX_FRAMES).optional(),
});
type PackedFrames = z.infer<typeof packedFramesSchema>;

function packFrames(results: (FrameResult | null)[], withOutlines: boolean): PackedFrames {
  const analysed = results.filter((r): r is FrameResult => r !== null);
  return {
    i: analysed.map((r) => r.frame),
    a: analysed.map((r) => sig(r.areaPx)),
    an: analysed.map((r) => sig(r.areaNm2)),
    e: analysed.map((r) => sig3(r.areaErrPx)),
    en: analysed.map((r) => sig3(r.areaErrNm2)),
    cx: analysed.map((r) => toStep(r.centroidX, 0.1)),
    cy: analysed.map((r) => toStep(r.centroidY, 0.1)),
    dx: analysed.map((r) => toStep(r.driftXPx, 0.01)),
    dy: analysed.map((r) => toStep(r.driftYPx, 0.01)),
    q: analysed.map((r) => QUALITIES.indexOf(r.quality)),
    ed: analysed.filter((r) => r.edited).map((r) => r.frame),
    ...(withOutlines ? { o: analysed.map((r) => packOutline(r.outline)) } : {}),
  };
}

function unpackFrames(p: PackedFrames, frameCount: number): (FrameResult | null)[] {
  const n = p.i.length;
  for (const col of [p.a, p.an, p.e, p.en, p.cx, p.cy, p.dx, p.dy, p.q, p.o ?? p.q]) {
    if (col.length !== n)
      throw new SessionError('it is damaged or was altered: its columns differ in length');
  }
  if (n > frameCount || p.i.some((f) => f >= frameCount))
    throw new SessionError('it is damaged or was altered: a frame lies beyond the movie');
  const edited = new Set(p.ed);
  const results: (FrameResult | null)[] = new Array(frameCount).fill(null);
  for (let k = 0; k < n; k++) {
    const frame = p.i[k];
    const r: FrameResult = {
      frame,
      areaPx: p.a[k] ?? Number.NaN,
      centroidX: p.cx[k] ?? Number.NaN,
      centroidY: p.cy[k] ?? Number.NaN,
      outline: p.o ? unpackOutline(p.o[k]) : [],
      quality: QUALITIES[p.q[k]],
    };
    const optional = {
      areaNm2: p.an[k],
      areaErrPx: p.e[k],
      areaErrNm2: p.en[k],
      driftXPx: p.dx[k],
      driftYPx: p.dy[k],
    };
    for (const [key, value] of Object.entries(optional))
      if (unsig(value) !== undefined) Object.assign(r, { [key]: value });
    if (edited.has(frame)) r.edited = true;
    results[frame] = r;
  }
  return results;
}

/** Frame `i`'s time on the movie's clock, or undefined when the movie has none. */
function frameTime(doc: SessionDocument, i: number): number | undefined {
  const { frameTimesS, frameIntervalS } = doc.dataset;
  if (frameTimesS) return frameTimesS[i];
  return frameIntervalS ? i * frameIntervalS : undefined;
}

/** The log read at each frame's time (through the session's alignment); undefined without frame times. */
function logAtFrames(doc: SessionDocument): SessionDocument['log'] {
  const log = doc.log;
  if (!log || log.atFrames) return log;
  const times = Array.from({ length: doc.dataset.frameCount }, (_, i) => frameTime(doc, i));
  if (times.some((t) => t === undefined)) return undefined;
  const movieTimes = times as number[];
  const at = (c: SessionChannel | undefined): SessionChannel | undefined =>
    c && {
      ...c,
      values: movieTimes.map(
        (t) =>
          sig(sampleAt(log.timeS, c.values, toLogTime(t as MovieTimeS, doc.alignment) as LogTimeS)) ??
          Number.NaN,
      ),
    };
  return { ...log, atFrames: true, timeS: movieTimes, voltage: at(log.voltage), current: at(log.current) };
}

/** The fragment (without `#`) for `doc`, with or without outlines (exported for the size report in tests). */
export function fragmentOf(doc: SessionDocument, withOutlines: boolean): string {
  const log = logAtFrames(doc);
  // Corrections travel as review statuses: the plots need what was rejected, not the brush strokes.
  const corrections: Record<number, { status: string }> = {};
  for (const [frame, c] of Object.entries(doc.corrections as Record<string, { status?: string }>)) {
    if (c.status) corrections[Number(frame)] = { status: c.status };
  }
  const { results, ...rest } = doc;
  const packed = {
    ...rest,
    // On the movie clock once read at the frames: the link's log needs no offset.
    alignment: log?.atFrames ? { ...doc.alignment, offsetS: 0, rate: 1 } : doc.alignment,
    log,
    corrections,
    results: [],
    outlines: withOutlines ? 'full' : 'dropped',
    frames: packFrames(results, withOutlines),
  };
  return (
    LINK_PREFIX +
    toBase64Url(
      gzipSync(strToU8(sessionToJson(packed as unknown as SessionDocument)), { level: 9, mtime: 0 }),
    )
  );
}

export interface ReviewerLink {
  /** The fragment, without the `#`. */
  fragment: string;
  outlines: 'full' | 'dropped';
}

/** The reviewer link's fragment: with outlines within `LINK_BUDGET`, else without; over the hard limit, `LinkTooLongError`. */
export function encodeReviewerLink(doc: SessionDocument): ReviewerLink {
  const full = fragmentOf(doc, true);
  if (full.length <= LINK_BUDGET) return { fragment: full, outlines: 'full' };
  const lean = fragmentOf(doc, false);
  if (lean.length > LINK_HARD_LIMIT) throw new LinkTooLongError(lean.length);
  return { fragment: lean, outlines: 'dropped' };
}

/** Reads a reviewer link's fragment (with or without `#`); every problem is a `SessionError`. */
export function decodeReviewerLink(fragment: string): LoadedSession {
  const body = fragment.replace(/^#/, '');
  if (body.length > LINK_HARD_LIMIT + LINK_PREFIX.length)
    throw new SessionError(`the link is ${Math.round(body.length / 1024)} KB, longer than any reviewer link`);
  if (!body.startsWith('review=')) throw new SessionError('this is not a reviewer link');
  if (!body.startsWith(LINK_PREFIX))
    throw new SessionError('this reviewer link was made by a newer version of the workbench: update it');
  const bytes = fromBase64Url(body.slice(LINK_PREFIX.length));
  if (!bytes) throw new SessionError('the link is damaged (characters were changed or lost in copying)');
  const text = strFromU8(inflateBounded(bytes, MAX_LINK_JSON_BYTES, 'the link'));
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new SessionError('the link is damaged (not valid JSON inside)');
  }
  if (typeof raw !== 'object' || raw === null || !('frames' in raw) || !('dataset' in raw))
    throw new SessionError('the link is damaged or was altered: its frames are missing');
  const { frames, ...rest } = raw as { frames: unknown; dataset: { frameCount?: unknown } };
  const packed = packedFramesSchema.safeParse(frames);
  if (!packed.success)
    throw new SessionError(`the link is damaged or was altered: ${packed.error.issues[0].message}`);
  const frameCount = rest.dataset.frameCount;
  if (
    typeof frameCount !== 'number' ||
    !Number.isInteger(frameCount) ||
    frameCount < 1 ||
    frameCount > MAX_FRAMES
  )
    throw new SessionError('the link is damaged or was altered: its frame count is not a number of frames');
  const results = unpackFrames(packed.data, frameCount);
  // The unpacked session goes through the same validation as a session file.
  return sessionFromJson(JSON.stringify({ ...rest, results }));
}
