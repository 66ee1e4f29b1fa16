/**
 * Drift at a few counts per pixel: the reference is a template of several frames (see
 * `drift-template.ts`), so the reference frame's own noise no longer shifts every frame's drift.
 */
import { describe, expect, it } from 'vitest';
import { fitDriftSeries } from '../../src/core/analysis/quality.ts';
import { defaultSegmentParams } from '../../src/core/analysis/segment.ts';
import { FrameService } from '../../src/core/run/frame-service.ts';
import { createPresetMovie, syntheticFrameSource } from '../../src/core/synth/index.ts';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1];
}

describe('drift tracking at low dose', () => {
  it("follows the generator's low-dose preset (4 counts/px) within half a pixel or so, and says it is sure", async () => {
    // 40 frames of 512²: with the reference frame alone, median 1.66 px, worst 3.07 px, and the
    // stated σ over 1 px on every frame; with the template 0.61 / 0.97 px, σ 0.65 px.
    const frameCount = 40;
    const movie = createPresetMovie('low-dose', { seed: 4, frameCount });
    const service = FrameService.fromSource(syntheticFrameSource(movie));
    const frames = Array.from({ length: frameCount }, (_, i) => i);
    const results = fitDriftSeries(await service.analyzeFrames(frames, defaultSegmentParams), 0);
    const errors = results.map((r) => {
      const truth = movie.driftPx(r.frame);
      return Math.hypot((r.driftXPx ?? 99) - truth.x, (r.driftYPx ?? 99) - truth.y);
    });
    expect(median(errors)).toBeLessThan(0.8);
    expect(Math.max(...errors)).toBeLessThan(1.5);
    expect(results.filter((r) => r.quality === 'drift-uncertain').map((r) => r.frame)).toEqual([]);
    // The movie really drifts, by more than the errors allowed.
    expect(
      Math.max(...frames.map((i) => Math.hypot(movie.driftPx(i).x, movie.driftPx(i).y))),
    ).toBeGreaterThan(3);
  }, 60_000);
});
