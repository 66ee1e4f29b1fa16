/**
 * The smoothing's own blur, taken out of an edge's level. Segmentation smooths the transmission
 * image until its noise is a fraction of the contrast step (`autoSmoothSigma`): at the least σ on
 * a well-exposed frame, several times that at 4 counts/px. Blur spreads a dark object's edge
 * outward, so the contour at a level near the film moves out with it: on the generator's noise-free
 * frames, the area at σ = 2.8 px read 5 % larger than at the least σ, and the low-dose frames read
 * 5–7 % large. The edge levels (the contrast step, the rim fraction) are set at the least σ; here
 * each object's level is moved to where its edge, so placed, lies in the more smoothed image.
 */

import { type EdgeProfile, profileLevels } from './edge-profile.ts';

/** Φ, the standard normal distribution function (Abramowitz & Stegun 26.2.17, |error| < 7.5e-8). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const poly =
    t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI)) * poly;
  return z >= 0 ? 1 - tail : tail;
}

/** Φ⁻¹, by bisection of `normalCdf` (called once per object: 60 halvings cost nothing). */
export function normalQuantile(p: number): number {
  let lo = -10;
  let hi = 10;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** How much an image was smoothed, and the least σ the edge levels are set at, px. */
export interface SmoothingBlur {
  sigmaPx: number;
  referenceSigmaPx: number;
}

/**
 * How far `blur`'s extra smoothing carries outward the contour at a fraction `k` of an edge's
 * contrast below the film, for an edge of width `widthPx` (a Gaussian-blurred step): the level
 * lies −Φ⁻¹(k)·√(w² + σ²) beyond the edge's middle. 0 at or beyond half the contrast.
 */
export function blurShiftPx(k: number, widthPx: number, blur: SmoothingBlur): number {
  if (!(k > 0 && k < 0.5) || !(blur.sigmaPx > blur.referenceSigmaPx)) return 0;
  const spread = (sigma: number) => Math.sqrt(widthPx ** 2 + sigma ** 2);
  return -normalQuantile(k) * (spread(blur.sigmaPx) - spread(blur.referenceSigmaPx));
}

/** A Gaussian-blurred step's distance from its 25 % to its 75 % level, in units of its σ. */
const QUARTILE_SPAN_SIGMAS = 2 * normalQuantile(0.75);

/**
 * The width σ of an object's edge in the unsmoothed image, px: the distance between where its
 * profile crosses a quarter and three quarters of its contrast (going outward from its own
 * level), over that distance for a Gaussian-blurred step. Null when the profile can't be read.
 */
export function edgeWidth(profile: EdgeProfile): number | null {
  const levels = profileLevels(profile);
  if (!levels) return null;
  const { far, dark, darkAt } = levels;
  const { values, counts, lines } = profile;
  const crossing = (fraction: number) => {
    const level = far - fraction * (far - dark);
    for (let j = darkAt + 1; j < values.length; j++) {
      if (!(counts[j] >= lines / 4)) return null;
      if (values[j] >= level) return j - 1 + (level - values[j - 1]) / (values[j] - values[j - 1]);
    }
    return null;
  };
  const outer = crossing(0.25);
  const inner = crossing(0.75);
  return outer === null || inner === null ? null : Math.max(0, outer - inner) / QUARTILE_SPAN_SIGMAS;
}

/**
 * Outline pixels (those with a 4-neighbour outside) per px of outline length, over all the
 * outline's directions: 1 along a row or a column, 1/√2 on a diagonal, 2√2/π on average.
 */
const OUTLINE_PX_PER_LENGTH = (2 * Math.SQRT2) / Math.PI;

/** An object's edge as its profile reads it, with a `level` on it at fraction `k` of its contrast. */
interface ReadEdge {
  far: number;
  contrast: number;
  /** σ of the edge in the unsmoothed image (`edgeWidth`), px. */
  width: number;
  k: number;
  /** The outline's length, px. */
  lengthPx: number;
}

function readEdge(profile: EdgeProfile, level: number): ReadEdge | null {
  const levels = profileLevels(profile);
  const width = edgeWidth(profile);
  if (!levels || width === null) return null;
  const contrast = levels.far - levels.dark;
  const lengthPx = Math.max(1, profile.outlinePx / OUTLINE_PX_PER_LENGTH);
  return { far: levels.far, contrast, width, k: (levels.far - level) / contrast, lengthPx };
}

/**
 * The level `shiftPx` nearer the edge's middle (outward when negative) than `edge.k`, in the
 * transmission smoothed by `sigmaPx`: the edge modelled as a step blurred to √(width² + σ²), on
 * which the level lies −Φ⁻¹(k) of that beyond the middle.
 */
function levelShifted(edge: ReadEdge, shiftPx: number, sigmaPx: number): number {
  const { far, contrast, width, k } = edge;
  return far - normalCdf(normalQuantile(k) + shiftPx / Math.hypot(width, sigmaPx)) * contrast;
}

/**
 * The level, in the transmission smoothed by `blur.sigmaPx`, at which an object's edge lies that
 * `level` marks in the transmission smoothed by the least σ, `blur.referenceSigmaPx`. The edge is
 * modelled as a step blurred to its measured width (`edgeWidth` of `profile`, read in the
 * unsmoothed image), so the extra blur carries the level outward by `blurShiftPx`; blur also
 * shrinks a curved outline, by σ²/2 times its curvature, whose mean over a closed outline is 2π
 * over its length (that share is given back). `level` unchanged at the least σ, at or beyond half
 * the contrast (where blur moves no straight edge), or when the profile can't be read.
 */
export function levelUnderBlur(profile: EdgeProfile, level: number, blur: SmoothingBlur): number {
  const edge = readEdge(profile, level);
  if (!edge) return level;
  const straight = blurShiftPx(edge.k, edge.width, blur);
  if (!(straight > 0)) return level;
  const curved = (Math.PI * (blur.sigmaPx ** 2 - blur.referenceSigmaPx ** 2)) / edge.lengthPx;
  return levelShifted(edge, Math.max(0, straight - curved), blur.sigmaPx);
}

/**
 * `level` moved outward by what smoothing by `sigmaPx` shrinks a closed outline: σ²/2 times its
 * curvature, π σ² of area in all, spread over its length (`profile.outlinePx`). Blur moves no
 * straight edge at the middle of its step, but it rounds a curved one inward there; a level read
 * on the unsmoothed profile and drawn in the smoothed image would lose that much area. `level`
 * unchanged when the profile can't be read.
 */
export function levelWithoutCurvatureShrink(profile: EdgeProfile, level: number, sigmaPx: number): number {
  const edge = readEdge(profile, level);
  if (!edge || !(sigmaPx > 0) || !(edge.k > 0 && edge.k < 1)) return level;
  return levelShifted(edge, -(Math.PI * sigmaPx ** 2) / edge.lengthPx, sigmaPx);
}
