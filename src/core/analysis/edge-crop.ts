/**
 * Which pixels an object redrawn at its edge takes (edge-outline.ts decides the level): the crop
 * an object is worked on in, and the pixels of it at or below the level, near the object and
 * nearer to it than to its neighbours (defocused), or inside its step outline (in focus).
 */

import { chamferDistance } from './chamfer.ts';
import { labelRuns, selectRuns } from './components.ts';
import type { EdgeOutlineInput } from './edge-outline.ts';
import { PROFILE_REACH_PX } from './edge-profile.ts';
import type { ImageWindow } from './image-window.ts';
import { maskToRuns, type Runs, runsBounds, runsToMask, shiftRuns } from './runs.ts';
import { insideRunsWasm } from './wasm/shape-kernels.ts';

/**
 * How far outside its step outline a defocused object's edge may lie, px. The step lands on the
 * outer foot of a defocused edge's ramp, outside the edge (0.4–2.7 px on the real crops), so the
 * edge is found inside or near the step outline; the limit keeps it off its neighbours' rims.
 */
const EDGE_REACH_PX = 4;
/**
 * A pixel joins an object only if it is this much nearer to it than to any other, px: two pixels
 * side by side (√2 apart at most) then can't belong to two objects, which would join them.
 */
const SEPARATION_PX = 2;
/**
 * The edge level redraws the rim only: what the step found this far inside the object stays
 * object, px (twice the reach; the edge lies at most a few px inside the step outline), so a
 * pale spot in a particle's interior does not become a hole.
 */
const INTERIOR_DEPTH_PX = 2 * EDGE_REACH_PX;

/** The part of the working image around some runs, with what a profile line must stop at. */
export interface Crop {
  x0: number;
  y0: number;
  w: number;
  h: number;
  /** The runs, as a mask of the crop. */
  mask: Uint8Array;
  /** The working image in the crop (read in place). */
  image: ImageWindow;
  /** Excluded pixels and, with `others`, the other objects' pixels; undefined when none. */
  blocked: Uint8Array | undefined;
  /** With `others`: the other objects' pixels in the crop; undefined when there are none. */
  others: Uint8Array | undefined;
  /** The runs' bounding box in the crop: [x0, y0, x1, y1), x1 and y1 exclusive. */
  bounds: [number, number, number, number];
}

/**
 * The crop around `runs`, widened by what a profile and the smoothing reach; null when empty.
 * `others`: every object's runs (these runs' own pixels among them are not others).
 */
export function cropAround(runs: Runs, input: EdgeOutlineInput, others?: Runs): Crop | null {
  const { image, width, height, excluded } = input;
  const bounds = runsBounds(runs);
  if (!bounds) return null;
  const [x0, y0, w, h] = boxAround(bounds, width, height, PROFILE_REACH_PX);
  const mask = runsToMask(runs, w, h, x0, y0);
  const blocked = excluded || others ? new Uint8Array(w * h) : undefined;
  if (excluded && blocked) {
    for (let y = 0; y < h; y++) {
      const from = (y + y0) * width + x0;
      blocked.set(excluded.subarray(from, from + w), y * w);
    }
  }
  let neighbours: Uint8Array | undefined;
  let anyNeighbour = false;
  if (others && blocked) {
    neighbours = new Uint8Array(w * h);
    for (let r = 0; r < others.y.length; r++) {
      const y = others.y[r] - y0;
      if (y < 0 || y >= h) continue;
      const start = Math.max(0, others.x0[r] - x0);
      const end = Math.min(w, others.x1[r] - x0);
      for (let i = y * w + start; i < y * w + end; i++) {
        if (mask[i]) continue;
        neighbours[i] = 1;
        blocked[i] = 1;
        anyNeighbour = true;
      }
    }
  }
  const inCrop: Crop['bounds'] = [bounds[0] - x0, bounds[1] - y0, bounds[2] - x0, bounds[3] - y0];
  // No neighbour in reach is no neighbour at all: `others` is then left out.
  const othersInCrop = anyNeighbour ? neighbours : undefined;
  const window = { data: image, stride: width, x0, y0 };
  return { x0, y0, w, h, mask, image: window, blocked, others: othersInCrop, bounds: inCrop };
}

/**
 * In `crop`, the pixels of `smoothed` (the whole working image's smoothed transmission) at or
 * below `level`, or deeper than INTERIOR_DEPTH_PX inside the object's step outline, within
 * EDGE_REACH_PX of the object, nearer to it than to any other object by SEPARATION_PX (so that
 * objects apart at the step stay apart), and not blocked: the connected piece that overlaps the
 * object most (a neighbour's rim within reach is not this object), as runs in the crop.
 */
export function darkerNear(crop: Crop, smoothed: Float32Array, width: number, level: number): Runs {
  const { x0, y0, w, h, mask, blocked, others } = crop;
  // Distances are needed only within reach of the object, and to the others only that far
  // beyond: a box that much wider than the object, not the whole crop.
  const [bx0, by0, bw, bh] = boxAround(crop.bounds, w, h, 2 * EDGE_REACH_PX + SEPARATION_PX + 1);
  const box: [number, number, number, number] = [bx0, by0, bx0 + bw, by0 + bh];
  const reach = chamferDistance(mask, w, h, box);
  const toOthers = others && chamferDistance(others, w, h, box);
  const depth = chamferDistance(mask, w, h, box, true);
  const darker = new Uint8Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    const row = (y + by0 + y0) * width + x0 + bx0;
    for (let x = 0; x < bw; x++) {
      const i = y * bw + x;
      const c = (y + by0) * w + x + bx0;
      const own = reach[i] <= EDGE_REACH_PX && (!toOthers || reach[i] + SEPARATION_PX <= toOthers[i]);
      const dark = smoothed[row + x] <= level || depth[i] > INTERIOR_DEPTH_PX;
      darker[i] = own && dark && !blocked?.[c] ? 1 : 0;
    }
  }
  const runs = maskToRuns(darker, bw, bh);
  const { labels, count } = labelRuns(runs, 8);
  const overlap = new Float64Array(count + 1);
  for (let r = 0; r < runs.y.length; r++) {
    const row = (runs.y[r] + by0) * w + bx0;
    for (let x = runs.x0[r]; x < runs.x1[r]; x++) if (mask[row + x]) overlap[labels[r]]++;
  }
  let best = 0;
  for (let l = 1; l <= count; l++) if (overlap[l] > overlap[best]) best = l;
  return pickedInCrop(runs, labels, best, bx0, by0);
}

/**
 * In `crop`, the object's pixels where `smoothed` is at or below `level` or that lie deeper than
 * INTERIOR_DEPTH_PX inside it: its largest connected piece (noise can cut a sliver off the rim),
 * as runs in the crop.
 */
export function darkerInside(crop: Crop, smoothed: Float32Array, width: number, level: number): Runs {
  const { x0, y0, w, h, mask } = crop;
  const [bx0, by0, bw, bh] = boxAround(crop.bounds, w, h, 1);
  const box = [bx0, by0, bx0 + bw, by0 + bh] as const;
  const window = { data: smoothed, stride: width, x0: x0 + bx0, y0: y0 + by0 };
  const runs =
    insideRunsWasm(mask, w, box, window, level, INTERIOR_DEPTH_PX) ??
    insideRuns(mask, w, h, box, window, level);
  const { labels, count, areas } = labelRuns(runs, 8);
  let best = 0;
  for (let l = 1; l <= count; l++) if (best === 0 || areas[l] > areas[best]) best = l;
  return pickedInCrop(runs, labels, best, bx0, by0);
}

/**
 * The JS twin of shape-kernels.ts `insideRunsWasm`: `mask`'s pixels (a w × h crop) within the
 * box whose `smoothed` value (a window onto the box) is at or below `level`, or that lie deeper
 * inside the mask than INTERIOR_DEPTH_PX, as runs in the box.
 */
function insideRuns(
  mask: Uint8Array,
  w: number,
  h: number,
  [bx0, by0, bx1, by1]: readonly [number, number, number, number],
  { data: smoothed, stride: width, x0: sx, y0: sy }: ImageWindow,
  level: number,
): Runs {
  const [bw, bh] = [bx1 - bx0, by1 - by0];
  const depth = chamferDistance(mask, w, h, [bx0, by0, bx1, by1], true);
  const darker = new Uint8Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    const row = (y + sy) * width + sx;
    const c = (y + by0) * w + bx0;
    for (let x = 0; x < bw; x++) {
      const i = y * bw + x;
      darker[i] = mask[c + x] && (smoothed[row + x] <= level || depth[i] > INTERIOR_DEPTH_PX) ? 1 : 0;
    }
  }
  return maskToRuns(darker, bw, bh);
}

/**
 * The runs labelled `label` (none for 0) of a box at (bx0, by0) in the crop, in crop coordinates:
 * maximal runs of the box's mask, so they are what a mask of them would give back.
 */
function pickedInCrop(runs: Runs, labels: Int32Array, label: number, bx0: number, by0: number): Runs {
  const picked = label === 0 ? { y: [], x0: [], x1: [] } : selectRuns(runs, labels, label);
  return shiftRuns(picked, bx0, by0);
}

/** [x0, y0, width, height] of `bounds` ([x0, y0, x1, y1)) widened by `margin`, clipped to width × height. */
function boxAround(bounds: readonly number[], width: number, height: number, margin: number) {
  const x0 = Math.max(0, bounds[0] - margin);
  const y0 = Math.max(0, bounds[1] - margin);
  const x1 = Math.min(width, bounds[2] + margin);
  const y1 = Math.min(height, bounds[3] + margin);
  return [x0, y0, x1 - x0, y1 - y0] as const;
}
