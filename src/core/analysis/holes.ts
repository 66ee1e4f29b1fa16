/** Hole filling on runs: pin-holes and enclosed background, leaving gaps that reach outside open. */

import { labelRuns } from './components.ts';
import { maskToRuns, pushRun, type Runs, runsBounds, runsToMask } from './runs.ts';

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

/** A new mask with every hole filled: background not connected to the image border becomes 1. */
export function fillHoles(mask: ArrayLike<number>, width: number, height: number): Uint8Array {
  const filled = fillRunHoles(maskToRuns(mask, width, height), [0, 0, width, height]);
  return runsToMask(filled, width, height);
}
