// AssemblyScript twin of contrast-smooth.ts `smoothAndFindRuns` where the smoothing is too wide
// for `flattenBlur`'s short kernel (the running-sum box blurs of low-dose frames): background.ts
// `flattenRow` on every row, the box passes of filters.ts `boxBlurRadii`, and the mirror, with the
// very operations of the JS (f64 where it computes in f64, one rounding to f32 where it stores to
// a Float32Array), so the smoothed image is the same bits. Compiled into the one module of
// flatten-blur.as.ts (which re-exports it); buffers are laid out by the caller (kernels.ts
// `flattenBoxBlurWasm`).

import { f32At, f64At } from './address.as';
import { blurInto } from './masked-spectrum.as';

/**
 * dst = blur(src / background), or 2 − that with `mirror` ≠ 0: the background along row y is
 * `flattenRow`'s cubic from the 10 coefficients c0…c9, the blur the box passes of half-widths
 * r0…r2 (those ≤ 0 skipped). Scratch: `work` and `tmp` (an image each), `sums` (width f64),
 * `pad` (as `boxBlurRows`), `across` (width f64).
 */
export function flattenBoxBlur(
  src: usize,
  dst: usize,
  work: usize,
  tmp: usize,
  sums: usize,
  pad: usize,
  across: usize,
  width: i32,
  height: i32,
  c0: f64, c1: f64, c2: f64, c3: f64, c4: f64, c5: f64, c6: f64, c7: f64, c8: f64, c9: f64,
  r0: i32,
  r1: i32,
  r2: i32,
  mirror: i32,
): void {
  // `flattenRow`'s u, a running sum along the row: the same for every row.
  const du = 2.0 / <f64>width;
  let u = (2.0 * (0.0 + 0.5)) / <f64>width - 1.0;
  for (let x = 0; x < width; x++, u += du) store<f64>(f64At(across, x), u);
  const vecEnd = width & ~1;
  const zero = f64x2.splat(0);
  for (let y = 0; y < height; y++) {
    const v = (2.0 * (<f64>y + 0.5)) / <f64>height - 1.0;
    const p0 = c0 + c2 * v + c5 * v * v + c9 * v * v * v;
    const p1 = c1 + c4 * v + c8 * v * v;
    const p2 = c3 + c7 * v;
    const p3 = c6;
    const vp0 = f64x2.splat(p0);
    const vp1 = f64x2.splat(p1);
    const vp2 = f64x2.splat(p2);
    const vp3 = f64x2.splat(p3);
    const row = f32At(src, y * width);
    const out = f32At(work, y * width);
    // Two pixels an instruction, each lane `flattenRow`'s operations.
    for (let x = 0; x < vecEnd; x += 2) {
      const uu = v128.load(f64At(across, x));
      const bg = f64x2.add(vp0, f64x2.mul(uu, f64x2.add(vp1, f64x2.mul(uu, f64x2.add(vp2, f64x2.mul(uu, vp3))))));
      const t = f64x2.div(f64x2.promote_low_f32x4(v128.load64_zero(f32At(row, x))), bg);
      v128.store64_lane(f32At(out, x), f32x4.demote_f64x2_zero(v128.bitselect(t, zero, f64x2.gt(bg, zero))), 0);
    }
    for (let x = vecEnd; x < width; x++) {
      const uu = load<f64>(f64At(across, x));
      const bg = p0 + uu * (p1 + uu * (p2 + uu * p3));
      store<f32>(f32At(out, x), bg > 0 ? <f32>(<f64>load<f32>(f32At(row, x)) / bg) : 0);
    }
  }
  blurInto(work, dst, tmp, sums, pad, width, height, r0, r1, r2);
  if (mirror) {
    const n = width * height;
    const two = f32x4.splat(2);
    const end = n & ~3;
    for (let i = 0; i < end; i += 4) v128.store(f32At(dst, i), f32x4.sub(two, v128.load(f32At(dst, i))));
    for (let i = end; i < n; i++) store<f32>(f32At(dst, i), 2 - load<f32>(f32At(dst, i)));
  }
}
