// AssemblyScript twin of background.ts `robustFit` (with its `leastSquares`, `residualsOf`,
// `keepWithin` and medians): the same f64 operations in the same order, so the same surface to
// the bit. Its loops are short (576 blocks, ten terms) but run five rounds a frame, and in JS
// on this kind of loop they took about 1 ms a frame. Compiled into the one module of
// flatten-blur.as.ts (which re-exports it); memory is laid out by the caller (shape-kernels.ts
// `robustFitWasm`).

import { f32At, f64At } from './address.as';

const TERMS: i32 = 10;

/** a before b in the order Float64Array.prototype.sort gives (−0 before +0). */
@inline
function before(a: f64, b: f64): bool {
  return a < b || (a === b && a === 0 && 1 / a < 0 && 1 / b > 0);
}

/** The value at position k of the `count` f64 at `at` once sorted (they are reordered). */
function select(at: usize, count: i32, k: i32): f64 {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const pivot = load<f64>(f64At(at, (lo + hi) >>> 1));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (before(load<f64>(f64At(at, i)), pivot)) i++;
      while (before(pivot, load<f64>(f64At(at, j)))) j--;
      if (i <= j) {
        const t = load<f64>(f64At(at, i));
        store<f64>(f64At(at, i), load<f64>(f64At(at, j)));
        store<f64>(f64At(at, j), t);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return load<f64>(f64At(at, k));
}

/**
 * `leastSquares`: the surface's ten coefficients into `out`, or false when fewer than twenty
 * blocks are kept or the system is singular. Scratch: `columns` (11 × count f64), `a` (110 f64),
 * `order` (10 i32).
 */
function leastSquares(
  values: usize,
  design: usize,
  keep: usize,
  count: i32,
  columns: usize,
  a: usize,
  order: usize,
  out: usize,
): bool {
  const n = TERMS;
  const m = n + 1;
  let kept = 0;
  for (let k = 0; k < count; k++) if (load<u8>(keep + <usize>k)) kept++;
  if (kept < n * 2) return false;
  for (let k = 0, q = 0; k < count; k++) {
    if (!load<u8>(keep + <usize>k)) continue;
    for (let t = 0; t < n; t++) store<f64>(f64At(columns, t * kept + q), load<f64>(f64At(design, k * n + t)));
    store<f64>(f64At(columns, n * kept + q), load<f64>(f64At(values, k)));
    q++;
  }
  for (let i = 0; i < n; i++) {
    const ci = f64At(columns, i * kept);
    for (let j = i; j <= n; j += 4) {
      const last = min(n, j + 3);
      const c0 = f64At(columns, j * kept);
      const c1 = f64At(columns, min(j + 1, last) * kept);
      const c2 = f64At(columns, min(j + 2, last) * kept);
      const c3 = f64At(columns, min(j + 3, last) * kept);
      let s0: f64 = 0;
      let s1: f64 = 0;
      let s2: f64 = 0;
      let s3: f64 = 0;
      for (let q = 0; q < kept; q++) {
        const o = <usize>q << 3;
        const x = load<f64>(ci + o);
        s0 += x * load<f64>(c0 + o);
        s1 += x * load<f64>(c1 + o);
        s2 += x * load<f64>(c2 + o);
        s3 += x * load<f64>(c3 + o);
      }
      const row = i * m;
      store<f64>(f64At(a, row + j), s0);
      if (j + 1 <= last) store<f64>(f64At(a, row + j + 1), s1);
      if (j + 2 <= last) store<f64>(f64At(a, row + j + 2), s2);
      if (j + 3 <= last) store<f64>(f64At(a, row + j + 3), s3);
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) store<f64>(f64At(a, i * m + j), load<f64>(f64At(a, j * m + i)));
  for (let i = 0; i < n; i++) store<i32>(order + (<usize>i << 2), i * m);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) {
      const vr = abs(load<f64>(f64At(a, load<i32>(order + (<usize>r << 2)) + c)));
      const vp = abs(load<f64>(f64At(a, load<i32>(order + (<usize>pivot << 2)) + c)));
      if (vr > vp) pivot = r;
    }
    if (abs(load<f64>(f64At(a, load<i32>(order + (<usize>pivot << 2)) + c))) < 1e-12) return false;
    const oc = load<i32>(order + (<usize>c << 2));
    store<i32>(order + (<usize>c << 2), load<i32>(order + (<usize>pivot << 2)));
    store<i32>(order + (<usize>pivot << 2), oc);
    const rc = load<i32>(order + (<usize>c << 2));
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const rr = load<i32>(order + (<usize>r << 2));
      const f = load<f64>(f64At(a, rr + c)) / load<f64>(f64At(a, rc + c));
      if (f !== 0) {
        for (let j = c; j <= n; j++) {
          const p = f64At(a, rr + j);
          store<f64>(p, load<f64>(p) - f * load<f64>(f64At(a, rc + j)));
        }
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const oi = load<i32>(order + (<usize>i << 2));
    store<f64>(f64At(out, i), load<f64>(f64At(a, oi + n)) / load<f64>(f64At(a, oi + i)));
  }
  return true;
}

/**
 * `robustFit` of the `count` block means at `values` (f64) with their design rows at `design`
 * (10 f64 each), `sign` 1 for dark objects, −1 for bright: the coefficients into `out` (10 f64).
 * `scratch` holds 15 × count + 130 f64 (see kernels.ts).
 */
export function robustFit(values: usize, design: usize, count: i32, sign: f64, scratch: usize, out: usize): void {
  const sorted = scratch;
  const residuals = f64At(sorted, count);
  const keptAbs = f64At(residuals, count);
  const columns = f64At(keptAbs, count);
  const a = f64At(columns, 11 * count);
  const fitted = f64At(a, 110);
  const order = f64At(fitted, 10);
  const keep = f64At(order, 10);
  // Start from the brightest half of the blocks.
  for (let k = 0; k < count; k++) store<f64>(f64At(sorted, k), sign * load<f64>(f64At(values, k)));
  const half = count > 0 ? select(sorted, count, count / 2) : 0;
  let brightest: f64 = 0;
  for (let k = 0; k < count; k++) {
    const v = load<f64>(f64At(sorted, k));
    if (k === 0 || before(brightest, v)) brightest = v;
  }
  for (let k = 0; k < count; k++) store<u8>(keep + <usize>k, sign * load<f64>(f64At(values, k)) >= half ? 1 : 0);
  for (let t = 0; t < TERMS; t++) store<f64>(f64At(out, t), 0);
  store<f64>(out, sign * brightest);
  for (let round = 0; round < 5; round++) {
    if (!leastSquares(values, design, keep, count, columns, a, order, fitted)) break;
    memory.copy(out, fitted, <usize>TERMS << 3);
    let kept = 0;
    for (let k = 0; k < count; k++) {
      let model: f64 = 0;
      for (let t = 0; t < TERMS; t++) model += load<f64>(f64At(out, t)) * load<f64>(f64At(design, k * TERMS + t));
      const r = load<f64>(f64At(values, k)) - model;
      store<f64>(f64At(residuals, k), r);
      if (load<u8>(keep + <usize>k)) store<f64>(f64At(keptAbs, kept++), abs(r));
    }
    const sigma = 1.4826 * (kept > 0 ? select(keptAbs, kept, kept >> 1) : NaN);
    if (!(sigma > 0)) break;
    const limit = -2.5 * sigma;
    let changed = false;
    for (let k = 0; k < count; k++) {
      const now: u8 = sign * load<f64>(f64At(residuals, k)) > limit ? 1 : 0;
      if (now !== load<u8>(keep + <usize>k)) changed = true;
      store<u8>(keep + <usize>k, now);
    }
    if (!changed) break;
  }
}

/** background.ts `norm`: pixel centre i of an axis of n px in [−1, 1]. */
@inline
function norm(i: f64, n: i32): f64 {
  return (2 * (i + 0.5)) / <f64>n - 1;
}

/**
 * background.ts `blockMeans` of the width × height f32 image at `data`, blocks of about `side`
 * px: each block's mean (f64) into `values` and its centre's monomials u^i·v^j (10 f64, the
 * exponents i, j of each as i32 pairs at `powers`) into `design`; returns the number of blocks
 * with a finite pixel.
 */
export function blockMeans(
  data: usize,
  width: i32,
  height: i32,
  side: i32,
  powers: usize,
  values: usize,
  design: usize,
): i32 {
  const bw = max(1, width / side);
  const bh = max(1, height / side);
  let count = 0;
  for (let by = 0; by < bh; by++) {
    const y0 = (by * height) / bh;
    const y1 = ((by + 1) * height) / bh;
    for (let bx = 0; bx < bw; bx++) {
      const x0 = (bx * width) / bw;
      const x1 = ((bx + 1) * width) / bw;
      let sum: f64 = 0;
      let n = 0;
      for (let y = y0; y < y1; y += 2) {
        const row = f32At(data, y * width);
        for (let x = x0; x < x1; x += 2) {
          const value = <f64>load<f32>(f32At(row, x));
          // NaN fails both comparisons and is skipped; so are infinities.
          if (value > -Infinity && value < Infinity) {
            sum += value;
            n++;
          }
        }
      }
      if (n === 0) continue;
      store<f64>(f64At(values, count), sum / <f64>n);
      const u = norm(<f64>(x0 + x1) / 2 - 0.5, width);
      const v = norm(<f64>(y0 + y1) / 2 - 0.5, height);
      for (let t = 0; t < TERMS; t++) {
        let m: f64 = 1;
        const i = load<i32>(powers + (<usize>t << 3));
        const j = load<i32>(powers + (<usize>t << 3), 4);
        for (let p = 0; p < i; p++) m *= u;
        for (let p = 0; p < j; p++) m *= v;
        store<f64>(f64At(design, count * TERMS + t), m);
      }
      count++;
    }
  }
  return count;
}
