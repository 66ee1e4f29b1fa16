// AssemblyScript twin of the pixel loop of background.ts `transmissionNoiseSigma` (and, over a
// surface of 1, of noise.ts `estimateNoiseSigma`): on a grid of neighbour pairs, each pair over
// the background surface where it lies, the |difference| of the pairs whose mean transmission is
// at least the level. The JS's f64 operations in its order (the
// pair divided in one f64x2 instruction, each lane the JS's division), each difference rounded
// to 32 bits as the JS stores it. Compiled into the one module of flatten-blur.as.ts (which
// re-exports it); the JS side is shape-kernels.ts `transmissionDiffsWasm`.

import { f32At, f64At } from './address.as';

/**
 * `rows`: the sampled rows (`count` of them, `width` f32 each, one after the other); `cubics`:
 * each row's background cubic in u (p0…p3, f64); `us`: u at each sampled x (x = 0, step, …,
 * while x + 1 < width). Writes the differences (f32) to `out`; returns how many.
 */
export function transmissionDiffs(
  rows: usize,
  count: i32,
  width: i32,
  step: i32,
  cubics: usize,
  us: usize,
  twiceLevel: f64,
  out: usize,
): i32 {
  let n = 0;
  for (let r = 0; r < count; r++) {
    const row = f32At(rows, r * width);
    const p = f64At(cubics, 4 * r);
    const p0 = load<f64>(p);
    const p1 = load<f64>(p, 8);
    const p2 = load<f64>(p, 16);
    const p3 = load<f64>(p, 24);
    let k = 0;
    for (let x = 0; x + 1 < width; x += step) {
      const u = load<f64>(f64At(us, k++));
      const bg = p0 + u * (p1 + u * (p2 + u * p3));
      if (!(bg > 0)) continue;
      const pair = f64x2.div(f64x2.promote_low_f32x4(v128.load64_zero(f32At(row, x))), f64x2.splat(bg));
      const a = f64x2.extract_lane(pair, 0);
      const b = f64x2.extract_lane(pair, 1);
      if (a + b >= twiceLevel) store<f32>(f32At(out, n++), <f32>Math.abs(a - b));
    }
  }
  return n;
}
