/**
 * Chamfer distance transforms (1 and √2 steps, two passes): how far each pixel of a box lies from
 * a mask's set pixels (or its unset ones: how deep inside), and those distances sorted into
 * bands. Used to widen masks by a margin (drift's masks, the needle's), to keep an object's edge
 * within reach of its outline, and to tell its interior. In WebAssembly where it runs
 * (shape-kernels.ts), with the JS twins here.
 */

import { chamferBandsWasm, chamferDistanceWasm } from './wasm/shape-kernels.ts';

/** [x0, y0, x1, y1): a pixel box. */
type Box = readonly [number, number, number, number];

/**
 * `chamferDistance` to the set pixels inside `box`, sorted into bands there (box-sized): `near`'s
 * code where a distance is at most its limit, else `far`'s where at most its limit, else 0.
 */
export function chamferBands(
  mask: Uint8Array,
  width: number,
  height: number,
  box: Box,
  near: readonly [limit: number, code: number],
  far: readonly [limit: number, code: number],
): Uint8Array {
  const fast = chamferBandsWasm(mask, width, box, near, far);
  if (fast) return fast;
  const distance = chamferDistance(mask, width, height, box);
  const bands = new Uint8Array(distance.length);
  for (let i = 0; i < distance.length; i++) {
    const d = distance[i];
    bands[i] = d <= near[0] ? near[1] : d <= far[0] ? far[1] : 0;
  }
  return bands;
}

/**
 * Approximate Euclidean distance (px) to the nearest set pixel of `mask` inside `box` (pixels
 * outside the box are ignored), or with `toUnset` to the nearest unset one (how deep inside the
 * mask a pixel lies), as a box-sized array: 1/√2 chamfer weights, two passes.
 */
export function chamferDistance(
  mask: Uint8Array,
  width: number,
  height: number,
  box: Box = [0, 0, width, height],
  toUnset = false,
): Float32Array {
  const fast = chamferDistanceWasm(mask, width, box, toUnset);
  if (fast) return fast;
  const [x0, y0, x1, y1] = box;
  const w = x1 - x0;
  const h = y1 - y0;
  const inf = 1e9;
  const d = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const src = (y + y0) * width + x0;
    for (let x = 0; x < w; x++) d[y * w + x] = (mask[src + x] !== 0) !== toUnset ? 0 : inf;
  }
  const a = 1;
  const b = Math.SQRT2;
  // Forward pass: left, up-left, up, up-right. The first row and column are done on their own
  // so the inner loop needs no bounds tests (the same minima in the same order: identical output).
  for (let x = 1; x < w; x++) if (d[x] !== 0) d[x] = Math.min(d[x], d[x - 1] + a);
  for (let y = 1; y < h; y++) {
    const row = y * w;
    const up = row - w;
    let v = d[row];
    if (v !== 0) {
      v = Math.min(v, d[up] + a);
      if (w > 1) v = Math.min(v, d[up + 1] + b);
      d[row] = v;
    }
    for (let x = 1; x < w - 1; x++) {
      const k = row + x;
      v = d[k];
      if (v === 0) continue;
      v = Math.min(v, d[k - 1] + a);
      v = Math.min(v, d[k - w] + a);
      v = Math.min(v, d[k - w - 1] + b);
      v = Math.min(v, d[k - w + 1] + b);
      d[k] = v;
    }
    if (w > 1) {
      const k = row + w - 1;
      v = d[k];
      if (v !== 0) {
        v = Math.min(v, d[k - 1] + a);
        v = Math.min(v, d[k - w] + a);
        v = Math.min(v, d[k - w - 1] + b);
        d[k] = v;
      }
    }
  }
  // Backward pass: right, down-right, down, down-left.
  for (let x = w - 2; x >= 0; x--) {
    const k = (h - 1) * w + x;
    if (d[k] !== 0) d[k] = Math.min(d[k], d[k + 1] + a);
  }
  for (let y = h - 2; y >= 0; y--) {
    const row = y * w;
    const last = row + w - 1;
    let v = d[last];
    if (v !== 0) {
      v = Math.min(v, d[last + w] + a);
      if (w > 1) v = Math.min(v, d[last + w - 1] + b);
      d[last] = v;
    }
    for (let x = w - 2; x >= 1; x--) {
      const k = row + x;
      v = d[k];
      if (v === 0) continue;
      v = Math.min(v, d[k + 1] + a);
      v = Math.min(v, d[k + w] + a);
      v = Math.min(v, d[k + w + 1] + b);
      v = Math.min(v, d[k + w - 1] + b);
      d[k] = v;
    }
    if (w > 1) {
      const k = row;
      v = d[k];
      if (v !== 0) {
        v = Math.min(v, d[k + 1] + a);
        v = Math.min(v, d[k + w] + a);
        v = Math.min(v, d[k + w + 1] + b);
        d[k] = v;
      }
    }
  }
  return d;
}
