/** One meaning of "the drift between two frames" for edits, the exclusion region and figures. */
import { describe, expect, it } from 'vitest';
import { driftReferenceIndex } from '../../src/core/analysis/drift.ts';
import { defaultSegmentParams } from '../../src/core/analysis/segment.ts';
import type { FrameResult } from '../../src/core/analysis/types.ts';
import { describeDrift, driftBetween } from '../../src/core/series/drift.ts';

const result = (frame: number, drift?: [number, number]): FrameResult => ({
  frame,
  areaPx: 100,
  centroidX: 0,
  centroidY: 0,
  outline: [],
  quality: 'ok',
  ...(drift ? { driftXPx: drift[0], driftYPx: drift[1] } : {}),
});

describe('driftBetween', () => {
  const results = [result(0, [1, -2]), result(1, [6, 1.5]), result(2), null, result(4, [Number.NaN, 0])];

  it('is the second frame’s drift minus the first’s', () => {
    expect(driftBetween(results, 0, 1)).toEqual({ x: 5, y: 3.5 });
    expect(driftBetween(results, 1, 0)).toEqual({ x: -5, y: -3.5 });
  });

  it('is undefined, not zero, when either frame has no estimate', () => {
    expect(driftBetween(results, 0, 2)).toBeUndefined(); // no drift in the result
    expect(driftBetween(results, 3, 0)).toBeUndefined(); // frame not analysed
    expect(driftBetween(results, 0, 4)).toBeUndefined(); // not a number
    expect(driftBetween(results, 0, 9)).toBeUndefined(); // past the end
  });

  it('is zero from a frame to itself, estimate or not', () => {
    expect(driftBetween(results, 2, 2)).toEqual({ x: 0, y: 0 });
  });
});

describe('the drift reference frame', () => {
  it('is the parameter, clamped to the movie', () => {
    const at = (driftReferenceFrame: number) => ({ ...defaultSegmentParams, driftReferenceFrame });
    expect(driftReferenceIndex(defaultSegmentParams, 10)).toBe(defaultSegmentParams.driftReferenceFrame);
    expect(driftReferenceIndex(at(4), 10)).toBe(4);
    expect(driftReferenceIndex(at(40), 10)).toBe(9);
    expect(driftReferenceIndex(at(-3), 10)).toBe(0);
  });
});

describe('the drift as the viewer shows it', () => {
  it('says how sure it is and whether the frame was measured (with its confidence), not confidently, between measured frames, or unknown', () => {
    const measured = { ...result(0, [3.24, -1]), driftMeasuredXPx: 3.3, driftMeasuredYPx: -1.1 };
    expect(describeDrift({ ...measured, driftConfidence: 14.2, driftErrPx: 0.34 })).toBe(
      'drift +3.2, −1.0 ± 0.3 px (measured, confidence 14)',
    );
    expect(describeDrift({ ...result(4, [3, 1]), driftConfidence: 6.6, driftErrPx: 0.5 })).toBe(
      'drift +3.0, +1.0 ± 0.5 px (unconfident match, confidence 7)',
    );
    expect(describeDrift(result(1, [0, 0.05]))).toBe('drift +0.0, +0.1 px (between measured frames)');
    expect(describeDrift(result(2))).toBe('drift unknown');
    expect(describeDrift(result(3, [-0.02, -0.04]))).toBe('drift +0.0, +0.0 px (between measured frames)');
  });
});
