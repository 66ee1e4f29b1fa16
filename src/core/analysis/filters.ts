/** Smoothing filters on Float32 images. Pure: inputs are never modified. */

import type { PixelArray } from '../io/types.ts';
import { boxBlurWasm } from './wasm/kernels.ts';

/** Copies any pixel array to a new Float32Array (NaN and ±Infinity pass through unchanged). */
export function toFloat32(data: PixelArray): Float32Array {
  // The typed-array constructor converts natively; Float32Array.from goes through an iterator.
  return new Float32Array(data);
}

/** Variance, in px², of a box of half-width r (width 2r + 1). */
const boxVariance = (r: number) => (r * (r + 1)) / 3;

/**
 * Box half-widths for `passes` passes whose combined variance is closest to sigmaPx²: the passes
 * mix two neighbouring radii (as in Kovesi's fast almost-Gaussian filtering), so any σ, not only
 * the few a single repeated box gives, can be approximated.
 *
 * @param sigmaPx standard deviation of the target Gaussian, in pixels
 */
export function boxRadiiForSigma(sigmaPx: number, passes = 3): number[] {
  if (!(sigmaPx > 0) || passes <= 0) return [];
  const target = sigmaPx * sigmaPx;
  const lower = Math.floor((Math.sqrt(1 + (12 * target) / passes) - 1) / 2);
  let best: number[] = [];
  let bestErr = Number.POSITIVE_INFINITY;
  for (let wide = 0; wide <= passes; wide++) {
    const radii = Array.from({ length: passes }, (_, i) => (i < wide ? lower + 1 : lower));
    const err = Math.abs(radii.reduce((s, r) => s + boxVariance(r), 0) - target);
    if (err < bestErr) {
      bestErr = err;
      best = radii;
    }
  }
  return best.filter((r) => r > 0);
}

/** Standard deviation, in pixels, that `gaussianBlur(…, sigmaPx)` actually applies. */
export function effectiveSigma(sigmaPx: number, passes = 3): number {
  return Math.sqrt(boxRadiiForSigma(sigmaPx, passes).reduce((s, r) => s + boxVariance(r), 0));
}

/**
 * Near-Gaussian blur of standard deviation ≈ `sigmaPx`: the 3 box passes of `boxRadiiForSigma`,
 * any pixel dtype in, a new Float32Array out. For the usual small σ (combined half-width ≤ 3 px,
 * e.g. σ = 1.5) the three boxes are first convolved into one short symmetric kernel applied once
 * per direction: in JS this is arithmetic-bound, and two sweeps of ≤ 7 taps beat six running-sum
 * sweeps. Larger σ uses the running sums, whose cost does not grow with the radius. Edges
 * replicate the border pixel.
 *
 * @param sigmaPx standard deviation, in pixels (≤ 0 returns a Float32 copy)
 */
export function gaussianBlur(src: PixelArray, width: number, height: number, sigmaPx: number): Float32Array {
  if (src.length !== width * height) throw new RangeError('image size does not match width × height');
  const radii = boxRadiiForSigma(sigmaPx, 3);
  if (radii.length === 0) return toFloat32(src);
  if (!runningSumRadii(sigmaPx)) {
    return convolveSymmetric(copyRows(src, width), width, height, halfKernelOfBoxes(radii));
  }
  return boxBlurRadii(src instanceof Float32Array ? src : toFloat32(src), width, height, radii);
}

/**
 * The box half-widths `gaussianBlur(…, sigmaPx)` sweeps with running sums, or undefined where it
 * applies one short kernel instead (or copies): for kernels that repeat its passes elsewhere
 * (the masked drift spectrum in WebAssembly) and must give the same bits.
 */
export function runningSumRadii(sigmaPx: number): number[] | undefined {
  const radii = boxRadiiForSigma(sigmaPx, 3);
  return radii.reduce((s, r) => s + r, 0) > MAX_DIRECT_HALF_WIDTH ? radii : undefined;
}

/** Writes row `y` of an image (`width` values) to `out[offset…]`. */
export type RowSource = (y: number, out: Float32Array, offset: number) => void;
/** Receives each finished row of a result, `row[offset…offset + width)`; it may modify it. */
export type RowSink = (y: number, row: Float32Array, offset: number) => void;

/** A `RowSource` reading the rows of a stored image. */
export function copyRows(src: PixelArray, width: number): RowSource {
  return (y, out, offset) => out.set(src.subarray(y * width, (y + 1) * width), offset);
}

/**
 * `gaussianBlur` of an image produced row by row by `source`, calling `sink` on each finished
 * row in order. A per-pixel step before the blur (such as dividing by the illumination) and a
 * per-row scan after it (such as collecting threshold runs) then ride along with the blur's own
 * sweeps, while the rows are in cache, instead of each being a pass over the image of its own.
 */
export function gaussianBlurRows(
  source: RowSource,
  width: number,
  height: number,
  sigmaPx: number,
  sink?: RowSink,
): Float32Array {
  const half = shortKernelFor(sigmaPx);
  if (half) return convolveSymmetric(source, width, height, half, sink);
  const radii = boxRadiiForSigma(sigmaPx, 3);
  const image = new Float32Array(width * height);
  for (let y = 0; y < height; y++) source(y, image, y * width);
  const out = radii.length > 0 ? boxBlurRadii(image, width, height, radii) : image;
  if (sink) for (let y = 0; y < height; y++) sink(y, out, y * width);
  return out;
}

/** Largest kernel half-width, in pixels, applied as a direct convolution (see `gaussianBlur`). */
const MAX_DIRECT_HALF_WIDTH = 3;

/**
 * The right half of the short kernel (≤ 4 taps) that `gaussianBlur(…, sigmaPx)` applies as a
 * direct convolution, or undefined when σ is 0 or large enough for the running sums.
 */
export function shortKernelFor(sigmaPx: number): Float64Array | undefined {
  const radii = boxRadiiForSigma(sigmaPx, 3);
  if (radii.length === 0 || radii.reduce((s, r) => s + r, 0) > MAX_DIRECT_HALF_WIDTH) return undefined;
  return halfKernelOfBoxes(radii);
}

/** Right half [centre, ±1, ±2, ...] of the kernel equal to the given box passes in sequence. */
export function halfKernelOfBoxes(radii: number[]): Float64Array {
  let k = [1];
  for (const r of radii) {
    const next = new Array(k.length + 2 * r).fill(0);
    for (let i = 0; i < k.length; i++) for (let j = 0; j <= 2 * r; j++) next[i + j] += k[i] / (2 * r + 1);
    k = next;
  }
  return Float64Array.from(k.slice((k.length - 1) / 2));
}

/**
 * Separable convolution with a symmetric kernel of half-width ≤ 3 (missing taps are zero), edges
 * replicated. Rows are filtered horizontally into a ring of the 7 most recent rows and the
 * vertical taps read that ring, so the only full-size allocation is the result: at 2048² fresh
 * 16 MB buffers cost more (page faults) than the arithmetic. Rows come from `source` (converted
 * from any dtype as they are copied in) and go to `sink` once done. The taps are unrolled: a
 * loop over them costs more than they do.
 */
function convolveSymmetric(
  source: RowSource,
  width: number,
  height: number,
  half: Float64Array,
  sink?: RowSink,
): Float32Array {
  const R = MAX_DIRECT_HALF_WIDTH;
  const slots = 2 * R + 1;
  const k0 = half[0];
  const k1 = half[1] ?? 0;
  const k2 = half[2] ?? 0;
  const k3 = half[3] ?? 0;
  const ring = new Float32Array(slots * width);
  const pad = new Float32Array(width + 2 * R);
  const dst = new Float32Array(width * height);
  const last = height - 1;
  let filtered = -1;
  for (let y = 0; y < height; y++) {
    const need = Math.min(y + R, last);
    while (filtered < need) {
      filtered++;
      source(filtered, pad, R);
      pad.fill(pad[R], 0, R);
      pad.fill(pad[R + width - 1], R + width);
      const d = (filtered % slots) * width;
      // σ ≈ 1 (the usual v2 smoothing) has 5 taps: skipping the two zero taps saves ~30 %.
      if (k3 === 0) {
        for (let x = 0; x < width; x++) {
          ring[d + x] = k0 * pad[x + 3] + k1 * (pad[x + 2] + pad[x + 4]) + k2 * (pad[x + 1] + pad[x + 5]);
        }
      } else {
        for (let x = 0; x < width; x++) {
          ring[d + x] =
            k0 * pad[x + 3] +
            k1 * (pad[x + 2] + pad[x + 4]) +
            k2 * (pad[x + 1] + pad[x + 5]) +
            k3 * (pad[x] + pad[x + 6]);
        }
      }
    }
    const slot = (j: number) => (Math.min(Math.max(y + j, 0), last) % slots) * width;
    const c = slot(0);
    const [u1, d1, u2, d2, u3, d3] = [slot(-1), slot(1), slot(-2), slot(2), slot(-3), slot(3)];
    const out = y * width;
    if (k3 === 0) {
      for (let x = 0; x < width; x++) {
        dst[out + x] =
          k0 * ring[c + x] + k1 * (ring[u1 + x] + ring[d1 + x]) + k2 * (ring[u2 + x] + ring[d2 + x]);
      }
    } else {
      for (let x = 0; x < width; x++) {
        dst[out + x] =
          k0 * ring[c + x] +
          k1 * (ring[u1 + x] + ring[d1 + x]) +
          k2 * (ring[u2 + x] + ring[d2 + x]) +
          k3 * (ring[u3 + x] + ring[d3 + x]);
      }
    }
    sink?.(y, dst, out);
  }
  return dst;
}

/**
 * Separable box blur repeated `passes` times, ≈ a Gaussian of σ = √(passes·r(r+1)/3) pixels.
 * Cost is O(width·height) per pass whatever the radius (running sums). Edges replicate the
 * border pixel, so a uniform frame stays exactly uniform and nothing darkens at the border.
 *
 * @param src row-major image, width × height; not modified
 * @param radiusPx box half-width in pixels, rounded to an integer (0 returns a copy)
 * @param passes number of box passes (3 is visually Gaussian)
 * @returns a new Float32Array
 */
export function boxBlur(
  src: Float32Array,
  width: number,
  height: number,
  radiusPx: number,
  passes = 3,
): Float32Array {
  const r = Math.max(0, Math.round(radiusPx));
  return boxBlurRadii(src, width, height, r > 0 ? new Array(Math.max(0, passes)).fill(r) : []);
}

function boxBlurRadii(src: Float32Array, width: number, height: number, radii: number[]): Float32Array {
  if (src.length !== width * height) throw new RangeError('image size does not match width × height');
  if (radii.length === 0) return src.slice();
  const fast = boxBlurWasm(src, width, height, radii);
  if (fast) return fast;
  // Two buffers suffice: each row pass empties `out` into `tmp` before the column pass refills it.
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  radii.forEach((r, p) => {
    blurRows(p === 0 ? src : out, tmp, width, height, r);
    blurColumns(tmp, out, width, height, r);
  });
  return out;
}

/**
 * Running-sum box blur along rows. Each row's running sum is a chain of dependent additions, so
 * four rows are swept side by side, each with its own sum: the chains overlap in the CPU and the
 * sweep takes half the time, with exactly the operations of one row at a time.
 */
function blurRows(src: Float32Array, dst: Float32Array, width: number, height: number, r: number): void {
  const inv = 1 / (2 * r + 1);
  // Each row is copied between r + 1 replicas of its end pixels, so the running sum needs no
  // clamping: the window of x is pad[x + 1 … x + 2r + 1] (of the row's own `stride` block).
  const stride = width + 2 * r + 2;
  const pad = new Float32Array(4 * stride);
  const padRow = (y: number, block: number) => {
    const row = y * width;
    const o = block * stride;
    pad.set(src.subarray(row, row + width), o + r + 1);
    pad.fill(src[row], o, o + r + 1);
    pad.fill(src[row + width - 1], o + width + r + 1, o + stride);
  };
  const ahead = 2 * r + 2;
  let y = 0;
  for (; y + 4 <= height; y += 4) {
    for (let k = 0; k < 4; k++) padRow(y + k, k);
    const p1 = stride;
    const p2 = 2 * stride;
    const p3 = 3 * stride;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 1; i <= 2 * r + 1; i++) {
      s0 += pad[i];
      s1 += pad[p1 + i];
      s2 += pad[p2 + i];
      s3 += pad[p3 + i];
    }
    const r0 = y * width;
    const r1 = r0 + width;
    const r2 = r1 + width;
    const r3 = r2 + width;
    for (let x = 0; x < width; x++) {
      dst[r0 + x] = s0 * inv;
      s0 += pad[x + ahead] - pad[x + 1];
      dst[r1 + x] = s1 * inv;
      s1 += pad[p1 + x + ahead] - pad[p1 + x + 1];
      dst[r2 + x] = s2 * inv;
      s2 += pad[p2 + x + ahead] - pad[p2 + x + 1];
      dst[r3 + x] = s3 * inv;
      s3 += pad[p3 + x + ahead] - pad[p3 + x + 1];
    }
  }
  for (; y < height; y++) {
    padRow(y, 0);
    const row = y * width;
    let sum = 0;
    for (let i = 1; i <= 2 * r + 1; i++) sum += pad[i];
    for (let x = 0; x < width; x++) {
      dst[row + x] = sum * inv;
      sum += pad[x + ahead] - pad[x + 1];
    }
  }
}

/**
 * Running-sum box blur down columns. Row-wise accumulation over columns keeps memory access
 * sequential (no column-strided walks); two output rows are made per sweep along x, the
 * column's sum held in a local between them, which halves its loads and stores (2× faster)
 * with the same additions in the same order.
 */
function blurColumns(src: Float32Array, dst: Float32Array, width: number, height: number, r: number): void {
  const inv = 1 / (2 * r + 1);
  const last = height - 1;
  const sums = new Float64Array(width);
  for (let x = 0; x < width; x++) sums[x] = (r + 1) * src[x];
  for (let i = 1; i <= r; i++) {
    const row = Math.min(i, last) * width;
    for (let x = 0; x < width; x++) sums[x] += src[row + x];
  }
  // Row y adds row y + r + 1 and drops row y − r, clamped to the image (edges replicated).
  const addRow = (y: number) => Math.min(y + r + 1, last) * width;
  const subRow = (y: number) => Math.max(y - r, 0) * width;
  let y = 0;
  for (; y + 2 <= height; y += 2) {
    const o0 = y * width;
    const o1 = o0 + width;
    const a0 = addRow(y);
    const b0 = subRow(y);
    const a1 = addRow(y + 1);
    const b1 = subRow(y + 1);
    for (let x = 0; x < width; x++) {
      let s = sums[x];
      dst[o0 + x] = s * inv;
      s += src[a0 + x] - src[b0 + x];
      dst[o1 + x] = s * inv;
      sums[x] = s + (src[a1 + x] - src[b1 + x]);
    }
  }
  if (y < height) {
    const out = y * width;
    const a = addRow(y);
    const b = subRow(y);
    for (let x = 0; x < width; x++) {
      dst[out + x] = sums[x] * inv;
      sums[x] += src[a + x] - src[b + x];
    }
  }
}
