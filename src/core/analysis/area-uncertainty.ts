/** The area uncertainty of segmentation v2 ('contrast'). */

import type { Runs } from './runs.ts';
import { countNearWasm } from './wasm/shape-kernels.ts';

/**
 * What the ± beside an area means and which way the area errs, for the screen: the README's "What
 * the area is" and "Which way it errs" give the figures (`npm run bench`, bias and 1σ columns).
 */
export const AREA_UNCERTAINTY_NOTE =
  '± is 1σ: the noise, the pixel grid, the needle’s edge, and how far the true outline lies from the ' +
  'edge rule’s, as measured on data with ground truth made elsewhere (it held the truth on about 60–80 % of ' +
  'their frames). There the area reads about 1 % low, because the thinnest part of a rim transmits within ' +
  'the film’s noise. A ratio of areas (A/A₀) cancels most of that.';

/** Which rule drew the outline (edge-outline.ts): the in-focus rim, or the defocused edge. */
export type EdgeRuleName = 'rim' | 'defocused';

/**
 * How far the true outline lies from where each edge rule puts it, measured against ground truth
 * (`npm run bench`; ../shared/dev, and the generator's presets), as two terms added in quadrature:
 * - `offsetPx`: the edge's offset from the true outline, working px along the whole outline (it
 *   moves as one with the rim's contrast, not pixel by pixel): its RMS over every frame of the
 *   eight in-focus movies from two independent image models (three dev movies, five generator
 *   presets) is 0.21 px;
 * - `areaFraction`: a movie's bias, which grows with the object as a lithiated shell does: the
 *   RMS of those eight movies' mean biases is 0.8 % of the area. Defocused outlines were only
 *   measured on the 20 hand-labelled real crops: RMS error 2.9 % for the largest particle, 3.7 %
 *   for every particle's total, 3.3 % over both.
 * The first already holds part of the second; both are kept, because the error is mostly a bias
 * that lasts through a movie, not noise: at their plain RMS the band held the truth on only
 * 40–76 % of the dev movies' frames, with both on 59–80 %.
 */
export const EDGE_RULE_CALIBRATION: Record<EdgeRuleName, { offsetPx: number; areaFraction: number }> = {
  rim: { offsetPx: 0.2, areaFraction: 0.008 },
  defocused: { offsetPx: 0.2, areaFraction: 0.033 },
};

export interface AreaUncertaintyInput {
  /** The smoothed transmission the outline was found in. */
  smoothed: Float32Array;
  width: number;
  height: number;
  /** The level the outline was found at, and the smoothed image's noise σ. */
  threshold: number;
  noise: number;
  /** σ of the smoothing, working px: the noise is independent over about twice this. */
  blurSigmaPx: number;
  rule: EdgeRuleName;
  /** Where the cluster meets the needle: the contact's length and the needle edge's σ, px. */
  needle?: { contactPx: number; edgeSigmaPx: number };
}

/** The area's 1σ, working px², from each source (`areaUncertainty` adds them in quadrature). */
export interface AreaUncertaintyTerms {
  noise: number;
  grid: number;
  needle: number;
  edgeRule: number;
}

/**
 * One standard deviation of the area, in working pixels, from four sources in quadrature:
 * - noise: moving the threshold by one noise σ of the smoothed image moves the outline through
 *   the pixels whose value lies within ±σ of it (half of them per direction); the noise is
 *   independent over about one blur width (2σ_blur) along the outline, so it averages down by
 *   √(outline length / 2σ_blur);
 * - the pixel grid: a working pixel on the outline is counted all in or all out while the edge
 *   crosses it anywhere, an error uniform over ±½ px² and independent from pixel to pixel, so
 *   √(outline length / 12) px². A binned working pixel is bin² frame px, so binning is in it;
 * - the needle: where the cluster meets it, the boundary is the needle's edge, placed with one
 *   coating measurement, so its error moves the whole contact at once: contact length × the
 *   edge's σ (none without a needle);
 * - the edge rule: where the rule puts the edge against the true outline (`EDGE_RULE_CALIBRATION`).
 *   It replaces a term that counted the box's pixels within a tenth of the step of the level: that
 *   counted pale interior and film grain as well as the rim, 2.6–3.5× what the area moves, and
 *   followed the rim's softness, which is not where the truth lies (the softest dev movie's
 *   outline is the nearest to its truth).
 */
export function areaUncertaintyTerms(runs: Runs, input: AreaUncertaintyInput): AreaUncertaintyTerms {
  const none = { noise: 0, grid: 0, needle: 0, edgeRule: 0 };
  if (runs.y.length === 0) return none;
  const { smoothed, width, height, threshold, noise, blurSigmaPx } = input;
  const margin = 3;
  let y0 = height;
  let y1 = 0;
  let x0 = width;
  let x1 = 0;
  let area = 0;
  for (let i = 0; i < runs.y.length; i++) {
    y0 = Math.min(y0, runs.y[i]);
    y1 = Math.max(y1, runs.y[i] + 1);
    x0 = Math.min(x0, runs.x0[i]);
    x1 = Math.max(x1, runs.x1[i]);
    area += runs.x1[i] - runs.x0[i];
  }
  y0 = Math.max(0, y0 - margin);
  x0 = Math.max(0, x0 - margin);
  y1 = Math.min(height, y1 + margin);
  x1 = Math.min(width, x1 + margin);
  const noiseBand =
    countNearWasm({ data: smoothed, stride: width, x0, y0 }, x1 - x0, y1 - y0, threshold, noise) ??
    countNear(smoothed, width, [x0, y0, x1, y1], threshold, noise);
  // Outline length ≈ boundary pixels: run ends on every row plus the top and bottom rows.
  const outlinePx = Math.max(1, 2 * runs.y.length + (x1 - x0));
  const independent = Math.max(1, outlinePx / Math.max(1, 2 * blurSigmaPx));
  const { offsetPx, areaFraction } = EDGE_RULE_CALIBRATION[input.rule];
  const needle = input.needle ?? { contactPx: 0, edgeSigmaPx: 0 };
  return {
    noise: noiseBand / 2 / Math.sqrt(independent),
    grid: Math.sqrt(outlinePx / 12),
    needle: needle.contactPx * needle.edgeSigmaPx,
    edgeRule: Math.hypot(offsetPx * outlinePx, areaFraction * area),
  };
}

/** How many pixels of `image`'s box [x0, y0, x1, y1) lie within `within` of `level`. */
function countNear(
  image: Float32Array,
  width: number,
  [x0, y0, x1, y1]: readonly number[],
  level: number,
  within: number,
): number {
  let count = 0;
  for (let y = y0; y < y1; y++) {
    const row = y * width;
    for (let x = x0; x < x1; x++) if (Math.abs(image[row + x] - level) < within) count++;
  }
  return count;
}

/** One standard deviation of the area, working px²: every term of `areaUncertaintyTerms` in quadrature. */
export function areaUncertainty(runs: Runs, input: AreaUncertaintyInput): number {
  const { noise, grid, needle, edgeRule } = areaUncertaintyTerms(runs, input);
  return Math.sqrt(noise * noise + grid * grid + needle * needle + edgeRule * edgeRule);
}
