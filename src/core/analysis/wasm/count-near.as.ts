// AssemblyScript twin of area-uncertainty.ts's noise band: how many values lie within `within`
// of `level`, |v − level| < within, in f64 as the JS does (a 32-bit value promoted exactly, one
// rounded subtraction, NaN and ±∞ never within), four values an iteration in two f64x2 lanes.
// Compiled into the one module of flatten-blur.as.ts (which re-exports it); the JS side is
// shape-kernels.ts `countNearWasm`.

import { f32At } from './address.as';

/** How many of the n f32 at `values` lie within `within` of `level`. */
export function countNear(values: usize, n: i32, level: f64, within: f64): i32 {
  const vlevel = f64x2.splat(level);
  const vwithin = f64x2.splat(within);
  // Each lane's comparison is all ones (−1) where within: subtracting it counts.
  let counts = i64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(f32At(values, i));
    const lo = f64x2.promote_low_f32x4(v);
    const hi = f64x2.promote_low_f32x4(v128.shuffle<u32>(v, v, 2, 3, 2, 3));
    counts = i64x2.sub(counts, f64x2.lt(f64x2.abs(f64x2.sub(lo, vlevel)), vwithin));
    counts = i64x2.sub(counts, f64x2.lt(f64x2.abs(f64x2.sub(hi, vlevel)), vwithin));
  }
  let count = <i32>(i64x2.extract_lane(counts, 0) + i64x2.extract_lane(counts, 1));
  for (; i < n; i++) {
    if (Math.abs(<f64>load<f32>(f32At(values, i)) - level) < within) count++;
  }
  return count;
}
