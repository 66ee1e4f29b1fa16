/** Which region is "the cluster": the object the user points at, the one the needle touches, or the largest. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelRuns } from '../../src/core/analysis/components.ts';
import { chooseComponent } from '../../src/core/analysis/object-choice.ts';
import { resolveParams } from '../../src/core/analysis/params.ts';
import { maskToRuns } from '../../src/core/analysis/runs.ts';
import { segmentFrame } from '../../src/core/analysis/segment.ts';
import { encodeTiff } from '../../src/core/io/tiff/write-tiff.ts';
import { parseResultsCsv, runCli } from '../helpers/cli-run.ts';

const W = 256;
const H = 256;

interface Disc {
  cx: number;
  cy: number;
  r: number;
  t: number;
}

/** Film at 400 counts with dark discs (transmission `t`) and, optionally, an opaque needle from the left edge. */
function scene(discs: Disc[], needle?: { y0: number; y1: number; x1: number }): Uint16Array {
  const data = new Uint16Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let t = 1;
      for (const d of discs) if ((x - d.cx) ** 2 + (y - d.cy) ** 2 <= d.r * d.r) t = Math.min(t, d.t);
      if (needle && x < needle.x1 && y >= needle.y0 && y < needle.y1) t = 0.03;
      data[y * W + x] = Math.round(400 * t);
    }
  }
  return data;
}

const big: Disc = { cx: 180, cy: 70, r: 30, t: 0.5 };
const small: Disc = { cx: 70, cy: 180, r: 16, t: 0.5 };
const segment = (
  data: Uint16Array,
  objectPoint: { x: number; y: number } | null,
  driftPx?: { x: number; y: number },
) => segmentFrame({ width: W, height: H, data }, resolveParams({ objectPoint }), { frameIndex: 0, driftPx });

describe('choosing the object', () => {
  it('takes the largest region by default, and the one under the point when given', () => {
    const data = scene([big, small]);
    const byDefault = segment(data, null);
    const pointed = segment(data, { x: small.cx, y: small.cy });
    expect(Math.abs(byDefault.centroidX - big.cx)).toBeLessThan(2);
    expect(Math.abs(pointed.centroidX - small.cx)).toBeLessThan(2);
    expect(Math.abs(pointed.centroidY - small.cy)).toBeLessThan(2);
    expect(pointed.areaPx).toBeLessThan(byDefault.areaPx / 2);
  });

  it('follows the point by the frame drift', () => {
    // The specimen moved 40 px right since the reference frame: the small disc is now at cx + 40.
    const moved = scene([big, { ...small, cx: small.cx + 40 }]);
    const followed = segment(moved, { x: small.cx - 20, y: small.cy }, { x: 40, y: 0 });
    expect(followed.quality).toBe('ok');
    expect(Math.abs(followed.centroidX - (small.cx + 40))).toBeLessThan(2);
  });

  it('takes the nearest region when the point falls just outside it, and says the object is lost when nothing is near', () => {
    const data = scene([big, small]);
    const near = segment(data, { x: small.cx + small.r + 5, y: small.cy });
    expect(Math.abs(near.centroidX - small.cx)).toBeLessThan(2);
    const lost = segment(data, { x: 20, y: 20 });
    expect(lost.quality).toBe('object-lost');
    expect(lost.areaPx).toBe(0);
  });

  it('prefers the region the needle touches over a larger free one', () => {
    // The needle's tip (x < 40) touches a disc at x 40–72; the larger disc elsewhere is free.
    const touched: Disc = { cx: 60, cy: 180, r: 22, t: 0.5 };
    const data = scene([big, touched], { y0: 172, y1: 188, x1: 44 });
    const result = segment(data, null);
    expect(Math.abs(result.centroidY - touched.cy)).toBeLessThan(3);
  });
});

describe('operando analyze --object', () => {
  it('measures the pointed object in every frame, and refuses a point outside the frame', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'operando-object-'));
    try {
      const movie = join(dir, 'two.tif');
      const pages = [0, 1, 2].map(() => ({ width: W, height: H, data: scene([big, small]) }));
      await writeFile(movie, encodeTiff(pages));
      const out = join(dir, 'out.csv');
      const run = await runCli([
        'analyze',
        movie,
        '--object',
        `${small.cx},${small.cy}`,
        '--out',
        out,
        '--workers',
        '0',
      ]);
      expect(run.code, run.stderr).toBe(0);
      const { rows } = parseResultsCsv(await readFile(out, 'utf8'));
      expect(rows).toHaveLength(3);
      for (const row of rows) expect(Math.abs(Number(row.centroid_x_px) - small.cx)).toBeLessThan(2);
      const outside = await runCli(['analyze', movie, '--object', '900,10', '--workers', '0']);
      expect(outside.code).toBe(2);
      expect(outside.stderr).toContain('--object 900,10 lies outside the 256 × 256 px frames of two.tif');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('counts a region as touching only where a pixel has an excluded 4-neighbour', () => {
    // 40 × 30 px: an exclusion block at x 20–24, y 10–14; regions as rectangles [x0, y0, x1, y1).
    const [w, h] = [40, 30];
    const excludedMask = new Uint8Array(w * h);
    for (let y = 10; y < 15; y++) excludedMask.fill(1, y * w + 20, y * w + 25);
    const excluded = { mask: excludedMask, box: [20, 10, 25, 15] as const };
    const choose = (rects: number[][]) => {
      const mask = new Uint8Array(w * h);
      for (const [x0, y0, x1, y1] of rects)
        for (let y = y0; y < y1; y++) mask.fill(1, y * w + x0, y * w + x1);
      const runs = maskToRuns(mask, w, h);
      const { labels, count, areas } = labelRuns(runs, 8);
      const { label } = chooseComponent(runs, labels, areas, count, 1, w, h, undefined, excluded);
      const i = labels.indexOf(label);
      return [runs.x0[i], runs.y[i]];
    };
    const large = [0, 20, 15, 30]; // 150 px, nowhere near
    // Below the block, one row down, wider than it: touches from beneath.
    expect(choose([large, [15, 15, 30, 17]])).toEqual([15, 15]);
    // Below the block's last column only.
    expect(choose([large, [24, 15, 30, 17]])).toEqual([24, 15]);
    // Beside it in the same rows: its run's end meets the block's first column.
    expect(choose([large, [14, 11, 20, 13]])).toEqual([14, 11]);
    // Diagonal to the block's corner only (no shared side), and two rows below it: the largest.
    expect(choose([large, [25, 15, 30, 17]])).toEqual([0, 20]);
    expect(choose([large, [15, 16, 30, 18]])).toEqual([0, 20]);
    // No exclusion: the largest.
    const mask = new Uint8Array(w * h);
    mask.fill(1, 0, 5);
    const runs = maskToRuns(mask, w, h);
    const { labels, count, areas } = labelRuns(runs, 8);
    expect(chooseComponent(runs, labels, areas, count, 1, w, h, undefined, undefined).label).toBe(1);
  });
});
