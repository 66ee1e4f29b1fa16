// AssemblyScript source of the WebAssembly kernel `flattenBlur` (built into flatten-blur.wasm.ts
// by scripts/build-wasm.mjs; never imported as TypeScript). It is the WASM SIMD twin of
// `flattenRow` + `gaussianBlurRows` with a kernel of half-width ≤ 3, the hottest loop of
// segmentation v2: four pixels per instruction where the JS version does one.
//
// Memory is laid out by the caller (see kernels.ts): the working image at `src`, the result at
// `dst`, 7 rows of scratch at `ring` and one padded row at `pad`, all f32.

const R: i32 = 3;
const SLOTS: i32 = 7;

@inline
function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

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
        const u = f32x4.add(lanes, f32x4.splat(<f32>(u0 + <f64>x * du)));
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
 * `runsBeyond`. Four pixels are tested at once; a group with no edge in it is skipped whole,
 * which is most of a frame. Returns the number of runs, or −1 when more than `capacity` exist.
 */
export function scanRuns(image: usize, width: i32, height: i32, level: f32, out: usize, capacity: i32): i32 {
  const vlevel = f32x4.splat(level);
  const vecEnd = width & ~3;
  let count = 0;
  for (let y = 0; y < height; y++) {
    const row = at(image, y * width);
    let start = -1;
    let x = 0;
    for (; x < vecEnd; x += 4) {
      const below = i32x4.bitmask(f32x4.lt(v128.load(at(row, x)), vlevel));
      // Bit k of `edges` is set where pixel x + k differs from its left neighbour.
      let edges = (below ^ ((below << 1) | (start >= 0 ? 1 : 0))) & 15;
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
