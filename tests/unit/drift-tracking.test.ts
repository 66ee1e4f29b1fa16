/** Drift tracking through the FrameService: every frame against the reference frame. */
import { describe, expect, it } from 'vitest';
import { fitDriftSeries } from '../../src/core/analysis/quality.ts';
import { defaultSegmentParams } from '../../src/core/analysis/segment.ts';
import { FileFormatError } from '../../src/core/io/errors.ts';
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

  it('moves a chosen object by the drift interpolated between the frames of the curve, measured there only', async () => {
    const movie = createPresetMovie('operando', { seed: 6, frameCount: 120 });
    const service = FrameService.fromSource(syntheticFrameSource(movie));
    const [first] = await service.analyzeFrames([0], defaultSegmentParams);
    const pointed = { ...defaultSegmentParams, objectPoint: { x: first.centroidX, y: first.centroidY } };
    // A run's batches: the frames between two measured ones follow the drift interpolated
    // between them; only the curve's frames report a measurement.
    const batches = [
      [48, 49, 50, 51],
      [52, 53, 54, 55],
    ];
    const results = [];
    for (const batch of batches) results.push(...(await service.analyzeFrames(batch, pointed)));
    expect(results.filter((r) => r.driftMeasuredXPx !== undefined).map((r) => r.frame)).toEqual([48, 52]);
    // The object is the one every frame's own measurement finds, and its drift within a pixel of the truth.
    const each = FrameService.fromSource(syntheticFrameSource(movie));
    const measuredEach = await each.analyzeFrames(batches.flat(), { ...pointed, driftStrideFrames: 1 });
    expect(results.map((r) => r.areaPx)).toEqual(measuredEach.map((r) => r.areaPx));
    for (const r of results) {
      const truth = movie.driftPx(r.frame);
      expect(
        Math.hypot((r.driftXPx ?? 99) - truth.x, (r.driftYPx ?? 99) - truth.y),
        `frame ${r.frame}`,
      ).toBeLessThan(1);
    }
    // A frame analysed alone (the live preview) measures its own drift.
    const [alone] = await service.analyzeFrames([53], pointed);
    expect(alone.driftMeasuredXPx).toBeDefined();
  }, 120_000);

  it("measures a frame's own drift for the object when the next measured frame is damaged", async () => {
    const movie = createPresetMovie('operando', { seed: 6, frameCount: 120 });
    const intact = syntheticFrameSource(movie);
    const damaged = {
      ...intact,
      getFrame: async (i: number, signal?: AbortSignal) => {
        if (i === 52) throw new FileFormatError('movie.tif', 'corrupt', 'frame 52: strip 0 is truncated');
        return intact.getFrame(i, signal);
      },
    };
    const service = FrameService.fromSource(damaged);
    const [first] = await service.analyzeFrames([0], defaultSegmentParams);
    const pointed = { ...defaultSegmentParams, objectPoint: { x: first.centroidX, y: first.centroidY } };
    const results = await service.analyzeFrames([48, 49, 50, 51], pointed);
    expect(results.map((r) => r.quality)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(results.filter((r) => r.driftMeasuredXPx !== undefined).map((r) => r.frame)).toEqual([
      48, 49, 50, 51,
    ]);
  }, 120_000);
});
