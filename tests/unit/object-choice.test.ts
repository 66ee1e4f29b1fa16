/** Which region is "the cluster": the object the user points at, the one the needle touches, or the largest. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../src/core/analysis/params.ts';
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
});
