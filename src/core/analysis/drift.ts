/**
 * Sample drift by phase correlation against a fixed reference frame.
 *
 * Each frame is compared with the same reference (never with its neighbour), so errors do not
 * accumulate along the movie, and frames can be estimated in any order by any worker: build the
 * reference once with `createDriftReference`, pass it (a plain structured-clonable object) to the
 * workers, call `estimateDrift` per frame.
 *
 * Pipeline, identical for the reference and every frame:
 * 1. outliers (hot or dead detector pixels, NaN) are found against robust quantiles of a pixel
 *    sample and replaced by their row neighbours, so static hot pixels leave no fixed pattern;
 * 2. block-average (area binning) into a working image that fits a power-of-two square, so the
 *    cost after this single pass over the pixels does not depend on the frame size;
 * 3. subtract a heavily smoothed copy (high-pass): static illumination gradients and vignetting
 *    would otherwise pull the correlation toward zero shift;
 * 4. equalise strong local contrast (see `equaliseContrast`), so that a swelling cluster does not
 *    outvote the faint film texture that moves rigidly with the sample;
 * 5. apply a Tukey window over the image and zero-pad to the square;
 * 6. normalised cross-power spectrum (phase correlation), weighted by the reference's own
 *    signal-to-noise per frequency shell (Wiener-like) and a Gaussian low-pass, so that the
 *    noise-only frequencies of low-dose frames get no say;
 * 7. the correlation peak, refined to sub-pixel by a 3-point Gaussian fit along x and y, with
 *    wrap-around (indices beyond half the working size are negative shifts).
 *
 * What it measures when the sample deforms: a rigid shift of the whole field of view. When the
 * cluster swells, the static-on-sample texture (carbon film, needle, other particles) is what
 * pins the estimate; over a featureless background the drift of a swelling cluster is not
 * defined (a shift and a move of the swelling centre look the same) and the estimate follows
 * whichever part of the cluster matches best, with a low confidence.
 */

import type { Frame } from '../io/types.ts';
import { geometryFor, preparedSpectrum } from './drift-prepare.ts';
import { inverseRealFft2d } from './fft.ts';
import type { ResolvedSegmentParams } from './params.ts';
import { workingFrameKey } from './working-frame.ts';

export interface DriftOptions {
  /** Working size in px (power of two, 16–4096), default 256. Frames smaller than it use the next power of two that holds them. */
  workingSizePx?: number;
}

/**
 * A precomputed reference for `estimateDrift`. Treat it as opaque; it is a plain object of numbers
 * and typed arrays, so it can be sent to workers (structured clone, or transfer the arrays).
 */
export interface DriftReference {
  /** Full-resolution frame size the reference was built from, in px. */
  readonly width: number;
  readonly height: number;
  /** Side of the square working image, in working px (a power of two). */
  readonly workingSizePx: number;
  /** Full-resolution px per working px (block size of the area binning). */
  readonly binFactor: number;
  /** Size of the binned image inside the working square, in working px. */
  readonly binnedWidth: number;
  readonly binnedHeight: number;
  /**
   * conj(F_ref)/|F_ref| × frequency weight, real and imaginary parts: the half spectrum of the
   * real working image, row-major, (workingSizePx / 2 + 1) columns × workingSizePx rows.
   */
  readonly spectrumRe: Float32Array;
  readonly spectrumIm: Float32Array;
}

/** Drift of a frame relative to the reference. */
export interface DriftEstimate {
  /** Shift of the frame's content along x, in full-resolution px (content moved right: positive). */
  x: number;
  /** Shift along y, in full-resolution px (content moved down: positive). */
  y: number;
  /**
   * Peak height over the correlation surface's noise: (peak − mean) / standard deviation of the
   * surface away from the peak (dimensionless). Measured on synthetic 512² movies: unrelated
   * frames 4–9, rigid matches at 4–25 counts/px 35–60, a cluster swollen by 30 % over a carbon
   * film 7–11. So ~5 is the noise floor, not a solid match: about 12 and up is.
   */
  confidence: number;
}

const DEFAULT_WORKING_SIZE_PX = 256;
/** σ, in working px, of the Gaussian the low-pass weight makes the correlation peak. */
const PEAK_SIGMA_PX = 1;
/** Half-width, in working px, of the box around the peak left out of the noise statistics. */
const PEAK_EXCLUSION_PX = 5;

/** The frame a movie's drift is measured against: `driftReferenceFrame`, clamped into the movie. */
export function driftReferenceIndex(params: ResolvedSegmentParams, frameCount: number): number {
  return Math.min(Math.max(0, params.driftReferenceFrame), frameCount - 1);
}

/**
 * Identifies the reference built from the working image (see `workingFrameKey`) of frame
 * `driftReferenceIndex` with these parameters: equal keys, same reference.
 */
export function driftReferenceKey(params: ResolvedSegmentParams, frameCount: number): string {
  return `frame ${driftReferenceIndex(params, frameCount)} ${workingFrameKey(params)}`;
}

/**
 * Builds the reference that `estimateDrift` compares frames with. `frame` is not modified.
 *
 * @param frame the reference frame (any dtype)
 * @param options working size: larger bins large frames less (finer sub-pixel precision, e.g.
 *   ±0.3 instead of ±0.75 px at 2048²) and costs about 4× per doubling
 */
export function createDriftReference(frame: Frame, options: DriftOptions = {}): DriftReference {
  const g = geometryFor(frame, options.workingSizePx ?? DEFAULT_WORKING_SIZE_PX);
  const { re, im } = preparedSpectrum(frame.data, g);
  const n = g.size;
  const hw = n / 2 + 1;
  const lowPass = lowPassWeight(n);
  const { shellOf, weightOfShell } = signalWeight(re, im, n);
  const spectrumRe = new Float32Array(hw * n);
  const spectrumIm = new Float32Array(hw * n);
  // k = 0 (the mean) stays zero: it carries no shift.
  for (let k = 1; k < hw * n; k++) {
    const mag = Math.sqrt(re[k] * re[k] + im[k] * im[k]);
    if (mag === 0) continue;
    const x = k % hw;
    const y = (k - x) / hw;
    const w = (weightOfShell[shellOf[k]] * lowPass[x] * lowPass[y]) / mag;
    spectrumRe[k] = re[k] * w;
    spectrumIm[k] = -im[k] * w;
  }
  return {
    width: g.width,
    height: g.height,
    workingSizePx: n,
    binFactor: g.bin,
    binnedWidth: g.binnedWidth,
    binnedHeight: g.binnedHeight,
    spectrumRe,
    spectrumIm,
  };
}

/**
 * Shift of `frame`'s content relative to the reference, in full-resolution pixels: content that
 * moved right/down gives positive x/y. `frame` must have the reference's size and is not
 * modified. Shifts up to about a quarter of the frame are found reliably; beyond half of the
 * working square they wrap around and cannot be told from the opposite shift.
 */
export function estimateDrift(reference: DriftReference, frame: Frame): DriftEstimate {
  const g = geometryFor(frame, reference.workingSizePx);
  if (g.width !== reference.width || g.height !== reference.height) {
    throw new RangeError(
      `frame is ${g.width} × ${g.height} px but the drift reference was built from ${reference.width} × ${reference.height} px`,
    );
  }
  const n = g.size;
  const { re, im } = preparedSpectrum(frame.data, g);
  const { spectrumRe, spectrumIm } = reference;
  // The normalised cross-power F_frame·conj(F_ref)/(|F_frame||F_ref|) × weight has its inverse
  // transform peak at +shift; both images are real, so half the spectrum holds all of it.
  for (let k = 0; k < re.length; k++) {
    const mag = Math.sqrt(re[k] * re[k] + im[k] * im[k]);
    const inv = mag > 0 ? 1 / mag : 0;
    const ar = re[k] * inv;
    const ai = im[k] * inv;
    const br = spectrumRe[k];
    const bi = spectrumIm[k];
    re[k] = ar * br - ai * bi;
    im[k] = ar * bi + ai * br;
  }
  const surface = inverseRealFft2d(re, im, n, n);
  const peak = findPeak(surface, n);
  return { x: peak.x * g.bin, y: peak.y * g.bin, confidence: peak.confidence };
}

/**
 * Wiener-like weight per radial frequency shell, S/(S + N), from the reference's own power
 * spectrum: N, the white noise floor, is the mean power between 0.4 and 0.5 cycles per working px
 * (where the binned images hold essentially only shot noise), S = max(P − N, 0) the shell's mean
 * power above it. Frequencies where the reference is pure noise get no say in the correlation,
 * which is what keeps phase correlation accurate at 4 counts/px.
 */
function signalWeight(re: Float64Array, im: Float64Array, n: number) {
  const shells = Math.ceil((n / 2) * Math.SQRT2) + 1;
  const hw = n / 2 + 1;
  const shellOf = new Uint16Array(hw * n);
  const power = new Float64Array(shells);
  const count = new Float64Array(shells);
  for (let y = 0; y < n; y++) {
    const fy = y <= n / 2 ? y : y - n;
    for (let x = 0; x < hw; x++) {
      const k = y * hw + x;
      const shell = Math.round(Math.sqrt(x * x + fy * fy));
      shellOf[k] = shell;
      // Columns 1 … n/2 − 1 of the half spectrum stand for their mirror images too.
      const copies = x === 0 || x === n / 2 ? 1 : 2;
      power[shell] += copies * (re[k] * re[k] + im[k] * im[k]);
      count[shell] += copies;
    }
  }
  let noiseSum = 0;
  let noiseCount = 0;
  for (let r = Math.round(0.4 * n); r <= n / 2; r++) {
    noiseSum += power[r];
    noiseCount += count[r];
  }
  const noise = noiseSum / noiseCount;
  const weightOfShell = new Float64Array(shells);
  for (let r = 0; r < shells; r++) {
    const signal = count[r] > 0 ? Math.max(power[r] / count[r] - noise, 0) : 0;
    weightOfShell[r] = signal > 0 ? signal / (signal + noise) : 0;
  }
  return { shellOf, weightOfShell };
}

/**
 * Separable low-pass weight over FFT frequencies: exp(−2π²σ²f²) per axis, so a perfect match gives
 * a Gaussian correlation peak of σ = PEAK_SIGMA_PX (which the 3-point Gaussian fit locates exactly).
 */
function lowPassWeight(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const f = (k <= n / 2 ? k : k - n) / n;
    w[k] = Math.exp(-2 * Math.PI * Math.PI * PEAK_SIGMA_PX * PEAK_SIGMA_PX * f * f);
  }
  return w;
}

/** Offset, in px, of the vertex of the Gaussian (or, failing that, parabola) through 3 samples. */
function vertexOffset(left: number, centre: number, right: number): number {
  if (left > 0 && centre > 0 && right > 0) {
    const a = Math.log(left);
    const b = Math.log(centre);
    const c = Math.log(right);
    const den = a - 2 * b + c;
    if (den < 0) return clampHalf((a - c) / (2 * den));
  }
  const den = left - 2 * centre + right;
  return den < 0 ? clampHalf((left - right) / (2 * den)) : 0;
}

const clampHalf = (v: number) => Math.max(-0.5, Math.min(0.5, v));

/** Peak of the correlation surface with sub-pixel offset (wrap-around) and its height over the noise. */
function findPeak(surface: Float64Array, n: number): DriftEstimate {
  let best = 0;
  for (let k = 1; k < surface.length; k++) if (surface[k] > surface[best]) best = k;
  const px = best % n;
  const py = (best - px) / n;
  const at = (x: number, y: number) => surface[((y + n) % n) * n + ((x + n) % n)];
  const peak = surface[best];
  const dx = vertexOffset(at(px - 1, py), peak, at(px + 1, py));
  const dy = vertexOffset(at(px, py - 1), peak, at(px, py + 1));

  // Noise: mean and standard deviation of the surface outside a box around the peak, as the
  // sums over the whole surface minus those over the box (one tight loop, no branches).
  let sum = 0;
  let sumSq = 0;
  for (let k = 0; k < surface.length; k++) {
    const v = surface[k];
    sum += v;
    sumSq += v * v;
  }
  const side = Math.min(2 * PEAK_EXCLUSION_PX + 1, n);
  for (let dy = 0; dy < side; dy++) {
    for (let dx = 0; dx < side; dx++) {
      const v = at(px - PEAK_EXCLUSION_PX + dx, py - PEAK_EXCLUSION_PX + dy);
      sum -= v;
      sumSq -= v * v;
    }
  }
  const count = surface.length - side * side;
  const mean = sum / count;
  const sd = Math.sqrt(Math.max(sumSq / count - mean * mean, 0));
  const wrap = (i: number) => (i > n / 2 ? i - n : i);
  return {
    x: wrap(px) + dx,
    y: wrap(py) + dy,
    confidence: sd > 0 ? (peak - mean) / sd : 0,
  };
}
