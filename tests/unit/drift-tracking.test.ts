/** Drift tracking through the FrameService: every frame against the reference frame. */
import { describe, expect, it } from 'vitest';
import { fitDriftSeries } from '../../src/core/analysis/quality.ts';
import { defaultSegmentParams } from '../../src/core/analysis/segment.ts';
import { FrameService } from '../../src/core/run/frame-service.ts';
import { createPresetMovie, syntheticFrameSource } from '../../src/core/synth/index.ts';

describe('drift tracking in a run', () => {
  it("reports each frame's drift against the reference frame within a pixel of the truth", async () => {
    const movie = createPresetMovie('operando', { seed: 6, frameCount: 120 });
    const service = FrameService.fromSource(syntheticFrameSource(movie));
    const frames = [0, 17, 40, 63, 90, 119];
    const results = await service.analyzeFrames(frames, { ...defaultSegmentParams, driftStrideFrames: 1 });
    let worst = 0;
    for (const r of results) {
      const truth = movie.driftPx(r.frame);
      expect(r.driftXPx, `frame ${r.frame}`).toBeDefined();
      worst = Math.max(worst, Math.hypot((r.driftXPx ?? 0) - truth.x, (r.driftYPx ?? 0) - truth.y));
    }
    expect(worst).toBeLessThan(1);
    // The movie really drifts, so this is not a zero-shift pass.
    expect(
      Math.max(...frames.map((i) => Math.hypot(movie.driftPx(i).x, movie.driftPx(i).y))),
    ).toBeGreaterThan(10);
  }, 60_000);

  it('measures every 4th frame by default and fits the rest within a pixel', async () => {
    const movie = createPresetMovie('operando', { seed: 6, frameCount: 120 });
    const service = FrameService.fromSource(syntheticFrameSource(movie));
    const frames = Array.from({ length: 25 }, (_, i) => 48 + i);
    const raw = await service.analyzeFrames(frames, defaultSegmentParams);
    expect(raw.filter((r) => r.driftMeasuredXPx !== undefined).map((r) => r.frame)).toEqual([
      48, 52, 56, 60, 64, 68, 72,
    ]);
    const filled = fitDriftSeries(raw, 0);
    for (const r of filled) {
      const truth = movie.driftPx(r.frame);
      expect(
        Math.hypot((r.driftXPx ?? 99) - truth.x, (r.driftYPx ?? 99) - truth.y),
        `frame ${r.frame}`,
      ).toBeLessThan(1);
    }
  }, 60_000);

  it('measures against another reference frame when asked, and not at all when tracking is off', async () => {
    const movie = createPresetMovie('operando', { seed: 6, frameCount: 120 });
    const service = FrameService.fromSource(syntheticFrameSource(movie));
    const [r] = await service.analyzeFrames([90], {
      ...defaultSegmentParams,
      driftReferenceFrame: 40,
      driftStrideFrames: 1,
    });
    const expected = {
      x: movie.driftPx(90).x - movie.driftPx(40).x,
      y: movie.driftPx(90).y - movie.driftPx(40).y,
    };
    expect(Math.hypot((r.driftXPx ?? 0) - expected.x, (r.driftYPx ?? 0) - expected.y)).toBeLessThan(1);
    const [off] = await service.analyzeFrames([90], { ...defaultSegmentParams, trackDrift: false });
    expect(off.driftXPx).toBeUndefined();
  }, 60_000);
});
