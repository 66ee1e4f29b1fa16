/**
 * A log channel thinned for drawing. A holder logging at 1 kHz writes a million samples in 20
 * minutes; a plot is a thousand or two pixels wide, and drawing every sample froze the page for
 * seconds. A longer channel is cut into `MAX_PLOTTED_SAMPLES / 2` runs of consecutive samples,
 * each drawn as its lowest and its highest sample in time order, so every spike and step still
 * shows; a run with a missing reading keeps one gap there (a third sample). Shorter channels are
 * drawn whole. Display only: nothing is
 * measured on the thinned samples.
 */

/** Above this many samples a channel is thinned (to about this many). */
export const MAX_PLOTTED_SAMPLES = 4000;

export interface PlottedSamples {
  x: number[];
  y: number[];
}

/** `values` against `times` (one per sample), thinned when longer than `maxSamples` (see above). */
export function samplesToPlot(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  maxSamples = MAX_PLOTTED_SAMPLES,
): PlottedSamples {
  const n = Math.min(times.length, values.length);
  if (n <= maxSamples) {
    return {
      x: Array.from({ length: n }, (_, i) => times[i]),
      y: Array.from({ length: n }, (_, i) => values[i]),
    };
  }
  const runs = Math.max(1, Math.floor(maxSamples / 2));
  const x: number[] = [];
  const y: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = Math.floor((r * n) / runs);
    const end = Math.floor(((r + 1) * n) / runs);
    let low = -1;
    let high = -1;
    let gap = -1;
    for (let i = start; i < end; i++) {
      const v = values[i];
      if (Number.isNaN(v)) {
        if (gap < 0) gap = i;
        continue;
      }
      if (low < 0 || v < values[low]) low = i;
      if (high < 0 || v > values[high]) high = i;
    }
    // Kept in time order; one index can be both the lowest and the highest (or none, all missing).
    const kept = [...new Set([low, high, gap].filter((i) => i >= 0))].sort((a, b) => a - b);
    for (const i of kept) {
      x.push(times[i]);
      y.push(values[i]);
    }
  }
  return { x, y };
}
