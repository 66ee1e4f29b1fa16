/** Particles mode on screen: the track ids the viewer draws on each frame, and the count over time. */
import { describe, expect, it } from 'vitest';
import type { FrameResult, ParticleMeasure, QualityFlag } from '../../src/core/analysis/types.ts';
import { particlesToCsv } from '../../src/core/export/particles-csv.ts';
import type { MovieInfo } from '../../src/core/run/frame-service.ts';
import { areaSeries } from '../../src/core/series/area-series.ts';
import { measuresParticles, particleCounts } from '../../src/core/series/particle-counts.ts';
import { trackParticles, tracksByFrame } from '../../src/core/series/particle-tracks.ts';
import { buildAreaBiasTraces } from '../../src/ui/plot/area-bias-traces.ts';
import {
  buildParticleCountTrace,
  countAxis,
  PARTICLE_COUNT_NAME,
} from '../../src/ui/plot/particle-count-traces.ts';
import { parseResultsCsv } from '../helpers/cli-run.ts';

/**
 * The tracking rule stated plainly (every particle against every track; see particle-tracks.ts):
 * the specification the indexed implementation must reproduce, row for row.
 */
function trackByRule(results: readonly FrameResult[]): { frame: number; track: number }[] {
  const rows: { frame: number; track: number }[] = [];
  const tracks: { x: number; y: number }[] = [];
  for (const r of results) {
    const here = (r.particles ?? []).map((p) => ({
      x: p.centroidX - (r.driftXPx ?? 0),
      y: p.centroidY - (r.driftYPx ?? 0),
      reach: Math.sqrt(p.areaPx / Math.PI),
    }));
    const pairs: { i: number; t: number; d: number }[] = [];
    here.forEach((h, i) => {
      tracks.forEach((track, t) => {
        const d = Math.hypot(h.x - track.x, h.y - track.y);
        if (d <= h.reach) pairs.push({ i, t, d });
      });
    });
    pairs.sort((a, b) => a.d - b.d);
    const trackOf = new Map<number, number>();
    const taken = new Set<number>();
    for (const { i, t } of pairs) {
      if (trackOf.has(i) || taken.has(t)) continue;
      trackOf.set(i, t);
      taken.add(t);
    }
    here.forEach((h, i) => {
      const t = trackOf.get(i) ?? tracks.push({ x: h.x, y: h.y }) - 1;
      tracks[t] = { x: h.x, y: h.y };
      rows.push({ frame: r.frame, track: t + 1 });
    });
  }
  return rows;
}

/** A reproducible sequence in [0, 1) (Park–Miller). */
function sequence(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

const info: MovieInfo = {
  name: 'particles.tif',
  formatId: 'tiff',
  width: 256,
  height: 256,
  frameCount: 5,
  dtype: 'uint16',
  frameIntervalS: 0.5,
  metadata: {},
  originalMetadata: {},
};

const disc = (x: number, y: number, r: number): ParticleMeasure => ({
  areaPx: Math.round(Math.PI * r * r),
  centroidX: x,
  centroidY: y,
});

function result(
  frame: number,
  particles: ParticleMeasure[] | undefined,
  quality: QualityFlag = 'ok',
): FrameResult {
  const sorted = particles && [...particles].sort((a, b) => b.areaPx - a.areaPx);
  return {
    frame,
    areaPx: sorted ? sorted.reduce((s, p) => s + p.areaPx, 0) : 0,
    centroidX: 0,
    centroidY: 0,
    outline: [],
    quality,
    particles: sorted,
  };
}

// A (static, r 24), B (static, grows past A on frame 2: the largest-first order swaps), C (moves
// 3 px a frame), D (appears on frame 2); frame 3 is empty (no particle field, as segment gives).
const results = [
  result(0, [disc(70, 70, 24), disc(180, 80, 16), disc(120, 190, 12)]),
  result(1, [disc(70, 70, 24), disc(180, 80, 20), disc(123, 190, 12)]),
  result(2, [disc(70, 70, 24), disc(180, 80, 30), disc(126, 190, 12), disc(200, 200, 10)]),
  result(3, undefined, 'empty'),
  result(4, [disc(70, 70, 24), disc(180, 80, 30), disc(129, 190, 12), disc(200, 200, 10)]),
];

describe('track ids per frame', () => {
  it('labels each frame with the tracks and centroids of the per-particle CSV', () => {
    const byFrame = tracksByFrame(trackParticles(results));
    const csv = parseResultsCsv(particlesToCsv(info, results)).rows;
    for (const frame of [0, 1, 2, 4]) {
      const labels = (byFrame.get(frame) ?? []).map((p) => [p.track, p.centroidX, p.centroidY]);
      const rows = csv.filter((r) => Number(r.frame) === frame);
      expect(labels).toEqual(
        rows.map((r) => [Number(r.track), Number(r.centroid_x_px), Number(r.centroid_y_px)]),
      );
    }
    // The empty frame has no labels; every particle keeps its id whatever its rank by area.
    expect(byFrame.has(3)).toBe(false);
    const idAt = (frame: number, x: number) =>
      byFrame.get(frame)?.find((p) => Math.abs(p.centroidX - x) < 10)?.track;
    for (const frame of [0, 1, 2, 4]) {
      expect(idAt(frame, 70)).toBe(1);
      expect(idAt(frame, 180)).toBe(2);
      expect(idAt(frame, 120 + 3 * frame)).toBe(3);
    }
    expect(idAt(2, 200)).toBe(4);
    expect(idAt(4, 200)).toBe(4);
    // On frame 2, B is the largest particle yet still track 2.
    expect(byFrame.get(2)?.map((p) => p.track)).toEqual([2, 1, 3, 4]);
  });
});

describe('tracking across many frames', () => {
  it('joins particles to tracks exactly as the plain rule does, with drift, passing specks and big and small particles', () => {
    const random = sequence(7);
    const frames: FrameResult[] = [];
    for (let f = 0; f < 300; f++) {
      const drift = { x: 0.4 * f, y: -0.25 * f };
      const particles: ParticleMeasure[] = [];
      // Twelve particles wandering about their places, radii 3 to 60 px, some close together.
      for (let k = 0; k < 12; k++) {
        const r = 3 + ((k * 37) % 58);
        particles.push(
          disc(40 + (k % 4) * 70 + 3 * random() + drift.x, 40 + Math.floor(k / 4) * 60 + drift.y, r),
        );
      }
      // Three specks of noise a frame, anywhere, some on top of the particles; one in ten frames
      // lost (no drift known: NaN), as a frame whose drift was not measured would be.
      for (let k = 0; k < 3; k++)
        particles.push(disc(random() * 400 - 50, random() * 300 - 50, 1 + 2 * random()));
      const lost = f % 10 === 9;
      frames.push({
        ...result(f, particles),
        driftXPx: lost ? Number.NaN : drift.x,
        driftYPx: lost ? Number.NaN : drift.y,
      });
    }
    const rows = trackParticles(frames);
    expect(rows.map((r) => ({ frame: r.frame, track: r.track }))).toEqual(trackByRule(frames));
    // Not a vacuous match: particles stay on tracks over frames and specks start new ones.
    const tracks = new Set(rows.map((r) => r.track));
    expect(tracks.size).toBeGreaterThan(600);
    expect(rows.filter((r) => r.track <= 12).length).toBeGreaterThan(12 * 200);
  });

  it('breaks a tie between two equally near tracks as the plain rule does: the first track', () => {
    // Track 1 at x = 30, track 2 at x = 10; then one particle half-way, 10 px from both.
    const frames = [result(0, [disc(30, 50, 12), disc(10, 50, 11)]), result(1, [disc(20, 50, 12)])];
    expect(trackByRule(frames).at(-1)?.track).toBe(1);
    expect(trackParticles(frames).at(-1)?.track).toBe(1);
  });
});

describe('particle count over time', () => {
  it('counts every frame the area series includes; an empty frame is a gap, a rejected one is out', () => {
    const review = ['', 'rejected', '', '', ''] as const;
    const series = areaSeries(info, results, [...review]);
    expect(particleCounts(series, results)).toEqual([
      { frame: 0, count: 3 },
      { frame: 2, count: 4 },
      { frame: 3, count: undefined },
      { frame: 4, count: 4 },
    ]);
  });

  it('is undefined outside particles mode', () => {
    const single = results.map((r) => ({ ...r, particles: undefined }));
    expect(measuresParticles(single)).toBe(false);
    expect(particleCounts(areaSeries(info, single), single)).toBeUndefined();
  });

  it("names the area plotted beside it the particles' total", () => {
    const series = areaSeries(info, results);
    const total = buildAreaBiasTraces(series, undefined, undefined, false, measuresParticles(results));
    expect(total.areaTitle).toBe('Total particle area (px²)');
    expect(total.data[0].name).toBe('Total particle area (px²)');
    expect(buildAreaBiasTraces(series, undefined, undefined).areaTitle).toBe('Cluster area (px²)');
  });

  it('plots one point per included frame at the frame times, gaps as null', () => {
    const series = areaSeries(info, results);
    const counts = particleCounts(series, results) ?? [];
    const trace = buildParticleCountTrace(counts, series.time);
    expect(trace.name).toBe(PARTICLE_COUNT_NAME);
    expect(trace.x).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(trace.y).toEqual([3, 3, 4, null, 4]);
    expect(trace.customdata).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('count axis', () => {
  it('ticks every whole number up to 10 particles, and leaves larger counts to Plotly, integers only', () => {
    expect(countAxis([{ frame: 0, count: 2 }, { frame: 1 }])).toMatchObject({
      dtick: 1,
      tick0: 0,
      tickformat: 'd',
    });
    expect(countAxis([{ frame: 0, count: 40 }])).not.toHaveProperty('dtick');
    expect(countAxis([{ frame: 0, count: 40 }])).toMatchObject({ tickformat: 'd', rangemode: 'tozero' });
  });
});
