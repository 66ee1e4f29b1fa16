// AssemblyScript twin of noise.ts `selectKth`: the k-th smallest value, by a radix selection on
// the values' bits (three counting passes, no unpredictable branch), which finds the very value
// any selection does; where a NaN or a −0 makes "the k-th" depend on the algorithm, by the JS's
// own quickselect (median-of-three pivot, Hoare partition) with the same comparisons and swaps.
// Medians of thousands to tens of thousands of values are taken several times a frame (noise,
// film fluctuation, drift's clip limits and contrast floor). Four histograms counted in turn
// (values crowd a few bins of the first pass, and one count is a chain of dependent increments),
// the first pass's survivors kept for the last, and no copy back unless reordered: 8,192 values
// 90 → 38 µs, 65,536 450 → 227 µs, copies included (measured against one histogram).
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

/** Bins of each counting pass (the top 11, the next 11, the last 10 bits of the key). */
const BINS: u32 = 2048;

/**
 * The k-th smallest (0-based) of the n f32 at `values`. Scratch: `hist`, 4 × 2048 u32 (four
 * histograms, one for each of four consecutive values, so that a run of values falling in one
 * bin does not wait on its own count: a count kept in memory is a chain of dependent
 * increments); `keys`, n u32 (the keys left after the first pass, so that the last pass reads
 * only those). The values are left as they are, unless a NaN or a −0 is among them: then the
 * quickselect reorders them as the JS does, and the u32 at `reordered` is set to 1 (else 0).
 */
export function selectKth(values: usize, n: i32, k: i32, hist: usize, keys: usize, reordered: usize): f32 {
  store<u32>(reordered, 0);
  // Pass 1: the top 11 bits; a NaN or a −0 anywhere sends the selection to the quickselect.
  memory.fill(hist, 0, <usize>(4 * BINS) << 2);
  let odd: u32 = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const a = load<u32>(f32At(values, i));
    const b = load<u32>(f32At(values, i + 1));
    const c = load<u32>(f32At(values, i + 2));
    const d = load<u32>(f32At(values, i + 3));
    odd |= <u32>(oddBits(a) | oddBits(b) | oddBits(c) | oddBits(d));
    count(hist, keyOf(a) >>> 21);
    count(hist + (<usize>BINS << 2), keyOf(b) >>> 21);
    count(hist + (<usize>(2 * BINS) << 2), keyOf(c) >>> 21);
    count(hist + (<usize>(3 * BINS) << 2), keyOf(d) >>> 21);
  }
  for (; i < n; i++) {
    const a = load<u32>(f32At(values, i));
    odd |= <u32>oddBits(a);
    count(hist, keyOf(a) >>> 21);
  }
  if (odd) {
    store<u32>(reordered, 1);
    return quickselect(values, n, k);
  }
  const top = bucketOf(hist, BINS, k);
  // Pass 2: the next 11 bits of the values in that bin, which are kept for pass 3.
  memory.fill(hist, 0, <usize>(4 * BINS) << 2);
  let m = 0;
  for (let j = 0; j < n; j++) {
    const key = keyOf(load<u32>(f32At(values, j)));
    if (key >>> 21 !== top) continue;
    store<u32>(keys + (<usize>m << 2), key);
    count(hist + (<usize>((m & 3) * BINS) << 2), (key >>> 10) & (BINS - 1));
    m++;
  }
  const middle = bucketOf(hist, BINS, rankLeft);
  const prefix = (top << 11) | middle;
  // Pass 3: the last 10 bits, of the kept keys that share the 22 bits found.
  memory.fill(hist, 0, <usize>(4 * BINS) << 2);
  let q = 0;
  for (let j = 0; j < m; j++) {
    const key = load<u32>(keys + (<usize>j << 2));
    if (key >>> 10 !== prefix) continue;
    count(hist + (<usize>((q & 3) * BINS) << 2), key & 1023);
    q++;
  }
  const low = bucketOf(hist, 1024, rankLeft);
  const key = (prefix << 10) | low;
  const bits = key & 0x80000000 ? key & 0x7fffffff : ~key;
  return reinterpret<f32>(bits);
}

/** 1 for −0 and NaN, whose place among the values depends on the algorithm; else 0. */
@inline
function oddBits(bits: u32): i32 {
  return <i32>(bits === 0x80000000) | <i32>((bits & 0x7fffffff) > 0x7f800000);
}

@inline
function count(hist: usize, bin: u32): void {
  const at = hist + (<usize>bin << 2);
  store<u32>(at, load<u32>(at) + 1);
}

/** The rank within its bin of the value `bucketOf` last looked for. */
let rankLeft: i32 = 0;

/** The bin (of `bins`, four histograms' counts summed) that holds the value of rank `rank`. */
function bucketOf(hist: usize, bins: u32, rank: i32): u32 {
  let bin: u32 = 0;
  for (; bin < bins; bin++) {
    const at = hist + (<usize>bin << 2);
    const stride = <usize>BINS << 2;
    const n = <i32>(load<u32>(at) + load<u32>(at + stride) + load<u32>(at + 2 * stride) + load<u32>(at + 3 * stride));
    if (rank < n) break;
    rank -= n;
  }
  rankLeft = rank;
  return bin;
}
