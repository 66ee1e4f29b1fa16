/** Figure S6's before-lithiation outline follows the sample when it drifts. */
import { describe, expect, it } from 'vitest';
import type { FrameResult } from '../../src/core/analysis/types.ts';
import { outlineFollowingDrift } from '../../src/ui/figures/outline-figure.ts';

const result = (frame: number, outline: number[], drift?: [number, number]): FrameResult => ({
  frame,
  areaPx: 100,
  centroidX: 0,
  centroidY: 0,
  outline,
  quality: 'ok',
  ...(drift ? { driftXPx: drift[0], driftYPx: drift[1] } : {}),
});

describe('outlineFollowingDrift', () => {
  it('moves the reference outline by the drift between the two frames', () => {
    const reference = result(0, [10, 20, 30, 20, 30, 40], [1, -2]);
    const chosen = result(50, [], [6, 1.5]);
    const { outline, shiftPx } = outlineFollowingDrift(reference, chosen);
    expect(shiftPx).toEqual({ x: 5, y: 3.5 });
    expect(outline).toEqual([15, 23.5, 35, 23.5, 35, 43.5]);
    expect(reference.outline).toEqual([10, 20, 30, 20, 30, 40]);
  });

  it('leaves the outline where it is when a frame has no drift', () => {
    const reference = result(0, [10, 20, 30, 20], [1, 1]);
    expect(outlineFollowingDrift(reference, result(5, []))).toEqual({ outline: [10, 20, 30, 20] });
    expect(outlineFollowingDrift(undefined, result(5, [], [1, 1]))).toEqual({ outline: [] });
  });
});
