/**
 * The drift of every frame from the drift measured on some of them: a smooth curve through the
 * measurements, rather than the measurements themselves joined by straight lines.
 *
 * Why smooth: specimen drift is slow and continuous, while each measurement carries noise of
 * its own: at 6–12 counts/px a frame's masked correlation is off by 0.2–0.5 px (1 px at 4
 * counts/px), and joined by straight lines every one of those errors is passed on. A local
 * quadratic fit (LOWESS with a tricube kernel, Cleveland 1979) averages them away; its
 * bandwidth is the one that predicts each measurement best from the others (leave-one-out
 * cross-validation), so a fast, jerky drift gets a narrow kernel and a slow one a wide kernel,
 * with no constant tuned to a movie. Two robustness passes (bisquare weights) keep a wrong but
 * confident match from pulling its neighbours. The reference frame's drift, 0 by definition,
 * is a point of the curve like a measurement (forcing the curve through it, by shifting the
 * whole curve, was tried and was worse: see below), and that frame itself is given 0.
 *
 * Measured on the development movies and the generator's presets (drift every 4th frame, error
 * against the true drift over every frame, median / worst px): straight lines 0.32/0.69,
 * 0.58/0.87, 0.15/0.46, 0.19/0.49, 1.08/3.52; this curve 0.26/0.54, 0.46/0.59, 0.15/0.30,
 * 0.23/0.50, 0.93/2.11 (dev_lowdose_drift, dev_overlap_flicker, dev_clean_softpsf, operando,
 * low-dose). Shifting the curve so that its value extrapolated to the reference is 0 was worse
 * (0.42–3.3 px median): the extrapolation is noisier than the offset it removes.
 */

/** A frame's measured drift against the reference frame, in frame px. */
export interface DriftSample {
  frame: number;
  x: number;
  y: number;
}

/** Fewest measurements a curve is fitted to; with fewer, the measurements are used as they are. */
const MIN_SAMPLES = 6;
/** Robustness passes after the first fit (Cleveland's recommendation: two). */
const ROBUST_PASSES = 2;
/** Candidate half-widths, as multiples of the median spacing of the measurements. */
const BANDWIDTH_STEP = 1.5;
const SMALLEST_BANDWIDTH_SPACINGS = 3;

/**
 * Smooth drift at each frame of `frames` from `samples` (any order) and the reference frame's
 * drift of 0 at `referenceFrame`. Frames more than one measurement spacing outside the measured
 * range take the curve's value there (the quadratic is not extrapolated far). With fewer than
 * `MIN_SAMPLES` points the result is the points linearly interpolated. Empty when no frame but
 * the reference was measured.
 */
export function smoothDrift(
  samples: readonly DriftSample[],
  frames: readonly number[],
  referenceFrame: number,
): Map<number, { x: number; y: number }> {
  const measured = samples.filter((s) => s.frame !== referenceFrame);
  const out = new Map<number, { x: number; y: number }>();
  if (measured.length === 0) return out;
  const data = [...measured, { frame: referenceFrame, x: 0, y: 0 }].sort((a, b) => a.frame - b.frame);
  const t = data.map((s) => s.frame);
  const xs = data.map((s) => s.x);
  const ys = data.map((s) => s.y);
  if (data.length < MIN_SAMPLES) {
    for (const f of frames) out.set(f, { x: linear(t, xs, f), y: linear(t, ys, f) });
    return out;
  }
  // The reference's 0 is exact, not a measurement: it is not predicted in the cross-validation
  // and never down-weighted as an outlier.
  const fixed = t.indexOf(referenceFrame);
  const bandwidth = chooseBandwidth(t, xs, ys, fixed);
  const robust = robustnessWeights(t, xs, ys, bandwidth, fixed);
  // The curve is evaluated up to one spacing beyond the measured range (the reference frame is
  // usually just before the first measurement), and held at that value farther out.
  const spacing = medianSpacing(t);
  const first = t[0] - spacing;
  const last = t[t.length - 1] + spacing;
  const at = (f: number) => {
    const c = Math.min(last, Math.max(first, f));
    return { x: localQuadratic(t, xs, robust, c, bandwidth), y: localQuadratic(t, ys, robust, c, bandwidth) };
  };
  for (const f of frames) out.set(f, f === referenceFrame ? { x: 0, y: 0 } : at(f));
  return out;
}

/** Tricube weight of a point `d` frames away with half-width `h`. */
function tricube(d: number, h: number): number {
  const u = Math.abs(d) / h;
  if (u >= 1) return 0;
  const v = 1 - u * u * u;
  return v * v * v;
}

/**
 * Weighted least-squares quadratic through (t, v) around `at`, evaluated at `at`; the sample
 * `skip` (an index) left out. Falls back to a line, then to a weighted mean, when too few
 * points carry weight for a quadratic. NaN when no point does.
 */
function localQuadratic(
  t: readonly number[],
  v: readonly number[],
  robust: readonly number[],
  at: number,
  h: number,
  skip = -1,
): number {
  // Sums of w·u^k (k = 0…4) and w·u^k·v (k = 0…2), u = (t − at)/h.
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let used = 0;
  for (let i = lowerBound(t, at - h); i < t.length && t[i] < at + h; i++) {
    if (i === skip) continue;
    const w = tricube(t[i] - at, h) * robust[i];
    if (w <= 0) continue;
    used++;
    const u = (t[i] - at) / h;
    const u2 = u * u;
    s0 += w;
    s1 += w * u;
    s2 += w * u2;
    s3 += w * u2 * u;
    s4 += w * u2 * u2;
    b0 += w * v[i];
    b1 += w * u * v[i];
    b2 += w * u2 * v[i];
  }
  if (used === 0 || s0 <= 0) return Number.NaN;
  if (used >= 3) {
    // Intercept of the 3 × 3 normal equations, by Cramer's rule.
    const det = s0 * (s2 * s4 - s3 * s3) - s1 * (s1 * s4 - s3 * s2) + s2 * (s1 * s3 - s2 * s2);
    if (Math.abs(det) > 1e-12 * s0 * s0 * s0) {
      return (b0 * (s2 * s4 - s3 * s3) - s1 * (b1 * s4 - s3 * b2) + s2 * (b1 * s3 - s2 * b2)) / det;
    }
  }
  if (used >= 2) {
    const det = s0 * s2 - s1 * s1;
    if (Math.abs(det) > 1e-12 * s0 * s0) return (b0 * s2 - s1 * b1) / det;
  }
  return b0 / s0;
}

/** First index with t[i] > value − tiny (t sorted). */
function lowerBound(t: readonly number[], value: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The half-width, in frames, whose fit predicts each measurement best from the others (sum of
 * squared leave-one-out errors in x and y), from 3 median spacings up to the whole range.
 */
function chooseBandwidth(
  t: readonly number[],
  xs: readonly number[],
  ys: readonly number[],
  fixed: number,
): number {
  const spacing = medianSpacing(t);
  const span = t[t.length - 1] - t[0] + spacing;
  const ones = t.map(() => 1);
  let best = span;
  let bestError = Number.POSITIVE_INFINITY;
  for (let h = SMALLEST_BANDWIDTH_SPACINGS * spacing; ; h *= BANDWIDTH_STEP) {
    const width = Math.min(h, span);
    let error = 0;
    for (let i = 0; i < t.length; i++) {
      if (i === fixed) continue;
      const ex = localQuadratic(t, xs, ones, t[i], width, i) - xs[i];
      const ey = localQuadratic(t, ys, ones, t[i], width, i) - ys[i];
      // A point no other point reaches counts as badly predicted, not as perfect.
      error += Number.isFinite(ex + ey) ? ex * ex + ey * ey : Number.MAX_VALUE / t.length;
    }
    if (error < bestError) {
      bestError = error;
      best = width;
    }
    if (width >= span) break;
  }
  return best;
}

/** Bisquare weights of the residuals after a fit (Cleveland's robust LOWESS), `ROBUST_PASSES` times. */
function robustnessWeights(
  t: readonly number[],
  xs: readonly number[],
  ys: readonly number[],
  h: number,
  fixed: number,
): number[] {
  let weights = t.map(() => 1);
  for (let pass = 0; pass < ROBUST_PASSES; pass++) {
    const residuals = t.map((f, i) =>
      Math.hypot(localQuadratic(t, xs, weights, f, h) - xs[i], localQuadratic(t, ys, weights, f, h) - ys[i]),
    );
    const scale = 6 * median(residuals.filter((r, i) => i !== fixed && Number.isFinite(r)));
    if (!(scale > 0)) break;
    weights = residuals.map((r, i) => {
      if (i === fixed) return 1;
      if (!Number.isFinite(r)) return 0;
      const u = r / scale;
      return u >= 1 ? 0 : (1 - u * u) ** 2;
    });
  }
  return weights;
}

/** The median gap between consecutive measured frames (at least 1). */
function medianSpacing(t: readonly number[]): number {
  return Math.max(1, median(t.slice(1).map((f, i) => f - t[i])) || 1);
}

/** Linear interpolation of (t, v) at f; the nearest end outside. */
function linear(t: readonly number[], v: readonly number[], f: number): number {
  if (f <= t[0]) return v[0];
  if (f >= t[t.length - 1]) return v[v.length - 1];
  const i = lowerBound(t, f);
  const a = i - 1;
  const u = (f - t[a]) / (t[i] - t[a]);
  return v[a] + u * (v[i] - v[a]);
}

function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}
