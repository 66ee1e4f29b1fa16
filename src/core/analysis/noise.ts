/**
 * Noise estimation and hot-pixel rejection. Low-dose operando movies (4–30 counts per pixel)
 * are dominated by shot noise, so every threshold is set in units of the measured noise rather
 * than by hand. Pure functions: inputs are never modified unless a function says it writes `out`.
 */

import type { PixelArray } from '../io/types.ts';
import { hotPixelCandidatesWasm } from './wasm/kernels.ts';
import { selectKthWasm, transmissionDiffsWasm } from './wasm/shape-kernels.ts';

/**
 * Robust per-pixel noise standard deviation of an image, in its value units: the median
 * absolute difference between horizontal neighbours, scaled to a Gaussian σ (÷0.6745, ÷√2).
 * Edges and texture barely move a median of differences; only pairs whose mean is ≥ `minValue`
 * are used, so with `minValue` set between cluster and background the result is the noise of
 * the (brighter, noisier) background. (Selecting on the pair's mean keeps the differences'
 * spread: for Gaussian noise the two are independent. Selecting on each pixel would cut off the
 * background's darker noise.) Samples at most ~2¹⁶ pixel pairs on a grid.
 */
export function estimateNoiseSigma(
  data: PixelArray,
  width: number,
  height: number,
  minValue = Number.NEGATIVE_INFINITY,
): number {
  const step = noiseSampleStep(width, height);
  // The kernel of the transmission noise over a surface of 1 (a pair divided by 1 is itself).
  const fast =
    data instanceof Float32Array &&
    transmissionDiffsWasm(
      data,
      width,
      height,
      step,
      () => UNIT_CUBIC,
      () => 0,
      2 * minValue,
    );
  if (fast) return sigmaOfNeighbourDifferences(fast);
  const diffs = new Float32Array(Math.ceil(height / step) * Math.ceil(width / step));
  let n = 0;
  for (let y = 0; y < height; y += step) {
    const row = y * width;
    for (let x = 0; x + 1 < width; x += step) {
      const a = data[row + x];
      const b = data[row + x + 1];
      if (a + b >= 2 * minValue) diffs[n++] = Math.abs(a - b);
    }
  }
  return sigmaOfNeighbourDifferences(diffs.subarray(0, n));
}

/** A background cubic that is 1 everywhere (p0…p3 of `transmissionDiffsWasm`). */
const UNIT_CUBIC = [1, 0, 0, 0] as const;

/** Grid step of `estimateNoiseSigma`'s sample: about 2¹⁴ pixel pairs whatever the frame size. */
export function noiseSampleStep(width: number, height: number): number {
  return Math.max(1, Math.floor(Math.sqrt((width * height) / 16384)));
}

/**
 * Gaussian σ of the values whose neighbour differences are `diffs` (reordered): the median
 * absolute difference ÷0.6745 ÷√2. 0 when there are none.
 */
export function sigmaOfNeighbourDifferences(diffs: Float32Array): number {
  const n = diffs.length;
  if (n === 0) return 0;
  const mad = selectKth(diffs, n >> 1);
  // For integer counts at very low dose the median difference can be 0 or 1 exactly; the mean
  // absolute difference (×√π/2 for a Gaussian) is then the steadier estimate.
  if (mad <= 1 && Number.isInteger(mad)) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += diffs[i];
    return ((sum / n) * Math.sqrt(Math.PI)) / 2;
  }
  return mad / 0.6745 / Math.SQRT2;
}

/**
 * The k-th smallest value (0-based) of `values`, which it may reorder (Hoare's quickselect with a
 * median-of-three pivot): O(n) on average, where a sort would be O(n log n). In WebAssembly a
 * radix selection finds the same value (see wasm/select.as.ts).
 */
export function selectKth(values: Float32Array, k: number): number {
  const fast = selectKthWasm(values, k);
  if (fast !== undefined) return fast;
  let lo = 0;
  let hi = values.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    const a = values[lo];
    const b = values[mid];
    const c = values[hi];
    // Median of three: the largest of the two smaller ones.
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k];
  }
  return values[k];
}

/**
 * Finds hot pixels: a pixel brighter than every one of its 8 neighbours by more than
 * `thresholdValue` (value units, e.g. 8 noise σ), with the mean of those neighbours to replace
 * it by. Detector hot pixels are single bright spots; in bright-field nothing real is a
 * one-pixel peak that high. A cheap left/right test screens every pixel; only the few that pass
 * it read all 8 neighbours. Two adjacent bright pixels both fail the test, so replacing the
 * found pixels afterwards, in any order, gives the same image as replacing them as found.
 */
export function findHotPixels(
  data: Float32Array,
  width: number,
  height: number,
  thresholdValue: number,
): { index: number[]; value: number[] } {
  const found = { index: [] as number[], value: [] as number[] };
  if (!(thresholdValue > 0) || width < 3 || height < 3) return found;
  const t = thresholdValue;
  const test = (x: number, y: number) => {
    const v = data[y * width + x];
    let max = Number.NEGATIVE_INFINITY;
    let sum = 0;
    let n = 0;
    for (let dy = -1; dy <= 1; dy++) {
      const yy = y + dy;
      if (yy < 0 || yy >= height) continue;
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        if ((dx === 0 && dy === 0) || xx < 0 || xx >= width) continue;
        const w = data[yy * width + xx];
        if (w > max) max = w;
        sum += w;
        n++;
      }
    }
    if (v - max > t) {
      found.index.push(y * width + x);
      found.value.push(sum / n);
    }
  };
  // The screen of the interior pixels, four at a time in WebAssembly where it runs.
  const screened = hotPixelCandidatesWasm(data, width, height, t);
  let next = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    // The first and last pixels compare with their one neighbour twice.
    if (data[row] - data[row + 1] > t) test(0, y);
    if (screened) {
      for (; next < screened.length && screened[next] < row + width; next++) test(screened[next] - row, y);
    } else {
      for (let i = row + 1; i < row + width - 1; i++) {
        const v = data[i];
        if (v - data[i - 1] > t && v - data[i + 1] > t) test(i - row, y);
      }
    }
    if (data[row + width - 1] - data[row + width - 2] > t) test(width - 1, y);
  }
  return found;
}

/**
 * `findHotPixels`, applied to a Float32 copy: returns the cleaned image and the number of
 * pixels replaced. The input is not modified.
 */
export function rejectHotPixels(
  data: PixelArray,
  width: number,
  height: number,
  thresholdValue: number,
): { image: Float32Array; replaced: number } {
  const image = new Float32Array(data);
  const hot = findHotPixels(image, width, height, thresholdValue);
  for (let k = 0; k < hot.index.length; k++) image[hot.index[k]] = hot.value[k];
  return { image, replaced: hot.index.length };
}

/**
 * Standard deviation of white noise of σ = `sigma` after a Gaussian blur of `blurSigmaPx`:
 * the kernel's energy is 1 / (4π σ_blur²), so the noise falls as 1 / (2√π σ_blur).
 */
export function blurredNoiseSigma(sigma: number, blurSigmaPx: number): number {
  return blurSigmaPx > 0 ? sigma / Math.max(1, 2 * Math.sqrt(Math.PI) * blurSigmaPx) : sigma;
}
