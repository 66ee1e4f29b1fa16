/** The pieces of the smoothing's blur correction (edge-blur.ts) against known values. */
import { describe, expect, it } from 'vitest';
import { blurShiftPx, edgeWidth, normalCdf, normalQuantile } from '../../src/core/analysis/edge-blur.ts';
import type { EdgeProfile } from '../../src/core/analysis/edge-profile.ts';

/** A profile across a step from 0.4 to the film (1) blurred to σ px, its middle 2 px outside the outline. */
function blurredStep(sigma: number): EdgeProfile {
  const length = 29;
  const values = Float64Array.from({ length }, (_, j) => 0.4 + 0.6 * normalCdf((j - 12 - 2) / sigma));
  return {
    values,
    counts: new Uint32Array(length).fill(200),
    spread: new Float64Array(length).fill(0.01),
    lines: 200,
    outlinePx: 400,
  };
}

describe('edge blur', () => {
  it('has the normal distribution function and its inverse', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    for (const p of [0.01, 0.2, 0.5, 0.75, 0.99]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 7);
  });

  it('reads the width of a blurred step from its profile', () => {
    // Within 5 %: the crossings are interpolated between samples 1 px apart.
    for (const sigma of [1.5, 2, 3])
      expect(Math.abs((edgeWidth(blurredStep(sigma)) ?? 0) / sigma - 1)).toBeLessThan(0.05);
  });

  it('moves a level out by what extra blur adds to the spread, and not at all at half the contrast', () => {
    // A sharp edge smoothed 3 px instead of 1: its fifth-of-contrast level moves out 0.84 × 2 px.
    expect(blurShiftPx(0.2, 0, { sigmaPx: 3, referenceSigmaPx: 1 })).toBeCloseTo(0.8416 * 2, 3);
    expect(blurShiftPx(0.5, 0, { sigmaPx: 3, referenceSigmaPx: 1 })).toBe(0);
    expect(blurShiftPx(0.2, 2, { sigmaPx: 1, referenceSigmaPx: 1 })).toBe(0);
  });
});
