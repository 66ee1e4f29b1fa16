/**
 * Connected components of runs (union-find over runs, far cheaper than over pixels, and with no
 * full-frame label image), and their mask-based wrappers.
 */

import { maskToRuns, type Runs, runsToMask } from './runs.ts';

export type Connectivity = 4 | 8;

/** Component labels of runs. */
export interface RunLabels {
  /** Label of each run, 1..count. */
  labels: Int32Array;
  count: number;
  /** Pixel count of each label; index 0 unused. */
  areas: Float64Array;
}

/**
 * Labels connected runs: two runs in adjacent rows touch when their x ranges overlap
 * (4-connectivity) or overlap or meet diagonally (8-connectivity). Labels follow raster order.
 */
export function labelRuns(runs: Runs, connectivity: Connectivity = 8): RunLabels {
  const n = runs.y.length;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const reach = connectivity === 8 ? 1 : 0;
  let prevStart = 0;
  let prevEnd = 0;
  let i = 0;
  while (i < n) {
    const y = runs.y[i];
    let rowEnd = i;
    while (rowEnd < n && runs.y[rowEnd] === y) rowEnd++;
    const hasPrev = prevEnd > prevStart && runs.y[prevStart] === y - 1;
    let p = prevStart;
    for (let c = i; c < rowEnd && hasPrev; c++) {
      // Previous-row runs that end left of this run can't touch any later run of this row either.
      while (p < prevEnd && runs.x1[p] + reach <= runs.x0[c]) p++;
      for (let j = p; j < prevEnd && runs.x0[j] < runs.x1[c] + reach; j++) {
        const a = find(c);
        const b = find(j);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
    prevStart = i;
    prevEnd = rowEnd;
    i = rowEnd;
  }
  const labels = new Int32Array(n);
  const rootLabel = new Int32Array(n);
  const areas: number[] = [0];
  let count = 0;
  for (let k = 0; k < n; k++) {
    const r = find(k);
    if (rootLabel[r] === 0) {
      rootLabel[r] = ++count;
      areas.push(0);
    }
    labels[k] = rootLabel[r];
    areas[labels[k]] += runs.x1[k] - runs.x0[k];
  }
  return { labels, count, areas: Float64Array.from(areas) };
}

/** The runs carrying `label`. */
export function selectRuns(runs: Runs, labels: Int32Array, label: number): Runs {
  const out: Runs = { y: [], x0: [], x1: [] };
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === label) {
      out.y.push(runs.y[i]);
      out.x0.push(runs.x0[i]);
      out.x1.push(runs.x1[i]);
    }
  }
  return out;
}

/** The runs of a label `runsByLabel` was not asked for: empty, shared, never to be added to. */
const NOT_WANTED: Runs = Object.freeze({ y: [], x0: [], x1: [] }) as unknown as Runs;

/**
 * The runs of every label at once (index 0 is empty): one pass, where `selectRuns` per label
 * would pass over all runs once per label. With `wanted`, only the labels it accepts get their
 * runs; the others are empty: a noisy frame has thousands of specks of a few pixels, and giving
 * each its own arrays cost more than labelling them (at 1024², 13 000 of them).
 */
export function runsByLabel(
  runs: Runs,
  labels: Int32Array,
  count: number,
  wanted?: (label: number) => boolean,
): Runs[] {
  const out: Runs[] = Array.from({ length: count + 1 }, (_, label) =>
    !wanted || wanted(label) ? { y: [], x0: [], x1: [] } : NOT_WANTED,
  );
  for (let i = 0; i < labels.length; i++) {
    const target = out[labels[i]];
    if (target === NOT_WANTED) continue;
    target.y.push(runs.y[i]);
    target.x0.push(runs.x0[i]);
    target.x1.push(runs.x1[i]);
  }
  return out;
}

/** Per-pixel labels (0 = background, 1..count) of a mask's connected components. */
export function labelComponents(
  mask: ArrayLike<number>,
  width: number,
  height: number,
  connectivity: Connectivity = 8,
): { labels: Int32Array; count: number; areas: number[] } {
  const runs = maskToRuns(mask, width, height);
  const lab = labelRuns(runs, connectivity);
  const labels = new Int32Array(width * height);
  for (let i = 0; i < runs.y.length; i++) {
    const row = runs.y[i] * width;
    labels.fill(lab.labels[i], row + runs.x0[i], row + runs.x1[i]);
  }
  return { labels, count: lab.count, areas: Array.from(lab.areas) };
}

/** A new mask holding only the largest 8-connected component (empty if it is below `minAreaPx`). */
export function largestComponent(
  mask: ArrayLike<number>,
  width: number,
  height: number,
  minAreaPx = 0,
): Uint8Array {
  const runs = maskToRuns(mask, width, height);
  const { labels, count, areas } = labelRuns(runs, 8);
  let best = 0;
  for (let l = 1; l <= count; l++) if (areas[l] > areas[best] || best === 0) best = l;
  if (best === 0 || areas[best] < minAreaPx) return new Uint8Array(width * height);
  return runsToMask(selectRuns(runs, labels, best), width, height);
}
