/** How much segmentation v2 smooths: what `autoSmooth` promises (see `params.ts`). */
import { describe, expect, it } from 'vitest';
import { autoSmoothSigma, MAX_SMOOTH_SIGMA_PX } from '../../src/core/analysis/contrast-smooth.ts';
import { blurredNoiseSigma } from '../../src/core/analysis/noise.ts';
import { resolveParams } from '../../src/core/analysis/params.ts';
import { segmentFrame } from '../../src/core/analysis/segment.ts';
import { createRng } from '../../src/core/synth/index.ts';

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

describe('smoothSigmaPx on a binned frame', () => {
  it('is in frame pixels whether the smoothing is chosen from the noise or not', () => {
    // 1024² is binned 2× for 'contrast'; at this dose the noise asks for less than σ = 2 working px.
    const size = 1024;
    const rng = createRng(5);
    const data = new Uint16Array(size * size);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const inside = (x - 512) ** 2 + (y - 512) ** 2 < 200 ** 2;
        data[y * size + x] = rng.poisson(inside ? 250 : 400);
      }
    }
    const frame = { width: size, height: size, data };
    const auto = segmentFrame(frame, resolveParams({ smoothSigmaPx: 4 }), { frameIndex: 0 });
    const fixed = segmentFrame(frame, resolveParams({ smoothSigmaPx: 4, autoSmooth: false }), {
      frameIndex: 0,
    });
    expect(auto.quality).toBe('ok');
    expect(fixed.threshold).toBe(auto.threshold);
    expect(fixed.areaPx).toBe(auto.areaPx);
  });
});
