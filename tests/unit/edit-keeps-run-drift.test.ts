/**
 * A frame re-segmented after an edit keeps what the run said about its drift: the curve's value,
 * its σ and its 'drift-uncertain' verdict (one frame alone can't refit the curve).
 */
import { describe, expect, it } from 'vitest';
import { fitDriftSeries, withRunDrift } from '../../src/core/analysis/quality.ts';
import type { FrameResult } from '../../src/core/analysis/types.ts';

const frame = (i: number, extra: Partial<FrameResult> = {}): FrameResult => ({
  frame: i,
  areaPx: 1000,
  centroidX: 50,
  centroidY: 50,
  outline: [],
  quality: 'ok',
  ...extra,
});

/** A run of 40 frames whose drift was measured on frames 0–20 only (tracking lost after). */
function runResults(): FrameResult[] {
  const raw = Array.from({ length: 40 }, (_, i) =>
    frame(i, i <= 20 && i % 4 === 0 ? { driftMeasuredXPx: 0.5 * i, driftMeasuredYPx: -0.25 * i } : {}),
  );
  return fitDriftSeries(raw, 0);
}

describe('an edited frame keeps its run drift', () => {
  it("keeps the curve's drift, its σ and the drift-uncertain verdict of a frame beyond the measurements", () => {
    const run = runResults();
    const lost = run[36];
    expect(lost.quality).toBe('drift-uncertain');
    // The edit re-segments frame 36 alone: its area is fine and it knows no drift of its own.
    const fresh = frame(36, { areaPx: 1200 });
    const kept = withRunDrift(fresh, lost);
    expect(kept.quality).toBe('drift-uncertain');
    expect(kept.areaPx).toBe(1200);
    expect([kept.driftXPx, kept.driftYPx, kept.driftErrPx]).toEqual([
      lost.driftXPx,
      lost.driftYPx,
      lost.driftErrPx,
    ]);
  });

  it("stays 'ok' where the run's drift was certain, and lets a fresh flag about the area win", () => {
    const run = runResults();
    expect(run[8].quality).toBe('ok');
    expect(withRunDrift(frame(8), run[8]).quality).toBe('ok');
    expect(withRunDrift(frame(36, { quality: 'area-jump' }), run[36]).quality).toBe('area-jump');
  });

  it('leaves a frame without a run drift as it came', () => {
    const fresh = frame(3, { driftXPx: 1, driftYPx: 2 });
    expect(withRunDrift(fresh, undefined)).toBe(fresh);
    expect(withRunDrift(fresh, frame(3))).toBe(fresh);
  });
});
