// AssemblyScript twin of noise.ts `selectKth`: the k-th smallest value, by a radix selection on
// the values' bits (three counting passes, no unpredictable branch: 13,500 noise differences in
// 0.10 ms against the quickselect's 0.17, copies included), which finds the very value any
// selection does; where a NaN or a −0 makes "the k-th" depend on the algorithm, by the JS's own
// quickselect (median-of-three pivot, Hoare partition) with the same comparisons and swaps.
// Medians of tens of thousands of noise differences are taken several times a frame.
// Compiled into the one module of flatten-blur.as.ts (which re-exports it); the JS side is
// shape-kernels.ts `selectKthWasm`.

import { f32At } from './address.as';

/** The JS's quickselect: the k-th smallest (0-based) of the n f32 at `values`, which it reorders. */
function quickselect(values: usize, n: i32, k: i32): f32 {
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

/** The float's bits as an unsigned key in the float's order (negatives flipped whole, positives' sign bit set). */
@inline
function keyOf(bits: u32): u32 {
  return bits & 0x80000000 ? ~bits : bits | 0x80000000;
}

/**
 * The k-th smallest (0-based) of the n f32 at `values`: `hist` is 2048 u32 of scratch. The
 * values are left as they are, unless a NaN or a −0 is among them (then the quickselect reorders
 * them as the JS does).
 */
export function selectKth(values: usize, n: i32, k: i32, hist: usize): f32 {
  // Three passes over 11, 11 and 10 bits of the key, each keeping the values whose higher bits
  // match the bucket the k-th fell in.
  let prefix: u32 = 0;
  let rank = k;
  for (let pass = 0; pass < 3; pass++) {
    const shift: u32 = pass === 0 ? 21 : pass === 1 ? 10 : 0;
    const bins: u32 = pass === 2 ? 1024 : 2048;
    const high: u32 = pass === 0 ? 0 : pass === 1 ? 21 : 10;
    memory.fill(hist, 0, <usize>bins << 2);
    for (let i = 0; i < n; i++) {
      const bits = load<u32>(f32At(values, i));
      if (pass === 0 && (bits === 0x80000000 || (bits & 0x7fffffff) > 0x7f800000)) return quickselect(values, n, k);
      const key = keyOf(bits);
      if (pass > 0 && key >>> high !== prefix) continue;
      const bin = hist + (<usize>((key >>> shift) & (bins - 1)) << 2);
      store<u32>(bin, load<u32>(bin) + 1);
    }
    let bucket: u32 = 0;
    for (;; bucket++) {
      const count = <i32>load<u32>(hist + (<usize>bucket << 2));
      if (rank < count) break;
      rank -= count;
    }
    prefix = pass === 0 ? bucket : (prefix << (pass === 1 ? 11 : 10)) | bucket;
  }
  const bits = prefix & 0x80000000 ? prefix & 0x7fffffff : ~prefix;
  return reinterpret<f32>(bits);
}
