/** Quality checks over a series of frame results (per-frame flags are set by `segmentFrame`). */

import { DRIFT_TOLERANCE_PX, type DriftSample, smoothDrift } from './drift-smooth.ts';
import type { FrameResult } from './types.ts';

/** Tolerated area deviation from the neighbours' median, as a fraction of it (0.15 = 15 %). */
const DEFAULT_RELATIVE_JUMP = 0.15;
/** Neighbours compared on each side of a frame, in frames. */
export const DEFAULT_WINDOW_HALF = 3;

/**
 * Flags frames whose area departs from the median of their neighbours (±`windowHalf` frames,
 * the frame itself excluded, empty frames ignored) by more than `relativeJump` of that median,
 * e.g. a frame where the threshold caught a shadow or lost half the cluster.
 *
 * Returns new objects; the input array and its results are not modified. 'empty' and 'unreadable'
 * frames keep their flag; any other flag becomes 'area-jump' when the frame jumps, since a jump is what a
 * reviewer must look at first. Frames already flagged 'area-jump' that no longer jump keep it
 * (the original flag is not known here).
 *
 * @param relativeJump tolerated deviation as a fraction of the neighbours' median area (0.15 = 15 %)
 * @param windowHalf neighbours on each side, in frames
 */
export function flagAreaJumps(
  results: readonly FrameResult[],
  relativeJump = DEFAULT_RELATIVE_JUMP,
  windowHalf = DEFAULT_WINDOW_HALF,
): FrameResult[] {
  const unmeasured = (r: FrameResult) =>
    r.quality === 'empty' || r.quality === 'unreadable' || r.quality === 'object-lost';
  const areas = results.map((r) => (unmeasured(r) ? Number.NaN : r.areaPx));
  return results.map((r, i) => {
    if (unmeasured(r)) return { ...r };
    const neighbours: number[] = [];
    for (let j = Math.max(0, i - windowHalf); j <= Math.min(results.length - 1, i + windowHalf); j++) {
      if (j !== i && !Number.isNaN(areas[j])) neighbours.push(areas[j]);
    }
    if (neighbours.length === 0) return { ...r };
    const reference = median(neighbours);
    const jumps = reference > 0 ? Math.abs(r.areaPx - reference) > relativeJump * reference : r.areaPx > 0;
    return jumps ? { ...r, quality: 'area-jump' } : { ...r };
  });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Flags frames whose beam brightness (`backgroundLevel`) departs from the median of their
 * neighbours (±`windowHalf` frames) by more than `tolerance` of it, as 'flicker': the area of
 * such a frame may be right (segmentation works on transmission), but a reviewer should know
 * that the beam jumped. Unreadable and empty frames keep their flag; a frame already flagged
 * 'area-jump' keeps that (the stronger reason to look). Returns new objects.
 *
 * @param tolerance tolerated relative deviation of the brightness (0.1 = 10 %): the resolved
 *   `flickerTolerance` parameter
 */
export function flagBrightnessJumps(
  results: readonly FrameResult[],
  tolerance: number,
  windowHalf = DEFAULT_WINDOW_HALF,
): FrameResult[] {
  const levels = results.map((r) => r.backgroundLevel ?? Number.NaN);
  return results.map((r, i) => {
    if (
      r.quality === 'unreadable' ||
      r.quality === 'empty' ||
      r.quality === 'object-lost' ||
      r.quality === 'area-jump'
    ) {
      return { ...r };
    }
    const level = levels[i];
    if (!Number.isFinite(level)) return { ...r };
    const neighbours: number[] = [];
    for (let j = Math.max(0, i - windowHalf); j <= Math.min(results.length - 1, i + windowHalf); j++) {
      if (j !== i && Number.isFinite(levels[j])) neighbours.push(levels[j]);
    }
    if (neighbours.length === 0) return { ...r };
    const reference = median(neighbours);
    const jumps = Math.abs(level - reference) > tolerance * Math.abs(reference);
    return jumps ? { ...r, quality: 'flicker' } : { ...r };
  });
}

/**
 * Both temporal checks, in order: area jumps, then brightness jumps.
 *
 * @param options.flickerTolerance the resolved `flickerTolerance` parameter (see `params.ts`)
 * @param options.relativeJump, options.windowHalf as for `flagAreaJumps`
 */
export function flagTemporal(
  results: readonly FrameResult[],
  options: { flickerTolerance: number; relativeJump?: number; windowHalf?: number },
): FrameResult[] {
  const {
    flickerTolerance,
    relativeJump = DEFAULT_RELATIVE_JUMP,
    windowHalf = DEFAULT_WINDOW_HALF,
  } = options;
  return flagBrightnessJumps(flagAreaJumps(results, relativeJump, windowHalf), flickerTolerance, windowHalf);
}

/**
 * The drift of every frame of a run from the frames whose drift was measured with confidence
 * (`driftMeasuredXPx/YPx`: every `SegmentParams.driftStrideFrames`-th frame, less the unconfident
 * ones): the smooth curve of `smoothDrift` through them and through 0 at the reference frame
 * `referenceFrame`, with its one-σ uncertainty (`driftErrPx`), for every frame but unreadable
 * ones. Without any measurement the results are returned as they are. Returns new objects, in
 * the input's order.
 *
 * 'drift-uncertain' is decided here, afresh, for every frame without a flag about its area
 * ('ok' or 'drift-uncertain'), so that the same results give the same flags however they were
 * put together (a run, or shards merged): a frame is drift-uncertain when its own measurement
 * was unconfident, when it lies before the first measurement or after the last by more than
 * their median spacing (e.g. tracking was lost: its drift would be a held value, not a
 * measurement), or when the curve's σ exceeds `DRIFT_TOLERANCE_PX`.
 */
export function fitDriftSeries(results: readonly FrameResult[], referenceFrame: number): FrameResult[] {
  const samples: DriftSample[] = [];
  for (const r of results) {
    if (r.driftMeasuredXPx !== undefined && r.driftMeasuredYPx !== undefined) {
      samples.push({ frame: r.frame, x: r.driftMeasuredXPx, y: r.driftMeasuredYPx });
    }
  }
  if (samples.length === 0) return results.map((r) => ({ ...r }));
  const measuredFrames = samples.map((s) => s.frame).sort((a, b) => a - b);
  const first = measuredFrames[0];
  const last = measuredFrames[measuredFrames.length - 1];
  const gaps = measuredFrames.slice(1).map((f, i) => f - measuredFrames[i]);
  const spacing = gaps.length > 0 ? median(gaps) : 1;
  const frames = results.filter((r) => r.quality !== 'unreadable').map((r) => r.frame);
  const curve = smoothDrift(samples, frames, referenceFrame);
  return results.map((r) => {
    const point = curve.get(r.frame);
    if (!point) return { ...r };
    const { driftErrPx: _old, ...rest } = r;
    const fitted: FrameResult = { ...rest, driftXPx: point.x, driftYPx: point.y };
    if (Number.isFinite(point.sigma)) fitted.driftErrPx = point.sigma;
    if (r.quality !== 'ok' && r.quality !== 'drift-uncertain') return fitted;
    const unconfident = r.driftConfidence !== undefined && r.driftMeasuredXPx === undefined;
    const beyond = Math.max(first - r.frame, r.frame - last) > spacing;
    const uncertain = unconfident || beyond || point.sigma > DRIFT_TOLERANCE_PX;
    return { ...fitted, quality: uncertain ? 'drift-uncertain' : 'ok' };
  });
}

/**
 * `fresh`, a frame re-segmented on its own (an edit), with the drift its run gave it: the run's
 * curve (`fitDriftSeries`), which one frame alone can't know, and the curve's verdict. An area
 * that was drift-uncertain stays so when the fresh segmentation finds nothing wrong with the
 * area itself; a fresh flag about the area (a jump, a flicker) takes precedence, as in a run.
 * Without a run's drift, `fresh` is returned as it is.
 */
export function withRunDrift(fresh: FrameResult, run: FrameResult | undefined): FrameResult {
  if (run?.driftXPx === undefined || run.driftYPx === undefined) return fresh;
  const { driftXPx, driftYPx, driftErrPx, driftMeasuredXPx, driftMeasuredYPx, driftConfidence } = run;
  const { driftErrPx: _own, ...rest } = fresh;
  const out: FrameResult = {
    ...rest,
    driftXPx,
    driftYPx,
    driftMeasuredXPx,
    driftMeasuredYPx,
    driftConfidence,
  };
  if (driftErrPx !== undefined) out.driftErrPx = driftErrPx;
  if (run.quality === 'drift-uncertain' && fresh.quality === 'ok') out.quality = 'drift-uncertain';
  return out;
}
