/** The area uncertainty of segmentation v2 ('contrast'). */

import type { Runs } from './runs.ts';

/**
 * What the ± beside an area means and which way the area errs, for the screen: the README's "What
 * the area is" and "Which way it errs" give the figures (`npm run bench`, bias column).
 */
export const AREA_UNCERTAINTY_NOTE =
  '± combines the noise, the edge level’s tolerance, the pixel grid and the needle’s edge: a scale of the error, not a ' +
  'calibrated 1σ. On data with ground truth made elsewhere the area reads about 1 % low, because the ' +
  'thinnest part of a rim transmits within the film’s noise. A ratio of areas (A/A₀) cancels most of that.';

/** Relative uncertainty of the contrast step that defines the edge (see `areaUncertainty`). */
const EDGE_LEVEL_TOLERANCE = 0.1;

/**
 * One standard deviation of the area, in working pixels, from three sources added in quadrature:
 * - noise: moving the threshold by one noise σ of the smoothed image moves the outline through
 *   the pixels whose value lies within ±σ of it (half of them per direction); the noise is
 *   independent over about one blur width (2σ_blur) along the outline, so it averages down by
 *   √(outline length / 2σ_blur);
 * - the edge's definition: the soft rim has no sharp edge, so the step itself is uncertain by
 *   `EDGE_LEVEL_TOLERANCE` of its value, and the area moves with it (this term dominates above
 *   a few counts per pixel, and matches the spread of errors on the generator). It counts every
 *   pixel of the cluster's box within the tolerance of the level, pale interior regions and film
 *   grain near the level as well as the rim: on ../shared/dev that is 2.6–3.5× what the area
 *   actually moves when the step is moved by the tolerance (±0.63, ±0.57, ±1.44 % against
 *   1.67, 1.98, 2.32 %). Counted on the rim alone (within 3 px of the outline) it is 0.6, 0.7 and
 *   1.8 % there, and the ± would hold the truth on 46, 72 and 93 % of the frames (89, 100, 98 %
 *   as counted now): no better placed, because what it misses is the bias of the thin rim
 *   (−0.8 to −1.0 %; see the README's "Which way it errs"), which has no term of its own yet;
 * - the pixel grid: a working pixel on the outline is counted all in or all out while the edge
 *   crosses it anywhere, an error uniform over ±½ px² and independent from pixel to pixel, so
 *   √(outline length / 12) px². A binned working pixel is bin² frame px, so binning is in it;
 * - the needle: where the cluster meets it, the boundary is the needle's edge, placed with one
 *   coating measurement, so its error moves the whole contact at once: contact length × the
 *   edge's σ (`needle`; none without a needle).
 */
export function areaUncertainty(
  runs: Runs,
  smoothed: Float32Array,
  width: number,
  height: number,
  threshold: number,
  noise: number,
  step: number,
  blurSigmaPx: number,
  needle: { contactPx: number; edgeSigmaPx: number } = { contactPx: 0, edgeSigmaPx: 0 },
): number {
  if (runs.y.length === 0) return 0;
  const margin = 3;
  let y0 = height;
  let y1 = 0;
  let x0 = width;
  let x1 = 0;
  for (let i = 0; i < runs.y.length; i++) {
    y0 = Math.min(y0, runs.y[i]);
    y1 = Math.max(y1, runs.y[i] + 1);
    x0 = Math.min(x0, runs.x0[i]);
    x1 = Math.max(x1, runs.x1[i]);
  }
  y0 = Math.max(0, y0 - margin);
  x0 = Math.max(0, x0 - margin);
  y1 = Math.min(height, y1 + margin);
  x1 = Math.min(width, x1 + margin);
  const levelTolerance = EDGE_LEVEL_TOLERANCE * step;
  let noiseBand = 0;
  let levelBand = 0;
  for (let y = y0; y < y1; y++) {
    const row = y * width;
    for (let x = x0; x < x1; x++) {
      const d = Math.abs(smoothed[row + x] - threshold);
      if (d < noise) noiseBand++;
      if (d < levelTolerance) levelBand++;
    }
  }
  // Outline length ≈ boundary pixels: run ends on every row plus the top and bottom rows.
  const outlinePx = Math.max(1, 2 * runs.y.length + (x1 - x0));
  const independent = Math.max(1, outlinePx / Math.max(1, 2 * blurSigmaPx));
  const noiseErr = noiseBand / 2 / Math.sqrt(independent);
  const levelErr = levelBand / 2;
  const gridErr = Math.sqrt(outlinePx / 12);
  const needleErr = needle.contactPx * needle.edgeSigmaPx;
  return Math.sqrt(noiseErr * noiseErr + levelErr * levelErr + gridErr * gridErr + needleErr * needleErr);
}
