/**
 * What drift tracking leaves out of a frame: the cluster, which swells and changes contrast,
 * and, unless the film alone is too faint to match, the needle; what is left (the support film,
 * whose grain moves with the specimen) is what the drift is measured on.
 *
 * The cluster is found here rather than taken from the frame's segmentation: segmentation keeps
 * only the largest component, and on a noisy reference frame that was a third of the cluster,
 * whose other two thirds then swelled inside the matched region and pulled the drift by 1–2 px.
 */

import { fitBackground } from './background.ts';
import { chamferBands } from './chamfer.ts';
import { labelRuns } from './components.ts';
import { smoothAndFindRuns } from './contrast-smooth.ts';
import { detectNeedle } from './needle.ts';
import type { ResolvedSegmentParams } from './params.ts';
import { binFrame, type WorkingFrame } from './working-frame.ts';

/** Margin added around every dark object, in drift grid px (see `DriftMaskGrid`): their soft rims. */
export const DRIFT_MASK_MARGIN_PX = 6;

/** Smoothing of `driftMasks` never exceeds this σ, in working px. */
const MAX_SMOOTH_SIGMA_PX = 8;
/** Masks are found at half the working resolution when that leaves at least this many px a side. */
const MIN_MASK_SIDE_PX = 128;
/** An object holds a pixel darker than the film by this many contrast steps. */
const SEED_STEPS = 1.5;

/** The grid of a drift image: `width` × `height` px, each `scale` frame px on a side. */
export interface DriftMaskGrid {
  width: number;
  height: number;
  scale: number;
}

/** `mask` widened by `marginPx`. */
function widen(mask: Uint8Array, width: number, height: number, marginPx: number): Uint8Array {
  return chamferBands(mask, width, height, [0, 0, width, height], [marginPx, 1], [marginPx, 1]);
}

/** What drift leaves out of a frame, on its drift grid (1 = leave out). */
export interface DriftMasks {
  /** Every dark object, the needle included: the support film alone is matched. */
  film: Uint8Array;
  /**
   * Every dark object but the needle; undefined when no needle was found (then `film` is all).
   * Made when first asked for: most frames match on the film alone, and each mask costs a
   * distance transform and a resampling (about 2 ms at 512²).
   */
  filmAndNeedle: () => Uint8Array | undefined;
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
  const step = params.contrastStep;
  // Objects are tens of px and widened by several: half the working resolution finds them as
  // well, at a quarter of the cost.
  const f = Math.min(working.width, working.height) >= 2 * MIN_MASK_SIDE_PX ? 2 : 1;
  const { data, width, height } = binFrame(working.data, working.width, working.height, f);
  const background = fitBackground(data, width, height, undefined, params.darkObject);
  if (!(background.level > 0) || !(step > 0)) {
    return { film: new Uint8Array(grid.width * grid.height), filmAndNeedle: () => undefined };
  }
  // The mean of f × f px has 1/f the noise; a Gaussian of σ divides white noise by 2√π σ.
  const noise = working.rawNoise / f / background.level;
  const wanted = noise / (2 * Math.sqrt(Math.PI) * (step / 6));
  const sigma = Math.min(MAX_SMOOTH_SIGMA_PX / f, Math.max(1, wanted));
  // Smoothed and thresholded as segmentation smooths its frame (mirrored for bright objects).
  const mirror = !params.darkObject;
  const { smoothed, runs } = smoothAndFindRuns(data, background, sigma, mirror, 1 - step, false);
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
  const film = new Uint8Array(width * height);
  const changing = needle ? new Uint8Array(width * height) : undefined;
  for (let i = 0; i < runs.y.length; i++) {
    if (!seeded[labels[i]]) continue;
    const row = runs.y[i] * width;
    for (let k = row + runs.x0[i]; k < row + runs.x1[i]; k++) {
      film[k] = 1;
      if (changing && !needle?.[k]) changing[k] = 1;
    }
  }
  // Mask px to frame px, and the margin in mask px.
  const maskPx = working.bin * f;
  const margin = (marginPx * grid.scale) / maskPx;
  const onGrid = (mask: Uint8Array) =>
    sample(widen(mask, width, height, margin), width, height, maskPx, grid);
  let filmAndNeedle: Uint8Array | undefined | null = null;
  return {
    film: onGrid(film),
    filmAndNeedle: () => {
      if (filmAndNeedle === null) filmAndNeedle = changing && onGrid(changing);
      return filmAndNeedle;
    },
  };
}

/** `mask` (width × height, `maskPx` frame px per px) sampled at the centres of `grid`'s px. */
function sample(
  mask: Uint8Array,
  width: number,
  height: number,
  maskPx: number,
  grid: DriftMaskGrid,
): Uint8Array {
  const out = new Uint8Array(grid.width * grid.height);
  // Grid px gx reads mask px column(gx), which never decreases with gx: the grid px reading mask
  // px [x0, x1) are [first[x0], first[x1]), so each run of set mask px fills a range of the grid
  // row (most of a row is one or two runs).
  const first = new Int32Array(width + 1).fill(-1);
  for (let gx = grid.width - 1; gx >= 0; gx--) {
    const column = Math.min(width - 1, Math.floor(((gx + 0.5) * grid.scale) / maskPx));
    first[column] = gx;
  }
  first[width] = grid.width;
  // Mask px that no grid px reads take the first grid px after them.
  for (let x = width - 1; x >= 0; x--) if (first[x] < 0) first[x] = first[x + 1];
  let previous = -1;
  for (let gy = 0; gy < grid.height; gy++) {
    const row = Math.min(height - 1, Math.floor(((gy + 0.5) * grid.scale) / maskPx)) * width;
    const to = gy * grid.width;
    // Grid rows that fall in the same mask row (two of them at 512², masks at half size) are equal.
    if (row === previous) {
      out.copyWithin(to, to - grid.width, to);
      continue;
    }
    previous = row;
    for (let x = 0; x < width; x++) {
      if (!mask[row + x]) continue;
      const start = x;
      while (x < width && mask[row + x]) x++;
      out.fill(1, to + first[start], to + first[x]);
    }
  }
  return out;
}
