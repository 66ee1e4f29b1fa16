/** Quality checks over a series of frame results (per-frame flags are set by `segmentFrame`). */

import type { FrameResult } from './types.ts';

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
  relativeJump = 0.15,
  windowHalf = 3,
): FrameResult[] {
  const unmeasured = (r: FrameResult) => r.quality === 'empty' || r.quality === 'unreadable';
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
