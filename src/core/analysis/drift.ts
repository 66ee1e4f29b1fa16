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

import type { Frame, PixelArray } from '../io/types.ts';
import { fft2dInPlace, isPowerOfTwo } from './fft.ts';
import { gaussianBlur } from './filters.ts';

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
  /** conj(F_ref)/|F_ref| × frequency weight, row-major workingSizePx², real and imaginary parts. */
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
/** σ of the smoothed copy subtracted as a high-pass, as a fraction of the working size. */
const HIGHPASS_SIGMA_FRACTION = 1 / 32;
/** σ, in working px, of the Gaussian the low-pass weight makes the correlation peak. */
const PEAK_SIGMA_PX = 1;
/** Fraction of each side that the Tukey window tapers (0: rectangle, 1: Hann). */
const TUKEY_ALPHA = 0.75;
/** σ, in working px, of the neighbourhood whose RMS `equaliseContrast` divides by. */
const EQUALISE_SIGMA_PX = 4;
/** Half-width, in working px, of the box around the peak left out of the noise statistics. */
const PEAK_EXCLUSION_PX = 5;
/** The clipping quantiles are taken from this many runs of this many consecutive pixels. */
const SAMPLE_RUNS = 256;
const SAMPLE_RUN_LENGTH = 64;

interface Geometry {
  width: number;
  height: number;
  size: number;
  bin: number;
  binnedWidth: number;
  binnedHeight: number;
}

function geometryFor(frame: Frame, workingSizePx: number): Geometry {
  const { width, height, data } = frame;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 8 && height >= 8)) {
    throw new RangeError(`drift needs a frame of at least 8 × 8 px, got ${width} × ${height}`);
  }
  if (data.length !== width * height) throw new RangeError('frame data length does not match width × height');
  if (!isPowerOfTwo(workingSizePx) || workingSizePx < 16 || workingSizePx > 4096) {
    throw new RangeError(`workingSizePx must be a power of two between 16 and 4096, got ${workingSizePx}`);
  }
  const longest = Math.max(width, height);
  let size = workingSizePx;
  while (size >= 32 && size / 2 >= longest) size /= 2;
  const bin = Math.ceil(longest / size);
  return {
    width,
    height,
    size,
    bin,
    binnedWidth: Math.ceil(width / bin),
    binnedHeight: Math.ceil(height / bin),
  };
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
  const lowPass = lowPassWeight(n);
  const { shellOf, weightOfShell } = signalWeight(re, im, n);
  const spectrumRe = new Float32Array(n * n);
  const spectrumIm = new Float32Array(n * n);
  // k = 0 (the mean) stays zero: it carries no shift.
  for (let k = 1; k < n * n; k++) {
    const mag = Math.sqrt(re[k] * re[k] + im[k] * im[k]);
    if (mag === 0) continue;
    const x = k % n;
    const y = (k - x) / n;
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
  // Normalised cross-power F_frame·conj(F_ref)/(|F_frame||F_ref|) × weight has its inverse
  // transform peak at +shift. Only the real part is needed and the scale does not matter, so the
  // conjugate is stored and transformed forward: Re FFT(conj Q) = N²·Re IFFT(Q).
  for (let k = 0; k < n * n; k++) {
    const mag = Math.sqrt(re[k] * re[k] + im[k] * im[k]);
    const ar = mag > 0 ? re[k] / mag : 0;
    const ai = mag > 0 ? im[k] / mag : 0;
    const br = spectrumRe[k];
    const bi = spectrumIm[k];
    re[k] = ar * br - ai * bi;
    im[k] = -(ar * bi + ai * br);
  }
  fft2dInPlace(re, im, n, n);
  const peak = findPeak(re, n);
  return { x: peak.x * g.bin, y: peak.y * g.bin, confidence: peak.confidence };
}

/** Steps 1–5 of the pipeline and the forward FFT: a new working-size complex spectrum. */
function preparedSpectrum(data: PixelArray, g: Geometry): { re: Float64Array; im: Float64Array } {
  const { lo, hi, fill } = clipLimits(data);
  const binned = binClipped(data, g, lo, hi, fill);
  const smooth = gaussianBlur(binned, g.binnedWidth, g.binnedHeight, g.size * HIGHPASS_SIGMA_FRACTION);
  const wx = tukeyWindow(g.binnedWidth);
  const wy = tukeyWindow(g.binnedHeight);
  const n = g.size;
  const re = new Float64Array(n * n);
  const im = new Float64Array(n * n);
  const detail = new Float32Array(binned.length);
  for (let i = 0; i < detail.length; i++) detail[i] = binned[i] - smooth[i];
  equaliseContrast(detail, g.binnedWidth, g.binnedHeight);
  for (let y = 0; y < g.binnedHeight; y++) {
    const src = y * g.binnedWidth;
    const dst = y * n;
    for (let x = 0; x < g.binnedWidth; x++) re[dst + x] = detail[src + x] * wy[y] * wx[x];
  }
  fft2dInPlace(re, im, n, n);
  return { re, im };
}

/**
 * Divides the high-passed image, in place, by its local RMS (Gaussian neighbourhood of
 * EQUALISE_SIGMA_PX) wherever that exceeds the median local RMS of the frame. High-contrast
 * structure (the cluster's rim, the needle) then weighs no more per area than the faint carbon
 * film around it, which moves rigidly with the sample while the cluster swells; regions at or
 * below the median (film, noise) are left as they are, so noise is never amplified.
 */
function equaliseContrast(detail: Float32Array, width: number, height: number): void {
  const energy = new Float32Array(detail.length);
  for (let i = 0; i < detail.length; i++) energy[i] = detail[i] * detail[i];
  const local = gaussianBlur(energy, width, height, EQUALISE_SIGMA_PX);
  // The median of a regular subsample is plenty for a floor, and far cheaper than a full sort.
  const step = Math.max(1, Math.floor(local.length / 8192));
  const sample = new Float32Array(Math.ceil(local.length / step));
  for (let i = 0, j = 0; i < local.length; i += step) sample[j++] = local[i];
  sample.sort();
  const floor = sample[sample.length >> 1];
  if (!(floor > 0)) return;
  for (let i = 0; i < detail.length; i++) if (local[i] > floor) detail[i] *= Math.sqrt(floor / local[i]);
}

/**
 * Robust clipping limits from a deterministic sample of the finite pixels (short runs at
 * pseudo-random places, which keeps the reads cache-friendly): the 0.1 % and 99.9 % quantiles,
 * tightened to median ∓ 4× the (median − 1 %) / (99 % − median) spread so that hot pixels are
 * caught even when they are more than 0.1 % of the frame. `fill` (the median) stands in for
 * non-finite values.
 */
function clipLimits(data: PixelArray): { lo: number; hi: number; fill: number } {
  const n = data.length;
  const sample = new Float64Array(Math.min(n, SAMPLE_RUNS * SAMPLE_RUN_LENGTH));
  let m = 0;
  if (sample.length === n) {
    for (let i = 0; i < n; i++) if (Number.isFinite(data[i])) sample[m++] = data[i];
  } else {
    let state = 0x9e3779b9;
    for (let run = 0; run < SAMPLE_RUNS; run++) {
      // xorshift32: spreads the runs over the frame.
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const start = (state >>> 0) % (n - SAMPLE_RUN_LENGTH + 1);
      for (let i = start; i < start + SAMPLE_RUN_LENGTH; i++)
        if (Number.isFinite(data[i])) sample[m++] = data[i];
    }
  }
  if (m === 0) return { lo: 0, hi: 0, fill: 0 };
  const sorted = sample.subarray(0, m).sort();
  const q = (p: number) => sorted[Math.min(m - 1, Math.floor(p * m))];
  const median = q(0.5);
  const hi = Math.min(q(0.999), median + 4 * (q(0.99) - median));
  const lo = Math.max(q(0.001), median - 4 * (median - q(0.01)));
  return { lo, hi, fill: median };
}

/**
 * Block average of the clipped frame: binnedWidth × binnedHeight, partial blocks at the edges.
 * Each band of `bin` rows is first summed per column (one linear sweep per row, the sums fit in
 * L1 cache), then the column sums are added up per block.
 */
function binClipped(data: PixelArray, g: Geometry, lo: number, hi: number, fill: number): Float32Array {
  const { width, height, bin, binnedWidth, binnedHeight } = g;
  const columnSums = new Float64Array(width);
  const out = new Float32Array(binnedWidth * binnedHeight);
  for (let by = 0; by < binnedHeight; by++) {
    columnSums.fill(0);
    const y0 = by * bin;
    const y1 = Math.min(y0 + bin, height);
    for (let y = y0; y < y1; y++) {
      const row = y * width;
      for (let x = 0; x < width; x++) {
        const v = data[row + x];
        columnSums[x] += v >= lo && v <= hi ? v : outlierValue(data, row + x, row, width, lo, hi, fill);
      }
    }
    const rows = y1 - y0;
    const o = by * binnedWidth;
    for (let bx = 0; bx < binnedWidth; bx++) {
      const x0 = bx * bin;
      const x1 = Math.min(x0 + bin, width);
      let sum = 0;
      for (let x = x0; x < x1; x++) sum += columnSums[x];
      out[o + bx] = sum / (rows * (x1 - x0));
    }
  }
  return out;
}

/**
 * Value that replaces an out-of-range pixel: the mean of its left and right neighbours, each
 * clipped to [lo, hi], so that a hot pixel leaves no static bright spot (a plain clip would leave
 * one at `hi`, which still pulls low-dose correlations toward zero shift). NaN neighbours count
 * as `fill`.
 */
function outlierValue(
  data: PixelArray,
  i: number,
  row: number,
  width: number,
  lo: number,
  hi: number,
  fill: number,
) {
  const clip = (v: number) => (v >= lo && v <= hi ? v : v > hi ? hi : v < lo ? lo : fill);
  const left = i > row ? clip(data[i - 1]) : undefined;
  const right = i < row + width - 1 ? clip(data[i + 1]) : undefined;
  if (left === undefined) return right ?? fill;
  return right === undefined ? left : (left + right) / 2;
}

/** Tukey (tapered cosine) window of the given length; TUKEY_ALPHA of it tapers. */
function tukeyWindow(length: number): Float64Array {
  const w = new Float64Array(length);
  const taper = (TUKEY_ALPHA * (length - 1)) / 2;
  for (let i = 0; i < length; i++) {
    const d = Math.min(i, length - 1 - i);
    w[i] = d >= taper ? 1 : 0.5 * (1 - Math.cos((Math.PI * d) / taper));
  }
  return w;
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
  const shellOf = new Uint16Array(n * n);
  const power = new Float64Array(shells);
  const count = new Float64Array(shells);
  for (let y = 0; y < n; y++) {
    const fy = y <= n / 2 ? y : y - n;
    for (let x = 0; x < n; x++) {
      const fx = x <= n / 2 ? x : x - n;
      const k = y * n + x;
      const shell = Math.round(Math.sqrt(fx * fx + fy * fy));
      shellOf[k] = shell;
      power[shell] += re[k] * re[k] + im[k] * im[k];
      count[shell]++;
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

  // Noise: mean and standard deviation of the surface outside a box around the peak.
  let sum = 0;
  let sumSq = 0;
  let count = 0;
  for (let y = 0; y < n; y++) {
    const ry = Math.abs(y - py);
    const inBand = Math.min(ry, n - ry) <= PEAK_EXCLUSION_PX;
    const row = y * n;
    for (let x = 0; x < n; x++) {
      if (inBand) {
        const rx = Math.abs(x - px);
        if (Math.min(rx, n - rx) <= PEAK_EXCLUSION_PX) continue;
      }
      const v = surface[row + x];
      sum += v;
      sumSq += v * v;
      count++;
    }
  }
  const mean = sum / count;
  const sd = Math.sqrt(Math.max(sumSq / count - mean * mean, 0));
  const wrap = (i: number) => (i > n / 2 ? i - n : i);
  return {
    x: wrap(px) + dx,
    y: wrap(py) + dy,
    confidence: sd > 0 ? (peak - mean) / sd : 0,
  };
}
