// Ground truth of the independent image model's movies (`../shared/dev/synthetic/`, read in place)
// and the geometry to hold an outline against it: a polygon rasterised the way the app traces
// outlines, and the overlap (IoU) of two masks.
import { existsSync, openAsBlob, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openTiff } from '../../src/core/io/tiff/index.ts';

/** The independent model's movies sit beside the checkout; read in place, never copied. */
export const devSyntheticDir = resolve(import.meta.dirname, '../../../shared/dev/synthetic');

/** A file of the dev data, or an error naming what is missing (a test that needs it fails, never skips). */
export function devSyntheticPath(fileName: string): string {
  const path = resolve(devSyntheticDir, fileName);
  if (!existsSync(path)) {
    throw new Error(
      `${path} is missing: the dev data (../shared/dev/synthetic/) must sit beside the checkout`,
    );
  }
  return path;
}

export interface Mask {
  width: number;
  height: number;
  /** Row-major, 1 = inside, 0 = outside. */
  data: Uint8Array;
}

/** Page `frame` of a `_masks.tif` (uint8, 255 = cluster), read with the app's own TIFF reader. */
export async function readTruthMask(masksPath: string, frame: number): Promise<Mask> {
  const source = await openTiff(await openAsBlob(masksPath), masksPath);
  try {
    const page = await source.getFrame(frame);
    const data = new Uint8Array(page.width * page.height);
    for (let i = 0; i < data.length; i++) data[i] = page.data[i] !== 0 ? 1 : 0;
    return { width: page.width, height: page.height, data };
  } finally {
    source.close();
  }
}

/** The specimen's true drift against frame 0 (`drift_x_px`, `drift_y_px` of `_truth.csv`), per frame. */
export function readTruthDrift(truthCsvPath: string): { x: number; y: number }[] {
  const [header, ...rows] = readFileSync(truthCsvPath, 'utf8').trim().split(/\r?\n/);
  const columns = header.split(',');
  const frameColumn = columns.indexOf('frame');
  const xColumn = columns.indexOf('drift_x_px');
  const yColumn = columns.indexOf('drift_y_px');
  if (frameColumn < 0 || xColumn < 0 || yColumn < 0) {
    throw new Error(`${truthCsvPath} has no frame, drift_x_px and drift_y_px columns`);
  }
  const drift: { x: number; y: number }[] = [];
  for (const row of rows) {
    const cells = row.split(',');
    drift[Number(cells[frameColumn])] = { x: Number(cells[xColumn]), y: Number(cells[yColumn]) };
  }
  return drift;
}

/**
 * The pixels whose centre lies inside a closed polygon (even-odd rule), flat [x0, y0, x1, y1, ...]
 * in pixels. The app's convention (core/analysis/contour.ts): pixel (x, y) covers
 * [x, x+1) × [y, y+1), so an outline traced along pixel edges rasterises back to exactly the
 * pixels it was traced from.
 */
export function rasterisePolygon(polygon: readonly number[], width: number, height: number): Mask {
  const data = new Uint8Array(width * height);
  const n = polygon.length / 2;
  const crossings: number[] = [];
  for (let y = 0; y < height; y++) {
    const cy = y + 0.5;
    crossings.length = 0;
    for (let i = 0; i < n; i++) {
      const x0 = polygon[2 * i];
      const y0 = polygon[2 * i + 1];
      const x1 = polygon[(2 * i + 2) % (2 * n)];
      const y1 = polygon[(2 * i + 3) % (2 * n)];
      // Half-open in y, so a vertex on the scan line is counted once.
      if (y0 <= cy !== y1 <= cy) crossings.push(x0 + ((cy - y0) / (y1 - y0)) * (x1 - x0));
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      // Pixel x is inside when crossings[k] <= x + 0.5 < crossings[k + 1].
      const from = Math.max(0, Math.ceil(crossings[k] - 0.5));
      const to = Math.min(width, Math.ceil(crossings[k + 1] - 0.5));
      data.fill(1, y * width + from, y * width + Math.max(from, to));
    }
  }
  return { width, height, data };
}

/** A flat polygon moved by (dx, dy) pixels. */
export function translatePolygon(polygon: readonly number[], dx: number, dy: number): number[] {
  return polygon.map((v, i) => v + (i % 2 === 0 ? dx : dy));
}

/** Intersection over union of two masks of one size; 0 when both are empty. */
export function iou(a: Mask, b: Mask): number {
  if (a.width !== b.width || a.height !== b.height) {
    throw new Error(`masks of different sizes: ${a.width}×${a.height} and ${b.width}×${b.height}`);
  }
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.data.length; i++) {
    both += a.data[i] & b.data[i];
    either += a.data[i] | b.data[i];
  }
  return either === 0 ? 0 : both / either;
}

/**
 * How well an outline drawn on a frame lies on a truth mask moved by `shift` pixels (+x right,
 * +y down): the IoU of the outline with the mask translated by `shift`. The mask's pixel (x, y)
 * moves to centre (x + ½ + shift.x, y + ½ + shift.y); rather than resample the mask at a
 * fractional shift, the outline is moved back by −shift and rasterised on the mask's own pixel
 * grid, which asks the same question of every mask pixel exactly.
 */
export function outlineIouWithShiftedMask(
  outline: readonly number[],
  mask: Mask,
  shift: { x: number; y: number },
): number {
  const moved = translatePolygon(outline, -shift.x, -shift.y);
  return iou(rasterisePolygon(moved, mask.width, mask.height), mask);
}
