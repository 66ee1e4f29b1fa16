/** Per-frame rasterisation shared by the image and the truth: particle discs, their union, plain illumination. */

import { type Disc, forEachDiscRow } from './geometry.ts';

/** Adds each disc's projected optical depth 2κ√(r² − d²) to `depth` and marks its pixels in `mask`. */
export function rasteriseDiscs(
  discs: readonly Disc[],
  width: number,
  height: number,
  depth: Float32Array,
  mask: Uint8Array,
): void {
  for (const d of discs) {
    forEachDiscRow(d, width, height, (y, x0, x1, rem) => {
      const row = y * width;
      for (let x = x0; x <= x1; x++) {
        const dx = x + 0.5 - d.cx;
        const t2 = rem - dx * dx;
        depth[row + x] += t2 > 0 ? 2 * d.kappa * Math.sqrt(t2) : 0;
        mask[row + x] = 1;
      }
    });
  }
}

/**
 * Counts the pixels of the discs' union row by row, with the same pixel test as
 * `rasteriseDiscs`, leaving out those marked in `hidden` (the needle's footprint).
 */
export function unionAreaPx(
  discs: readonly Disc[],
  width: number,
  height: number,
  hidden?: Uint8Array,
): number {
  const rowMark = new Uint8Array(width);
  let area = 0;
  for (let y = 0; y < height; y++) {
    let touched = false;
    for (const d of discs) {
      forEachDiscRow(
        d,
        width,
        height,
        (_y, x0, x1) => {
          rowMark.fill(1, x0, x1 + 1);
          touched = true;
        },
        y,
      );
    }
    if (!touched) continue;
    if (hidden) for (let x = 0; x < width; x++) area += rowMark[x] & (hidden[y * width + x] ^ 1);
    else for (let x = 0; x < width; x++) area += rowMark[x];
    rowMark.fill(0);
  }
  return area;
}

/**
 * Expected counts of a movie without acquisition effects, in place: dose × tilt × e^(−depth).
 * Kept apart from `expectedCounts` so plain movies stay bit-identical to earlier versions.
 */
export function plainExpectedCounts(
  expected: Float32Array,
  width: number,
  height: number,
  dose: number,
  gx: number,
  gy: number,
): void {
  for (let y = 0; y < height; y++) {
    const rowBase = dose * (1 + gy * (y + 0.5 - height / 2) + gx * (0.5 - width / 2));
    const dRow = dose * gx;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const od = expected[row + x];
      const bg = rowBase + dRow * x;
      expected[row + x] = od > 0 ? bg * Math.exp(-od) : bg;
    }
  }
}
