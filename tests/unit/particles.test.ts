/** Particles mode: every particle measured, tracked over frames, and written one row per particle per frame. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { polygonArea } from '../../src/core/analysis/contour.ts';
import { resolveParams } from '../../src/core/analysis/params.ts';
import { segmentFrame } from '../../src/core/analysis/segment.ts';
import { encodeTiff } from '../../src/core/io/tiff/write-tiff.ts';
import { trackParticles } from '../../src/core/series/particle-tracks.ts';
import { parseResultsCsv, runCli } from '../helpers/cli-run.ts';

const W = 256;
const H = 256;
const discs = [
  { cx: 70, cy: 70, r: 24 },
  { cx: 180, cy: 80, r: 18 },
  { cx: 120, cy: 190, r: 14 },
];

/** Film at 400 counts and the discs (half transmission), all shifted by (dx, dy). */
function frame(dx = 0, dy = 0): Uint16Array {
  const data = new Uint16Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const inside = discs.some((d) => (x - d.cx - dx) ** 2 + (y - d.cy - dy) ** 2 <= d.r * d.r);
      data[y * W + x] = inside ? 200 : 400;
    }
  }
  return data;
}

const particleParams = resolveParams({ particles: true });

describe('particles mode', () => {
  it('measures every particle and totals their area', () => {
    const one = segmentFrame({ width: W, height: H, data: frame() }, resolveParams({}), { frameIndex: 0 });
    const all = segmentFrame({ width: W, height: H, data: frame() }, particleParams, { frameIndex: 0 });
    expect(all.particles).toHaveLength(3);
    const particles = all.particles ?? [];
    expect(all.areaPx).toBe(particles.reduce((sum, p) => sum + p.areaPx, 0));
    // Largest first, each where its disc is, each about its disc's area.
    for (const [i, d] of discs.entries()) {
      expect(Math.abs(particles[i].centroidX - d.cx)).toBeLessThan(1.5);
      expect(Math.abs(particles[i].centroidY - d.cy)).toBeLessThan(1.5);
      expect(particles[i].areaPx / (Math.PI * d.r * d.r)).toBeGreaterThan(0.9);
      expect(particles[i].areaPx / (Math.PI * d.r * d.r)).toBeLessThan(1.15);
    }
    expect(one.particles).toBeUndefined();
    expect(one.areaPx).toBe(particles[0].areaPx);
  });

  it('outlines every particle: each outline encloses its particle, and only it', () => {
    const all = segmentFrame({ width: W, height: H, data: frame() }, particleParams, { frameIndex: 0 });
    const particles = all.particles ?? [];
    expect(particles).toHaveLength(3);
    for (const [i, p] of particles.entries()) {
      const outline = p.outline ?? [];
      expect(outline.length, `particle ${i}`).toBeGreaterThan(8);
      // A simplified outline of a hole-free particle encloses about its area (to a few %).
      expect(polygonArea(outline) / p.areaPx, `particle ${i}`).toBeGreaterThan(0.95);
      expect(polygonArea(outline) / p.areaPx, `particle ${i}`).toBeLessThan(1.05);
      // It lies around its own disc: every vertex within a few px of that disc's rim.
      const d = discs[i];
      for (let k = 0; k < outline.length; k += 2) {
        expect(Math.abs(Math.hypot(outline[k] - d.cx, outline[k + 1] - d.cy) - d.r)).toBeLessThan(3);
      }
    }
  });

  it("shares one outline budget among a frame's particles", () => {
    // 16 discs of radius 16 on a 4 × 4 grid.
    const data = new Uint16Array(W * H).fill(400);
    for (let y = 0; y < 240; y++) {
      for (let x = 0; x < 240; x++) {
        const [gx, gy] = [(x % 60) - 30, (y % 60) - 30];
        if (gx * gx + gy * gy <= 256) data[y * W + x] = 200;
      }
    }
    const params = resolveParams({ particles: true, maxOutlinePoints: 64 });
    const particles = segmentFrame({ width: W, height: H, data }, params, { frameIndex: 0 }).particles ?? [];
    expect(particles).toHaveLength(16);
    // 64 / 16 = 4 each is below an octagon: 8 each, and no more.
    for (const p of particles) expect((p.outline ?? []).length / 2).toBeLessThanOrEqual(8);
    // With room to spare, a particle keeps the detail the cluster's outline would.
    const roomy =
      segmentFrame({ width: W, height: H, data: frame() }, resolveParams({ particles: true }), {
        frameIndex: 0,
      }).particles ?? [];
    expect((roomy[0].outline ?? []).length / 2).toBeGreaterThan(8);
  });

  it('keeps each particle on its track while the specimen drifts', () => {
    const results = [0, 1, 2, 3].map((i) => {
      const r = segmentFrame({ width: W, height: H, data: frame(6 * i, -3 * i) }, particleParams, {
        frameIndex: i,
      });
      return { ...r, driftXPx: 6 * i, driftYPx: -3 * i };
    });
    const rows = trackParticles(results);
    expect(rows).toHaveLength(12);
    for (const [k, d] of discs.entries()) {
      const track = rows.filter((r) => r.track === k + 1);
      expect(track.map((r) => r.frame)).toEqual([0, 1, 2, 3]);
      for (const r of track) expect(Math.abs(r.centroidX - (d.cx + 6 * r.frame))).toBeLessThan(1.5);
    }
  });

  it('the CLI writes particle_count and one row per particle per frame, and refuses --object with --particles', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'operando-particles-'));
    try {
      const movie = join(dir, 'three.tif');
      await writeFile(movie, encodeTiff([0, 1].map(() => ({ width: W, height: H, data: frame() }))));
      const out = join(dir, 'out.csv');
      const parts = join(dir, 'parts.csv');
      const run = await runCli(['analyze', movie, '--particles-out', parts, '--out', out, '--workers', '0']);
      expect(run.code, run.stderr).toBe(0);
      const results = parseResultsCsv(await readFile(out, 'utf8'));
      expect(results.header.at(-1)).toBe('particle_count');
      expect(results.rows.map((r) => r.particle_count)).toEqual(['3', '3']);
      const table = parseResultsCsv(await readFile(parts, 'utf8'));
      expect(table.header).toEqual([
        'frame',
        'track',
        'area_px',
        'area_nm2',
        'equivalent_diameter_px',
        'equivalent_diameter_nm',
        'centroid_x_px',
        'centroid_y_px',
      ]);
      expect(table.rows).toHaveLength(6);
      expect(new Set(table.rows.map((r) => r.track))).toEqual(new Set(['1', '2', '3']));
      const both = await runCli(['analyze', movie, '--particles', '--object', '70,70', '--workers', '0']);
      expect(both.code).toBe(2);
      expect(both.stderr).toContain('give one or the other');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
