/**
 * Histogram thresholds for any pixel dtype. The histogram spans the data's own [min, max], so
 * uint8 counts, 16-bit detector counts and calibrated floats are all handled alike; NaNs are
 * ignored. Pure functions: inputs are never modified.
 */

/** Values any typed pixel array (or plain array) can provide. */
export type Numeric = ArrayLike<number>;

/** A histogram over [min, max] in `counts.length` equal bins (value units of the image). */
export interface Histogram {
  counts: Float64Array;
  /** Lower edge of bin 0, in image units. */
  min: number;
  /** Upper edge of the last bin, in image units. */
  max: number;
}

/** Smallest and largest finite value; [NaN, NaN] when there is none. */
export function finiteRange(values: Numeric): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Number.POSITIVE_INFINITY || !Number.isFinite(min) || !Number.isFinite(max)) {
    // Infinities would make every bin empty; fall back to a slower finite-only scan.
    min = Number.POSITIVE_INFINITY;
    max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (Number.isFinite(v)) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
  }
  return min <= max ? [min, max] : [Number.NaN, Number.NaN];
}

/**
 * Counts values into `bins` equal bins over [min, max] (defaults: the data's finite range).
 * Values outside the range, NaN and infinities are not counted.
 */
export function histogram(values: Numeric, bins = 2048, min?: number, max?: number): Histogram {
  const [lo, hi] = min !== undefined && max !== undefined ? [min, max] : finiteRange(values);
  const counts = new Float64Array(Math.max(1, Math.floor(bins)));
  if (!(hi > lo)) {
    if (lo === hi) counts[0] = values.length;
    return { counts, min: lo, max: hi };
  }
  const n = counts.length;
  const scale = n / (hi - lo);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v >= lo && v <= hi) {
      // Truncation equals floor here: the offset is never negative.
      const b = ((v - lo) * scale) | 0;
      counts[b < n ? b : n - 1]++;
    }
  }
  return { counts, min: lo, max: hi };
}

/**
 * Every `step`-th pixel of every `step`-th row, with step chosen so that at most `maxSamples`
 * pixels remain (step 1, a plain copy-free view, for small frames). Thresholds of a smoothed
 * frame don't change measurably, and a 2048² frame's histogram costs 1/64 of a full one.
 *
 * @param maxSamples upper bound on the number of pixels kept
 */
export function gridSample(
  values: Float32Array,
  width: number,
  height: number,
  maxSamples = 1 << 16,
): Float32Array {
  const step = Math.max(1, Math.ceil(Math.sqrt((width * height) / maxSamples)));
  if (step === 1) return values;
  const w = Math.ceil(width / step);
  const h = Math.ceil(height / step);
  const out = new Float32Array(w * h);
  let k = 0;
  for (let y = 0; y < height; y += step) {
    const row = y * width;
    for (let x = 0; x < width; x += step) out[k++] = values[row + x];
  }
  return out;
}

/** Value at the upper edge of bin `bin` (class "≤ bin" is then `value < binUpperEdge`). */
export function binUpperEdge(h: Histogram, bin: number): number {
  return h.min + ((bin + 1) * (h.max - h.min)) / h.counts.length;
}

/** Value at fractional bin position `pos` (0 = `min`, counts.length = `max`). */
export function binToValue(h: Histogram, pos: number): number {
  return h.min + (pos * (h.max - h.min)) / h.counts.length;
}

/**
 * Otsu's method: the split bin t that maximises the between-class variance of bins [0, t] and
 * [t + 1, end]. Empty bins between two modes give the same partition, hence the same variance;
 * the middle of such a plateau is returned so the split sits mid-gap, not at its lower edge.
 * Returns -1 when fewer than two bins are occupied (no split exists).
 */
export function otsuBin(counts: ArrayLike<number>): number {
  const n = counts.length;
  let total = 0;
  let weightedTotal = 0;
  for (let i = 0; i < n; i++) {
    total += counts[i];
    weightedTotal += i * counts[i];
  }
  let w0 = 0;
  let sum0 = 0;
  let best = -1;
  let bestEnd = -1;
  let bestVar = -1;
  for (let t = 0; t < n - 1; t++) {
    w0 += counts[t];
    sum0 += t * counts[t];
    const w1 = total - w0;
    if (w0 === 0 || w1 === 0) continue;
    const diff = sum0 / w0 - (weightedTotal - sum0) / w1;
    const between = w0 * w1 * diff * diff;
    if (between > bestVar) {
      bestVar = between;
      best = t;
      bestEnd = t;
    } else if (counts[t] === 0 && bestEnd === t - 1 && between === bestVar) {
      bestEnd = t;
    }
  }
  return best < 0 ? -1 : (best + bestEnd) >> 1;
}

/**
 * Otsu threshold of an image, in its own value units: values `< threshold` form the lower
 * class. NaN when the image is flat (no split exists).
 *
 * @param bins histogram bins between the data's min and max (more = finer, 256–4096 sensible)
 */
export function otsuThreshold(values: Numeric, bins = 2048): number {
  const h = histogram(values, bins);
  const t = otsuBin(h.counts);
  return t < 0 ? Number.NaN : binUpperEdge(h, t);
}

/**
 * The q-quantile (0–1) of the values in bins [from, to], as a fractional bin position that
 * interpolates linearly inside the bin where the quantile falls. NaN if those bins are empty.
 */
export function histogramQuantile(counts: ArrayLike<number>, from: number, to: number, q: number): number {
  let total = 0;
  for (let i = from; i <= to; i++) total += counts[i];
  if (!(total > 0)) return Number.NaN;
  const target = q * total;
  let acc = 0;
  for (let i = from; i <= to; i++) {
    const c = counts[i];
    if (c > 0 && acc + c >= target) return i + (target - acc) / c;
    acc += c;
  }
  return to + 1;
}

/** Levels of the two Otsu classes of a frame, in image units. */
export interface ClassLevels {
  /** Otsu's split, in image units. */
  otsu: number;
  /** Median of the background class (bright class for dark objects). */
  background: number;
  /** Median of the object class. */
  object: number;
  /** Robust standard deviation of the background class (interquartile range / 1.349). */
  backgroundSigma: number;
}

/**
 * Splits the histogram with Otsu and summarises each class by its median, which is robust to
 * the soft rims that land in either class. Undefined when no split exists (flat image).
 *
 * @param darkObject true when the object is the lower (darker) class
 */
export function classLevels(h: Histogram, darkObject: boolean): ClassLevels | undefined {
  const t = otsuBin(h.counts);
  if (t < 0) return undefined;
  const last = h.counts.length - 1;
  const [bgFrom, bgTo, obFrom, obTo] = darkObject ? [t + 1, last, 0, t] : [0, t, t + 1, last];
  const q = (from: number, to: number, p: number) => binToValue(h, histogramQuantile(h.counts, from, to, p));
  const iqr = q(bgFrom, bgTo, 0.75) - q(bgFrom, bgTo, 0.25);
  return {
    otsu: binUpperEdge(h, t),
    background: q(bgFrom, bgTo, 0.5),
    object: q(obFrom, obTo, 0.5),
    backgroundSigma: iqr / 1.349,
  };
}
