/** Smoothing filters on Float32 images. Pure: inputs are never modified. */

import type { PixelArray } from '../io/types.ts';

/** Copies any pixel array to a new Float32Array (NaN and ±Infinity pass through unchanged). */
export function toFloat32(data: PixelArray | Float32Array): Float32Array {
  return Float32Array.from(data);
}

/**
 * Standard deviation, in pixels, of the near-Gaussian kernel that `boxBlur` applies with box
 * half-width `radiusPx` and `passes` passes: each pass adds the variance of a (2r+1)-wide box.
 */
export function boxBlurSigma(radiusPx: number, passes = 3): number {
  const r = Math.max(0, Math.round(radiusPx));
  return Math.sqrt((passes * r * (r + 1)) / 3);
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
export function boxBlur(src: Float32Array, width: number, height: number, radiusPx: number, passes = 3): Float32Array {
  const r = Math.max(0, Math.round(radiusPx));
  if (src.length !== width * height) throw new RangeError('image size does not match width × height');
  if (r === 0 || passes <= 0) return src.slice();
  // Two buffers suffice: each row pass empties `out` into `tmp` before the column pass refills it.
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  for (let p = 0; p < passes; p++) {
    blurRows(p === 0 ? src : out, tmp, width, height, r);
    blurColumns(tmp, out, width, height, r);
  }
  return out;
}

function blurRows(src: Float32Array, dst: Float32Array, width: number, height: number, r: number): void {
  const inv = 1 / (2 * r + 1);
  const last = width - 1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let sum = (r + 1) * src[row];
    for (let i = 1; i <= r; i++) sum += src[row + (i < last ? i : last)];
    for (let x = 0; x < width; x++) {
      dst[row + x] = sum * inv;
      const add = x + r + 1;
      const sub = x - r;
      sum += src[row + (add < last ? add : last)] - src[row + (sub > 0 ? sub : 0)];
    }
  }
}

// Row-wise accumulation over columns keeps memory access sequential (no column-strided walks).
function blurColumns(src: Float32Array, dst: Float32Array, width: number, height: number, r: number): void {
  const inv = 1 / (2 * r + 1);
  const last = height - 1;
  const sums = new Float64Array(width);
  for (let x = 0; x < width; x++) sums[x] = (r + 1) * src[x];
  for (let i = 1; i <= r; i++) {
    const row = (i < last ? i : last) * width;
    for (let x = 0; x < width; x++) sums[x] += src[row + x];
  }
  for (let y = 0; y < height; y++) {
    const out = y * width;
    const add = y + r + 1;
    const sub = y - r;
    const addRow = (add < last ? add : last) * width;
    const subRow = (sub > 0 ? sub : 0) * width;
    for (let x = 0; x < width; x++) {
      dst[out + x] = sums[x] * inv;
      sums[x] += src[addRow + x] - src[subRow + x];
    }
  }
}
