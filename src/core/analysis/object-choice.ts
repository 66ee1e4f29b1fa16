/**
 * Which connected region of a segmented frame is "the cluster": the object the user pointed at,
 * or by default the largest region touching the needle (the cluster under bias is the one the
 * needle contacts), else the largest.
 *
 * Following a pointed object: the point, given in the drift reference frame's pixels, is moved by
 * the frame's drift; the region under it is the object. A swelling or shrinking cluster stays
 * under a point placed inside it; when the point falls just outside (a particle's rim receding,
 * a drift estimate a few pixels off), the nearest region within `OBJECT_REACH` of the frame's
 * side is taken; beyond that the object is lost and the frame says so ('object-lost'). This is
 * decided per frame, so frames can still be analysed in any order on any worker.
 */

import type { Runs } from './runs.ts';

/** Excluded pixels (mask ≠ 0), none of them outside `box` ([x0, y0, x1, y1)). */
export interface ExcludedPixels {
  mask: Uint8Array;
  box: readonly [number, number, number, number];
}

/** How far from the drift-shifted point a region may lie and still be the object, as a fraction of the frame's longer side. */
export const OBJECT_REACH = 0.05;

export interface ComponentChoice {
  /** The chosen label (1-based), or 0 for none. */
  label: number;
  /** True when a point was given and no region lay under it or near enough. */
  lost: boolean;
}

/**
 * Picks a component of `runs` (labelled `labels`, `areas` indexed by label) at least `minArea`
 * large. `point` is in the runs' pixels, already moved by the frame's drift. `excluded`: the
 * pixels taken out as needle or painted exclusion (mask ≠ 0), all within `box`; none when absent.
 */
export function chooseComponent(
  runs: Runs,
  labels: Int32Array,
  areas: ArrayLike<number>,
  count: number,
  minArea: number,
  width: number,
  height: number,
  point: { x: number; y: number } | undefined,
  excluded: ExcludedPixels | undefined,
): ComponentChoice {
  if (point) return pointedComponent(runs, labels, areas, minArea, width, height, point);
  const touching = touchingExcluded(runs, labels, count, width, height, (l) => areas[l] >= minArea, excluded);
  let best = 0;
  let bestTouching = 0;
  for (let l = 1; l <= count; l++) {
    if (areas[l] < minArea) continue;
    if (best === 0 || areas[l] > areas[best]) best = l;
    if (touching[l] && (bestTouching === 0 || areas[l] > areas[bestTouching])) bestTouching = l;
  }
  return { label: bestTouching || best, lost: false };
}

function pointedComponent(
  runs: Runs,
  labels: Int32Array,
  areas: ArrayLike<number>,
  minArea: number,
  width: number,
  height: number,
  point: { x: number; y: number },
): ComponentChoice {
  const px = Math.floor(point.x);
  const py = Math.floor(point.y);
  const reach = OBJECT_REACH * Math.max(width, height);
  let nearest = 0;
  let nearestDistance = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs.y.length; i++) {
    const l = labels[i];
    if (areas[l] < minArea) continue;
    const dy = Math.abs(runs.y[i] - py);
    if (dy > reach) continue;
    // Distance from the point to the run's nearest pixel (0 when the point lies on it).
    const dx = px < runs.x0[i] ? runs.x0[i] - px : px >= runs.x1[i] ? px - runs.x1[i] + 1 : 0;
    const d = Math.hypot(dx, dy);
    if (d < nearestDistance) {
      nearestDistance = d;
      nearest = l;
      if (d === 0) break;
    }
  }
  return nearestDistance <= reach ? { label: nearest, lost: false } : { label: 0, lost: true };
}

/**
 * Per label that `counts`, 1 when one of its pixels has an excluded 4-neighbour (0 for the rest).
 * Only pixels beside the exclusions' box can have one: the rest of each run is not looked at.
 */
function touchingExcluded(
  runs: Runs,
  labels: Int32Array,
  count: number,
  width: number,
  height: number,
  counts: (label: number) => boolean,
  excluded: ExcludedPixels | undefined,
): Uint8Array {
  const touching = new Uint8Array(count + 1);
  if (!excluded) return touching;
  const { mask } = excluded;
  const [bx0, by0, bx1, by1] = excluded.box;
  const at = (x: number, y: number) => mask[y * width + x] !== 0;
  for (let i = 0; i < runs.y.length; i++) {
    const l = labels[i];
    const y = runs.y[i];
    if (touching[l] || y < by0 - 1 || y > by1 || !counts(l)) continue;
    const x0 = runs.x0[i];
    const x1 = runs.x1[i];
    if ((x0 > 0 && at(x0 - 1, y)) || (x1 < width && at(x1, y))) {
      touching[l] = 1;
      continue;
    }
    const end = Math.min(x1, bx1);
    for (let x = Math.max(x0, bx0); x < end && !touching[l]; x++) {
      if ((y > 0 && at(x, y - 1)) || (y + 1 < height && at(x, y + 1))) touching[l] = 1;
    }
  }
  return touching;
}
