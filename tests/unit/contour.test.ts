import { describe, expect, it } from 'vitest';
import {
  fillHoles,
  largestComponent,
  polygonArea,
  simplifyClosedPolygon,
  traceOuterBoundary,
} from '../../src/core/analysis/index.ts';
import { createRng } from '../../src/core/synth/index.ts';

function rectMask(width: number, height: number, x0: number, y0: number, w: number, h: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (let y = y0; y < y0 + h; y++) mask.fill(1, y * width + x0, y * width + x0 + w);
  return mask;
}

function discMask(width: number, height: number, cx: number, cy: number, r: number): Uint8Array {
  return Uint8Array.from({ length: width * height }, (_, i) => {
    const x = (i % width) + 0.5;
    const y = Math.floor(i / width) + 0.5;
    return (x - cx) ** 2 + (y - cy) ** 2 < r * r ? 1 : 0;
  });
}

/** Distance from point p to segment ab. */
function segDist(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const vx = bx - ax;
  const vy = by - ay;
  const len2 = vx * vx + vy * vy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / len2)) : 0;
  return Math.hypot(px - ax - t * vx, py - ay - t * vy);
}

describe('outer boundary trace', () => {
  it('traces a square as its 4 pixel-edge corners, clockwise on screen, area exact', () => {
    const mask = rectMask(30, 30, 5, 7, 10, 12);
    const poly = traceOuterBoundary(mask, 30, 30);
    expect(poly).toEqual([5, 7, 15, 7, 15, 19, 5, 19]);
    expect(polygonArea(poly)).toBe(120);
    const simplified = simplifyClosedPolygon(poly, 1);
    expect(simplified).toEqual(poly);
  });

  it('traces a single pixel and a square touching the frame edge', () => {
    const one = new Uint8Array(9);
    one[4] = 1;
    expect(traceOuterBoundary(one, 3, 3)).toEqual([1, 1, 2, 1, 2, 2, 1, 2]);
    const corner = rectMask(8, 8, 0, 0, 8, 3);
    expect(polygonArea(traceOuterBoundary(corner, 8, 8))).toBe(24);
    expect(traceOuterBoundary(new Uint8Array(16), 4, 4)).toEqual([]);
  });

  it('keeps diagonal neighbours in one outline (8-connectivity)', () => {
    // #.
    // .#
    const poly = traceOuterBoundary(Uint8Array.from([1, 0, 0, 1]), 2, 2);
    expect(polygonArea(poly)).toBe(2);
    expect(poly).toContain(2);
  });

  it('encloses exactly the pixels of hole-free blobs', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const rng = createRng(seed);
      const w = 40;
      const h = 30;
      const noisy = Uint8Array.from({ length: w * h }, () => (rng.next() < 0.6 ? 1 : 0));
      const blob = fillHoles(largestComponent(noisy, w, h), w, h);
      const area = blob.reduce((s, v) => s + v, 0);
      expect(polygonArea(traceOuterBoundary(blob, w, h))).toBe(area);
    }
  });

  it('applies the offset of a cropped mask', () => {
    const poly = traceOuterBoundary(rectMask(4, 4, 1, 1, 2, 2), 4, 4, 100, 200);
    expect(poly).toEqual([101, 201, 103, 201, 103, 203, 101, 203]);
  });
});

describe('Douglas–Peucker', () => {
  it('simplifies a traced disc within tolerance, to far fewer points, area within 2 %', () => {
    const mask = discMask(200, 200, 100.3, 99.6, 70);
    const area = mask.reduce((s, v) => s + v, 0);
    const traced = traceOuterBoundary(mask, 200, 200);
    const simplified = simplifyClosedPolygon(traced, 1);
    expect(traced.length / 2).toBeGreaterThan(200);
    expect(simplified.length / 2).toBeLessThan(60);
    expect(Math.abs(polygonArea(simplified) / area - 1)).toBeLessThan(0.02);
    // Every dropped vertex lies within the tolerance of the simplified outline.
    const m = simplified.length / 2;
    for (let i = 0; i < traced.length; i += 2) {
      let best = Number.POSITIVE_INFINITY;
      for (let j = 0; j < m; j++) {
        const k = (j + 1) % m;
        const d = segDist(
          traced[i],
          traced[i + 1],
          simplified[2 * j],
          simplified[2 * j + 1],
          simplified[2 * k],
          simplified[2 * k + 1],
        );
        best = Math.min(best, d);
      }
      expect(best).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  it('leaves triangles and zero tolerance alone', () => {
    const tri = [0, 0, 10, 0, 5, 0.5];
    expect(simplifyClosedPolygon(tri, 5)).toEqual(tri);
    const sq = [0, 0, 5, 0, 10, 0, 10, 10, 0, 10];
    expect(simplifyClosedPolygon(sq, 0)).toEqual(sq);
    expect(simplifyClosedPolygon(sq, 0.1)).toEqual([0, 0, 10, 0, 10, 10, 0, 10]);
  });
});
