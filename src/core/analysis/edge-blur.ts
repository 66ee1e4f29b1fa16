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
 * The level, in the transmission smoothed by `sigmaPx`, at which an object's edge lies that
 * `level` marks in the transmission smoothed by the least σ, `referenceSigmaPx`. Modelled as a
 * step blurred to its measured width w (`edgeWidth` of `profile`, read in the unsmoothed image):
 * a level k of the contrast below the film lies Φ⁻¹(k)·√(w² + σ²) from the edge's middle, so the
 * same place reads k' = Φ(Φ⁻¹(k)·√(w² + σ_ref²) / √(w² + σ²)) where σ is larger. `level`
 * unchanged at the least σ, at or beyond half the contrast (where blur moves no straight edge),
 * or when the profile can't be read.
 */
export function levelUnderBlur(profile: EdgeProfile, level: number, blur: SmoothingBlur): number {
  const { sigmaPx, referenceSigmaPx } = blur;
  if (!(sigmaPx > referenceSigmaPx)) return level;
  const levels = profileLevels(profile);
  const width = edgeWidth(profile);
  if (!levels || width === null) return level;
  const contrast = levels.far - levels.dark;
  const k = (levels.far - level) / contrast;
  if (!(k > 0 && k < 0.5)) return level;
  const spread = Math.sqrt(width ** 2 + sigmaPx ** 2);
  const out = -normalQuantile(k) * spread;
  const straight = out - -normalQuantile(k) * Math.sqrt(width ** 2 + referenceSigmaPx ** 2);
  const length = profile.outlinePx / 0.9;
  const curved = (Math.PI * (sigmaPx ** 2 - referenceSigmaPx ** 2)) / Math.max(1, length);
  const shift = Math.max(0, straight - curved);
  return levels.far - normalCdf(-(out - shift) / spread) * contrast;
}
