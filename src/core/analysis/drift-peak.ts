/**
 * What the drift estimators share: the frequency weights of the correlation (the reference's
 * own signal-to-noise per shell, and a Gaussian low-pass) and the sub-pixel peak with its
 * height over the surface's noise.
 */

import type { DriftEstimate } from './drift.ts';

/** σ, in working px, of the Gaussian the low-pass weight makes the correlation peak. */
const PEAK_SIGMA_PX = 1;
/** Half-width, in working px, of the box around the peak left out of the noise statistics. */
const PEAK_EXCLUSION_PX = 5;

/**
 * Wiener-like weight per radial frequency shell, S/(S + N), from the reference's own power
 * spectrum: N, the white noise floor, is the mean power between 0.4 and 0.5 cycles per working px
 * (where the binned images hold essentially only shot noise), S = max(P − N, 0) the shell's mean
 * power above it. Frequencies where the reference is pure noise get no say in the correlation,
 * which is what keeps phase correlation accurate at 4 counts/px.
 */
export function signalWeight(re: Float64Array, im: Float64Array, n: number) {
  const { shellOf, copiesOf, count, shells } = shellsOf(n);
  const power = new Float64Array(shells);
  for (let k = 0; k < shellOf.length; k++) power[shellOf[k]] += copiesOf[k] * (re[k] * re[k] + im[k] * im[k]);
  let noiseSum = 0;
  let noiseCount = 0;
  for (let r = Math.round(0.4 * n); r <= n / 2; r++) {
    noiseSum += power[r];
    noiseCount += count[r];
  }
  const noise = noiseSum / noiseCount;
  const weightOfShell = new Float64Array(shells);
  for (let r = 0; r < shells; r++) {
    const signal = count[r] > 0 ? Math.max(power[r] / count[r] - noise, 0) : 0;
    weightOfShell[r] = signal > 0 ? signal / (signal + noise) : 0;
  }
  return { shellOf, weightOfShell };
}

/** The radial frequency shells of an n × n half spectrum (see `signalWeight`): the same for every reference of a movie. */
interface Shells {
  shells: number;
  /** Each frequency's shell (its distance from 0, rounded). */
  shellOf: Uint16Array;
  /** How many frequencies each of the half spectrum stands for: columns 1 … n/2 − 1 for their mirror images too. */
  copiesOf: Uint8Array;
  /** Frequencies per shell, mirror images counted. */
  count: Float64Array;
}

const shellsBySize = new Map<number, Shells>();

function shellsOf(n: number): Shells {
  const known = shellsBySize.get(n);
  if (known) return known;
  const shells = Math.ceil((n / 2) * Math.SQRT2) + 1;
  const hw = n / 2 + 1;
  const shellOf = new Uint16Array(hw * n);
  const copiesOf = new Uint8Array(hw * n);
  const count = new Float64Array(shells);
  for (let y = 0; y < n; y++) {
    const fy = y <= n / 2 ? y : y - n;
    for (let x = 0; x < hw; x++) {
      const k = y * hw + x;
      const shell = Math.round(Math.sqrt(x * x + fy * fy));
      shellOf[k] = shell;
      copiesOf[k] = x === 0 || x === n / 2 ? 1 : 2;
      count[shell] += copiesOf[k];
    }
  }
  const value = { shells, shellOf, copiesOf, count };
  shellsBySize.set(n, value);
  return value;
}

/**
 * Separable low-pass weight over FFT frequencies: exp(−2π²σ²f²) per axis, so a perfect match gives
 * a Gaussian correlation peak of σ = PEAK_SIGMA_PX (which the 3-point Gaussian fit locates exactly).
 */
export function lowPassWeight(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const f = (k <= n / 2 ? k : k - n) / n;
    w[k] = Math.exp(-2 * Math.PI * Math.PI * PEAK_SIGMA_PX * PEAK_SIGMA_PX * f * f);
  }
  return w;
}

/** Offset, in px, of the vertex of the Gaussian (or, failing that, parabola) through 3 samples. */
function vertexOffset(left: number, centre: number, right: number): number {
  if (left > 0 && centre > 0 && right > 0) {
    const a = Math.log(left);
    const b = Math.log(centre);
    const c = Math.log(right);
    const den = a - 2 * b + c;
    if (den < 0) return clampHalf((a - c) / (2 * den));
  }
  const den = left - 2 * centre + right;
  return den < 0 ? clampHalf((left - right) / (2 * den)) : 0;
}

const clampHalf = (v: number) => Math.max(-0.5, Math.min(0.5, v));

/** Peak of the correlation surface with sub-pixel offset (wrap-around) and its height over the noise. */
export function findPeak(surface: Float64Array, n: number): DriftEstimate {
  // Noise: mean and standard deviation of the surface outside a box around the peak, as the
  // sums over the whole surface (taken in the pass that finds the peak) minus those over the box.
  const { best, sum: sumAll, sumSq: sumSqAll } = peakAndSums(surface);
  let sum = sumAll;
  let sumSq = sumSqAll;
  const px = best % n;
  const py = (best - px) / n;
  const at = (x: number, y: number) => surface[((y + n) % n) * n + ((x + n) % n)];
  const peak = surface[best];
  const dx = vertexOffset(at(px - 1, py), peak, at(px + 1, py));
  const dy = vertexOffset(at(px, py - 1), peak, at(px, py + 1));
  const side = Math.min(2 * PEAK_EXCLUSION_PX + 1, n);
  for (let dy = 0; dy < side; dy++) {
    for (let dx = 0; dx < side; dx++) {
      const v = at(px - PEAK_EXCLUSION_PX + dx, py - PEAK_EXCLUSION_PX + dy);
      sum -= v;
      sumSq -= v * v;
    }
  }
  const count = surface.length - side * side;
  const mean = sum / count;
  const sd = Math.sqrt(Math.max(sumSq / count - mean * mean, 0));
  const wrap = (i: number) => (i > n / 2 ? i - n : i);
  return {
    x: wrap(px) + dx,
    y: wrap(py) + dy,
    confidence: sd > 0 ? (peak - mean) / sd : 0,
  };
}

/** Index of the first largest value of `surface`, and the sum of its values and of their squares. */
function peakAndSums(surface: Float64Array): { best: number; sum: number; sumSq: number } {
  let best = 0;
  let peak = surface[0];
  let sum = 0;
  let sumSq = 0;
  for (let k = 0; k < surface.length; k++) {
    const v = surface[k];
    sum += v;
    sumSq += v * v;
    if (v > peak) {
      peak = v;
      best = k;
    }
  }
  return { best, sum, sumSq };
}
