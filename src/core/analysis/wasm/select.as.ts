// AssemblyScript twin of noise.ts `selectKth`: the same quickselect (median-of-three pivot,
// Hoare partition) doing the same comparisons and swaps, so the same value and the same order
// left behind. Medians of tens of thousands of noise differences are taken several times a frame.
// Compiled into the one module of flatten-blur.as.ts (which re-exports it); the JS side is
// shape-kernels.ts `selectKthWasm`.

import { f32At } from './address.as';

/** The k-th smallest (0-based) of the n f32 at `values`, which it reorders. */
export function selectKth(values: usize, n: i32, k: i32): f32 {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    const a = load<f32>(f32At(values, lo));
    const b = load<f32>(f32At(values, mid));
    const c = load<f32>(f32At(values, hi));
    // Math.max and Math.min, as the JS: NaN wins, −0 is below +0.
    const pivot = max(min(a, b), min(max(a, b), c));
    let i = lo;
    let j = hi;
    while (i <= j) {
      // Past either end the JS reads undefined, which compares false: it stops there too.
      while (i < n && load<f32>(f32At(values, i)) < pivot) i++;
      while (j >= 0 && load<f32>(f32At(values, j)) > pivot) j--;
      if (i <= j) {
        const t = load<f32>(f32At(values, i));
        store<f32>(f32At(values, i), load<f32>(f32At(values, j)));
        store<f32>(f32At(values, j), t);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return load<f32>(f32At(values, k));
  }
  return load<f32>(f32At(values, k));
}
