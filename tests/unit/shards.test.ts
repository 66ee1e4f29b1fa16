// Shards: a movie analysed as ranges (each by its own FrameService, as on separate machines)
// gives exactly the results of one run: areas, drift and the flags that look at neighbours.
import { describe, expect, it } from 'vitest';
import { fitDriftSeries } from '../../src/core/analysis/quality.ts';
import { defaultSegmentParams } from '../../src/core/analysis/segment.ts';
import type { FrameResult } from '../../src/core/analysis/types.ts';
import { analyzeMovie } from '../../src/core/run/analyze-movie.ts';
import { analyzeShard } from '../../src/core/run/analyze-shard.ts';
import { FrameService } from '../../src/core/run/frame-service.ts';
import type { FrameAnalyzer } from '../../src/core/run/run-analysis.ts';
import { type FrameRange, parseFrameRange, planShards, shardWindow } from '../../src/core/run/shards.ts';
import { createPresetMovie, type SyntheticMovie, syntheticFrameSource } from '../../src/core/synth/index.ts';

const params = defaultSegmentParams;
const FRAMES = 40;

/**
 * A drifting movie with a flickering gun (flicker flags), 256² so the test is quick.
 * `lostDrift`: frames whose drift measurement is dropped as unconfident, as when tracking is
 * lost, so a shard must look beyond its usual overlap for a measurement to interpolate from.
 */
function analyzerFor(movie: SyntheticMovie, lostDrift?: FrameRange): FrameAnalyzer {
  const service = FrameService.fromSource(syntheticFrameSource(movie));
  if (!lostDrift) return service;
  return {
    analyzeFrames: async (indices, given) =>
      (await service.analyzeFrames(indices, given)).map((r): FrameResult => {
        if (r.frame < lostDrift.start || r.frame >= lostDrift.end || r.driftXPx === undefined) return r;
        const { driftXPx: _x, driftYPx: _y, driftMeasuredXPx: _mx, driftMeasuredYPx: _my, ...rest } = r;
        return { ...rest, quality: r.quality === 'ok' ? 'drift-uncertain' : r.quality };
      }),
  };
}

async function singleRun(movie: SyntheticMovie, lost?: FrameRange): Promise<FrameResult[]> {
  return analyzeMovie({ frameCount: FRAMES, params, analyzers: [analyzerFor(movie, lost)] });
}

async function sharded(movie: SyntheticMovie, count: number, lost?: FrameRange): Promise<FrameResult[]> {
  const merged: FrameResult[] = [];
  for (const range of planShards(FRAMES, count)) {
    const { results } = await analyzeShard({
      frameCount: FRAMES,
      params,
      analyzers: [analyzerFor(movie, lost)],
      range,
    });
    for (let f = range.start; f < range.end; f++) merged.push(results[f]);
  }
  // As `operando merge` does (`mergeShards`): the drift curve fitted again through every shard's
  // measurements, since a shard fits only its own window's.
  return fitDriftSeries(merged, 0);
}

describe('shards merged equal one run', () => {
  // At the preset's own 4 counts/px no drift match at 256² is confident (so there would be no
  // drift to carry across a boundary); 30 counts/px keep the flickering gun and give confident drift.
  const movie = createPresetMovie('low-dose', {
    seed: 11,
    frameCount: FRAMES,
    width: 256,
    height: 256,
    dose: 30,
  });

  it('1, 2 and 4 shards: the same areas, drift and flags, frame by frame', async () => {
    const whole = await singleRun(movie);
    // The movie exercises what crosses a boundary: interpolated drift and neighbour flags.
    expect(whole.filter((r) => r.driftXPx !== undefined && r.frame % 4 !== 0).length).toBeGreaterThan(20);
    expect(whole.some((r) => r.quality === 'flicker' || r.quality === 'area-jump')).toBe(true);
    for (const count of [1, 2, 4]) {
      expect(await sharded(movie, count), `${count} shard(s)`).toEqual(whole);
    }
  }, 120_000);

  it('widens the overlap where drift was lost across a boundary', async () => {
    // Frames 12–27 have no confident drift: shard 10:20 must reach frame 28 to interpolate.
    const lost = { start: 12, end: 28 };
    const whole = await singleRun(movie, lost);
    expect(whole[20].driftXPx).toBeDefined();
    const window = shardWindow({ start: 10, end: 20 }, FRAMES, params);
    expect(window.end).toBeLessThan(28); // the first window alone would not do
    expect(await sharded(movie, 4, lost)).toEqual(whole);
  }, 120_000);
});

describe('frame ranges', () => {
  it('reads START:END with END exclusive, and START: to the end', () => {
    expect(parseFrameRange('10:20', 100)).toEqual({ start: 10, end: 20 });
    expect(parseFrameRange('90:', 100)).toEqual({ start: 90, end: 100 });
  });

  it('refuses ranges past the end, empty ranges and other text, saying why', () => {
    expect(() => parseFrameRange('0:101', 100)).toThrow(/has 100 frames/);
    expect(() => parseFrameRange('5:5', 100)).toThrow(/no frame/);
    expect(() => parseFrameRange('1-5', 100)).toThrow(/START:END/);
  });

  it('plans consecutive shards that cover the movie once', () => {
    for (const [frames, count] of [
      [200, 4],
      [7, 3],
      [3, 8],
    ]) {
      const plan = planShards(frames, count);
      expect(plan[0].start).toBe(0);
      expect(plan.at(-1)?.end).toBe(frames);
      for (let i = 1; i < plan.length; i++) expect(plan[i].start).toBe(plan[i - 1].end);
      expect(plan.every((r) => r.end > r.start)).toBe(true);
    }
  });
});
