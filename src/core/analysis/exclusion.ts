/**
 * The exclusion stage of segmentation v2 ('contrast'): the detected biasing needle and the
 * regions the user painted (shifted by the frame's drift) are taken out of the cluster.
 */

import { rasterizeStrokes, scaleStrokes, shiftStrokes } from './mask-edit.ts';
import { detectNeedle, NEEDLE_BODY, NEEDLE_MARGIN, NEEDLE_MARGIN_PX, type NeedleOptions } from './needle.ts';
import type { ResolvedSegmentParams } from './params.ts';
import { type Runs, rescanRows, withPixels } from './runs.ts';
import type { SegmentContext } from './types.ts';

/** `Exclusion.mask`'s bit on the regions the user painted out (the needle's values are its own). */
export const PAINTED_EXCLUSION = 4;

/**
 * A mask of excluded working pixels (non-zero = excluded; `NEEDLE_BODY` and `NEEDLE_MARGIN` on
 * the detected needle, `PAINTED_EXCLUSION` set where the user painted) and the box
 * [x0, y0, x1, y1) holding them.
 */
export interface Exclusion {
  mask: Uint8Array;
  box: [number, number, number, number];
  /** The σ of the needle's edge (`NeedleDetection.coatingSigmaPx`), when a needle was found. */
  needleEdgeSigmaPx?: number;
}

/**
 * Makes the excluded pixels of `smoothed` (modified in place) brighter than any film, so they
 * are out of the cluster, of the seeds, of the refit and of the uncertainty band alike, and
 * returns `runs` rescanned where they changed, with the number of working pixels excluded.
 *
 * @param coreRuns runs of the needle's dark core (see `smoothAndFindRuns`)
 * @param bin frame pixels per working pixel
 */
export function applyExclusions(
  smoothed: Float32Array,
  width: number,
  height: number,
  runs: Runs,
  threshold: number,
  params: ResolvedSegmentParams,
  context: SegmentContext,
  bin: number,
  needle: Pick<NeedleOptions, 'coreRuns' | 'blur'>,
): { runs: Runs; excludedPx: number; excluded?: Exclusion } {
  const excluded = exclusionMask(smoothed, width, height, params, context, bin, needle);
  if (!excluded) return { runs, excludedPx: 0 };
  let excludedPx = 0;
  const [x0, y0, x1, y1] = excluded.box;
  for (let y = y0; y < y1; y++) {
    for (let i = y * width + x0; i < y * width + x1; i++) {
      if (excluded.mask[i]) {
        smoothed[i] = Number.POSITIVE_INFINITY;
        excludedPx++;
      }
    }
  }
  return { runs: rescanRows(runs, smoothed, width, y0, y1, threshold), excludedPx, excluded };
}

/**
 * `runs` (the cluster) carried up to the needle's own edge where the two touch: the needle's
 * safety margin (`NEEDLE_MARGIN`, never a painted exclusion) is given to the cluster within the
 * margin's width of it. The margin keeps the needle's blurred rim from joining the cluster all
 * along the needle, but between the cluster and the needle it is cluster, up to the measured
 * coating. Returns the runs and the number of working pixels given back.
 */
export function reachNeedleEdge(
  runs: Runs,
  excluded: Exclusion | undefined,
  width: number,
): { runs: Runs; addedPx: number } {
  if (!excluded || runs.y.length === 0) return { runs, addedPx: 0 };
  const [x0, y0, x1, y1] = excluded.box;
  const bw = x1 - x0;
  const bh = y1 - y0;
  // The cluster within the box: the distance is measured there (as a chamfer distance would be).
  const near = new Uint8Array(bw * bh);
  let cx0 = x1;
  let cy0 = y1;
  let cx1 = x0;
  let cy1 = y0;
  for (let r = 0; r < runs.y.length; r++) {
    const y = runs.y[r];
    if (y < y0 || y >= y1) continue;
    const a = Math.max(x0, runs.x0[r]);
    const b = Math.min(x1, runs.x1[r]);
    if (a >= b) continue;
    near.fill(1, (y - y0) * bw + a - x0, (y - y0) * bw + b - x0);
    cx0 = Math.min(cx0, a);
    cx1 = Math.max(cx1, b);
    cy0 = Math.min(cy0, y);
    cy1 = Math.max(cy1, y + 1);
  }
  // Only margin pixels within reach of that part of the cluster can be given to it.
  const reach = Math.ceil(NEEDLE_MARGIN_PX);
  const added: number[] = [];
  for (let y = Math.max(y0, cy0 - reach); y < Math.min(y1, cy1 + reach); y++) {
    for (let x = Math.max(x0, cx0 - reach); x < Math.min(x1, cx1 + reach); x++) {
      const i = y * width + x;
      if (excluded.mask[i] !== NEEDLE_MARGIN) continue;
      for (const [dx, dy] of MARGIN_REACH) {
        const u = x + dx - x0;
        const v = y + dy - y0;
        if (u >= 0 && u < bw && v >= 0 && v < bh && near[v * bw + u]) {
          added.push(i);
          break;
        }
      }
    }
  }
  return added.length === 0
    ? { runs, addedPx: 0 }
    : { runs: withPixels(runs, added, width), addedPx: added.length };
}

/**
 * The offsets within `NEEDLE_MARGIN_PX` of a pixel, in the distance `chamferDistance` measures
 * (steps of 1 and √2): the margin pixels a cluster pixel reaches.
 */
const MARGIN_REACH: readonly [number, number][] = (() => {
  const reach = Math.ceil(NEEDLE_MARGIN_PX);
  const offsets: [number, number][] = [];
  for (let dy = -reach; dy <= reach; dy++) {
    for (let dx = -reach; dx <= reach; dx++) {
      const long = Math.max(Math.abs(dx), Math.abs(dy));
      const short = Math.min(Math.abs(dx), Math.abs(dy));
      if (short * Math.SQRT2 + (long - short) <= NEEDLE_MARGIN_PX) offsets.push([dx, dy]);
    }
  }
  return offsets;
})();

/**
 * Where the cluster meets the needle: the number of its pixels' sides that face the needle's body,
 * in working px (a length along the boundary). 0 without a needle.
 */
export function needleContactPx(
  runs: Runs,
  excluded: Exclusion | undefined,
  width: number,
  height: number,
): number {
  if (excluded?.needleEdgeSigmaPx === undefined) return 0;
  const { mask, box } = excluded;
  const body = (i: number) => (mask[i] & NEEDLE_BODY) !== 0;
  // Only a pixel beside the exclusion's box can face it: the rest of the cluster is skipped.
  const [bx0, by0, bx1, by1] = box;
  let sides = 0;
  for (let r = 0; r < runs.y.length; r++) {
    const y = runs.y[r];
    if (y < by0 - 1 || y > by1) continue;
    const row = y * width;
    const from = Math.max(runs.x0[r], bx0 - 1);
    const to = Math.min(runs.x1[r], bx1 + 1);
    for (let x = from; x < to; x++) {
      const i = row + x;
      if (x > 0 && body(i - 1)) sides++;
      if (x + 1 < width && body(i + 1)) sides++;
      if (y > 0 && body(i - width)) sides++;
      if (y + 1 < height && body(i + width)) sides++;
    }
  }
  return sides;
}

/** Needle (detected) plus painted exclusion (shifted by the frame's drift), or undefined. */
function exclusionMask(
  smoothed: Float32Array,
  width: number,
  height: number,
  params: ResolvedSegmentParams,
  context: SegmentContext,
  bin: number,
  needleOptions: Pick<NeedleOptions, 'coreRuns' | 'blur'>,
): Exclusion | undefined {
  let found: Exclusion | undefined;
  if (params.excludeNeedle) {
    const contrastLevel = 1 - params.contrastStep;
    const needle = detectNeedle(smoothed, width, height, { contrastLevel, ...needleOptions });
    if (needle) found = { mask: needle.mask, box: needle.box, needleEdgeSigmaPx: needle.coatingSigmaPx };
  }
  const strokes = params.exclusionStrokes;
  if (strokes.length > 0) {
    // No drift estimate: the region stays where it was painted (the rule of `driftBetween`'s
    // callers); FrameService measures drift on every frame that carries an exclusion.
    const drift = context.driftPx ?? { x: 0, y: 0 };
    const painted = rasterizeStrokes(
      scaleStrokes(shiftStrokes(strokes, drift.x, drift.y), 1 / bin),
      width,
      height,
    );
    for (let i = 0; i < painted.length; i++) painted[i] = painted[i] ? PAINTED_EXCLUSION : 0;
    if (found) for (let i = 0; i < painted.length; i++) found.mask[i] |= painted[i];
    // Painting is rare and anywhere: the whole frame is its box.
    found = { ...found, mask: found?.mask ?? painted, box: [0, 0, width, height] };
  }
  return found;
}
