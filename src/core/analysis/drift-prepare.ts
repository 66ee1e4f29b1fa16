/**
 * Steps 1–5 of the drift pipeline (see `drift.ts`), the same for the reference and every frame:
 * outlier pixels replaced, block-averaged into a power-of-two working square, high-passed,
 * contrast-equalised, windowed, and transformed.
 */

import type { Frame, PixelArray } from '../io/types.ts';
import { isPowerOfTwo, planFor, realFft2d } from './fft.ts';
import { gaussianBlur, runningSumRadii } from './filters.ts';
import { selectKth } from './noise.ts';
import { type MaskedSpectrumSteps, maskedSpectrumWasm } from './wasm/drift-kernels.ts';

/** σ of the smoothed copy subtracted as a high-pass, as a fraction of the working size. */
const HIGHPASS_SIGMA_FRACTION = 1 / 32;
/** Fraction of each side that the Tukey window tapers (0: rectangle, 1: Hann). */
const TUKEY_ALPHA = 0.75;
/** σ, in working px, of the neighbourhood whose RMS `equaliseContrast` divides by. */
const EQUALISE_SIGMA_PX = 4;
/** The clipping quantiles are taken from this many runs of this many consecutive pixels. */
const SAMPLE_RUNS = 256;
const SAMPLE_RUN_LENGTH = 64;

/** How a frame maps onto the working square. */
export interface Geometry {
  width: number;
  height: number;
  size: number;
  bin: number;
  binnedWidth: number;
  binnedHeight: number;
}

/** Phase correlation needs at least this many pixels a side: smaller frames are analysed without drift. */
export const MIN_DRIFT_SIDE_PX = 8;

/** True when a frame (or working image) of this size is too small to measure drift on. */
export function tooSmallForDrift(width: number, height: number): boolean {
  return !(width >= MIN_DRIFT_SIDE_PX && height >= MIN_DRIFT_SIDE_PX);
}

export function geometryFor(frame: Frame, workingSizePx: number): Geometry {
  const g = geometryOfSize(frame.width, frame.height, workingSizePx);
  if (frame.data.length !== frame.width * frame.height) {
    throw new RangeError('frame data length does not match width × height');
  }
  return g;
}

/** How a frame of width × height px maps onto a working square of `workingSizePx`. */
export function geometryOfSize(width: number, height: number, workingSizePx: number): Geometry {
  if (!(Number.isInteger(width) && Number.isInteger(height)) || tooSmallForDrift(width, height)) {
    throw new RangeError(`drift needs a frame of at least 8 × 8 px, got ${width} × ${height}`);
  }
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
 * Steps 1–5 of the pipeline and the forward FFT: the working square's half spectrum
 * (`size / 2 + 1` columns × `size` rows, see `realFft2d`).
 */
export function preparedSpectrum(data: PixelArray, g: Geometry): { re: Float64Array; im: Float64Array } {
  const { lo, hi, fill } = clipLimits(data);
  const binned = binClipped(data, g, lo, hi, fill);
  const smooth = gaussianBlur(binned, g.binnedWidth, g.binnedHeight, g.size * HIGHPASS_SIGMA_FRACTION);
  const detail = new Float32Array(binned.length);
  const energy = new Float32Array(binned.length);
  detailAndEnergy(binned, smooth, detail, energy);
  return realFft2d(windowed(detail, g, contrastGain(energy, g)), g.size, g.size);
}

/**
 * What the kernels' masked spectrum (`maskedSpectrumWasm`, `maskedCorrelationWasm`) takes for
 * `data`: its pixels (a working image as it is, clipped in the kernel; anything else binned and
 * clipped here) and the steps' parameters; undefined where the blurs are too short for running
 * sums (the JS then runs).
 */
export function maskedKernelInput(
  data: PixelArray,
  g: Geometry,
): { values: Float32Array; steps: MaskedSpectrumSteps } | undefined {
  const { binnedWidth: bw, binnedHeight: bh, size: n } = g;
  const highPassRadii = runningSumRadii(n * HIGHPASS_SIGMA_FRACTION);
  const equaliseRadii = runningSumRadii(EQUALISE_SIGMA_PX);
  if (!highPassRadii || !equaliseRadii) return undefined;
  const clip = clipLimits(data);
  // A working image (Float32Array, not binned: the usual case) is clipped in the kernel too.
  const unbinned = g.bin === 1 && data instanceof Float32Array;
  const values = unbinned ? data : binClipped(data, g, clip.lo, clip.hi, clip.fill);
  const steps: MaskedSpectrumSteps = {
    size: n,
    highPassRadii,
    equaliseRadii,
    windowX: tukeyWindow(bw),
    windowY: tukeyWindow(bh),
    floorOf: medianOfSubsample,
    plan: planFor(n),
    clip: unbinned ? clip : undefined,
  };
  return { values, steps };
}

/**
 * Steps 1–5 with pixels left out: `ignore` (binnedWidth × binnedHeight, 1 = ignore) marks what
 * does not move rigidly with the specimen. The high-pass subtracts a local mean taken over the
 * kept pixels only (normalised convolution), so an ignored dark cluster leaves no halo on the
 * film around it, and ignored pixels are zero, so they add nothing to a correlation. Returns the
 * half spectrum as `preparedSpectrum` does.
 */
export function maskedSpectrum(
  data: PixelArray,
  g: Geometry,
  ignore: Uint8Array,
): { re: Float64Array; im: Float64Array } {
  const input = maskedKernelInput(data, g);
  const fast = input && maskedSpectrumWasm(input.values, ignore, g.binnedWidth, g.binnedHeight, input.steps);
  if (fast) return fast;
  const clip = clipLimits(data);
  const { binnedWidth: bw, binnedHeight: bh, size: n } = g;
  const sigma = n * HIGHPASS_SIGMA_FRACTION;
  const keptValues = binClipped(data, g, clip.lo, clip.hi, clip.fill);
  const kept = keepOnly(keptValues, ignore);
  const sum = gaussianBlur(keptValues, bw, bh, sigma);
  const share = gaussianBlur(kept, bw, bh, sigma);
  const detail = new Float32Array(kept.length);
  const energy = new Float32Array(kept.length);
  keptDetailAndEnergy(keptValues, kept, sum, share, detail, energy);
  return realFft2d(windowed(detail, g, contrastGain(energy, g, kept)), n, n);
}

// The loops of the spectra live in small functions of their own. A worker calls them only
// a few dozen times, each loop hundreds of thousands of times: V8 compiles a running loop
// on the fly (on-stack replacement), and in one long function that compiled code then met the
// statements after the loop with no type feedback yet and was thrown away (13 deoptimisations
// in a 100-frame run), so that much of its time went to the interpreter: split up, the masked
// spectrum of a cold worker took about half as long. Each loop does all it can per pixel: at
// 512² a pass over the image costs about 1 ms on a small machine, and a new array more.

/** Zeroes the pixels `ignore` marks in `binned`, in place; returns 1 where a pixel is kept, 0 where ignored. */
function keepOnly(binned: Float32Array, ignore: Uint8Array): Float32Array {
  const kept = new Float32Array(binned.length);
  for (let i = 0; i < kept.length; i++) {
    const k = ignore[i] ? 0 : 1;
    kept[i] = k;
    binned[i] *= k;
  }
  return kept;
}

/** `detail` = `binned` − `smooth`, and `energy` its square. */
function detailAndEnergy(
  binned: Float32Array,
  smooth: Float32Array,
  detail: Float32Array,
  energy: Float32Array,
) {
  for (let i = 0; i < detail.length; i++) {
    const d = Math.fround(binned[i] - smooth[i]);
    detail[i] = d;
    energy[i] = d * d;
  }
}

/**
 * `detail`: the kept values minus their local mean over kept pixels (`sum / share`), 0 where
 * ignored; `energy`: its square.
 */
function keptDetailAndEnergy(
  keptValues: Float32Array,
  kept: Float32Array,
  sum: Float32Array,
  share: Float32Array,
  detail: Float32Array,
  energy: Float32Array,
): void {
  for (let i = 0; i < detail.length; i++) {
    const d = kept[i] > 0 ? Math.fround(keptValues[i] - sum[i] / share[i]) : 0;
    detail[i] = d;
    energy[i] = d * d;
  }
}

/** Where and by how much `windowed` divides the detail (see `contrastGain`). */
interface ContrastGain {
  local: Float32Array;
  floor: number;
}

/**
 * Strong local contrast equalised: the high-passed image is divided by its local RMS (Gaussian
 * neighbourhood of EQUALISE_SIGMA_PX, from `energy`, its square) wherever that exceeds the
 * median local RMS of the frame. High-contrast structure (the cluster's rim, the needle) then
 * weighs no more per area than the faint carbon film around it, which moves rigidly with the
 * sample while the cluster swells; regions at or below the median (film, noise) are left as they
 * are, so noise is never amplified. With `valid`, the median is taken over valid pixels only
 * (ignored ones are zero and would drag it down). Undefined when there is nothing to equalise.
 */
function contrastGain(energy: Float32Array, g: Geometry, valid?: Float32Array): ContrastGain | undefined {
  const local = gaussianBlur(energy, g.binnedWidth, g.binnedHeight, EQUALISE_SIGMA_PX);
  const floor = medianOfSubsample(local, valid);
  return floor > 0 ? { local, floor } : undefined;
}

/**
 * The median of a regular subsample of `local` (of its `valid` pixels, when given): plenty for a
 * floor, and far cheaper than a full sort. NaN when no pixel is valid.
 */
function medianOfSubsample(local: Float32Array, valid?: Float32Array): number {
  const step = Math.max(1, Math.floor(local.length / 8192));
  const sample = new Float32Array(Math.ceil(local.length / step));
  let m = 0;
  for (let i = 0; i < local.length; i += step) if (!valid || valid[i] > 0) sample[m++] = local[i];
  if (m === 0) return Number.NaN;
  return selectKth(sample.subarray(0, m), m >> 1);
}

/**
 * `detail` (binnedWidth × binnedHeight), equalised by `gain`, times the Tukey window, in the top
 * left of the working square.
 */
function windowed(detail: Float32Array, g: Geometry, gain: ContrastGain | undefined): Float64Array {
  const { binnedWidth: bw, binnedHeight: bh, size: n } = g;
  const wx = tukeyWindow(bw);
  const wy = tukeyWindow(bh);
  const image = new Float64Array(n * n);
  for (let y = 0; y < bh; y++) {
    if (gain) equalisedRow(detail, gain, y * bw, bw);
    windowRow(detail, y * bw, bw, wy[y], wx, image, y * n);
  }
  return image;
}

/** Row `start…start + width` of `detail` divided by its local RMS where that is above the floor, in place. */
function equalisedRow(
  detail: Float32Array,
  { local, floor }: ContrastGain,
  start: number,
  width: number,
): void {
  for (let i = start; i < start + width; i++) if (local[i] > floor) detail[i] *= Math.sqrt(floor / local[i]);
}

function windowRow(
  detail: Float32Array,
  start: number,
  width: number,
  wy: number,
  wx: Float64Array,
  image: Float64Array,
  to: number,
): void {
  for (let x = 0; x < width; x++) image[to + x] = detail[start + x] * wy * wx[x];
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
  const sample = new Float32Array(Math.min(n, SAMPLE_RUNS * SAMPLE_RUN_LENGTH));
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
  // Five order statistics by quickselect, each O(m), rather than a sort of the sample.
  const values = sample.subarray(0, m);
  const q = (p: number) => selectKth(values, Math.min(m - 1, Math.floor(p * m)));
  const median = q(0.5);
  const hi = Math.min(q(0.999), median + 4 * (q(0.99) - median));
  const lo = Math.max(q(0.001), median - 4 * (median - q(0.01)));
  return { lo, hi, fill: median };
}

/**
 * Block average of the clipped frame: binnedWidth × binnedHeight, partial blocks at the edges.
 * Each block is summed where it lies (a 2 × 2 block, the usual case on a 512² working image, in
 * one expression when all four pixels are in range): 5× faster in V8 than accumulating column
 * sums row by row, which costs a typed-array store per pixel.
 */
function binClipped(data: PixelArray, g: Geometry, lo: number, hi: number, fill: number): Float32Array {
  const { width, height, bin, binnedWidth, binnedHeight } = g;
  const out = new Float32Array(binnedWidth * binnedHeight);
  const inRange = (v: number) => v >= lo && v <= hi;
  if (bin === 1) {
    // Frames of up to the working size (512² at most) are not binned: one pass, no block loops
    // (2–3× faster). `0 + v` is what the general loop's `sum` holds: -0 becomes +0 there too.
    for (let y = 0; y < height; y++) {
      const row = y * width;
      for (let i = row; i < row + width; i++) {
        const v = data[i];
        out[i] = v >= lo && v <= hi ? 0 + v : 0 + outlierValue(data, i, row, width, lo, hi, fill);
      }
    }
    return out;
  }
  for (let by = 0; by < binnedHeight; by++) {
    const y0 = by * bin;
    const y1 = Math.min(y0 + bin, height);
    const o = by * binnedWidth;
    for (let bx = 0; bx < binnedWidth; bx++) {
      const x0 = bx * bin;
      const x1 = Math.min(x0 + bin, width);
      if (bin === 2 && y1 - y0 === 2 && x1 - x0 === 2) {
        const i = y0 * width + x0;
        const a = data[i];
        const b = data[i + 1];
        const c = data[i + width];
        const d = data[i + width + 1];
        if (inRange(a) && inRange(b) && inRange(c) && inRange(d)) {
          out[o + bx] = (a + b + c + d) / 4;
          continue;
        }
      }
      let sum = 0;
      for (let y = y0; y < y1; y++) {
        const row = y * width;
        for (let x = x0; x < x1; x++) {
          const v = data[row + x];
          sum += inRange(v) ? v : outlierValue(data, row + x, row, width, lo, hi, fill);
        }
      }
      out[o + bx] = sum / ((y1 - y0) * (x1 - x0));
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
