/**
 * Seeded pseudo-random numbers for the synthetic movie generator.
 *
 * Everything the generator draws comes from here so a movie is a pure function of its seed:
 * the same seed gives bit-identical frames on every platform (only 32-bit integer arithmetic
 * and IEEE double maths are used).
 */

/** Mixes two 32-bit integers into one well-scrambled seed (for per-frame / per-purpose streams). */
export function mixSeed(a: number, b: number): number {
  let h = Math.imul((a ^ 0x9e3779b9) >>> 0, 0x85ebca6b) ^ Math.imul((b + 0x7f4a7c15) >>> 0, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A seeded generator: uniform, normal and Poisson variates. */
export interface Rng {
  /** Uniform on [0, 1). */
  next(): number;
  /** Uniform on [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Standard normal (mean 0, standard deviation 1). */
  normal(): number;
  /** Poisson-distributed count with the given mean (counts, ≥ 0). */
  poisson(mean: number): number;
}

/**
 * Poisson means at or above this use the normal approximation N(mean, mean), rounded.
 * At 30 the skewness (1/√30 ≈ 0.18) is already below what a detector's gain noise adds; below
 * it, exact inversion walks at most a few dozen CDF terms from a single uniform draw.
 */
export const POISSON_NORMAL_MIN_MEAN = 30;

/**
 * Creates a generator from a 32-bit seed. The core is mulberry32: tiny, fast in JS
 * (one `Math.imul` chain per draw) and good enough for image noise; not for cryptography.
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  let spare = 0;
  let hasSpare = false;

  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  // Polar Box–Muller: no trigonometry, and each accepted pair yields two variates.
  const normal = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * next() - 1;
      v = 2 * next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * f;
    hasSpare = true;
    return u * f;
  };

  const poisson = (mean: number): number => {
    if (!(mean > 0)) return 0;
    if (mean >= POISSON_NORMAL_MIN_MEAN) {
      const k = Math.round(mean + Math.sqrt(mean) * normal());
      return Math.max(k, 0);
    }
    return poissonInversion(mean, next());
  };

  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    normal,
    poisson,
  };
}

/** Inversion: walk the CDF from 0 (one uniform per draw; mean < 30 keeps e^-mean well above underflow). */
function poissonInversion(mean: number, u: number): number {
  let p = Math.exp(-mean);
  let cdf = p;
  let k = 0;
  // The cap guards against u rounding to ~1 when the tail sum stalls below it.
  while (u > cdf && k < 1000) {
    k++;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

const NORMAL_TABLE_BITS = 16;
let normalTable: Float32Array | undefined;

/**
 * Standard normal quantiles at (k + ½)/2¹⁶: a 16-bit random index gives a normal variate with
 * one table read. Tails are cut at ±4.3σ, far beyond what image noise statistics can resolve.
 */
function getNormalTable(): Float32Array {
  if (normalTable) return normalTable;
  const n = 1 << NORMAL_TABLE_BITS;
  const table = new Float32Array(n);
  for (let k = 0; k < n; k++) table[k] = normalQuantile((k + 0.5) / n);
  normalTable = table;
  return table;
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628274631,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/**
 * Fills `out[k]` with Poisson(means[k]) counts, clamped to `out`'s range (e.g. 65535 for
 * Uint16Array). This is the renderer's hot loop, so it inlines its own mulberry32 stream and
 * draws two table normals per 32-bit number: ~10× faster than calling `Rng.poisson` per pixel.
 * Means ≥ POISSON_NORMAL_MIN_MEAN use N(mean, mean) rounded; smaller ones exact inversion.
 */
export function fillPoisson(means: Float32Array, out: Uint16Array, seed: number): void {
  const table = getNormalTable();
  const mask = (1 << NORMAL_TABLE_BITS) - 1;
  let state = seed >>> 0;
  let bits = 0;
  let haveHalf = false;
  for (let k = 0; k < means.length; k++) {
    let word: number;
    if (haveHalf) {
      word = bits >>> 16;
      haveHalf = false;
    } else {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      bits = (t ^ (t >>> 14)) >>> 0;
      word = bits & mask;
      haveHalf = true;
    }
    const mean = means[k];
    let c: number;
    if (mean >= POISSON_NORMAL_MIN_MEAN) {
      c = Math.round(mean + Math.sqrt(mean) * table[word]);
    } else if (mean > 0) {
      // 16 bits of uniform are too coarse for the tail of a small-mean Poisson: add 16 more.
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const u = (word + (((t ^ (t >>> 14)) >>> 16) + 0.5) / 65536) / 65536;
      c = poissonInversion(mean, u);
    } else {
      c = 0;
    }
    out[k] = c < 0 ? 0 : Math.min(c, 65535);
  }
}

/** Spacing of the tabulated means, in counts: mixing neighbours adds at most Δ²/4 to the variance. */
const TABLE_STEPS_PER_COUNT = 64;
const TABLE_COUNT = POISSON_NORMAL_MIN_MEAN * TABLE_STEPS_PER_COUNT + 2;
/** Outcomes per table: beyond mean + 8√mean + 12 the tail mass is < 1e-12 for every mean < 30. */
const TABLE_LENGTH = Math.ceil(POISSON_NORMAL_MIN_MEAN + 8 * Math.sqrt(POISSON_NORMAL_MIN_MEAN) + 13);
const GUIDE_SIZE = 128;
let poissonCdf: Float64Array | undefined;
let poissonGuide: Uint8Array | undefined;

/**
 * Cumulative Poisson probabilities for the means j/64 below POISSON_NORMAL_MIN_MEAN, one
 * fixed-length row each (so rows j and j + 1 are neighbours in memory), with a guide table per
 * row (first outcome whose CDF reaches g/128) so that inversion starts next to its answer.
 * Built once per process: 1.3 MB, a few milliseconds.
 */
function buildPoissonTables(): void {
  const cdf = new Float64Array(TABLE_COUNT * TABLE_LENGTH);
  const guide = new Uint8Array(TABLE_COUNT * GUIDE_SIZE);
  for (let j = 0; j < TABLE_COUNT; j++) {
    const mean = j / TABLE_STEPS_PER_COUNT;
    const row = j * TABLE_LENGTH;
    let p = Math.exp(-mean);
    let sum = p;
    cdf[row] = sum;
    for (let k = 1; k < TABLE_LENGTH - 1; k++) {
      p *= mean / k;
      sum += p;
      cdf[row + k] = sum;
    }
    cdf[row + TABLE_LENGTH - 1] = 1;
    let k = 0;
    for (let g = 0; g < GUIDE_SIZE; g++) {
      while (cdf[row + k] < g / GUIDE_SIZE) k++;
      guide[j * GUIDE_SIZE + g] = k;
    }
  }
  poissonCdf = cdf;
  poissonGuide = guide;
}

/**
 * Like `fillPoisson`, but several times faster at means below 30 counts, from one 32-bit number
 * per pixel. A mean λ between the tabulated λⱼ and λⱼ₊₁ is sampled from the mixture
 * (1 − f)·Poisson(λⱼ) + f·Poisson(λⱼ₊₁) with f chosen so the mixture's mean is exactly λ (its
 * variance exceeds λ by < 1e-4 counts²), by inverting the mixed CDF from the guide table's start.
 * It draws a different stream of numbers: movies with any acquisition effect use it; plain
 * movies keep `fillPoisson` so their frames stay bit-identical to earlier versions.
 */
export function fillPoissonFast(means: Float32Array, out: Uint16Array, seed: number): void {
  if (!poissonCdf || !poissonGuide) buildPoissonTables();
  const cdf = poissonCdf as Float64Array;
  const guide = poissonGuide as Uint8Array;
  const normal = getNormalTable();
  let state = seed >>> 0;
  for (let k = 0; k < means.length; k++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const bits = (t ^ (t >>> 14)) >>> 0;
    const mean = means[k];
    let c = 0;
    if (mean >= POISSON_NORMAL_MIN_MEAN) {
      c = Math.round(mean + Math.sqrt(mean) * normal[bits >>> 16]);
    } else if (mean > 0) {
      const u = (bits + 0.5) / 4294967296;
      const r = mean * TABLE_STEPS_PER_COUNT;
      const j = r | 0;
      const f = r - j;
      const row = j * TABLE_LENGTH;
      c = guide[j * GUIDE_SIZE + ((u * GUIDE_SIZE) | 0)];
      while ((1 - f) * cdf[row + c] + f * cdf[row + TABLE_LENGTH + c] < u) c++;
    }
    out[k] = c < 0 ? 0 : Math.min(c, 65535);
  }
}
