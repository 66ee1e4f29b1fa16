/** Particles mode on screen: the track ids the viewer draws on each frame, and the count over time. */
import { describe, expect, it } from 'vitest';
import type { FrameResult, ParticleMeasure, QualityFlag } from '../../src/core/analysis/types.ts';
import { particlesToCsv } from '../../src/core/export/particles-csv.ts';
import type { MovieInfo } from '../../src/core/run/frame-service.ts';
import { areaSeries } from '../../src/core/series/area-series.ts';
import { particleCounts } from '../../src/core/series/particle-counts.ts';
import { trackParticles, tracksByFrame } from '../../src/core/series/particle-tracks.ts';
import { buildParticleCountTrace, PARTICLE_COUNT_NAME } from '../../src/ui/plot/particle-count-traces.ts';
import { parseResultsCsv } from '../helpers/cli-run.ts';

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
    expect(particleCounts(areaSeries(info, single), single)).toBeUndefined();
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
