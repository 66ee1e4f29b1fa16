/**
 * What drift tracking leaves out of a frame: the cluster, which swells and changes contrast,
 * and, unless the film alone is too faint to match, the needle; what is left (the support film,
 * whose grain moves with the specimen) is what the drift is measured on.
 *
 * The cluster is found here rather than taken from the frame's segmentation: segmentation keeps
 * only the largest component, and on a noisy reference frame that was a third of the cluster,
 * whose other two thirds then swelled inside the matched region and pulled the drift by 1–2 px.
 */

import { fitBackground, flattenByBackground } from './background.ts';
import { labelRuns } from './components.ts';
import { gaussianBlur } from './filters.ts';
import { chamferDistance, detectNeedle } from './needle.ts';
import type { ResolvedSegmentParams } from './params.ts';
import { runsBeyond } from './runs.ts';
import type { WorkingFrame } from './working-frame.ts';

/** Margin added around every dark object, in drift grid px (see `DriftMaskGrid`): their soft rims. */
export const DRIFT_MASK_MARGIN_PX = 6;

/** Smoothing of `driftMasks` never exceeds this σ, in working px. */
const MAX_SMOOTH_SIGMA_PX = 8;
/** An object holds a pixel darker than the film by this many contrast steps. */
const SEED_STEPS = 1.5;

/** The grid of a drift image: `width` × `height` px, each `scale` frame px on a side. */
export interface DriftMaskGrid {
  width: number;
  height: number;
  scale: number;
}

/** `mask` widened by `marginPx`, in place. */
function widen(mask: Uint8Array, width: number, height: number, marginPx: number): Uint8Array {
  const distance = chamferDistance(mask, width, height);
  for (let i = 0; i < mask.length; i++) mask[i] = distance[i] <= marginPx ? 1 : 0;
  return mask;
}

/** What drift leaves out of a frame, on its drift grid (1 = leave out). */
export interface DriftMasks {
  /** Every dark object, the needle included: the support film alone is matched. */
  film: Uint8Array;
  /** Every dark object but the needle; undefined when no needle was found (then `film` is all). */
  filmAndNeedle?: Uint8Array;
}

/**
 * What changes in a working image, on `grid`: every object darker than the film by a contrast
 * step (the cluster, all of it, and any particle beside it, which swell alike), widened by
 * `marginPx` grid px for the soft rims beyond the step; with and without the needle (which
 * moves with the specimen at best: its holder is not the specimen's, and its coating and its
 * contact with the cluster change). Objects are found in the transmission image (working image
 * over its illumination, see `fitBackground`) smoothed until its noise is a sixth of a step, and
 * must hold a pixel darker by 1.5 steps, so that neither noise nor the support film's own
 * texture makes one.
 */
export function driftMasks(
  working: WorkingFrame,
  params: ResolvedSegmentParams,
  grid: DriftMaskGrid,
  marginPx = DRIFT_MASK_MARGIN_PX,
): DriftMasks {
  const film = new Uint8Array(grid.width * grid.height);
  const { data, width, height, bin, rawNoise } = working;
  const background = fitBackground(data, width, height, undefined, params.darkObject);
  const step = params.contrastStep;
  if (!(background.level > 0) || !(step > 0)) return { film };
  // A Gaussian of σ divides white noise by 2√π σ.
  const noise = rawNoise / background.level;
  const sigma = Math.min(MAX_SMOOTH_SIGMA_PX, Math.max(1, noise / (2 * Math.sqrt(Math.PI) * (step / 6))));
  const smoothed = gaussianBlur(flattenByBackground(data, background), width, height, sigma);
  if (!params.darkObject) for (let i = 0; i < smoothed.length; i++) smoothed[i] = 2 - smoothed[i];
  const runs = runsBeyond(smoothed, width, height, 1 - step);
  const { labels, count } = labelRuns(runs, 8);
  const seeded = new Uint8Array(count + 1);
  const seedLevel = 1 - SEED_STEPS * step;
  for (let i = 0; i < runs.y.length; i++) {
    const row = runs.y[i] * width;
    for (let x = runs.x0[i]; x < runs.x1[i] && !seeded[labels[i]]; x++) {
      if (smoothed[row + x] < seedLevel) seeded[labels[i]] = 1;
    }
  }
  const needle = params.excludeNeedle
    ? detectNeedle(smoothed, width, height, { contrastLevel: 1 - step })?.mask
    : undefined;
  // Working px to grid px: a grid px is left out when any working px in it is.
  const s = grid.scale / bin;
  const changing = needle ? new Uint8Array(film.length) : undefined;
  for (let i = 0; i < runs.y.length; i++) {
    if (!seeded[labels[i]]) continue;
    const y = runs.y[i];
    const gy = Math.min(grid.height - 1, Math.floor(y / s));
    for (let x = runs.x0[i]; x < runs.x1[i]; x++) {
      const g = gy * grid.width + Math.min(grid.width - 1, Math.floor(x / s));
      film[g] = 1;
      if (changing && !needle?.[y * width + x]) changing[g] = 1;
    }
  }
  return {
    film: widen(film, grid.width, grid.height, marginPx),
    filmAndNeedle: changing && widen(changing, grid.width, grid.height, marginPx),
  };
}
