// AssemblyScript source of the real 2-D FFTs of drift tracking, the WebAssembly twins of fft.ts's
// `realFft2d` and `inverseRealFft2d`: the very operations in the same order, so the same bits.
// Compiled into the one module of flatten-blur.as.ts (which re-exports them), never on its own.

import { f64At, v128At as v2At } from './address.as';

/**
 * One radix-4 step of fft.ts `transformRun` on two lanes at once: the complex values (re, im) at
 * p0/q0 … p3/q3, 16 bytes each, with the twiddles a, b and c (both lanes alike), in place.
 */
@inline
function radix4(
  p0: usize,
  q0: usize,
  p1: usize,
  q1: usize,
  p2: usize,
  q2: usize,
  p3: usize,
  q3: usize,
  ar: v128,
  ai: v128,
  br: v128,
  bi: v128,
  cr: v128,
  ci: v128,
): void {
  let r0 = v128.load(p0);
  let i0 = v128.load(q0);
  let r1 = v128.load(p1);
  let i1 = v128.load(q1);
  let r2 = v128.load(p2);
  let i2 = v128.load(q2);
  let r3 = v128.load(p3);
  let i3 = v128.load(q3);
  let tr = f64x2.sub(f64x2.mul(ar, r1), f64x2.mul(ai, i1));
  let ti = f64x2.add(f64x2.mul(ar, i1), f64x2.mul(ai, r1));
  r1 = f64x2.sub(r0, tr);
  i1 = f64x2.sub(i0, ti);
  r0 = f64x2.add(r0, tr);
  i0 = f64x2.add(i0, ti);
  tr = f64x2.sub(f64x2.mul(ar, r3), f64x2.mul(ai, i3));
  ti = f64x2.add(f64x2.mul(ar, i3), f64x2.mul(ai, r3));
  r3 = f64x2.sub(r2, tr);
  i3 = f64x2.sub(i2, ti);
  r2 = f64x2.add(r2, tr);
  i2 = f64x2.add(i2, ti);
  tr = f64x2.sub(f64x2.mul(br, r2), f64x2.mul(bi, i2));
  ti = f64x2.add(f64x2.mul(br, i2), f64x2.mul(bi, r2));
  v128.store(p2, f64x2.sub(r0, tr));
  v128.store(q2, f64x2.sub(i0, ti));
  v128.store(p0, f64x2.add(r0, tr));
  v128.store(q0, f64x2.add(i0, ti));
  tr = f64x2.sub(f64x2.mul(cr, r3), f64x2.mul(ci, i3));
  ti = f64x2.add(f64x2.mul(cr, i3), f64x2.mul(ci, r3));
  v128.store(p3, f64x2.sub(r1, tr));
  v128.store(q3, f64x2.sub(i1, ti));
  v128.store(p1, f64x2.add(r1, tr));
  v128.store(q1, f64x2.add(i1, ti));
}

/**
 * In-place FFTs (unscaled; sign −1 forward, +1 inverse) of two runs of `size` complex values at
 * once: element i of re/im is 16 bytes, lane 0 of one run and lane 1 of the other, and each lane
 * gets fft.ts `transformRun`'s operations in its order (the same bits).
 */
function fftRun2(re: usize, im: usize, size: i32, bits: i32, cos: usize, sin: usize, rev: usize, sign: f64): void {
  for (let i = 0; i < size; i++) {
    const j = <i32>load<u32>(rev + (<usize>i << 2));
    if (j > i) {
      const a = v2At(re, i);
      const b = v2At(re, j);
      const tr = v128.load(a);
      v128.store(a, v128.load(b));
      v128.store(b, tr);
      const c = v2At(im, i);
      const d = v2At(im, j);
      const ti = v128.load(c);
      v128.store(c, v128.load(d));
      v128.store(d, ti);
    }
  }
  let span = 2;
  if (bits % 2 === 1) {
    const wr = f64x2.splat(load<f64>(cos));
    const wi = f64x2.splat(sign * load<f64>(sin));
    for (let a = 0; a < size; a += 2) {
      const pa = v2At(re, a);
      const qa = v2At(im, a);
      const rb = v128.load(pa, 16);
      const ib = v128.load(qa, 16);
      const tr = f64x2.sub(f64x2.mul(wr, rb), f64x2.mul(wi, ib));
      const ti = f64x2.add(f64x2.mul(wr, ib), f64x2.mul(wi, rb));
      const ra = v128.load(pa);
      const ia = v128.load(qa);
      v128.store(pa, f64x2.sub(ra, tr), 16);
      v128.store(qa, f64x2.sub(ia, ti), 16);
      v128.store(pa, f64x2.add(ra, tr));
      v128.store(qa, f64x2.add(ia, ti));
    }
    span = 4;
  }
  for (; span <= size; span <<= 2) {
    const h = span >> 1;
    const stepA = size / span;
    const stepB = stepA >> 1;
    for (let k = 0; k < h; k++) {
      const ar = f64x2.splat(load<f64>(f64At(cos, k * stepA)));
      const ai = f64x2.splat(sign * load<f64>(f64At(sin, k * stepA)));
      const br = f64x2.splat(load<f64>(f64At(cos, k * stepB)));
      const bi = f64x2.splat(sign * load<f64>(f64At(sin, k * stepB)));
      const cr = f64x2.splat(load<f64>(f64At(cos, (k + h) * stepB)));
      const ci = f64x2.splat(sign * load<f64>(f64At(sin, (k + h) * stepB)));
      for (let j0 = k; j0 < size; j0 += 2 * span) {
        const p0 = v2At(re, j0);
        const q0 = v2At(im, j0);
        radix4(p0, q0, v2At(re, j0 + h), v2At(im, j0 + h), v2At(re, j0 + 2 * h), v2At(im, j0 + 2 * h), v2At(re, j0 + 3 * h), v2At(im, j0 + 3 * h), ar, ai, br, bi, cr, ci);
      }
    }
  }
}

/** Rows a and b (width f64 each) as the lanes of `to` (width elements of 16 bytes). */
@inline
function interleaveRows(a: usize, b: usize, to: usize, width: i32): void {
  let x = 0;
  for (; x + 2 <= width; x += 2) {
    const va = v128.load(f64At(a, x));
    const vb = v128.load(f64At(b, x));
    v128.store(v2At(to, x), v128.shuffle<u64>(va, vb, 0, 2));
    v128.store(v2At(to, x + 1), v128.shuffle<u64>(va, vb, 1, 3));
  }
  for (; x < width; x++) {
    v128.store(v2At(to, x), f64x2.replace_lane(f64x2.splat(load<f64>(f64At(a, x))), 1, load<f64>(f64At(b, x))));
  }
}

/** One radix-2 butterfly over whole rows a and b (width values), twiddle (wr, wi): two columns per instruction. */
@inline
function butterflyRows(re: usize, im: usize, a: usize, b: usize, width: i32, wr: f64, wi: f64): void {
  const vwr = f64x2.splat(wr);
  const vwi = f64x2.splat(wi);
  const vecEnd = width & ~1;
  for (let x = 0; x < vecEnd; x += 2) {
    const o = <usize>x << 3;
    const rb = v128.load(re + b + o);
    const ib = v128.load(im + b + o);
    const tr = f64x2.sub(f64x2.mul(vwr, rb), f64x2.mul(vwi, ib));
    const ti = f64x2.add(f64x2.mul(vwr, ib), f64x2.mul(vwi, rb));
    const ra = v128.load(re + a + o);
    const ia = v128.load(im + a + o);
    v128.store(re + b + o, f64x2.sub(ra, tr));
    v128.store(im + b + o, f64x2.sub(ia, ti));
    v128.store(re + a + o, f64x2.add(ra, tr));
    v128.store(im + a + o, f64x2.add(ia, ti));
  }
  for (let x = vecEnd; x < width; x++) {
    const o = <usize>x << 3;
    const rb = load<f64>(re + b + o);
    const ib = load<f64>(im + b + o);
    const tr = wr * rb - wi * ib;
    const ti = wr * ib + wi * rb;
    const ra = load<f64>(re + a + o);
    const ia = load<f64>(im + a + o);
    store<f64>(re + b + o, ra - tr);
    store<f64>(im + b + o, ia - ti);
    store<f64>(re + a + o, ra + tr);
    store<f64>(im + a + o, ia + ti);
  }
}

/** Every column of the row-major width × size arrays re/im transformed in place (unscaled). */
function fftColumns(
  re: usize,
  im: usize,
  width: i32,
  size: i32,
  bits: i32,
  cos: usize,
  sin: usize,
  rev: usize,
  tmp: usize,
  sign: f64,
): void {
  const rowBytes = <usize>width << 3;
  for (let i = 0; i < size; i++) {
    const j = <i32>load<u32>(rev + (<usize>i << 2));
    if (j > i) {
      const a = <usize>i * rowBytes;
      const b = <usize>j * rowBytes;
      memory.copy(tmp, re + a, rowBytes);
      memory.copy(re + a, re + b, rowBytes);
      memory.copy(re + b, tmp, rowBytes);
      memory.copy(tmp, im + a, rowBytes);
      memory.copy(im + a, im + b, rowBytes);
      memory.copy(im + b, tmp, rowBytes);
    }
  }
  let span = 2;
  if (bits % 2 === 1) {
    const wr = load<f64>(cos);
    const wi = sign * load<f64>(sin);
    for (let start = 0; start < size; start += 2) {
      butterflyRows(re, im, <usize>start * rowBytes, <usize>(start + 1) * rowBytes, width, wr, wi);
    }
    span = 4;
  }
  const vecEnd = width & ~1;
  for (; span <= size; span <<= 2) {
    const h = span >> 1;
    const stepA = size / span;
    const stepB = stepA >> 1;
    for (let k = 0; k < h; k++) {
      const ar = load<f64>(f64At(cos, k * stepA));
      const ai = sign * load<f64>(f64At(sin, k * stepA));
      const br = load<f64>(f64At(cos, k * stepB));
      const bi = sign * load<f64>(f64At(sin, k * stepB));
      const cr = load<f64>(f64At(cos, (k + h) * stepB));
      const ci = sign * load<f64>(f64At(sin, (k + h) * stepB));
      const var_ = f64x2.splat(ar);
      const vai = f64x2.splat(ai);
      const vbr = f64x2.splat(br);
      const vbi = f64x2.splat(bi);
      const vcr = f64x2.splat(cr);
      const vci = f64x2.splat(ci);
      for (let start = k; start < size; start += 2 * span) {
        const o0 = <usize>start * rowBytes;
        const o1 = o0 + <usize>h * rowBytes;
        const o2 = o1 + <usize>h * rowBytes;
        const o3 = o2 + <usize>h * rowBytes;
        for (let x = 0; x < vecEnd; x += 2) {
          const o = <usize>x << 3;
          radix4(re + o0 + o, im + o0 + o, re + o1 + o, im + o1 + o, re + o2 + o, im + o2 + o, re + o3 + o, im + o3 + o, var_, vai, vbr, vbi, vcr, vci);
        }
        for (let x = vecEnd; x < width; x++) {
          const o = <usize>x << 3;
          let r0 = load<f64>(re + o0 + o);
          let i0 = load<f64>(im + o0 + o);
          let r1 = load<f64>(re + o1 + o);
          let i1 = load<f64>(im + o1 + o);
          let r2 = load<f64>(re + o2 + o);
          let i2 = load<f64>(im + o2 + o);
          let r3 = load<f64>(re + o3 + o);
          let i3 = load<f64>(im + o3 + o);
          let tr = ar * r1 - ai * i1;
          let ti = ar * i1 + ai * r1;
          r1 = r0 - tr;
          i1 = i0 - ti;
          r0 += tr;
          i0 += ti;
          tr = ar * r3 - ai * i3;
          ti = ar * i3 + ai * r3;
          r3 = r2 - tr;
          i3 = i2 - ti;
          r2 += tr;
          i2 += ti;
          tr = br * r2 - bi * i2;
          ti = br * i2 + bi * r2;
          store<f64>(re + o2 + o, r0 - tr);
          store<f64>(im + o2 + o, i0 - ti);
          store<f64>(re + o0 + o, r0 + tr);
          store<f64>(im + o0 + o, i0 + ti);
          tr = cr * r3 - ci * i3;
          ti = cr * i3 + ci * r3;
          store<f64>(re + o3 + o, r1 - tr);
          store<f64>(im + o3 + o, i1 - ti);
          store<f64>(re + o1 + o, r1 + tr);
          store<f64>(im + o1 + o, i1 + ti);
        }
      }
    }
  }
}

/**
 * Half spectrum of the real width × height image at `image` into re/im ((width / 2 + 1) ×
 * height), as fft.ts `realFft2d`. `zr`, `zi`: one row each of scratch; `tmp`: one half-spectrum
 * row. Row plan (rc, rs, rr, rbits), column plan (cc, cs, cr, cbits).
 */
export function realFft2dForward(
  image: usize,
  re: usize,
  im: usize,
  zr: usize,
  zi: usize,
  tmp: usize,
  width: i32,
  height: i32,
  rc: usize,
  rs: usize,
  rr: usize,
  rbits: i32,
  cc: usize,
  cs: usize,
  cr: usize,
  cbits: i32,
): void {
  const hw = width / 2 + 1;
  const two = f64x2.splat(2);
  // Rows go in pairs (y, y + 1) as the real and imaginary parts of one complex run, and two pairs
  // at once in the SIMD lanes (lane 0: rows y, y + 1; lane 1: rows y + 2, y + 3); a last pair
  // alone fills both lanes.
  for (let y = 0; y < height; y += 4) {
    const second = y + 2 < height;
    const yb = second ? y + 2 : y;
    interleaveRows(f64At(image, y * width), f64At(image, yb * width), zr, width);
    interleaveRows(f64At(image, (y + 1) * width), f64At(image, (yb + 1) * width), zi, width);
    fftRun2(zr, zi, width, rbits, rc, rs, rr, -1);
    const a = y * hw;
    for (let k = 0; k < hw; k++) {
      const m = (width - k) & (width - 1);
      const zrk = v128.load(v2At(zr, k));
      const zrm = v128.load(v2At(zr, m));
      const zik = v128.load(v2At(zi, k));
      const zim = v128.load(v2At(zi, m));
      const ar = f64x2.div(f64x2.add(zrk, zrm), two);
      const ai = f64x2.div(f64x2.sub(zik, zim), two);
      const br = f64x2.div(f64x2.add(zik, zim), two);
      const bi = f64x2.div(f64x2.sub(zrm, zrk), two);
      v128.store64_lane(f64At(re, a + k), ar, 0);
      v128.store64_lane(f64At(im, a + k), ai, 0);
      v128.store64_lane(f64At(re, a + hw + k), br, 0);
      v128.store64_lane(f64At(im, a + hw + k), bi, 0);
      if (!second) continue;
      v128.store64_lane(f64At(re, a + 2 * hw + k), ar, 1);
      v128.store64_lane(f64At(im, a + 2 * hw + k), ai, 1);
      v128.store64_lane(f64At(re, a + 3 * hw + k), br, 1);
      v128.store64_lane(f64At(im, a + 3 * hw + k), bi, 1);
    }
  }
  fftColumns(re, im, hw, height, cbits, cc, cs, cr, tmp, -1);
}

/**
 * The real width × height image at `out` whose half spectrum is re/im (overwritten), scaled by
 * 1 / (width · height), as fft.ts `inverseRealFft2d`. Scratch and plans as `realFft2dForward`.
 */
export function realFft2dInverse(
  re: usize,
  im: usize,
  out: usize,
  zr: usize,
  zi: usize,
  tmp: usize,
  width: i32,
  height: i32,
  rc: usize,
  rs: usize,
  rr: usize,
  rbits: i32,
  cc: usize,
  cs: usize,
  cr: usize,
  cbits: i32,
): void {
  const hw = width / 2 + 1;
  fftColumns(re, im, hw, height, cbits, cc, cs, cr, tmp, 1);
  const scale: f64 = 1.0 / <f64>(width * height);
  const vscale = f64x2.splat(scale);
  // Two pairs of rows at once, as in `realFft2dForward`.
  for (let y = 0; y < height; y += 4) {
    const second = y + 2 < height;
    const a = y * hw;
    const c = second ? a + 2 * hw : a;
    for (let k = 0; k < width; k++) {
      const mirrored = k >= hw;
      const j = mirrored ? width - k : k;
      // (pair y, pair y + 2) for each of the four values the one-pair loop reads.
      const ar = f64x2.replace_lane(f64x2.splat(load<f64>(f64At(re, a + j))), 1, load<f64>(f64At(re, c + j)));
      let ai = f64x2.replace_lane(f64x2.splat(load<f64>(f64At(im, a + j))), 1, load<f64>(f64At(im, c + j)));
      const br = f64x2.replace_lane(f64x2.splat(load<f64>(f64At(re, a + hw + j))), 1, load<f64>(f64At(re, c + hw + j)));
      let bi = f64x2.replace_lane(f64x2.splat(load<f64>(f64At(im, a + hw + j))), 1, load<f64>(f64At(im, c + hw + j)));
      if (mirrored) {
        ai = f64x2.neg(ai);
        bi = f64x2.neg(bi);
      }
      v128.store(v2At(zr, k), f64x2.sub(ar, bi));
      v128.store(v2At(zi, k), f64x2.add(ai, br));
    }
    fftRun2(zr, zi, width, rbits, rc, rs, rr, 1);
    for (let x = 0; x < width; x++) {
      const r = f64x2.mul(v128.load(v2At(zr, x)), vscale);
      const i = f64x2.mul(v128.load(v2At(zi, x)), vscale);
      v128.store64_lane(f64At(out, y * width + x), r, 0);
      v128.store64_lane(f64At(out, (y + 1) * width + x), i, 0);
      if (!second) continue;
      v128.store64_lane(f64At(out, (y + 2) * width + x), r, 1);
      v128.store64_lane(f64At(out, (y + 3) * width + x), i, 1);
    }
  }
}
