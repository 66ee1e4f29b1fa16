// AssemblyScript twins of the pixel loops of drift-prepare.ts `maskedSpectrum` (`keepOnly`,
// `keptDetailAndEnergy`, `equalisedRow` with `windowRow`) and of the three blurs between them, so
// that a masked spectrum goes from the binned frame to the transform without leaving WebAssembly
// memory. In JS each step was a pass that allocated its result and each blur or transform copied
// its input in and its result out: about 40 % of the spectrum's time. The operations are the
// JS's in the same order (f64 arithmetic, one rounding to f32 where the JS stores to a
// Float32Array), so the results are the same bits. Compiled into the one module of
// flatten-blur.as.ts (which re-exports these), never on its own; buffers are laid out by the
// caller (drift-kernels.ts `maskedSpectrumWasm`).

import { f32At, f64At } from './address.as';
import { boxBlurColumns, boxBlurRows } from './flatten-blur.as';

/**
 * filters.ts `boxBlurRadii` with radii r0, r1, r2 (those ≤ 0 skipped; none: a copy): `src` into
 * `out` (`src` unchanged), `tmp` one image of scratch, `sums` and `pad` as the box passes need.
 */
export function blurInto(
  src: usize,
  out: usize,
  tmp: usize,
  sums: usize,
  pad: usize,
  width: i32,
  height: i32,
  r0: i32,
  r1: i32,
  r2: i32,
): void {
  let from = src;
  for (let p = 0; p < 3; p++) {
    const r = p === 0 ? r0 : p === 1 ? r1 : r2;
    if (r <= 0) continue;
    boxBlurRows(from, tmp, pad, width, height, r);
    boxBlurColumns(tmp, out, sums, width, height, r);
    from = out;
  }
  if (from === src) memory.copy(out, src, <usize>(width * height) << 2);
}

/** drift-prepare.ts `outlierValue`'s clip of one neighbour: in range as it is, else the limit it passed, NaN as `fill`. */
@inline
function clipped(v: f64, lo: f64, hi: f64, fill: f64): f64 {
  return v >= lo && v <= hi ? v : v > hi ? hi : v < lo ? lo : fill;
}

/**
 * drift-prepare.ts `binClipped` for frames that need no binning, in place on the width × height
 * f32 image at `values`: a pixel outside [lo, hi] (or NaN) becomes the mean of its clipped left
 * and right neighbours (the one there is at a row's end; `fill` in a one-pixel row). Neighbours
 * are read before they are replaced: each row is copied to `row` first.
 */
export function clipOutliers(values: usize, row: usize, width: i32, height: i32, lo: f64, hi: f64, fill: f64): void {
  const rowBytes = <usize>width << 2;
  const vlo = f64x2.splat(lo);
  const vhi = f64x2.splat(hi);
  const zero = f32x4.splat(0);
  for (let y = 0; y < height; y++) {
    const line = f32At(values, y * width);
    memory.copy(row, line, rowBytes);
    for (let x = 0; x < width; x++) {
      // Four pixels in range at once (most of a frame): each is 0 + v, as below.
      if ((x & 3) === 0 && x + 4 <= width) {
        const v = v128.load(f32At(row, x));
        const a = f64x2.promote_low_f32x4(v);
        const b = f64x2.promote_low_f32x4(v128.shuffle<u32>(v, v, 2, 3, 2, 3));
        const inA = v128.and(f64x2.ge(a, vlo), f64x2.le(a, vhi));
        const inB = v128.and(f64x2.ge(b, vlo), f64x2.le(b, vhi));
        if (v128.all_true<i64>(v128.and(inA, inB))) {
          v128.store(f32At(line, x), f32x4.add(zero, v));
          x += 3;
          continue;
        }
      }
      const v = <f64>load<f32>(f32At(row, x));
      let out: f64;
      if (v >= lo && v <= hi) out = 0 + v;
      else if (width === 1) out = 0 + fill;
      else if (x === 0) out = 0 + clipped(<f64>load<f32>(f32At(row, 1)), lo, hi, fill);
      else if (x === width - 1) out = 0 + clipped(<f64>load<f32>(f32At(row, x - 1)), lo, hi, fill);
      else {
        const left = clipped(<f64>load<f32>(f32At(row, x - 1)), lo, hi, fill);
        const right = clipped(<f64>load<f32>(f32At(row, x + 1)), lo, hi, fill);
        out = 0 + (left + right) / 2;
      }
      store<f32>(f32At(line, x), <f32>out);
    }
  }
}

/**
 * Steps of the masked spectrum up to the contrast gain, on width × height f32 images:
 * - `kept` = 0 where `ignore` (u8) is set, else 1, and `values` zeroed where ignored (`keepOnly`);
 * - the local sums of kept values and of kept pixels, blurred with radii h0…h2;
 * - `values` ← the detail (kept value minus the local mean over kept pixels, 0 where ignored) and
 *   `share` ← its square, the energy (`keptDetailAndEnergy`);
 * - `local` ← the energy blurred with radii e0…e2.
 * `local` and `tmp` are scratch until then; `sums` and `pad` as `boxBlurColumns`/`boxBlurRows`.
 */
export function maskedDetail(
  values: usize,
  ignore: usize,
  kept: usize,
  local: usize,
  share: usize,
  tmp: usize,
  sums: usize,
  pad: usize,
  width: i32,
  height: i32,
  h0: i32,
  h1: i32,
  h2: i32,
  e0: i32,
  e1: i32,
  e2: i32,
): void {
  const n = width * height;
  const vecEnd = n & ~3;
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  for (let i = 0; i < vecEnd; i += 4) {
    // Four mask bytes, one a lane: kept (1) where the byte is 0.
    const bytes = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(ignore + <usize>i)));
    const k = v128.bitselect(one, zero, i32x4.eq(bytes, i32x4.splat(0)));
    v128.store(f32At(kept, i), k);
    const v = f32At(values, i);
    v128.store(v, f32x4.mul(v128.load(v), k));
  }
  for (let i = vecEnd; i < n; i++) {
    const k: f32 = load<u8>(ignore + <usize>i) ? 0 : 1;
    store<f32>(f32At(kept, i), k);
    const v = f32At(values, i);
    store<f32>(v, load<f32>(v) * k);
  }
  // The local sum of kept values goes to `local` for now, the kept share to `share`.
  blurInto(values, local, tmp, sums, pad, width, height, h0, h1, h2);
  blurInto(kept, share, tmp, sums, pad, width, height, h0, h1, h2);
  // Two pixels an instruction, each lane the scalar loop's operations; ignored lanes are 0.
  const vecPairs = n & ~1;
  const zero2 = f64x2.splat(0);
  for (let i = 0; i < vecPairs; i += 2) {
    const v = f32At(values, i);
    const s = f32At(share, i);
    const value = f64x2.promote_low_f32x4(v128.load64_zero(v));
    const sum = f64x2.promote_low_f32x4(v128.load64_zero(f32At(local, i)));
    const count = f64x2.promote_low_f32x4(v128.load64_zero(s));
    const isKept = f64x2.gt(f64x2.promote_low_f32x4(v128.load64_zero(f32At(kept, i))), zero2);
    const d32 = f32x4.demote_f64x2_zero(f64x2.sub(value, f64x2.div(sum, count)));
    const d = v128.bitselect(f64x2.promote_low_f32x4(d32), zero2, isKept);
    v128.store64_lane(v, f32x4.demote_f64x2_zero(d), 0);
    v128.store64_lane(s, f32x4.demote_f64x2_zero(f64x2.mul(d, d)), 0);
  }
  for (let i = vecPairs; i < n; i++) {
    const v = f32At(values, i);
    const s = f32At(share, i);
    let d: f64 = 0;
    if (load<f32>(f32At(kept, i)) > 0) {
      d = <f64>(<f32>(<f64>load<f32>(v) - <f64>load<f32>(f32At(local, i)) / <f64>load<f32>(s)));
    }
    store<f32>(v, <f32>d);
    store<f32>(s, <f32>(d * d));
  }
  blurInto(share, local, tmp, sums, pad, width, height, e0, e1, e2);
}

/**
 * `windowed`: the detail (width × height f32 at `detail`) divided by √(local / floor) where its
 * local energy exceeds `floor` (with `equalise` ≠ 0), rounded to f32, times the Tukey windows
 * `wy[y]` and `wx[x]` (f64), in the top left of the zeroed size × size f64 square at `image`.
 */
export function maskedWindow(
  detail: usize,
  local: usize,
  floor: f64,
  equalise: i32,
  wx: usize,
  wy: usize,
  image: usize,
  width: i32,
  height: i32,
  size: i32,
): void {
  memory.fill(image, 0, <usize>(size * size) << 3);
  const vfloor = f64x2.splat(floor);
  const vecEnd = width & ~1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const to = y * size;
    const w = load<f64>(f64At(wy, y));
    const vw = f64x2.splat(w);
    // Two pixels an instruction, each lane the scalar loop's operations.
    for (let x = 0; x < vecEnd; x += 2) {
      let d = f64x2.promote_low_f32x4(v128.load64_zero(f32At(detail, row + x)));
      if (equalise) {
        const l = f64x2.promote_low_f32x4(v128.load64_zero(f32At(local, row + x)));
        const scaled = f64x2.mul(d, f64x2.sqrt(f64x2.div(vfloor, l)));
        d = v128.bitselect(f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(scaled)), d, f64x2.gt(l, vfloor));
      }
      v128.store(f64At(image, to + x), f64x2.mul(f64x2.mul(d, vw), v128.load(f64At(wx, x))));
    }
    for (let x = vecEnd; x < width; x++) {
      let d = <f64>load<f32>(f32At(detail, row + x));
      if (equalise) {
        const l = <f64>load<f32>(f32At(local, row + x));
        if (l > floor) d = <f64>(<f32>(d * Math.sqrt(floor / l)));
      }
      store<f64>(f64At(image, to + x), d * w * load<f64>(f64At(wx, x)));
    }
  }
}

/**
 * drift-masked.ts `crossPower` in place: the half spectrum re/im (f64) times the reference's
 * weighted conjugate spectrum br/bi (f32), `count` values; two per instruction, each lane the
 * JS's operations.
 */
export function crossPower(re: usize, im: usize, br: usize, bi: usize, count: i32): void {
  const vecEnd = count & ~1;
  for (let k = 0; k < vecEnd; k += 2) {
    const ar = v128.load(f64At(re, k));
    const ai = v128.load(f64At(im, k));
    const r = f64x2.promote_low_f32x4(v128.load64_zero(f32At(br, k)));
    const i = f64x2.promote_low_f32x4(v128.load64_zero(f32At(bi, k)));
    v128.store(f64At(re, k), f64x2.sub(f64x2.mul(ar, r), f64x2.mul(ai, i)));
    v128.store(f64At(im, k), f64x2.add(f64x2.mul(ar, i), f64x2.mul(ai, r)));
  }
  for (let k = vecEnd; k < count; k++) {
    const ar = load<f64>(f64At(re, k));
    const ai = load<f64>(f64At(im, k));
    const r = <f64>load<f32>(f32At(br, k));
    const i = <f64>load<f32>(f32At(bi, k));
    store<f64>(f64At(re, k), ar * r - ai * i);
    store<f64>(f64At(im, k), ar * i + ai * r);
  }
}
