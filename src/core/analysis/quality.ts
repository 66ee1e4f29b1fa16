/** Quality checks over a series of frame results (per-frame flags are set by `segmentFrame`). */

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
 * Fills the drift of frames that have none (not measured, see `SegmentParams.driftStrideFrames`,
 * or measured without confidence and flagged 'drift-uncertain') by linear interpolation
 * between the nearest frames with a drift before and after. Frames outside that range take the
 * nearest one; those farther from it than the median spacing of the frames with a drift (more
 * than a stride beyond the last measurement, e.g. when tracking was lost) are flagged
 * 'drift-uncertain' rather than frozen silently, unless they carry a flag about their area.
 * Results that already carry a drift, and unreadable frames, keep theirs. Returns new
 * objects, in the input's order.
 */
export function fillDriftGaps(results: readonly FrameResult[]): FrameResult[] {
  const measured = results
    .filter((r) => r.driftXPx !== undefined && r.driftYPx !== undefined)
    .sort((a, b) => a.frame - b.frame);
  if (measured.length === 0) return results.map((r) => ({ ...r }));
  const first = measured[0].frame;
  const last = measured[measured.length - 1].frame;
  const gaps = measured.slice(1).map((r, i) => r.frame - measured[i].frame);
  const spacing = gaps.length > 0 ? median(gaps) : 1;
  return results.map((r) => {
    if (r.driftXPx !== undefined || r.quality === 'unreadable') return { ...r };
    // The last measurement at or before this frame, and the one after it.
    let lo = 0;
    let hi = measured.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (measured[mid].frame <= r.frame) lo = mid;
      else hi = mid - 1;
    }
    const a = measured[lo].frame <= r.frame ? measured[lo] : measured[0];
    const b = measured[Math.min(lo + 1, measured.length - 1)];
    const span = b.frame - a.frame;
    const t = span > 0 && r.frame > a.frame ? Math.min(1, (r.frame - a.frame) / span) : 0;
    const lerp = (u = 0, v = 0) => u + t * (v - u);
    const filled = { ...r, driftXPx: lerp(a.driftXPx, b.driftXPx), driftYPx: lerp(a.driftYPx, b.driftYPx) };
    const beyond = Math.max(first - r.frame, r.frame - last);
    return beyond > spacing && r.quality === 'ok'
      ? { ...filled, quality: 'drift-uncertain' as const }
      : filled;
  });
}
