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
 * low-dose; all against the reference frame alone, before low-dose movies were matched against a
 * template of frames, see `drift-template.ts`). Shifting the curve so that its value extrapolated to the reference is 0 was worse
 * (0.42–3.3 px median): the extrapolation is noisier than the offset it removes.
 */

/** A frame's measured drift against the reference frame, in frame px. */
export interface DriftSample {
  frame: number;
  x: number;
  y: number;
}

/** The curve at a frame: drift in px, and its one-σ uncertainty per axis (NaN: not known). */
export interface CurvePoint {
  x: number;
  y: number;
  sigma: number;
}

/**
 * Drift known to within this, in px (one σ), is certain: outlines, carried edits, painted
 * exclusions and the chosen object are placed on the pixel grid, and a drift known to a pixel
 * moves them by at most one.
 */
export const DRIFT_TOLERANCE_PX = 1;

/** Fewest measurements a curve is fitted to; with fewer, the measurements are used as they are. */
const MIN_SAMPLES = 6;
/** Robustness passes after the first fit (Cleveland's recommendation: two). */
const ROBUST_PASSES = 2;
/** Candidate half-widths, as multiples of the median spacing of the measurements. */
const BANDWIDTH_STEP = 1.5;
const SMALLEST_BANDWIDTH_SPACINGS = 3;
/**
 * The widest half-width tried, in spacings: a kernel over ~250 measurements already averages their
 * noise down 16-fold, and wider ones would make the cross-validation quadratic in a long movie's
 * length (10⁵ frames: minutes instead of a second).
 */
const LARGEST_BANDWIDTH_SPACINGS = 128;

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
): Map<number, CurvePoint> {
  const measured = samples.filter((s) => s.frame !== referenceFrame);
  const out = new Map<number, CurvePoint>();
  if (measured.length === 0) return out;
  const data = [...measured, { frame: referenceFrame, x: 0, y: 0 }].sort((a, b) => a.frame - b.frame);
  const t = data.map((s) => s.frame);
  const xs = data.map((s) => s.x);
  const ys = data.map((s) => s.y);
  if (data.length < MIN_SAMPLES) {
    for (const f of frames) out.set(f, { x: linear(t, xs, f), y: linear(t, ys, f), sigma: Number.NaN });
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
  const scale = measurementScatter(t, xs, ys, robust, bandwidth, fixed);
  for (const f of frames) {
    if (f === referenceFrame) {
      out.set(f, { x: 0, y: 0, sigma: 0 });
      continue;
    }
    const kernel = equivalentKernel(t, robust, Math.min(last, Math.max(first, f)), bandwidth);
    // The curve's own error (Σ lᵢ² of the scatter) and the reference frame's noise, which every
    // measurement shares (it is as large as one measurement's and no averaging removes it).
    const spread = kernel.weight.reduce((sum, l) => sum + l * l, 0);
    out.set(f, { x: apply(kernel, xs), y: apply(kernel, ys), sigma: scale * Math.sqrt(1 + spread) });
  }
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
 * The local fit at `at` as weights on the samples: the fitted value there is Σ lᵢ·vᵢ for any
 * values v at the sample frames t (the "equivalent kernel" of a weighted least-squares quadratic
 * in (t − at), tricube × `robust` weights, half-width `h`; the sample `skip`, an index, left
 * out). A line, then a weighted mean, when too few samples carry weight for a quadratic.
 * Empty when none does.
 */
function equivalentKernel(
  t: readonly number[],
  robust: readonly number[],
  at: number,
  h: number,
  skip = -1,
): { index: number[]; weight: number[] } {
  const index: number[] = [];
  const w: number[] = [];
  const u: number[] = [];
  // Moments Σ w·u^k, k = 0…4, with u = (t − at)/h.
  const s = [0, 0, 0, 0, 0];
  for (let i = lowerBound(t, at - h); i < t.length && t[i] < at + h; i++) {
    if (i === skip) continue;
    const wi = tricube(t[i] - at, h) * robust[i];
    if (wi <= 0) continue;
    const ui = (t[i] - at) / h;
    index.push(i);
    w.push(wi);
    u.push(ui);
    for (let k = 0, p = 1; k < 5; k++, p *= ui) s[k] += wi * p;
  }
  if (index.length === 0 || s[0] <= 0) return { index: [], weight: [] };
  // The first row (a, b, c) of the inverse normal matrix gives lᵢ = wᵢ·(a + b·uᵢ + c·uᵢ²).
  let row = [1 / s[0], 0, 0];
  const det3 =
    s[0] * (s[2] * s[4] - s[3] * s[3]) -
    s[1] * (s[1] * s[4] - s[3] * s[2]) +
    s[2] * (s[1] * s[3] - s[2] * s[2]);
  const det2 = s[0] * s[2] - s[1] * s[1];
  if (index.length >= 3 && Math.abs(det3) > 1e-12 * s[0] ** 3) {
    row = [
      (s[2] * s[4] - s[3] * s[3]) / det3,
      -(s[1] * s[4] - s[2] * s[3]) / det3,
      (s[1] * s[3] - s[2] * s[2]) / det3,
    ];
  } else if (index.length >= 2 && Math.abs(det2) > 1e-12 * s[0] ** 2) {
    row = [s[2] / det2, -s[1] / det2, 0];
  }
  const weight = w.map((wi, k) => wi * (row[0] + row[1] * u[k] + row[2] * u[k] * u[k]));
  return { index, weight };
}

/** Σ lᵢ·vᵢ of a kernel; NaN for an empty one. */
function apply(kernel: { index: number[]; weight: number[] }, v: readonly number[]): number {
  if (kernel.index.length === 0) return Number.NaN;
  let sum = 0;
  for (let k = 0; k < kernel.index.length; k++) sum += kernel.weight[k] * v[kernel.index[k]];
  return sum;
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
 * squared leave-one-out errors in x and y), from 3 median spacings up to the whole range (at
 * most `LARGEST_BANDWIDTH_SPACINGS`).
 */
function chooseBandwidth(
  t: readonly number[],
  xs: readonly number[],
  ys: readonly number[],
  fixed: number,
): number {
  const spacing = medianSpacing(t);
  const span = Math.min(t[t.length - 1] - t[0] + spacing, LARGEST_BANDWIDTH_SPACINGS * spacing);
  const ones = t.map(() => 1);
  let best = span;
  let bestError = Number.POSITIVE_INFINITY;
  for (let h = SMALLEST_BANDWIDTH_SPACINGS * spacing; ; h *= BANDWIDTH_STEP) {
    const width = Math.min(h, span);
    let error = 0;
    for (let i = 0; i < t.length; i++) {
      if (i === fixed) continue;
      const kernel = equivalentKernel(t, ones, t[i], width, i);
      const ex = apply(kernel, xs) - xs[i];
      const ey = apply(kernel, ys) - ys[i];
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

/**
 * One measurement's scatter about the curve, per axis, in px: a robust standard deviation
 * (1.4826 × median |residual|, x and y pooled) of the leave-one-out residuals, which a fit that
 * includes the point itself would understate.
 */
function measurementScatter(
  t: readonly number[],
  xs: readonly number[],
  ys: readonly number[],
  robust: readonly number[],
  h: number,
  fixed: number,
): number {
  const residuals: number[] = [];
  for (let i = 0; i < t.length; i++) {
    if (i === fixed) continue;
    const kernel = equivalentKernel(t, robust, t[i], h, i);
    const ex = apply(kernel, xs) - xs[i];
    const ey = apply(kernel, ys) - ys[i];
    if (Number.isFinite(ex) && Number.isFinite(ey)) residuals.push(Math.abs(ex), Math.abs(ey));
  }
  return residuals.length > 0 ? 1.4826 * median(residuals) : Number.NaN;
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
    const residuals = t.map((f, i) => {
      const kernel = equivalentKernel(t, weights, f, h);
      return Math.hypot(apply(kernel, xs) - xs[i], apply(kernel, ys) - ys[i]);
    });
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
