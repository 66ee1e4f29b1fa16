/** How much segmentation v2 smooths: what `autoSmooth` promises (see `params.ts`). */
import { describe, expect, it } from 'vitest';
import { autoSmoothSigma, MAX_SMOOTH_SIGMA_PX } from '../../src/core/analysis/contrast-smooth.ts';
import { blurredNoiseSigma } from '../../src/core/analysis/noise.ts';

describe('autoSmoothSigma', () => {
  it('leaves a smoothed noise of step / √π (≈ 0.56 × step) when neither bound applies', () => {
    for (const [noise, step] of [
      [0.2, 0.1],
      [0.5, 0.2],
      [0.3, 0.06],
    ]) {
      const sigmaPx = autoSmoothSigma(noise, step, 0);
      expect(sigmaPx).toBeCloseTo((0.5 * noise) / step, 12);
      expect(blurredNoiseSigma(noise, sigmaPx)).toBeCloseTo(step / Math.sqrt(Math.PI), 12);
    }
  });

  it('never smooths less than asked nor more than the cap', () => {
    expect(autoSmoothSigma(0.01, 0.1, 1.5)).toBe(1.5);
    expect(autoSmoothSigma(5, 0.1, 0)).toBe(MAX_SMOOTH_SIGMA_PX);
    expect(autoSmoothSigma(0.2, 0, 0.5)).toBe(0.5);
  });
});
