/**
 * Connected components and hole filling on horizontal runs of foreground pixels. A frame's
 * cluster is a few hundred runs against hundreds of thousands of pixels, so union-find over runs
 * is far cheaper than over pixels, and the result needs no full-frame label image.
 */

/** Horizontal runs, sorted by row then x: run i covers pixels [x0[i], x1[i]) of row y[i]. */
export interface Runs {
  y: number[];
  x0: number[];
  /** Exclusive end. */
  x1: number[];
}

export type Connectivity = 4 | 8;

/** Runs of pixels where `test(value)` holds, scanning a row-major image. */
export function runsWhere(
  values: ArrayLike<number>,
  width: number,
  height: number,
  test: (v: number) => boolean,
): Runs {
  const runs: Runs = { y: [], x0: [], x1: [] };
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let x = 0;
    while (x < width) {
      while (x < width && !test(values[row + x])) x++;
      if (x === width) break;
      const start = x;
      while (x < width && test(values[row + x])) x++;
      runs.y.push(y);
      runs.x0.push(start);
      runs.x1.push(x);
    }
  }
  return runs;
}

/**
 * Runs of the pixels below `t` (`below`, default) or above it, in one pass with no mask.
 * NaN is never inside.
 */
export function runsBeyond(
  values: Float32Array,
  width: number,
  height: number,
  t: number,
  below = true,
): Runs {
  const runs: Runs = { y: [], x0: [], x1: [] };
  for (let y = 0; y < height; y++) appendRowRuns(values, y * width, width, y, t, below, runs);
  return runs;
}

// One tight loop for both polarities: sign·v < sign·t is v < t for dark objects and v > t for
// bright ones (NaN is never inside). A predicate callback per pixel would cost several times more.
/**
 * Appends to `runs` the runs of row `y`, stored at `values[offset…offset + width)`, whose
 * pixels are below `t` (`below`) or above it. Rows must be appended in increasing order.
 */
export function appendRowRuns(
  values: Float32Array,
  offset: number,
  width: number,
  y: number,
  t: number,
  below: boolean,
  runs: Runs,
): void {
  const sign = below ? 1 : -1;
  const st = sign * t;
  let start = -1;
  for (let x = 0; x < width; x++) {
    const inside = sign * values[offset + x] < st;
    if (inside) {
      if (start < 0) start = x;
    } else if (start >= 0) {
      runs.y.push(y);
      runs.x0.push(start);
      runs.x1.push(x);
      start = -1;
    }
  }
  if (start >= 0) {
    runs.y.push(y);
    runs.x0.push(start);
    runs.x1.push(width);
  }
}

/**
 * `runs` with rows [y0, y1) found again as the pixels of `values` below `t` (after some of
 * them changed); the other rows are kept as they were.
 */
export function rescanRows(
  runs: Runs,
  values: Float32Array,
  width: number,
  y0: number,
  y1: number,
  t: number,
): Runs {
  const out: Runs = { y: [], x0: [], x1: [] };
  const copy = (i: number) => {
    out.y.push(runs.y[i]);
    out.x0.push(runs.x0[i]);
    out.x1.push(runs.x1[i]);
  };
  let i = 0;
  for (; i < runs.y.length && runs.y[i] < y0; i++) copy(i);
  for (let y = y0; y < y1; y++) appendRowRuns(values, y * width, width, y, t, true, out);
  for (; i < runs.y.length; i++) if (runs.y[i] >= y1) copy(i);
  return out;
}

/** Runs of the non-zero pixels of a mask. */
export function maskToRuns(mask: ArrayLike<number>, width: number, height: number): Runs {
  return runsWhere(mask, width, height, (v) => v !== 0);
}

/** Number of pixels in the runs. */
export function runsArea(runs: Runs): number {
  let a = 0;
  for (let i = 0; i < runs.y.length; i++) a += runs.x1[i] - runs.x0[i];
  return a;
}

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

/** Bounding box [x0, y0, x1, y1) of runs; undefined when there are none. */
export function runsBounds(runs: Runs): [number, number, number, number] | undefined {
  const n = runs.y.length;
  if (n === 0) return undefined;
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if (runs.x0[i] < x0) x0 = runs.x0[i];
    if (runs.x1[i] > x1) x1 = runs.x1[i];
  }
  return [x0, runs.y[0], x1, runs.y[n - 1] + 1];
}

/**
 * Fills holes: background regions that cannot reach the edge of `bounds` (default: the runs'
 * bounding box) through 4-connected background, the dual of 8-connected foreground, so a
 * diagonal gap in the object's wall doesn't count as a way out. Returns new sorted runs.
 *
 * @param bounds [x0, y0, x1, y1) region whose edge counts as "outside", in pixels
 * @param maxHoleAreaPx holes larger than this many pixels stay open (real gaps between
 *   particles, as opposed to noise pin-holes); default: fill every hole
 */
export function fillRunHoles(
  runs: Runs,
  bounds?: [number, number, number, number],
  maxHoleAreaPx = Number.POSITIVE_INFINITY,
): Runs {
  const box = bounds ?? runsBounds(runs);
  if (!box || runs.y.length === 0) return { y: [], x0: [], x1: [] };
  const [bx0, by0, bx1, by1] = box;
  // Gaps: the background runs of each bounding-box row.
  const gaps: Runs = { y: [], x0: [], x1: [] };
  let i = 0;
  for (let y = by0; y < by1; y++) {
    let x = bx0;
    while (i < runs.y.length && runs.y[i] === y) {
      if (runs.x0[i] > x) pushRun(gaps, y, x, runs.x0[i]);
      x = runs.x1[i];
      i++;
    }
    if (x < bx1) pushRun(gaps, y, x, bx1);
  }
  const { labels, count, areas } = labelRuns(gaps, 4);
  const outside = new Uint8Array(count + 1);
  for (let l = 1; l <= count; l++) if (areas[l] > maxHoleAreaPx) outside[l] = 1;
  for (let g = 0; g < labels.length; g++) {
    const y = gaps.y[g];
    if (y === by0 || y === by1 - 1 || gaps.x0[g] === bx0 || gaps.x1[g] === bx1) outside[labels[g]] = 1;
  }
  // Merge object runs with hole gaps row by row; holes always lie between two object runs.
  const out: Runs = { y: [], x0: [], x1: [] };
  let g = 0;
  i = 0;
  while (i < runs.y.length) {
    const y = runs.y[i];
    let start = runs.x0[i];
    let end = runs.x1[i];
    i++;
    while (g < gaps.y.length && (gaps.y[g] < y || (gaps.y[g] === y && gaps.x1[g] <= start))) g++;
    while (i < runs.y.length && runs.y[i] === y) {
      while (g < gaps.y.length && gaps.y[g] === y && gaps.x1[g] <= end) g++;
      const isHole = g < gaps.y.length && gaps.y[g] === y && gaps.x0[g] === end && !outside[labels[g]];
      if (isHole) {
        end = runs.x1[i];
      } else {
        pushRun(out, y, start, end);
        start = runs.x0[i];
        end = runs.x1[i];
      }
      i++;
    }
    pushRun(out, y, start, end);
  }
  return out;
}

function pushRun(runs: Runs, y: number, x0: number, x1: number): void {
  runs.y.push(y);
  runs.x0.push(x0);
  runs.x1.push(x1);
}

/** Paints runs into a new mask of width × height (1 inside), optionally shifted by (-ox, -oy). */
export function runsToMask(runs: Runs, width: number, height: number, ox = 0, oy = 0): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (let i = 0; i < runs.y.length; i++) {
    const row = (runs.y[i] - oy) * width - ox;
    mask.fill(1, row + runs.x0[i], row + runs.x1[i]);
  }
  return mask;
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

/** A new mask with every hole filled: background not connected to the image border becomes 1. */
export function fillHoles(mask: ArrayLike<number>, width: number, height: number): Uint8Array {
  const filled = fillRunHoles(maskToRuns(mask, width, height), [0, 0, width, height]);
  return runsToMask(filled, width, height);
}
