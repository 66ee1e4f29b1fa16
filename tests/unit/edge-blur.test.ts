/** The pieces of the smoothing's blur correction (edge-blur.ts) against known values. */
import { describe, expect, it } from 'vitest';
import {
  blurShiftPx,
  edgeWidth,
  levelWithoutCurvatureShrink,
  normalCdf,
  normalQuantile,
} from '../../src/core/analysis/edge-blur.ts';
import type { EdgeProfile } from '../../src/core/analysis/edge-profile.ts';
import { gaussianBlur } from '../../src/core/analysis/filters.ts';

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

  it('gives back the area smoothing rounds off a curved outline', () => {
    // A disk of radius 15 px (transmission 0.4, edge blurred 1.5 px) smoothed 3 px more and cut
    // at half its contrast: the cut loses π·3² ≈ 28 px² (4 % of its pixels); at the corrected level, not.
    const size = 64;
    const r = 15;
    const sharp = new Float32Array(size * size);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++)
        sharp[y * size + x] = Math.hypot(x + 0.5 - 32, y + 0.5 - 32) < r ? 0.4 : 1;
    const smoothed = gaussianBlur(gaussianBlur(sharp, size, size, 1.5), size, size, 3);
    const areaAt = (level: number) => smoothed.reduce((n, v) => n + (v < level ? 1 : 0), 0);
    const truth = sharp.reduce((n, v) => n + (v < 0.7 ? 1 : 0), 0);
    const profile = { ...blurredStep(1.5), outlinePx: ((2 * Math.SQRT2) / Math.PI) * 2 * Math.PI * r };
    expect(areaAt(0.7) / truth - 1).toBeLessThan(-0.03);
    expect(Math.abs(areaAt(levelWithoutCurvatureShrink(profile, 0.7, 3)) / truth - 1)).toBeLessThan(0.01);
    expect(levelWithoutCurvatureShrink(profile, 0.7, 0)).toBe(0.7);
  });
});
