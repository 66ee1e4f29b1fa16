/**
 * Movie ↔ log offset from the physics that links the two files without a lag: the Faradaic
 * current IS the rate of the reaction that changes the cluster's area, so −current(t) follows
 * dA/dt(t) at the same instant. Matching a bias step to the onset of area change does not work:
 * lithiation starts seconds after the step, and not at the same moment for every particle, so
 * such a match mistakes the reaction's lag for a clock offset.
 *
 * The offset is the shift of the log that maximises the correlation (Pearson) between −current,
 * sampled at each frame's time, and the frame's rate of area change. Its uncertainty is the
 * spread of that maximum over a moving-block bootstrap of the frames (blocks keep the
 * correlation of neighbouring frames, which a plain bootstrap would count as independent).
 * The capacitive spike after each bias step is left out: it is current that changes no area.
 */

import { sampleAt } from './interpolate.ts';

export interface RateMatch {
  /** Log time at movie t = 0, in seconds (the `Alignment.offsetS` of a rate-1 alignment). */
  offsetS: number;
  /** One standard deviation of `offsetS`, in seconds (block bootstrap). */
  uncertaintyS: number;
  /** Correlation of −current with the rate of area change at `offsetS` (−1…1). */
  correlation: number;
  /** Frames whose rate and current both entered the correlation. */
  frames: number;
}

export interface RateMatchOptions {
  /** Offsets searched, ± this many seconds. Default 600 s. */
  maxOffsetS?: number;
  /** Current within this long after a bias step is left out (capacitive charging), in seconds. Default 1 s. */
  capacitiveSettleS?: number;
  /** Bias steps (log seconds) whose capacitive spike to leave out. */
  biasStepsS?: readonly number[];
}

/** Fraction of the usable frames that must fall inside the log for an offset to be scored. */
const MIN_OVERLAP = 0.6;
/** Fewer usable frames than this: no match is attempted. */
const MIN_FRAMES = 12;
const BOOTSTRAP_SAMPLES = 60;
const BOOTSTRAP_BLOCK_FRAMES = 5;
/** Finest step of the offset search, in seconds. */
const FINE_STEP_S = 0.02;

/** Median of three neighbours: one mis-segmented frame becomes no rate spike. */
function median3(values: readonly number[]): number[] {
  return values.map((_, i) => {
    const w = [values[i - 1], values[i], values[i + 1]].filter((v) => v !== undefined && Number.isFinite(v));
    w.sort((a, b) => a - b);
    return w.length === 0 ? Number.NaN : w[w.length >> 1];
  });
}

/** Rate of area change per frame (central difference of the median-filtered area), per second. */
export function areaRate(timesS: readonly number[], area: readonly number[]): number[] {
  const a = median3(area);
  return a.map((_, i) =>
    i > 0 && i < a.length - 1 ? (a[i + 1] - a[i - 1]) / (timesS[i + 1] - timesS[i - 1]) : Number.NaN,
  );
}

/** A deterministic generator (mulberry32), so the same data always gives the same uncertainty. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The offset at which −current best follows the rate of area change, or undefined when fewer
 * than a dozen frames have a rate or the log overlaps too few of them at every offset.
 * `areaByFrame`: one area per frame (NaN where a frame has none), on `frameTimesS` (movie s).
 */
export function matchCurrentToAreaRate(
  frameTimesS: readonly number[],
  areaByFrame: readonly number[],
  logTimeS: ArrayLike<number>,
  currentA: ArrayLike<number>,
  options: RateMatchOptions = {},
): RateMatch | undefined {
  const maxOffsetS = options.maxOffsetS ?? 600;
  const settleS = options.capacitiveSettleS ?? 1;
  const steps = options.biasStepsS ?? [];
  const rate = areaRate(frameTimesS, areaByFrame);
  const usable = rate.flatMap((r, i) => (Number.isFinite(r) ? [i] : []));
  if (usable.length < MIN_FRAMES) return undefined;
  const faradaic = Float64Array.from(currentA, (i, k) =>
    steps.some((s) => logTimeS[k] >= s - 1e-9 && logTimeS[k] < s + settleS) ? Number.NaN : -i,
  );

  const correlation = (offsetS: number, frames: readonly number[]): number => {
    let n = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (const k of frames) {
      const y = sampleAt(logTimeS, faradaic, frameTimesS[k] + offsetS);
      if (!Number.isFinite(y)) continue;
      const x = rate[k];
      n++;
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
    }
    if (n < MIN_OVERLAP * frames.length) return Number.NaN;
    const varX = sxx - (sx * sx) / n;
    const varY = syy - (sy * sy) / n;
    return varX > 0 && varY > 0 ? (sxy - (sx * sy) / n) / Math.sqrt(varX * varY) : Number.NaN;
  };

  /** Best offset in [lo, hi]: a scan at `step`, then a fine scan around its maximum. */
  const best = (lo: number, hi: number, step: number, frames: readonly number[]) => {
    let at = Number.NaN;
    let r = Number.NEGATIVE_INFINITY;
    const scan = (from: number, to: number, by: number) => {
      for (let d = from; d <= to + 1e-9; d += by) {
        const c = correlation(d, frames);
        if (c > r) [r, at] = [c, d];
      }
    };
    scan(lo, hi, step);
    if (Number.isFinite(at) && step > FINE_STEP_S) scan(at - step, at + step, FINE_STEP_S);
    return { offsetS: at, r };
  };

  const n = frameTimesS.length;
  const interval = (frameTimesS[n - 1] - frameTimesS[0]) / Math.max(1, n - 1);
  const coarse = Math.max(FINE_STEP_S, interval / 4);
  const found = best(-maxOffsetS, maxOffsetS, coarse, usable);
  if (!Number.isFinite(found.offsetS)) return undefined;

  const draw = random(0x5eed);
  const estimates: number[] = [];
  const block = Math.min(BOOTSTRAP_BLOCK_FRAMES, usable.length);
  for (let b = 0; b < BOOTSTRAP_SAMPLES; b++) {
    const sample: number[] = [];
    while (sample.length < usable.length) {
      const start = Math.floor(draw() * (usable.length - block + 1));
      for (let j = 0; j < block; j++) sample.push(usable[start + j]);
    }
    // Around the full-data maximum: the bootstrap asks how well that peak is placed.
    const reach = Math.max(5, 10 * coarse);
    const again = best(found.offsetS - reach, found.offsetS + reach, coarse, sample);
    if (Number.isFinite(again.offsetS)) estimates.push(again.offsetS);
  }
  const mean = estimates.reduce((s, v) => s + v, 0) / estimates.length;
  const variance = estimates.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, estimates.length - 1);
  let frames = 0;
  for (const k of usable)
    if (Number.isFinite(sampleAt(logTimeS, faradaic, frameTimesS[k] + found.offsetS))) frames++;
  return { offsetS: found.offsetS, uncertaintyS: Math.sqrt(variance), correlation: found.r, frames };
}
