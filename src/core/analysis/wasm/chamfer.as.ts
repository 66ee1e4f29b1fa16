// AssemblyScript twin of chamfer.ts `chamferDistance`: the same distances to the bit. The JS takes,
// pixel after pixel, the least of the pixel and its earlier neighbours plus 1 or √2 (f64 sums of
// 32-bit distances) and stores it to 32 bits. Here each row takes its neighbours in the row before
// first, four pixels an instruction, then the one before it along the row, the only chain from
// pixel to pixel, kept in a register. The same minima: rounding to 32 bits is monotonic, so the
// least of the rounded candidates is the rounded least; a step of 1 added to a 32-bit distance
// in 32 bits rounds as the f64 sum does (the sum is exact in f64); a step of √2 is added in f64.
// Distances are ≥ 0 and never NaN, so the minima are plain comparisons. Compiled into the one
// module of flatten-blur.as.ts (which re-exports it); memory laid out by shape-kernels.ts
// `chamferDistanceWasm`.

import { f32At as at } from './address.as';

/** fround(v + √2), v a 32-bit distance, the sum in f64. */
@inline
function diagonal(v: f32): f32 {
  return <f32>(<f64>v + Math.SQRT2);
}

/** The four lanes of `v` plus √2 (in f64), each rounded to 32 bits. */
@inline
function diagonal4(v: v128): v128 {
  const s = f64x2.splat(Math.SQRT2);
  const lo = f32x4.demote_f64x2_zero(f64x2.add(f64x2.promote_low_f32x4(v), s));
  const hi = f32x4.demote_f64x2_zero(f64x2.add(f64x2.promote_low_f32x4(v128.shuffle<u32>(v, v, 2, 3, 2, 3)), s));
  return v128.shuffle<u32>(lo, hi, 0, 1, 4, 5);
}

@inline
function least(a: f32, b: f32): f32 {
  return b < a ? b : a;
}

/** Row `row` (w px) takes the steps from the adjacent row `from`: straight (1) and diagonal (√2). */
function fromRow(d: usize, row: i32, from: i32, w: i32): void {
  const one = f32x4.splat(1);
  const r = at(d, row);
  const f = at(d, from);
  let v = load<f32>(r);
  v = least(v, load<f32>(f) + 1);
  if (w > 1) v = least(v, diagonal(load<f32>(f, 4)));
  store<f32>(r, v);
  let x = 1;
  for (; x + 4 <= w - 1; x += 4) {
    const o = <usize>x << 2;
    let u = v128.load(r + o);
    u = f32x4.pmin(u, f32x4.add(v128.load(f + o), one));
    u = f32x4.pmin(u, diagonal4(v128.load(f + o - 4)));
    u = f32x4.pmin(u, diagonal4(v128.load(f + o + 4)));
    v128.store(r + o, u);
  }
  for (; x < w - 1; x++) {
    const o = <usize>x << 2;
    let u = load<f32>(r + o);
    u = least(u, load<f32>(f + o) + 1);
    u = least(u, diagonal(load<f32>(f + o - 4)));
    u = least(u, diagonal(load<f32>(f + o + 4)));
    store<f32>(r + o, u);
  }
  if (w > 1) {
    const o = <usize>(w - 1) << 2;
    let u = load<f32>(r + o);
    u = least(u, load<f32>(f + o) + 1);
    u = least(u, diagonal(load<f32>(f + o - 4)));
    store<f32>(r + o, u);
  }
}

/** The step of 1 from the previous pixel along row `row`: left to right, or right to left. */
function alongRow(d: usize, row: i32, w: i32, forward: bool): void {
  const r = at(d, row);
  if (forward) {
    let previous = load<f32>(r);
    for (let x = 1; x < w; x++) {
      const p = r + (<usize>x << 2);
      previous = least(load<f32>(p), previous + 1);
      store<f32>(p, previous);
    }
  } else {
    let previous = load<f32>(r + (<usize>(w - 1) << 2));
    for (let x = w - 2; x >= 0; x--) {
      const p = r + (<usize>x << 2);
      previous = least(load<f32>(p), previous + 1);
      store<f32>(p, previous);
    }
  }
}

/**
 * Distances (f32, w × h at `d`) to the nearest set byte of the width-wide mask at `mask` inside
 * the box [x0, x0 + w) × [y0, y0 + h), or with `unset` ≠ 0 to the nearest unset byte; w, h ≥ 1.
 */
export function chamferDistance(
  mask: usize,
  width: i32,
  x0: i32,
  y0: i32,
  w: i32,
  h: i32,
  d: usize,
  unset: i32,
): void {
  const sources = unset !== 0;
  for (let y = 0; y < h; y++) {
    const src = mask + <usize>((y + y0) * width + x0);
    for (let x = 0; x < w; x++) store<f32>(at(d, y * w + x), (load<u8>(src + <usize>x) !== 0) !== sources ? 0 : 1e9);
  }
  for (let y = 0; y < h; y++) {
    if (y > 0) fromRow(d, y * w, (y - 1) * w, w);
    alongRow(d, y * w, w, true);
  }
  for (let y = h - 1; y >= 0; y--) {
    if (y < h - 1) fromRow(d, y * w, (y + 1) * w, w);
    alongRow(d, y * w, w, false);
  }
}

/**
 * The n distances at `d` sorted into bands, as u8 at `out`: `nearCode` where a distance is at
 * most `near`, else `farCode` where at most `far`, else 0 (chamfer.ts `chamferBands`: the
 * comparisons of a 32-bit distance with a 64-bit limit, as the JS makes them).
 */
export function distanceBands(d: usize, n: i32, near: f64, far: f64, nearCode: i32, farCode: i32, out: usize): void {
  for (let i = 0; i < n; i++) {
    const v = <f64>load<f32>(at(d, i));
    store<u8>(out + <usize>i, v <= near ? nearCode : v <= far ? farCode : 0);
  }
}

/**
 * edge-crop.ts `darkerInside`'s pixels of a w × h box, as runs (y, x0, x1 i32 triplets at `out`,
 * in the box; room for h · ⌈w / 2⌉): those whose mask byte is set and whose smoothed value is at
 * most `level` or whose depth (`d`: distances to the unset bytes) exceeds `interior`, compared
 * in f64 as the JS does. `mask` rows are `width` wide, the box starting at column x0 of each;
 * `smoothed` holds the box's values row after row. Returns the number of runs.
 */
export function insideRuns(
  mask: usize,
  width: i32,
  x0: i32,
  smoothed: usize,
  d: usize,
  w: i32,
  h: i32,
  level: f64,
  interior: f64,
  out: usize,
): i32 {
  let count = 0;
  for (let y = 0; y < h; y++) {
    const m = mask + <usize>(y * width + x0);
    let start = -1;
    for (let x = 0; x <= w; x++) {
      const i = y * w + x;
      const inside =
        x < w &&
        load<u8>(m + <usize>x) !== 0 &&
        (<f64>load<f32>(at(smoothed, i)) <= level || <f64>load<f32>(at(d, i)) > interior);
      if (inside) {
        if (start < 0) start = x;
      } else if (start >= 0) {
        const o = out + (<usize>(count++ * 3) << 2);
        store<i32>(o, y);
        store<i32>(o, start, 4);
        store<i32>(o, x, 8);
        start = -1;
      }
    }
  }
  return count;
}
