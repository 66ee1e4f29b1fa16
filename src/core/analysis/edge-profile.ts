/**
 * Where a defocused object's edge is, from its own profile. Bright-field images are often taken
 * a little out of focus for contrast, and a defocused edge rings: a bright Fresnel fringe just
 * outside it and a dark one just inside. A fixed contrast step below the film then lands on the
 * outer foot of the ramp, px outside the edge a microscopist draws (areas 8–10 % large on the
 * hand-labelled real crops). The edge of a blurred edge is where the profile crosses half-way
 * between the film and the object; that is used where the averaged profile across the outline
 * shows a fringe. In focus, the step stays (its edge suits the soft rims of weakly scattering
 * particles, which fade to their geometric outline).
 *
 * The profile is the transmission along the outline's outward normals, averaged along the whole
 * outline: s = −PROFILE_INSIDE_PX … +PROFILE_OUTSIDE_PX, 1 px apart.
 */

import { gaussianBlur } from './filters.ts';

const PROFILE_INSIDE_PX = 12;
const PROFILE_OUTSIDE_PX = 16;
/** Lines that meet the object again or an excluded pixel within this far outside are dropped. */
const CLEAR_OUTSIDE_PX = 5;
/** The far film level is the profile's mean from here out (beyond any fringe). */
const FAR_FILM_FROM_PX = 12;
const PROFILE_LENGTH = PROFILE_INSIDE_PX + PROFILE_OUTSIDE_PX + 1;

/**
 * σ of the blur that smooths an outline (`smoothOutline`), px: at least MIN_, at most MAX_
 * (beyond, the blur would round the particles themselves: a disk of radius r shrinks by
 * σ² / 2r).
 */
export const MIN_OUTLINE_SMOOTHING_PX = 1.5;
export const MAX_OUTLINE_SMOOTHING_PX = 4;

/** How far outside an object's pixels its profile and smoothed outline reach, px. */
export const PROFILE_REACH_PX = PROFILE_OUTSIDE_PX + Math.ceil(4 * MAX_OUTLINE_SMOOTHING_PX) + 2;
/** Below this gradient of the blurred mask (per px) an outline pixel has no clear normal (a spur, a thin line). */
const MIN_OUTLINE_GRADIENT = 0.05;

/** Outline points sampled at most: the average is already smooth well before this. */
const MAX_LINES = 600;
/** Fewer lines than this and the profile is too noisy to read: the caller keeps its step. */
const MIN_LINES = 40;

/** A bright fringe must rise this fraction of the object's contrast above the far film. */
const FRINGE_MIN_CONTRAST = 0.04;

export interface EdgeProfile {
  /** Mean transmission at each s (index 0 is the deepest). */
  values: Float64Array;
  /** Lines averaged at each s (deep samples stop where a thin object ends, far ones at a neighbour). */
  counts: Uint32Array;
  /** Standard deviation of the lines' samples at each s. */
  spread: Float64Array;
  lines: number;
}

/** An edge along the outward normal, px from the outline the profile was taken on, ± one σ. */
export interface EdgeOffset {
  edgePx: number;
  edgeErrPx: number;
}

/**
 * The object's outline smoothed: its mask blurred by `sigmaPx`, whose 0.5 level is the outline.
 * A thresholded outline wiggles with the noise and spikes into the film's grain; the level sets
 * of this image follow the outline without them, and move it along its normals by a sub-pixel
 * distance (`softLevelAt`).
 */
export function smoothOutline(
  mask: Uint8Array,
  width: number,
  height: number,
  sigmaPx = MIN_OUTLINE_SMOOTHING_PX,
): Float32Array {
  return gaussianBlur(mask, width, height, sigmaPx);
}

/**
 * The level of a `smoothOutline` image (blur `sigmaPx`) whose outline lies `distancePx` outside
 * its 0.5 level (inside when negative), for a straight stretch of outline: ½ erfc(d / σ√2).
 */
export function softLevelAt(distancePx: number, sigmaPx = MIN_OUTLINE_SMOOTHING_PX): number {
  return 0.5 * erfc(distancePx / (sigmaPx * Math.SQRT2));
}

/** Complementary error function (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const r = poly * Math.exp(-z * z);
  return x >= 0 ? r : 2 - r;
}

/**
 * The mean transmission profile across the 0.5 outline of `soft` (see `smoothOutline`), along
 * each outline pixel's outward normal, in the unsmoothed transmission: `image` (bilinear) over the beam level
 * `backgroundNear(x, y)` where the line crosses the outline (the beam changes little over a line),
 * mirrored around 1 for bright objects. Lines that leave the image, or whose outside part meets the object again or a
 * `blocked` pixel (needle, painted exclusion), are skipped; inside, a line counts only while it
 * is still in the object.
 */
export function sampleEdgeProfile(
  soft: Float32Array,
  blocked: Uint8Array | undefined,
  width: number,
  height: number,
  image: Float32Array,
  backgroundNear: (x: number, y: number) => number,
  mirror: boolean,
): EdgeProfile {
  const values = new Float64Array(PROFILE_LENGTH);
  const counts = new Uint32Array(PROFILE_LENGTH);
  const squares = new Float64Array(PROFILE_LENGTH);
  const inside = (i: number) => soft[i] >= 0.5;
  const outline: number[] = [];
  for (let y = 2; y < height - 2; y++) {
    for (let x = 2; x < width - 2; x++) {
      const i = y * width + x;
      if (inside(i) && !(inside(i - 1) && inside(i + 1) && inside(i - width) && inside(i + width)))
        outline.push(i);
    }
  }
  const stride = Math.max(1, Math.ceil(outline.length / MAX_LINES));
  const line = new Float64Array(PROFILE_LENGTH);
  let lines = 0;
  for (let k = 0; k < outline.length; k += stride) {
    const i = outline[k];
    const x = i % width;
    const y = (i - x) / width;
    const gx = (soft[i + 1] - soft[i - 1]) / 2;
    const gy = (soft[i + width] - soft[i - width]) / 2;
    const g = Math.hypot(gx, gy);
    if (g < MIN_OUTLINE_GRADIENT) continue;
    const normal = { x: -gx / g, y: -gy / g };
    // Outward the blurred mask falls by g per px: it crosses 0.5 this far along the normal.
    const t = (soft[i] - 0.5) / g;
    if (Math.abs(t) > 2) continue;
    const ex = x + t * normal.x;
    const ey = y + t * normal.y;
    const beam = backgroundNear(ex, ey);
    if (!(beam > 0)) continue;
    let ok = true;
    // Going inward, the line counts until it first leaves the object (a thin part ends early);
    // going outward, until it meets the object again or an excluded pixel, which must not happen
    // within the fitted part.
    let deepest = 0;
    let end = PROFILE_LENGTH;
    for (let j = 0; j < PROFILE_LENGTH; j++) {
      const s = j - PROFILE_INSIDE_PX;
      const px = ex + s * normal.x;
      const py = ey + s * normal.y;
      if (px < 0 || py < 0 || px > width - 2 || py > height - 2) {
        if (s <= CLEAR_OUTSIDE_PX) ok = false;
        end = j;
        break;
      }
      const q = Math.round(py) * width + Math.round(px);
      if (s >= 1 && (inside(q) || blocked?.[q])) {
        if (s <= CLEAR_OUTSIDE_PX) ok = false;
        end = j;
        break;
      }
      if (s <= -1 && !inside(q)) deepest = j + 1;
      const t = bilinear(image, width, px, py) / beam;
      line[j] = mirror ? 2 - t : t;
    }
    if (!ok) continue;
    for (let j = deepest; j < end; j++) {
      values[j] += line[j];
      squares[j] += line[j] * line[j];
      counts[j]++;
    }
    lines++;
  }
  const spread = new Float64Array(PROFILE_LENGTH);
  for (let j = 0; j < PROFILE_LENGTH; j++) {
    if (counts[j] === 0) continue;
    values[j] /= counts[j];
    spread[j] = Math.sqrt(Math.max(0, squares[j] / counts[j] - values[j] * values[j]));
  }
  return { values, counts, spread, lines };
}

function bilinear(image: Float32Array, width: number, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const i = y0 * width + x0;
  const top = image[i] + fx * (image[i + 1] - image[i]);
  const bottom = image[i + width] + fx * (image[i + width + 1] - image[i + width]);
  return top + fy * (bottom - top);
}

/**
 * The half-way crossing of a profile with a bright fringe outside its edge, or null when it has
 * none: the crossing of the level half-way between the far film and the object's darkest
 * interior level. `smoothedNoise` is the noise σ of the smoothed image the outline was found on.
 */
export function defocusedEdge(profile: EdgeProfile, smoothedNoise: number): EdgeOffset | null {
  if (profile.lines < MIN_LINES) return null;
  const { values, counts, spread, lines } = profile;
  const enough = (j: number) => counts[j] >= lines / 4;
  let farSum = 0;
  let farCount = 0;
  let farSpread = 0;
  for (let j = PROFILE_INSIDE_PX + FAR_FILM_FROM_PX; j < PROFILE_LENGTH; j++) {
    if (!enough(j)) continue;
    farSum += values[j];
    farSpread += spread[j] / Math.sqrt(counts[j]);
    farCount++;
  }
  if (farCount < 2) return null;
  const far = farSum / farCount;
  // The object's own level: its deepest samples, past the dark fringe just inside the edge.
  let darkAt = -1;
  for (let j = 0; j <= PROFILE_INSIDE_PX - 2 && darkAt < 0; j++) if (counts[j] >= lines / 3) darkAt = j;
  const dark = darkAt < 0 ? Number.NaN : (values[darkAt] + values[darkAt + 1]) / 2;
  if (!(far > dark)) return null;
  // The brightest 3-px stretch outside the outline. Just outside a thresholded outline the
  // image also reads bright at low dose, over the smoothing's reach (the outline stops where
  // noise lifted the smoothed image above the threshold), but by at most about one σ of the
  // smoothed image's noise: a fringe must rise more than twice that.
  let peak = Number.NEGATIVE_INFINITY;
  let peakError = 0;
  for (let j = PROFILE_INSIDE_PX + 2; j < PROFILE_INSIDE_PX + FAR_FILM_FROM_PX - 1; j++) {
    if (!enough(j - 1) || !enough(j + 1)) continue;
    const mean = (values[j - 1] + values[j] + values[j + 1]) / 3;
    if (mean > peak) {
      peak = mean;
      peakError = spread[j] / Math.sqrt(3 * counts[j]);
    }
  }
  const standardError = Math.hypot(peakError, farSpread / farCount);
  const rise = peak - far;
  if (!(rise > 4 * standardError && rise > 2 * smoothedNoise && rise > FRINGE_MIN_CONTRAST * (far - dark)))
    return null;
  const level = (far + dark) / 2;
  for (let j = darkAt + 1; j < PROFILE_LENGTH; j++) {
    if (counts[j] === 0 || values[j] < level) continue;
    const below = values[j - 1];
    const slope = values[j] - below;
    // The crossing moves by the samples' error over the slope (plus the level's own error).
    const error = Math.hypot(spread[j] / Math.sqrt(counts[j]), standardError) / slope;
    return { edgePx: j - 1 - PROFILE_INSIDE_PX + (level - below) / slope, edgeErrPx: Math.max(0.05, error) };
  }
  return null;
}
