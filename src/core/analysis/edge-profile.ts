/**
 * Where a defocused object's edge is, from its own profile. Bright-field images are often taken
 * a little out of focus for contrast, and a defocused edge rings: a bright Fresnel fringe just
 * outside it and a dark one just inside. A fixed contrast step below the film then lands on the
 * outer foot of the ramp, px outside the edge a microscopist draws (areas 8–10 % large on the
 * hand-labelled real crops). Where the averaged profile across the objects' outlines shows a
 * fringe, each object's edge is at the level `defocusedEdgeLevel` sets between the film and the
 * object's own level, both read from its profile. In focus, the step stays (its edge suits the
 * soft rims of weakly scattering particles, which fade to their geometric outline).
 *
 * The profile is the transmission along the outline's outward normals, averaged along the whole
 * outline: s = −PROFILE_INSIDE_PX … +PROFILE_OUTSIDE_PX, 1 px apart.
 */

import { gaussianBlur, shortKernelFor } from './filters.ts';
import { copyWindowRows, type ImageWindow } from './image-window.ts';
import { flattenBlurWasm } from './wasm/kernels.ts';
import { edgeLinesWasm, type LineSums } from './wasm/shape-kernels.ts';

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
/** Fewer lines than this and the profile is too noisy to read. */
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
  /** Pixels on the outline the lines were drawn from (every one, before thinning to MAX_LINES). */
  outlinePx: number;
  /** The lines it was sampled along: the same outline's profile with other pixels blocked reuses them. */
  drawn?: DrawnLines;
}

/** Lines across an outline (ex, ey, nx, ny, beam each, `count` of them) and the outline's pixels. */
export interface DrawnLines {
  lines: Float64Array;
  count: number;
  outlinePx: number;
}

/**
 * The object's outline smoothed: its mask blurred by `sigmaPx`, whose 0.5 level is the outline.
 * A thresholded outline wiggles with the noise and spikes into the film's grain; the normals of
 * this image's level sets follow the outline without them.
 */
export function smoothOutline(
  mask: Uint8Array,
  width: number,
  height: number,
  sigmaPx = MIN_OUTLINE_SMOOTHING_PX,
): Float32Array {
  // Every frame's outline is smoothed at the narrowest σ to look for a fringe: there the
  // WebAssembly blur (the flatten + blur kernel over a beam of 1) is ~5× the JS one.
  const half = shortKernelFor(sigmaPx);
  const fast = half && flattenBlurWasm(mask, width, height, UNIT_BEAM, half);
  return fast ? fast.smoothed : gaussianBlur(mask, width, height, sigmaPx);
}

/** A background surface of 1 everywhere (its constant term; see background.ts): flattening by it changes nothing. */
const UNIT_BEAM = Float64Array.from({ length: 10 }, (_, i) => (i === 0 ? 1 : 0));

/**
 * The mean transmission profile across the 0.5 outline of `soft` (see `smoothOutline`), along
 * each outline pixel's outward normal, in the unsmoothed transmission: `image` (bilinear) over the beam level
 * `backgroundNear(x, y)` where the line crosses the outline (the beam changes little over a line),
 * mirrored around 1 for bright objects. Lines that leave the image, or whose outside part meets the object again or a
 * `blocked` pixel (needle, painted exclusion), are skipped; inside, a line counts only while it
 * is still in the object. `image` is width × height, or the window of a larger image where the
 * crop lies (read in place: a crop of the image is not copied out for it).
 */
export function sampleEdgeProfile(
  soft: Float32Array,
  blocked: Uint8Array | undefined,
  width: number,
  height: number,
  image: Float32Array | ImageWindow,
  backgroundNear: (x: number, y: number) => number,
  mirror: boolean,
  within: readonly [number, number, number, number] = [0, 0, width, height],
  drawn?: DrawnLines,
): EdgeProfile {
  // The pixel loops run in WebAssembly where they can (the same bits), the lines' set-up here.
  const shape = { inside: PROFILE_INSIDE_PX, length: PROFILE_LENGTH, clear: CLEAR_OUTSIDE_PX };
  const window = image instanceof Float32Array ? { data: image, stride: width, x0: 0, y0: 0 } : image;
  const fast = edgeLinesWasm(soft, blocked, window, width, height, within, MAX_LINES, shape, !drawn);
  const along =
    drawn ??
    linesAcross(fast?.outline ?? outlinePixels(soft, width, height, within), soft, width, backgroundNear);
  const { lines, count } = along;
  const sums =
    fast?.sample(lines, count, mirror) ??
    sampleLines(soft, blocked, width, height, windowPixels(window, width, height), lines, count, mirror);
  const { values, counts } = sums;
  const spread = new Float64Array(PROFILE_LENGTH);
  for (let j = 0; j < PROFILE_LENGTH; j++) {
    if (counts[j] === 0) continue;
    values[j] /= counts[j];
    spread[j] = Math.sqrt(Math.max(0, sums.squares[j] / counts[j] - values[j] * values[j]));
  }
  return { values, counts, spread, lines: sums.lines, outlinePx: along.outlinePx, drawn: along };
}

/**
 * The lines a profile is sampled along, from the outline pixels of a smoothed outline: each
 * where it crosses the 0.5 outline (ex, ey), its outward normal (nx, ny), the beam there; at
 * most MAX_LINES of them, evenly along the outline.
 */
function linesAcross(
  outline: Int32Array | number[],
  soft: Float32Array,
  width: number,
  backgroundNear: (x: number, y: number) => number,
): DrawnLines {
  const stride = Math.max(1, Math.ceil(outline.length / MAX_LINES));
  const lines = new Float64Array(5 * Math.ceil(outline.length / stride));
  let count = 0;
  for (let k = 0; k < outline.length; k += stride) {
    const i = outline[k];
    const x = i % width;
    const y = (i - x) / width;
    const gx = (soft[i + 1] - soft[i - 1]) / 2;
    const gy = (soft[i + width] - soft[i - width]) / 2;
    const g = Math.hypot(gx, gy);
    if (g < MIN_OUTLINE_GRADIENT) continue;
    const nx = -gx / g;
    const ny = -gy / g;
    // Outward the blurred mask falls by g per px: it crosses 0.5 this far along the normal.
    const t = (soft[i] - 0.5) / g;
    if (Math.abs(t) > 2) continue;
    const ex = x + t * nx;
    const ey = y + t * ny;
    const beam = backgroundNear(ex, ey);
    if (!(beam > 0)) continue;
    const at = 5 * count++;
    lines[at] = ex;
    lines[at + 1] = ey;
    lines[at + 2] = nx;
    lines[at + 3] = ny;
    lines[at + 4] = beam;
  }
  return { lines, count, outlinePx: outline.length };
}

/** The window's pixels as an image of their own (the JS twin's path reads them so). */
function windowPixels(window: ImageWindow, width: number, height: number): Float32Array {
  if (window.stride === width && window.x0 === 0 && window.y0 === 0) return window.data;
  const pixels = new Float32Array(width * height);
  copyWindowRows(window, width, height, pixels);
  return pixels;
}

/**
 * The unsmoothed transmission along each of `count` lines (ex, ey, nx, ny, beam in `lines`, see
 * `sampleEdgeProfile`), summed over the lines kept: going inward, a line counts until it first
 * leaves the object (a thin part ends early); going outward, until it meets the object again or a
 * blocked pixel, which must not happen within CLEAR_OUTSIDE_PX (else the line is dropped).
 */
function sampleLines(
  soft: Float32Array,
  blocked: Uint8Array | undefined,
  width: number,
  height: number,
  image: Float32Array,
  lines: Float64Array,
  count: number,
  mirror: boolean,
): LineSums {
  const values = new Float64Array(PROFILE_LENGTH);
  const counts = new Uint32Array(PROFILE_LENGTH);
  const squares = new Float64Array(PROFILE_LENGTH);
  const line = new Float64Array(PROFILE_LENGTH);
  let kept = 0;
  for (let l = 0; l < count; l++) {
    const [ex, ey, nx, ny, beam] = [
      lines[5 * l],
      lines[5 * l + 1],
      lines[5 * l + 2],
      lines[5 * l + 3],
      lines[5 * l + 4],
    ];
    let ok = true;
    let deepest = 0;
    let end = PROFILE_LENGTH;
    for (let j = 0; j < PROFILE_LENGTH; j++) {
      const s = j - PROFILE_INSIDE_PX;
      const px = ex + s * nx;
      const py = ey + s * ny;
      if (px < 0 || py < 0 || px > width - 2 || py > height - 2) {
        if (s <= CLEAR_OUTSIDE_PX) ok = false;
        end = j;
        break;
      }
      // px, py ≥ 0 here, where truncating x + 0.5 is Math.round(x).
      const q = ((py + 0.5) | 0) * width + ((px + 0.5) | 0);
      if (s >= 1 && (soft[q] >= 0.5 || blocked?.[q])) {
        if (s <= CLEAR_OUTSIDE_PX) ok = false;
        end = j;
        break;
      }
      if (s <= -1 && !(soft[q] >= 0.5)) deepest = j + 1;
      const t = bilinear(image, width, px, py) / beam;
      line[j] = mirror ? 2 - t : t;
    }
    if (!ok) continue;
    for (let j = deepest; j < end; j++) {
      values[j] += line[j];
      squares[j] += line[j] * line[j];
      counts[j]++;
    }
    kept++;
  }
  return { values, squares, counts, lines: kept };
}

/**
 * Pixels of `soft` at or above 0.5 with a 4-neighbour below it, 2 px or more from the border,
 * looked for in `within` [x0, y0, x1, y1) only. A mask's blur is below 0.5 everywhere outside
 * the mask's bounding box (at most the kernel's far half lies on the mask), so its bounds are all
 * the search needs; the crop's margin, half its area, is skipped.
 */
function outlinePixels(
  soft: Float32Array,
  width: number,
  height: number,
  within: readonly [number, number, number, number],
): number[] {
  const outline: number[] = [];
  const x0 = Math.max(2, within[0]);
  const x1 = Math.min(width - 2, within[2]);
  for (let y = Math.max(2, within[1]); y < Math.min(height - 2, within[3]); y++) {
    for (let i = y * width + x0; i < y * width + x1; i++) {
      if (soft[i] < 0.5) continue;
      if (soft[i - 1] < 0.5 || soft[i + 1] < 0.5 || soft[i - width] < 0.5 || soft[i + width] < 0.5)
        outline.push(i);
    }
  }
  return outline;
}

/** `image` at (x, y), x and y ≥ 0 (so truncation is the floor). */
function bilinear(image: Float32Array, width: number, x: number, y: number): number {
  const x0 = x | 0;
  const y0 = y | 0;
  const fx = x - x0;
  const fy = y - y0;
  const i = y0 * width + x0;
  const top = image[i] + fx * (image[i + 1] - image[i]);
  const bottom = image[i + width] + fx * (image[i + width + 1] - image[i + width]);
  return top + fy * (bottom - top);
}

/** The levels of a profile: the far film, the object's own (deep interior) level and their errors. */
export interface ProfileLevels {
  far: number;
  /** Standard error of `far`. */
  farError: number;
  dark: number;
  /** Index of the first of the two samples `dark` is the mean of. */
  darkAt: number;
}

/** The levels of `profile` (`ProfileLevels`), or null when too few lines or no contrast. */
export function profileLevels(profile: EdgeProfile): ProfileLevels | null {
  if (profile.lines < MIN_LINES) return null;
  const { values, counts, spread, lines } = profile;
  let farSum = 0;
  let farCount = 0;
  let farSpread = 0;
  for (let j = PROFILE_INSIDE_PX + FAR_FILM_FROM_PX; j < PROFILE_LENGTH; j++) {
    if (!(counts[j] >= lines / 4)) continue;
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
  return { far, farError: farSpread / farCount, dark, darkAt };
}

/**
 * True when a profile shows a bright Fresnel fringe outside the edge: its brightest 3-px stretch
 * just outside rises above the far film by more than 4 standard errors, twice `smoothedNoise`
 * (the noise σ of the smoothed image the outline was found on) and FRINGE_MIN_CONTRAST of the
 * object's contrast. Just outside a thresholded outline the image also reads bright at low dose,
 * over the smoothing's reach (the outline stops where noise lifted the smoothed image above the
 * threshold), but by at most about one σ of the smoothed image's noise.
 */
export function showsFringe(profile: EdgeProfile, smoothedNoise: number): boolean {
  const levels = profileLevels(profile);
  if (!levels) return false;
  const { values, counts, spread, lines } = profile;
  const enough = (j: number) => counts[j] >= lines / 4;
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
  const rise = peak - levels.far;
  return (
    rise > 4 * Math.hypot(peakError, levels.farError) &&
    rise > 2 * smoothedNoise &&
    rise > FRINGE_MIN_CONTRAST * (levels.far - levels.dark)
  );
}

/**
 * The level of a defocused edge, between the far film `far` and the object's level `dark`. A
 * defocused image is coherent: what the lens blurs across the edge is the electron wave, not
 * the intensity. For a straight edge and any symmetric blur (defocus, a partly coherent source)
 * the wave at the edge is the mean of the waves on its two sides, amplitude (1 + √T) / 2 of the
 * film's for an object transmitting a fraction T of the intensity, so the intensity there is
 * far × ((1 + √T) / 2)². That is a little darker than half-way: 53 % of the contrast at T = 0.6,
 * 57 % at T = 0.3. (Blurred incoherently, as by a detector, the edge would be half-way.)
 */
export function defocusedEdgeLevel(far: number, dark: number): number {
  const amplitude = (1 + Math.sqrt(Math.max(0, dark / far))) / 2;
  return far * amplitude * amplitude;
}

/** The edge level of a defocused object's profile (`defocusedEdgeLevel`), or null when it can't be read. */
export function edgeLevel(profile: EdgeProfile): number | null {
  const levels = profileLevels(profile);
  return levels && defocusedEdgeLevel(levels.far, levels.dark);
}

/**
 * Where an in-focus rim lies, as a fraction of the object's own contrast below the far film. A
 * weakly scattering sphere's projected thickness falls to zero at its rim, and after the
 * optics' blur its geometric rim lies a small, fairly constant fraction of the contrast below
 * the film. Measured as the level that gives the true area, on both image models with ground
 * truth (the generator's presets and the independent model of ../shared/dev, 4–200 counts/px,
 * particle contrast 0.35–0.6): 0.16–0.27 of the contrast, 0.21 on average. It is also what the
 * 10 % contrast step was, a fifth of the contrast, on the particles the step was set on.
 */
export const RIM_CONTRAST_FRACTION = 0.2;

/**
 * The level of an in-focus object's geometric rim, RIM_CONTRAST_FRACTION of the way from the far
 * film down to the object's own level, both read from its profile; null when they can't be read.
 */
export function rimEdgeLevel(profile: EdgeProfile): number | null {
  const levels = profileLevels(profile);
  return levels && levels.far - RIM_CONTRAST_FRACTION * (levels.far - levels.dark);
}
