import { DEFAULT_WINDOW_HALF } from '../analysis/quality.ts';
import type { FrameResult, ResolvedSegmentParams } from '../analysis/types.ts';
import { temporalChecks } from './temporal.ts';

/**
 * Shards: one movie analysed as several ranges of frames (on several machines), whose tables
 * `merge.ts` joins into exactly the table one run writes.
 *
 * Frame numbers are the table's `frame` column: from 0. A range is START:END with END exclusive.
 *
 * What crosses a shard boundary, and the overlap that carries it: segmentation and drift
 * measurement are per frame (every frame's drift is measured against the same reference frame,
 * which each shard reads itself), so only the series checks look at other frames. A shard
 * therefore analyses a window wider than its range and writes only its range:
 * - area-jump and flicker flags compare a frame with ±`DEFAULT_WINDOW_HALF` (3) neighbours;
 * - drift is measured every `driftStrideFrames` (4) frames, and every frame's drift is read off a
 *   curve fitted through the measurements (`fitDriftSeries`); the window reaches at least one
 *   stride beyond the range, and is widened further (doubling) until every frame of the range
 *   without a drift has a confident measurement on each side inside the window, or the window
 *   reaches the movie's end on that side (that decides the 'drift-uncertain' flags).
 *   The curve itself depends on measurements up to a bandwidth away that the data choose, which
 *   no fixed overlap bounds: each shard writes its frames' measurements exactly
 *   (`drift_measured_*`), and `mergeShards` fits the curve again through all of them.
 * With that, merged flags and drift equal a single run's. One case stays approximate: a frame
 * before the movie's first (or after its last) confident drift measurement is flagged
 * 'drift-uncertain' when it is farther from it than the median spacing of measurements, and a
 * shard takes that median over its window (equal to the stride whenever measurements succeed).
 */

export interface FrameRange {
  /** First frame, from 0. */
  start: number;
  /** One past the last frame. */
  end: number;
}

export const formatRange = (range: FrameRange): string => `${range.start}:${range.end}`;

/** Parses `START:END` (END exclusive; `START:` to the end) for a movie of `frameCount` frames. */
export function parseFrameRange(text: string, frameCount: number): FrameRange {
  const match = /^\s*(\d+)\s*:\s*(\d*)\s*$/.exec(text);
  if (!match) {
    throw new RangeError(`--frames takes START:END (frames from 0, END exclusive), not "${text}"`);
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? frameCount : Number(match[2]);
  if (end > frameCount) {
    throw new RangeError(
      `--frames ${text}: the movie has ${frameCount} frames (0:${frameCount} is all of it)`,
    );
  }
  if (start >= end) throw new RangeError(`--frames ${text}: the range holds no frame (END is exclusive)`);
  return { start, end };
}

/** `count` consecutive ranges covering `frameCount` frames, as equal as can be (fewer if the movie is short). */
export function planShards(frameCount: number, count: number): FrameRange[] {
  const n = Math.max(1, Math.min(Math.floor(count), frameCount));
  return Array.from({ length: n }, (_, i) => ({
    start: Math.round((i * frameCount) / n),
    end: Math.round(((i + 1) * frameCount) / n),
  }));
}

/** The drift stride of a run, or 0 when drift is not tracked. */
function driftStride(params: ResolvedSegmentParams): number {
  return params.trackDrift ? Math.max(1, Math.round(params.driftStrideFrames)) : 0;
}

/** The frames a shard analyses for `range` first: the range and a margin each side (see above). */
export function shardWindow(
  range: FrameRange,
  frameCount: number,
  params: ResolvedSegmentParams,
  extra = 0,
): FrameRange {
  const margin = Math.max(DEFAULT_WINDOW_HALF, driftStride(params)) + extra;
  return { start: Math.max(0, range.start - margin), end: Math.min(frameCount, range.end + margin) };
}

const hasDrift = (r: FrameResult) => r.driftMeasuredXPx !== undefined && r.driftMeasuredYPx !== undefined;

/**
 * Whether `window` (its results `raw`, in frame order, before the series checks) holds what the
 * drift interpolation of `range` needs: a confident measurement before the range's first frame
 * without one (or the movie's start), and one after its last (or the movie's end).
 */
export function driftSettled(
  raw: readonly FrameResult[],
  window: FrameRange,
  range: FrameRange,
  frameCount: number,
): boolean {
  const at = (frame: number) => raw[frame - window.start];
  const missing: number[] = [];
  for (let f = range.start; f < range.end; f++) {
    const r = at(f);
    if (r && !hasDrift(r) && r.quality !== 'unreadable') missing.push(f);
  }
  if (missing.length === 0) return true;
  const first = missing[0];
  const last = missing[missing.length - 1];
  const before = window.start === 0 || raw.some((r) => hasDrift(r) && r.frame <= first);
  const after = window.end === frameCount || raw.some((r) => hasDrift(r) && r.frame >= last);
  return before && after;
}

/** The window to analyse next when `driftSettled` is false: twice the margin. */
export function widerWindow(
  window: FrameRange,
  range: FrameRange,
  frameCount: number,
  params: ResolvedSegmentParams,
): FrameRange {
  const margin = Math.max(range.start - window.start, window.end - range.end, 1);
  return shardWindow(range, frameCount, params, margin);
}

/** The shard's results for `range`: the series checks over the window, kept only in the range. */
export function finishShard(
  raw: readonly FrameResult[],
  window: FrameRange,
  range: FrameRange,
  params: ResolvedSegmentParams,
  frameCount: number,
): FrameResult[] {
  return temporalChecks(raw, params, frameCount).slice(range.start - window.start, range.end - window.start);
}
