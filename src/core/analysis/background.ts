/**
 * Illumination (background) estimation and flattening for bright-field frames. The beam is
 * brightest near the centre, tilted, falls off toward the corners, and flickers from frame to
 * frame; dividing the frame by a smooth background surface turns it into transmission
 * (1 on bare support film), so one contrast step means the same thing everywhere and at any dose.
 * Pure functions: inputs are never modified.
 */

import type { PixelArray } from '../io/types.ts';
import { noiseSampleStep, sigmaOfNeighbourDifferences } from './noise.ts';
import { fitBackgroundWasm, transmissionDiffsWasm } from './wasm/shape-kernels.ts';

/** A smooth illumination surface: a cubic polynomial in normalised coordinates. */
export interface Background {
  /** Polynomial coefficients of `BACKGROUND_TERMS`, in the frame's value units. */
  coefficients: Float64Array;
  width: number;
  height: number;
  /** Mean of the surface over the frame, in the frame's value units (the beam brightness). */
  level: number;
}

/** Monomials x^i·y^j, i + j ≤ 3: tilt, vignetting and a little asymmetry, nothing local. */
const BACKGROUND_TERMS: ReadonlyArray<readonly [number, number]> = [
  [0, 0],
  [1, 0],
  [0, 1],
  [2, 0],
  [1, 1],
  [0, 2],
  [3, 0],
  [2, 1],
  [1, 2],
  [0, 3],
];

/** Normalised coordinate of pixel centre `i` on an axis of `n` pixels, in [-1, 1]. */
const norm = (i: number, n: number) => (2 * (i + 0.5)) / n - 1;

function monomials(u: number, v: number, out: Float64Array): void {
  for (let t = 0; t < BACKGROUND_TERMS.length; t++) {
    const [i, j] = BACKGROUND_TERMS[t];
    let m = 1;
    for (let p = 0; p < i; p++) m *= u;
    for (let p = 0; p < j; p++) m *= v;
    out[t] = m;
  }
}

/**
 * Fits the illumination of a frame in which dark objects (cluster, needle) cover part of a
 * bright background. The frame is cut into blocks of about `blockPx` pixels; each block's mean
 * is one sample. A cubic surface is fitted by least squares, then blocks darker than the
 * surface by more than 2.5 robust standard deviations of the residuals (object blocks, and
 * blocks straddling an edge) are dropped and the fit repeated, four times. Blocks brighter than
 * the fit are kept: in bright-field nothing is brighter than the bare film but noise.
 *
 * @param blockPx block side, in pixels (default: frame side / 24, at least 8)
 * @param darkObject false when the objects are brighter than the background (dark-field): then
 *   blocks brighter than the surface are the ones dropped
 */
export function fitBackground(
  data: PixelArray,
  width: number,
  height: number,
  blockPx?: number,
  darkObject = true,
): Background {
  const sign = darkObject ? 1 : -1;
  const side = Math.max(8, Math.round(blockPx ?? Math.min(width, height) / 24));
  let coefficients =
    data instanceof Float32Array
      ? fitBackgroundWasm(data, width, height, side, sign, BACKGROUND_TERMS)
      : undefined;
  if (!coefficients) {
    const { values, design } = blockMeans(data, width, height, side);
    coefficients = robustFit(values, design, sign);
  }
  const background: Background = { coefficients, width, height, level: 0 };
  background.level = backgroundMean(background);
  return background;
}

// The fit runs in WebAssembly where it can (wasm/robust-fit.as.ts, the same bits); `blockMeans`,
// `robustFit` and the functions below them are its JS twin.

/** The mean of each block of about side × side px (every other row and column), and the design matrix of their centres. */
function blockMeans(
  data: PixelArray,
  width: number,
  height: number,
  side: number,
): { values: Float64Array; design: Float64Array } {
  const bw = Math.max(1, Math.floor(width / side));
  const bh = Math.max(1, Math.floor(height / side));
  const terms = BACKGROUND_TERMS.length;
  const values = new Float64Array(bw * bh);
  const design = new Float64Array(bw * bh * terms);
  let count = 0;
  for (let by = 0; by < bh; by++) {
    const y0 = Math.floor((by * height) / bh);
    const y1 = Math.floor(((by + 1) * height) / bh);
    for (let bx = 0; bx < bw; bx++) {
      const x0 = Math.floor((bx * width) / bw);
      const x1 = Math.floor(((bx + 1) * width) / bw);
      const mean = blockMean(data, width, x0, y0, x1, y1);
      if (Number.isNaN(mean)) continue;
      values[count] = mean;
      const u = norm((x0 + x1) / 2 - 0.5, width);
      const v = norm((y0 + y1) / 2 - 0.5, height);
      monomials(u, v, design.subarray(count * terms, (count + 1) * terms));
      count++;
    }
  }
  return { values: values.subarray(0, count), design: design.subarray(0, count * terms) };
}

/** Mean of the finite values in every other row and column of a block (a block mean needs no more: 4× cheaper); NaN if none. */
function blockMean(data: PixelArray, width: number, x0: number, y0: number, x1: number, y1: number): number {
  let sum = 0;
  let n = 0;
  for (let y = y0; y < y1; y += 2) {
    const row = y * width;
    for (let x = x0; x < x1; x += 2) {
      const value = data[row + x];
      // NaN fails both comparisons and is skipped; so are infinities.
      if (value > Number.NEGATIVE_INFINITY && value < Number.POSITIVE_INFINITY) {
        sum += value;
        n++;
      }
    }
  }
  return n > 0 ? sum / n : Number.NaN;
}

/** The rounds of the fit (see `fitBackground`): the surface's coefficients. */
function robustFit(values: Float64Array, design: Float64Array, sign: number): Float64Array {
  const count = values.length;
  const terms = BACKGROUND_TERMS.length;
  // Start from the brightest half of the blocks: the cluster can cover most of the centre.
  const sorted = Float64Array.from(values, (v) => sign * v).sort();
  const half = sorted[Math.floor(count / 2)] ?? 0;
  const keep = new Uint8Array(count);
  for (let k = 0; k < count; k++) keep[k] = sign * values[k] >= half ? 1 : 0;
  let coefficients: Float64Array = new Float64Array(terms);
  coefficients[0] = sign * (sorted[count - 1] ?? 0);
  const residuals = new Float64Array(count);
  const keptAbs = new Float64Array(count);
  const normal = new Float64Array(terms * (terms + 1));
  for (let round = 0; round < 5; round++) {
    const fitted = leastSquares(design, values, keep, normal);
    if (!fitted) break;
    coefficients = fitted;
    const kept = residualsOf(coefficients, design, values, keep, residuals, keptAbs);
    const sigma = 1.4826 * medianInPlace(keptAbs.subarray(0, kept));
    if (!(sigma > 0)) break;
    // The same blocks again would give the same fit.
    if (!keepWithin(residuals, sign, -2.5 * sigma, keep)) break;
  }
  return coefficients;
}

/** Each block's residual from the surface; the kept blocks' |residual| into `keptAbs`, and their number. */
function residualsOf(
  coefficients: Float64Array,
  design: Float64Array,
  values: Float64Array,
  keep: Uint8Array,
  residuals: Float64Array,
  keptAbs: Float64Array,
): number {
  const terms = coefficients.length;
  let kept = 0;
  for (let k = 0; k < values.length; k++) {
    let model = 0;
    for (let t = 0; t < terms; t++) model += coefficients[t] * design[k * terms + t];
    residuals[k] = values[k] - model;
    if (keep[k]) keptAbs[kept++] = Math.abs(residuals[k]);
  }
  return kept;
}

/** Keeps the blocks whose signed residual is above `limit`; whether that changed which are kept. */
function keepWithin(residuals: Float64Array, sign: number, limit: number, keep: Uint8Array): boolean {
  let changed = false;
  for (let k = 0; k < residuals.length; k++) {
    const kept = sign * residuals[k] > limit ? 1 : 0;
    if (kept !== keep[k]) changed = true;
    keep[k] = kept;
  }
  return changed;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** The upper median of `values`, which it sorts. */
function medianInPlace(values: Float64Array): number {
  if (values.length === 0) return Number.NaN;
  values.sort();
  return values[values.length >> 1];
}

/**
 * Normal equations solved by Gaussian elimination with partial pivoting; undefined if singular.
 * `normal` is scratch for the augmented matrix (n × (n + 1), row by row). Each sum runs over the
 * kept blocks in their order, as accumulating block by block would, but four sums at a time in
 * registers from the kept blocks' columns: four independent additions at once instead of a wait
 * on each (the same bits, about a third of the time).
 */
function leastSquares(
  design: Float64Array,
  values: Float64Array,
  keep: Uint8Array,
  normal: Float64Array,
): Float64Array | undefined {
  const n = BACKGROUND_TERMS.length;
  const m = n + 1;
  let count = 0;
  for (let k = 0; k < keep.length; k++) if (keep[k]) count++;
  if (count < n * 2) return undefined;
  // Column t of the kept blocks at t × count (t = n: their values).
  const columns = new Float64Array(m * count);
  for (let k = 0, q = 0; k < keep.length; k++) {
    if (!keep[k]) continue;
    for (let t = 0; t < n; t++) columns[t * count + q] = design[k * n + t];
    columns[n * count + q] = values[k];
    q++;
  }
  const a = normal;
  for (let i = 0; i < n; i++) {
    for (let j = i; j <= n; j += 4) {
      const last = Math.min(n, j + 3);
      dotsInto(columns, count, i, j, last, a, i * m);
    }
  }
  // Only the upper triangle was summed; the matrix is symmetric.
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[i * m + j] = a[j * m + i];
  // Rows are swapped through `order` instead of moved.
  const order = Array.from({ length: n }, (_, i) => i * m);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[order[r] + c]) > Math.abs(a[order[pivot] + c])) pivot = r;
    if (Math.abs(a[order[pivot] + c]) < 1e-12) return undefined;
    [order[c], order[pivot]] = [order[pivot], order[c]];
    const rc = order[c];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const rr = order[r];
      const f = a[rr + c] / a[rc + c];
      if (f !== 0) for (let j = c; j <= n; j++) a[rr + j] -= f * a[rc + j];
    }
  }
  return Float64Array.from({ length: n }, (_, i) => a[order[i] + n] / a[order[i] + i]);
}

/**
 * a[row + t] = Σ_q columns[i][q] · columns[t][q] for t = j…last (at most four), each summed in
 * q order.
 */
function dotsInto(
  columns: Float64Array,
  count: number,
  i: number,
  j: number,
  last: number,
  a: Float64Array,
  row: number,
): void {
  const ci = i * count;
  const c0 = j * count;
  const c1 = Math.min(j + 1, last) * count;
  const c2 = Math.min(j + 2, last) * count;
  const c3 = Math.min(j + 3, last) * count;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let q = 0; q < count; q++) {
    const x = columns[ci + q];
    s0 += x * columns[c0 + q];
    s1 += x * columns[c1 + q];
    s2 += x * columns[c2 + q];
    s3 += x * columns[c3 + q];
  }
  const sums = [s0, s1, s2, s3];
  for (let t = j; t <= last; t++) a[row + t] = sums[t - j];
}

function backgroundMean(b: Background): number {
  let sum = 0;
  let n = 0;
  const basis = new Float64Array(BACKGROUND_TERMS.length);
  for (let y = 0; y < 16; y++) {
    for (let x = 0; x < 16; x++) {
      monomials((2 * (x + 0.5)) / 16 - 1, (2 * (y + 0.5)) / 16 - 1, basis);
      sum += dot(b.coefficients, basis);
      n++;
    }
  }
  return sum / n;
}

/**
 * Transmission image: each pixel divided by the background surface at that pixel (1 = bare
 * film, 0.5 = half the beam transmitted). Any dtype in, a new Float32Array out.
 */
export function flattenByBackground(data: PixelArray, background: Background): Float32Array {
  const { width, height } = background;
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) flattenRow(data, background, y, out, y * width);
  return out;
}

/**
 * Row `y` of the transmission image, written to `out[offset…offset + width)`. The surface is
 * evaluated along the row as a cubic in x (Horner), one multiply-add chain per pixel; filters
 * call this row by row so that the transmission image never has to exist in full.
 */
export function flattenRow(
  data: PixelArray,
  background: Background,
  y: number,
  out: Float32Array,
  offset: number,
): void {
  const { width } = background;
  const [p0, p1, p2, p3] = rowCubic(background, y);
  const row = y * width;
  const du = 2 / width;
  let u = norm(0, width);
  for (let x = 0; x < width; x++, u += du) {
    const bg = p0 + u * (p1 + u * (p2 + u * p3));
    out[offset + x] = bg > 0 ? data[row + x] / bg : 0;
  }
}

/** The surface along row y as p0 + p1·u + p2·u² + p3·u³, with the y-dependence folded in. */
function rowCubic(background: Background, y: number): [number, number, number, number] {
  const c = background.coefficients;
  const v = norm(y, background.height);
  return [
    c[0] + c[2] * v + c[5] * v * v + c[9] * v * v * v,
    c[1] + c[4] * v + c[8] * v * v,
    c[3] + c[7] * v,
    c[6],
  ];
}

/**
 * `estimateNoiseSigma` of the transmission image, without building it: the same grid of
 * neighbour pairs, each divided by the surface where it lies. Only pairs whose mean transmission
 * is ≥ `minTransmission` count (the film, whose noise sets the threshold's tolerance). The pair's
 * mean, not each pixel, is what is selected on: for Gaussian noise a pair's mean and difference
 * are independent, so the differences keep their spread; requiring both pixels above the level
 * cuts off the film's darker noise with them (at 4 counts/px, 43 % of the film's pixels read
 * below 0.9), and the noise came out half of the Poisson σ at 4 counts/px, 0.64 of it at 12.
 */
export function transmissionNoiseSigma(
  data: PixelArray,
  background: Background,
  minTransmission: number,
): number {
  const { width, height } = background;
  const step = noiseSampleStep(width, height);
  const cubic = (y: number) => rowCubic(background, y);
  const u = (x: number) => norm(x, width);
  const twice = 2 * minTransmission;
  const fast =
    data instanceof Float32Array && transmissionDiffsWasm(data, width, height, step, cubic, u, twice);
  if (fast) return sigmaOfNeighbourDifferences(fast);
  const diffs = new Float32Array(Math.ceil(height / step) * Math.ceil(width / step));
  let n = 0;
  for (let y = 0; y < height; y += step) {
    const [p0, p1, p2, p3] = rowCubic(background, y);
    const row = y * width;
    for (let x = 0; x + 1 < width; x += step) {
      const u = norm(x, width);
      const bg = p0 + u * (p1 + u * (p2 + u * p3));
      if (!(bg > 0)) continue;
      // Neighbouring pixels share the surface value to within a part in 10⁴.
      const a = data[row + x] / bg;
      const b = data[row + x + 1] / bg;
      if (a + b >= 2 * minTransmission) diffs[n++] = Math.abs(a - b);
    }
  }
  return sigmaOfNeighbourDifferences(diffs.subarray(0, n));
}

/** The background surface's value at pixel (x, y), in the frame's value units. */
export function backgroundAt(background: Background, x: number, y: number): number {
  monomials(norm(x, background.width), norm(y, background.height), pointBasis);
  return dot(background.coefficients, pointBasis);
}

/** `backgroundAt`'s monomials: it is called per profile line, where an allocation a call cost more than the sum. */
const pointBasis = new Float64Array(BACKGROUND_TERMS.length);
