/**
 * Horizontal runs of foreground pixels: finding them in an image (one pass, no mask), and the
 * conversions and measures on them. A frame's cluster is a few hundred runs against hundreds of
 * thousands of pixels, so the later stages (`components.ts`, `holes.ts`) work on runs.
 */

/** Horizontal runs, sorted by row then x: run i covers pixels [x0[i], x1[i]) of row y[i]. */
export interface Runs {
  y: number[];
  x0: number[];
  /** Exclusive end. */
  x1: number[];
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
  // Runs are in row order: the rows before y0 and from y1 on are two blocks, copied whole (a
  // noisy frame has tens of thousands of runs, mostly specks of film).
  let first = 0;
  while (first < runs.y.length && runs.y[first] < y0) first++;
  let last = first;
  while (last < runs.y.length && runs.y[last] < y1) last++;
  const out: Runs = { y: runs.y.slice(0, first), x0: runs.x0.slice(0, first), x1: runs.x1.slice(0, first) };
  for (let y = y0; y < y1; y++) appendRowRuns(values, y * width, width, y, t, true, out);
  return {
    y: out.y.concat(runs.y.slice(last)),
    x0: out.x0.concat(runs.x0.slice(last)),
    x1: out.x1.concat(runs.x1.slice(last)),
  };
}

/** Runs of the non-zero pixels of a mask. */
export function maskToRuns(mask: ArrayLike<number>, width: number, height: number): Runs {
  const runs: Runs = { y: [], x0: [], x1: [] };
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let x = 0;
    while (x < width) {
      while (x < width && mask[row + x] === 0) x++;
      if (x === width) break;
      const start = x;
      while (x < width && mask[row + x] !== 0) x++;
      pushRun(runs, y, start, x);
    }
  }
  return runs;
}

/**
 * `runs` (maximal, as `maskToRuns` makes them) with `pixels` (indices `y · width + x`, in
 * increasing order) added: the rows they fall on are rebuilt, the others kept. The same runs as
 * `maskToRuns` of the mask with the pixels set, without a mask of the frame.
 */
export function withPixels(runs: Runs, pixels: readonly number[], width: number): Runs {
  const out: Runs = { y: [], x0: [], x1: [] };
  const row = new Uint8Array(width);
  const n = runs.y.length;
  let r = 0;
  let p = 0;
  while (r < n || p < pixels.length) {
    const py = p < pixels.length ? Math.floor(pixels[p] / width) : Number.POSITIVE_INFINITY;
    if (r < n && runs.y[r] < py) {
      pushRun(out, runs.y[r], runs.x0[r], runs.x1[r]);
      r++;
      continue;
    }
    const y = py;
    let lo = width;
    let hi = 0;
    for (; r < n && runs.y[r] === y; r++) {
      row.fill(1, runs.x0[r], runs.x1[r]);
      lo = Math.min(lo, runs.x0[r]);
      hi = Math.max(hi, runs.x1[r]);
    }
    for (; p < pixels.length && pixels[p] < (y + 1) * width; p++) {
      const x = pixels[p] - y * width;
      row[x] = 1;
      lo = Math.min(lo, x);
      hi = Math.max(hi, x + 1);
    }
    let x = lo;
    while (x < hi) {
      while (x < hi && row[x] === 0) x++;
      if (x === hi) break;
      const start = x;
      while (x < hi && row[x] !== 0) x++;
      pushRun(out, y, start, x);
    }
    row.fill(0, lo, hi);
  }
  return out;
}

/** Number of pixels in the runs. */
export function runsArea(runs: Runs): number {
  let a = 0;
  for (let i = 0; i < runs.y.length; i++) a += runs.x1[i] - runs.x0[i];
  return a;
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

/** Paints runs into a new mask of width × height (1 inside), optionally shifted by (-ox, -oy). */
export function runsToMask(runs: Runs, width: number, height: number, ox = 0, oy = 0): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (let i = 0; i < runs.y.length; i++) {
    const row = (runs.y[i] - oy) * width - ox;
    mask.fill(1, row + runs.x0[i], row + runs.x1[i]);
  }
  return mask;
}

/** `runs` moved by (dx, dy). */
export function shiftRuns(runs: Runs, dx: number, dy: number): Runs {
  return { y: runs.y.map((y) => y + dy), x0: runs.x0.map((x) => x + dx), x1: runs.x1.map((x) => x + dx) };
}

/** Appends the run [x0, x1) of row y. */
export function pushRun(runs: Runs, y: number, x0: number, x1: number): void {
  runs.y.push(y);
  runs.x0.push(x0);
  runs.x1.push(x1);
}
