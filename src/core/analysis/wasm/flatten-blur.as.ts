// AssemblyScript source of the WebAssembly kernels (built into flatten-blur.wasm.ts by
// scripts/build-wasm.mjs; never imported as TypeScript). `flattenBlur` is the WASM SIMD twin of
// `flattenRow` + `gaussianBlurRows` with a kernel of half-width ≤ 3, the hottest loop of
// segmentation v2: four pixels per instruction where the JS version does one. `boxBlurRows` and
// `boxBlurColumns` are the running-sum box passes of larger blurs (filters.ts `boxBlurRadii`);
// `realFft2dForward` and `realFft2dInverse`, the real 2-D FFTs of drift tracking (fft.ts), are
// in fft.as.ts and exported from this module with the rest.
//
// Memory is laid out by the caller (see kernels.ts): the working image at `src`, the result at
// `dst`, 7 rows of scratch at `ring`, one padded row at `pad` and a row's u coordinates at
// `across`, all f32.

import { f32At as at } from './address.as';

const R: i32 = 3;
const SLOTS: i32 = 7;

/** Writes run number `count` (row y, pixels [x0, x1)) as an i32 triplet at `out`. */
@inline
function putRun(out: usize, count: i32, y: i32, x0: i32, x1: i32): void {
  const o = at(out, count * 3);
  store<i32>(o, y);
  store<i32>(o, x0, 4);
  store<i32>(o, x1, 8);
}

/**
 * dst = blur(src / background): the background along row y is the cubic
 * p0 + p1·u + p2·u² + p3·u³ in u ∈ [-1, 1] (see background.ts), from the 10 coefficients c0…c9;
 * the blur is separable with the symmetric kernel [k3 k2 k1 k0 k1 k2 k3], edges replicated.
 * With `mirror` ≠ 0 the result is 2 − blur (bright objects on a dark background, mirrored).
 */
export function flattenBlur(
  src: usize,
  dst: usize,
  ring: usize,
  pad: usize,
  across: usize,
  width: i32,
  height: i32,
  c0: f64, c1: f64, c2: f64, c3: f64, c4: f64, c5: f64, c6: f64, c7: f64, c8: f64, c9: f64,
  k0: f32, k1: f32, k2: f32, k3: f32,
  mirror: i32,
): void {
  const vk0 = f32x4.splat(k0);
  const vk1 = f32x4.splat(k1);
  const vk2 = f32x4.splat(k2);
  const vk3 = f32x4.splat(k3);
  const zero = f32x4.splat(0);
  const two = f32x4.splat(2);
  const vecEnd = width & ~3;
  const last = height - 1;
  const du = 2.0 / <f64>width;
  const u0 = du * 0.5 - 1.0;
  const lanes = f32x4(0, <f32>du, <f32>(2 * du), <f32>(3 * du));
  // u of each group of four pixels, computed once for every row. Converted from x inside the
  // row's loop, the flatten took 3× as long (measured): each group apparently waited on the one
  // before, as when a conversion to float depends on its target register's old value.
  for (let x = 0; x < vecEnd; x += 4) {
    v128.store(at(across, x), f32x4.add(lanes, f32x4.splat(<f32>(u0 + <f64>x * du))));
  }
  let filtered = -1;
  for (let y = 0; y < height; y++) {
    const need = min(y + R, last);
    while (filtered < need) {
      filtered++;
      // Flatten row `filtered` into pad[R…R + width).
      const v = (2.0 * (<f64>filtered + 0.5)) / <f64>height - 1.0;
      const p0 = <f32>(c0 + c2 * v + c5 * v * v + c9 * v * v * v);
      const p1 = <f32>(c1 + c4 * v + c8 * v * v);
      const p2 = <f32>(c3 + c7 * v);
      const p3 = <f32>c6;
      const vp0 = f32x4.splat(p0);
      const vp1 = f32x4.splat(p1);
      const vp2 = f32x4.splat(p2);
      const vp3 = f32x4.splat(p3);
      const row = at(src, filtered * width);
      for (let x = 0; x < vecEnd; x += 4) {
        const u = v128.load(at(across, x));
        const bg = f32x4.add(vp0, f32x4.mul(u, f32x4.add(vp1, f32x4.mul(u, f32x4.add(vp2, f32x4.mul(u, vp3))))));
        const t = f32x4.div(v128.load(at(row, x)), bg);
        v128.store(at(pad, x + R), v128.bitselect(t, zero, f32x4.gt(bg, zero)));
      }
      for (let x = vecEnd; x < width; x++) {
        const u = <f32>(u0 + <f64>x * du);
        const bg = p0 + u * (p1 + u * (p2 + u * p3));
        store<f32>(at(pad, x + R), bg > 0 ? load<f32>(at(row, x)) / bg : 0);
      }
      const first = load<f32>(at(pad, R));
      const end = load<f32>(at(pad, R + width - 1));
      for (let i = 0; i < R; i++) {
        store<f32>(at(pad, i), first);
        store<f32>(at(pad, R + width + i), end);
      }
      // Horizontal pass into the ring slot of row `filtered`.
      const d = at(ring, (filtered % SLOTS) * width);
      for (let x = 0; x < vecEnd; x += 4) {
        const p = at(pad, x);
        let acc = f32x4.mul(vk0, v128.load(p, 12));
        acc = f32x4.add(acc, f32x4.mul(vk1, f32x4.add(v128.load(p, 8), v128.load(p, 16))));
        acc = f32x4.add(acc, f32x4.mul(vk2, f32x4.add(v128.load(p, 4), v128.load(p, 20))));
        acc = f32x4.add(acc, f32x4.mul(vk3, f32x4.add(v128.load(p), v128.load(p, 24))));
        v128.store(at(d, x), acc);
      }
      for (let x = vecEnd; x < width; x++) {
        const p = at(pad, x);
        store<f32>(
          at(d, x),
          k0 * load<f32>(p, 12) +
            k1 * (load<f32>(p, 8) + load<f32>(p, 16)) +
            k2 * (load<f32>(p, 4) + load<f32>(p, 20)) +
            k3 * (load<f32>(p) + load<f32>(p, 24)),
        );
      }
    }
    // Vertical pass over the ring: rows y−3 … y+3, clamped at the edges.
    const c = at(ring, (y % SLOTS) * width);
    const u1 = at(ring, (max(y - 1, 0) % SLOTS) * width);
    const d1 = at(ring, (min(y + 1, last) % SLOTS) * width);
    const u2 = at(ring, (max(y - 2, 0) % SLOTS) * width);
    const d2 = at(ring, (min(y + 2, last) % SLOTS) * width);
    const u3 = at(ring, (max(y - 3, 0) % SLOTS) * width);
    const d3 = at(ring, (min(y + 3, last) % SLOTS) * width);
    const o = at(dst, y * width);
    for (let x = 0; x < vecEnd; x += 4) {
      const b = <usize>x << 2;
      let acc = f32x4.mul(vk0, v128.load(c + b));
      acc = f32x4.add(acc, f32x4.mul(vk1, f32x4.add(v128.load(u1 + b), v128.load(d1 + b))));
      acc = f32x4.add(acc, f32x4.mul(vk2, f32x4.add(v128.load(u2 + b), v128.load(d2 + b))));
      acc = f32x4.add(acc, f32x4.mul(vk3, f32x4.add(v128.load(u3 + b), v128.load(d3 + b))));
      v128.store(o + b, mirror ? f32x4.sub(two, acc) : acc);
    }
    for (let x = vecEnd; x < width; x++) {
      const b = <usize>x << 2;
      const value =
        k0 * load<f32>(c + b) +
        k1 * (load<f32>(u1 + b) + load<f32>(d1 + b)) +
        k2 * (load<f32>(u2 + b) + load<f32>(d2 + b)) +
        k3 * (load<f32>(u3 + b) + load<f32>(d3 + b));
      store<f32>(o + b, mirror ? 2 - value : value);
    }
  }
}

/**
 * Runs of the pixels of the width × height image at `image` whose value is below `level`,
 * written to `out` as (y, x0, x1) triplets of i32 (x1 exclusive), row by row: the JS twin is
 * `runsBeyond`. Sixteen pixels are tested at once; a group with no edge in it is skipped whole,
 * which is most of a frame (four at a time took twice as long at 512²; a row's last width mod
 * 16 pixels one at a time). Returns the number of runs, or −1 when more than `capacity` exist.
 */
export function scanRuns(image: usize, width: i32, height: i32, level: f32, out: usize, capacity: i32): i32 {
  const vlevel = f32x4.splat(level);
  let count = 0;
  for (let y = 0; y < height; y++) {
    const row = at(image, y * width);
    let start = -1;
    let x = 0;
    for (; x + 16 <= width; x += 16) {
      const p = at(row, x);
      const b01 = i16x8.narrow_i32x4_s(f32x4.lt(v128.load(p), vlevel), f32x4.lt(v128.load(p, 16), vlevel));
      const b23 = i16x8.narrow_i32x4_s(f32x4.lt(v128.load(p, 32), vlevel), f32x4.lt(v128.load(p, 48), vlevel));
      const below = i8x16.bitmask(i8x16.narrow_i16x8_s(b01, b23));
      let edges = (below ^ ((below << 1) | (start >= 0 ? 1 : 0))) & 0xffff;
      while (edges !== 0) {
        const k = ctz(edges);
        edges &= edges - 1;
        if (((below >> k) & 1) !== 0) {
          start = x + k;
        } else {
          if (count >= capacity) return -1;
          putRun(out, count++, y, start, x + k);
          start = -1;
        }
      }
    }
    for (; x < width; x++) {
      if (load<f32>(at(row, x)) < level) {
        if (start < 0) start = x;
      } else if (start >= 0) {
        if (count >= capacity) return -1;
        putRun(out, count++, y, start, x);
        start = -1;
      }
    }
    if (start >= 0) {
      if (count >= capacity) return -1;
      putRun(out, count++, y, start, width);
    }
  }
  return count;
}

/**
 * Indices of the pixels of the width × height image at `image` brighter than both their left
 * and right neighbours by more than `t`: the screen of `findHotPixels` (which then checks all
 * 8 neighbours of these few), four pixels per test. The first and last pixel of each row are
 * left to the caller. Writes i32 indices to `out`; returns their number, or −1 past `capacity`.
 */
export function hotPixelCandidates(image: usize, width: i32, height: i32, t: f32, out: usize, capacity: i32): i32 {
  const vt = f32x4.splat(t);
  let count = 0;
  for (let y = 0; y < height; y++) {
    const row = at(image, y * width);
    let x = 1;
    for (; x + 4 <= width - 1; x += 4) {
      const p = at(row, x);
      const v = v128.load(p);
      const left = f32x4.sub(v, v128.load(p - 4));
      const right = f32x4.sub(v, v128.load(p + 4));
      let hits = i32x4.bitmask(v128.and(f32x4.gt(left, vt), f32x4.gt(right, vt)));
      while (hits !== 0) {
        if (count >= capacity) return -1;
        store<i32>(at(out, count), y * width + x + ctz(hits));
        count++;
        hits &= hits - 1;
      }
    }
    for (; x < width - 1; x++) {
      const v = load<f32>(at(row, x));
      if (v - load<f32>(at(row, x - 1)) > t && v - load<f32>(at(row, x + 1)) > t) {
        if (count >= capacity) return -1;
        store<i32>(at(out, count), y * width + x);
        count++;
      }
    }
  }
  return count;
}

/**
 * One row pass of the running-sum box blur (the JS twin is filters.ts `blurRows`, and gives the
 * same bits: sums in f64, each pixel rounded to f32 once): the width × height f32 image at `src`
 * into `dst`, box half-width `r`, edges replicated. `pad` holds four padded rows of scratch.
 * Four rows are summed side by side (independent addition chains overlap in the CPU).
 */
export function boxBlurRows(src: usize, dst: usize, pad: usize, width: i32, height: i32, r: i32): void {
  const inv: f64 = 1.0 / <f64>(2 * r + 1);
  const stride = width + 2 * r + 2;
  const ahead = 2 * r + 2;
  let y = 0;
  for (; y < height; y += 4) {
    const rows = min(4, height - y);
    for (let k = 0; k < rows; k++) {
      const row = at(src, (y + k) * width);
      const p = at(pad, k * stride);
      const first = load<f32>(row);
      const end = load<f32>(at(row, width - 1));
      for (let i = 0; i <= r; i++) store<f32>(at(p, i), first);
      memory.copy(at(p, r + 1), row, <usize>width << 2);
      for (let i = width + r + 1; i < stride; i++) store<f32>(at(p, i), end);
    }
    if (rows === 4) {
      const p0 = pad;
      const p1 = at(pad, stride);
      const p2 = at(pad, 2 * stride);
      const p3 = at(pad, 3 * stride);
      let s0: f64 = 0;
      let s1: f64 = 0;
      let s2: f64 = 0;
      let s3: f64 = 0;
      for (let i = 1; i <= 2 * r + 1; i++) {
        s0 += <f64>load<f32>(at(p0, i));
        s1 += <f64>load<f32>(at(p1, i));
        s2 += <f64>load<f32>(at(p2, i));
        s3 += <f64>load<f32>(at(p3, i));
      }
      const o0 = at(dst, y * width);
      const o1 = at(o0, width);
      const o2 = at(o1, width);
      const o3 = at(o2, width);
      for (let x = 0; x < width; x++) {
        const b = <usize>x << 2;
        const a = <usize>(x + ahead) << 2;
        store<f32>(o0 + b, <f32>(s0 * inv));
        s0 += <f64>load<f32>(p0 + a) - <f64>load<f32>(p0 + b, 4);
        store<f32>(o1 + b, <f32>(s1 * inv));
        s1 += <f64>load<f32>(p1 + a) - <f64>load<f32>(p1 + b, 4);
        store<f32>(o2 + b, <f32>(s2 * inv));
        s2 += <f64>load<f32>(p2 + a) - <f64>load<f32>(p2 + b, 4);
        store<f32>(o3 + b, <f32>(s3 * inv));
        s3 += <f64>load<f32>(p3 + a) - <f64>load<f32>(p3 + b, 4);
      }
    } else {
      for (let k = 0; k < rows; k++) {
        const p = at(pad, k * stride);
        let s: f64 = 0;
        for (let i = 1; i <= 2 * r + 1; i++) s += <f64>load<f32>(at(p, i));
        const o = at(dst, (y + k) * width);
        for (let x = 0; x < width; x++) {
          const b = <usize>x << 2;
          store<f32>(o + b, <f32>(s * inv));
          s += <f64>load<f32>(p + (<usize>(x + ahead) << 2)) - <f64>load<f32>(p + b, 4);
        }
      }
    }
  }
}

/**
 * One column pass of the running-sum box blur (the JS twin is filters.ts `blurColumns`, same
 * bits): `src` into `dst`, box half-width `r`, edges replicated; `sums` holds `width` f64 of
 * scratch. Two columns per instruction (f64x2: each lane does what the JS does for its column).
 */
export function boxBlurColumns(src: usize, dst: usize, sums: usize, width: i32, height: i32, r: i32): void {
  const inv: f64 = 1.0 / <f64>(2 * r + 1);
  const vinv = f64x2.splat(inv);
  const last = height - 1;
  const vecEnd = width & ~1;
  for (let x = 0; x < width; x++) {
    store<f64>(sums + (<usize>x << 3), <f64>(r + 1) * <f64>load<f32>(at(src, x)));
  }
  for (let i = 1; i <= r; i++) {
    const row = at(src, min(i, last) * width);
    for (let x = 0; x < width; x++) {
      const s = sums + (<usize>x << 3);
      store<f64>(s, load<f64>(s) + <f64>load<f32>(at(row, x)));
    }
  }
  for (let y = 0; y < height; y++) {
    const o = at(dst, y * width);
    const a = at(src, min(y + r + 1, last) * width);
    const b = at(src, max(y - r, 0) * width);
    for (let x = 0; x < vecEnd; x += 2) {
      const s = sums + (<usize>x << 3);
      const f = <usize>x << 2;
      const sum = v128.load(s);
      v128.store64_lane(o + f, f32x4.demote_f64x2_zero(f64x2.mul(sum, vinv)), 0);
      const added = f64x2.promote_low_f32x4(v128.load64_zero(a + f));
      const dropped = f64x2.promote_low_f32x4(v128.load64_zero(b + f));
      v128.store(s, f64x2.add(sum, f64x2.sub(added, dropped)));
    }
    for (let x = vecEnd; x < width; x++) {
      const s = sums + (<usize>x << 3);
      const f = <usize>x << 2;
      const sum = load<f64>(s);
      store<f32>(o + f, <f32>(sum * inv));
      store<f64>(s, sum + (<f64>load<f32>(a + f) - <f64>load<f32>(b + f)));
    }
  }
}

// ——— FFT: the WebAssembly twins of fft.ts `transformRun`, `transformColumns`, `realFft2d` and
// `inverseRealFft2d`, with the very same operations in the same order (WebAssembly rounds every
// f64 operation as JS does and never fuses a multiply-add), so their results are the same bits.
// A plan (`cos`, `sin`: size / 2 f64 each; `rev`: size u32 bit-reversed indices) is laid out
// by the caller.

export { realFft2dForward, realFft2dInverse } from './fft.as';
export { clipOutliers, crossPower, maskedDetail, maskedWindow } from './masked-spectrum.as';
export { flattenBoxBlur } from './flatten-box.as';
export { blockMeans, robustFit } from './robust-fit.as';
export { chamferDistance, distanceBands, insideRuns } from './chamfer.as';
export { outlinePixels, sampleLines } from './edge-lines.as';
export { selectKth } from './select.as';
export { countNear } from './count-near.as';
export { transmissionDiffs } from './transmission-noise.as';
