/**
 * Moves an object's outline, found by the contrast step, to its edge where the image is
 * defocused (`edge-profile.ts`): along its normals, as a level of its smoothed mask, so the move
 * is sub-pixel and the outline's shape is kept. All of it works in the object's bounding box,
 * widened by what the profile and the smoothing reach.
 */

import { type Background, backgroundAt } from './background.ts';
import {
  defocusedEdge,
  type EdgeOffset,
  MAX_OUTLINE_SMOOTHING_PX,
  MIN_OUTLINE_SMOOTHING_PX,
  PROFILE_REACH_PX,
  sampleEdgeProfile,
  smoothOutline,
  softLevelAt,
} from './edge-profile.ts';
import { pushRun, type Runs, runsBounds, runsToMask } from './runs.ts';

export interface EdgeOutlineInput {
  /** The working image (hot pixels replaced), unsmoothed. */
  image: Float32Array;
  width: number;
  height: number;
  background: Background;
  /** True for bright objects (transmission mirrored around 1). */
  mirror: boolean;
  /** Noise σ of the smoothed transmission the outline was found on. */
  smoothedNoise: number;
  /** Excluded pixels (needle, painted), or undefined. */
  excluded: Uint8Array | undefined;
  /**
   * The film's correlation area, px (`correlationArea`), asked for only when a fringe is found:
   * a defocused outline is smoothed over the film's grain, into which it spikes.
   */
  grainAreaPx: () => number;
}

/** `object` moved to its defocused edge, and by how far; null when its profile shows no fringe. */
export function moveToDefocusedEdge(
  object: Runs,
  input: EdgeOutlineInput,
): { runs: Runs; edge: EdgeOffset } | null {
  const { image, width, height, background, mirror, excluded } = input;
  const box = boxAround(object, width, height, PROFILE_REACH_PX);
  if (!box) return null;
  const [x0, y0, w, h] = box;
  const mask = runsToMask(object, w, h, x0, y0);
  const crop = new Float32Array(w * h);
  const blocked = excluded ? new Uint8Array(w * h) : undefined;
  for (let y = 0; y < h; y++) {
    const from = (y + y0) * width + x0;
    crop.set(image.subarray(from, from + w), y * w);
    if (blocked && excluded) blocked.set(excluded.subarray(from, from + w), y * w);
  }
  const profileAlong = (soft: Float32Array) =>
    sampleEdgeProfile(soft, blocked, w, h, crop, (x, y) => backgroundAt(background, x + x0, y + y0), mirror);
  let soft = smoothOutline(mask, w, h);
  let edge = defocusedEdge(profileAlong(soft), input.smoothedNoise);
  if (!edge) return null;
  // Smoothed over the grain's correlation radius (within the allowed range), and measured again
  // from that outline.
  const sigma = Math.min(
    MAX_OUTLINE_SMOOTHING_PX,
    Math.max(MIN_OUTLINE_SMOOTHING_PX, Math.sqrt(input.grainAreaPx() / Math.PI)),
  );
  if (sigma > MIN_OUTLINE_SMOOTHING_PX) {
    soft = smoothOutline(mask, w, h, sigma);
    edge = defocusedEdge(profileAlong(soft), input.smoothedNoise);
    if (!edge) return null;
  }
  const level = softLevelAt(edge.edgePx, sigma);
  const runs: Runs = { y: [], x0: [], x1: [] };
  for (let y = 0; y < h; y++) {
    let start = -1;
    for (let x = 0; x <= w; x++) {
      const i = y * w + x;
      const inside = x < w && soft[i] >= level && !blocked?.[i];
      if (inside && start < 0) start = x;
      if (!inside && start >= 0) {
        pushRun(runs, y + y0, start + x0, x + x0);
        start = -1;
      }
    }
  }
  return { runs, edge };
}

/** [x0, y0, width, height] of the runs' bounding box widened by `margin`, clipped; null when empty. */
function boxAround(runs: Runs, width: number, height: number, margin: number) {
  const bounds = runsBounds(runs);
  if (!bounds) return null;
  const x0 = Math.max(0, bounds[0] - margin);
  const y0 = Math.max(0, bounds[1] - margin);
  const x1 = Math.min(width, bounds[2] + margin);
  const y1 = Math.min(height, bounds[3] + margin);
  return [x0, y0, x1 - x0, y1 - y0] as const;
}
