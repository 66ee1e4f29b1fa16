// The geometry the S6 browser test (tests/e2e/s6-drift.spec.ts) holds the drawn outline to truth
// with: if the rasteriser or the IoU were wrong, that test could pass on a wrong figure.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { traceOuterBoundary } from '../../src/core/analysis/contour.ts';
import {
  devSyntheticPath,
  iou,
  type Mask,
  outlineIouWithShiftedMask,
  rasterisePolygon,
  readTruthDrift,
  readTruthMask,
} from '../helpers/truth-masks.ts';

function maskOf(width: number, height: number, inside: (x: number, y: number) => boolean): Mask {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = inside(x, y) ? 1 : 0;
  return { width, height, data };
}

const count = (m: Mask) => m.data.reduce((s, v) => s + v, 0);
/** Pixels [10, 20) × [10, 20) of a 40² frame. */
const square = maskOf(40, 40, (x, y) => x >= 10 && x < 20 && y >= 10 && y < 20);
const squareOutline = [10, 10, 20, 10, 20, 20, 10, 20];

describe('truth-mask geometry for the S6 drift test', () => {
  it('an outline traced by the app rasterises back to exactly its pixels', () => {
    // A disc and a bar: concave, hole-free, with diagonal steps.
    const blob = maskOf(
      64,
      48,
      (x, y) => (x - 25) ** 2 + (y - 22) ** 2 < 150 || (x > 30 && x < 55 && y > 18 && y < 24),
    );
    const outline = traceOuterBoundary(blob.data, blob.width, blob.height);
    const back = rasterisePolygon(outline, blob.width, blob.height);
    expect(count(back)).toBe(count(blob));
    expect(iou(back, blob)).toBe(1);
  });

  it('a whole-pixel shift of the mask gives the overlap it should', () => {
    expect(outlineIouWithShiftedMask(squareOutline, square, { x: 0, y: 0 })).toBe(1);
    // Moved 3 px right: 70 pixels shared of 130.
    expect(outlineIouWithShiftedMask(squareOutline, square, { x: 3, y: 0 })).toBeCloseTo(70 / 130, 12);
    // The outline at x + 3 lies on the mask moved by +3, not by −3.
    const movedOutline = squareOutline.map((v, i) => v + (i % 2 === 0 ? 3 : 0));
    expect(outlineIouWithShiftedMask(movedOutline, square, { x: 3, y: 0 })).toBe(1);
    expect(outlineIouWithShiftedMask(movedOutline, square, { x: -3, y: 0 })).toBeCloseTo(40 / 160, 12);
  });

  it('a fractional shift counts each mask pixel by where its moved centre falls', () => {
    // Moved 0.4 px: every centre stays inside the outline; 0.6 px: one column falls out each side.
    expect(outlineIouWithShiftedMask(squareOutline, square, { x: 0.4, y: -0.4 })).toBe(1);
    expect(outlineIouWithShiftedMask(squareOutline, square, { x: 0.6, y: 0 })).toBeCloseTo(90 / 110, 12);
  });

  it("reads the independent model's truth in place: mask pages and drift", async () => {
    const truthCsv = devSyntheticPath('dev_lowdose_drift_truth.csv');
    const rows = readFileSync(truthCsv, 'utf8').trim().split('\n');
    const areaColumn = rows[0].split(',').indexOf('true_cluster_area_px');
    const drift = readTruthDrift(truthCsv);
    expect(drift).toHaveLength(100);
    expect(drift[0]).toEqual({ x: 0, y: 0 });
    for (const frame of [0, 60]) {
      const mask = await readTruthMask(devSyntheticPath('dev_lowdose_drift_masks.tif'), frame);
      expect([mask.width, mask.height]).toEqual([512, 512]);
      expect(count(mask)).toBe(Number(rows[frame + 1].split(',')[areaColumn]));
    }
    expect(() => devSyntheticPath('no-such-movie.tif')).toThrow(/no-such-movie\.tif is missing/);
  });
});
