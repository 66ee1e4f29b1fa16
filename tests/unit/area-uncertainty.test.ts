import { describe, expect, it } from 'vitest';
import {
  type AreaUncertaintyInput,
  areaUncertainty,
  areaUncertaintyTerms,
  EDGE_RULE_CALIBRATION,
} from '../../src/core/analysis/area-uncertainty.ts';
import { maskToRuns } from '../../src/core/analysis/runs.ts';
import { setWasmKernelsEnabled } from '../../src/core/analysis/wasm/kernels.ts';
import { createRng } from '../../src/core/synth/index.ts';

const SIZE = 128;
const THRESHOLD = 0.89;

/** A sharp, noise-free disk (transmission 0.3 on a film of 1): pixels whose centre lies inside. */
function disk(cx: number, cy: number, r: number) {
  const mask = new Uint8Array(SIZE * SIZE);
  const smoothed = new Float32Array(SIZE * SIZE).fill(1);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 < r * r) {
        mask[y * SIZE + x] = 1;
        smoothed[y * SIZE + x] = 0.3;
      }
    }
  }
  return { runs: maskToRuns(mask, SIZE, SIZE), smoothed, pixels: mask.reduce((a, b) => a + b, 0) };
}

function inputFor(smoothed: Float32Array, rule: AreaUncertaintyInput['rule'] = 'rim'): AreaUncertaintyInput {
  return { smoothed, width: SIZE, height: SIZE, threshold: THRESHOLD, noise: 0, blurSigmaPx: 1, rule };
}

describe('area uncertainty', () => {
  it('counts the pixel grid: on sharp noise-free disks at random sub-pixel places, 1σ is the spread of pixel count − πr²', () => {
    // With no noise and no pixel near the threshold, only the grid is uncertain: each outline
    // pixel counted all in or all out. Its σ must match what the grid actually does.
    const rng = createRng(11);
    let sumSquares = 0;
    const trials = 300;
    for (let k = 0; k < trials; k++) {
      const r = 12 + 30 * rng.next();
      const c = SIZE / 2 + rng.next();
      const { runs, smoothed, pixels } = disk(c, SIZE / 2 + rng.next(), r);
      const sigma = areaUncertaintyTerms(runs, inputFor(smoothed)).grid;
      expect(sigma).toBeGreaterThan(0);
      sumSquares += ((pixels - Math.PI * r * r) / sigma) ** 2;
    }
    const rmsInSigma = Math.sqrt(sumSquares / trials);
    expect(rmsInSigma).toBeGreaterThan(0.75);
    expect(rmsInSigma).toBeLessThan(1.25);
  });

  it('carries the edge rule’s measured offset from the truth: at least its share of the area, more for a defocused outline', () => {
    const { runs, smoothed, pixels } = disk(64, 64, 30);
    for (const rule of ['rim', 'defocused'] as const) {
      const sigma = areaUncertainty(runs, inputFor(smoothed, rule));
      const { areaFraction, offsetPx } = EDGE_RULE_CALIBRATION[rule];
      expect(sigma).toBeGreaterThan(areaFraction * pixels);
      // …and the offset along the outline (≈ 2π·30 px long) on top of it.
      expect(sigma).toBeGreaterThan(0.9 * Math.hypot(areaFraction * pixels, offsetPx * 2 * Math.PI * 30));
      expect(sigma).toBeLessThan(1.5 * Math.hypot(areaFraction * pixels, offsetPx * 2 * Math.PI * 30));
    }
    expect(areaUncertainty(runs, inputFor(smoothed, 'defocused'))).toBeGreaterThan(
      2 * areaUncertainty(runs, inputFor(smoothed, 'rim')),
    );
  });

  it('does not grow with pale regions inside the object or grain in the film near the level', () => {
    // Pixels inside the object or out on the film that lie near the threshold don't move the
    // outline: the band must not count them (the old level term did, 2.6–3.5× too wide).
    const { runs, smoothed } = disk(64, 64, 30);
    const sharp = areaUncertainty(runs, inputFor(smoothed));
    const pale = Float32Array.from(smoothed);
    for (let y = 54; y < 74; y++) for (let x = 54; x < 74; x++) pale[y * SIZE + x] = THRESHOLD + 0.005;
    for (let x = 0; x < SIZE; x += 3) pale[2 * SIZE + x] = THRESHOLD - 0.005;
    expect(areaUncertainty(runs, inputFor(pale))).toBeCloseTo(sharp, 9);
  });

  it('counts the noise band in the kernels as the JS does: at its limits, NaN, ±∞, odd widths', () => {
    const rng = createRng(5);
    const { runs } = disk(61.3, 64.2, 29);
    const smoothed = Float32Array.from({ length: SIZE * SIZE }, () => THRESHOLD + (rng.next() - 0.5) * 0.1);
    // A band whose upper limit is a 32-bit value: pixels there lie exactly `noise` away, just
    // outside; a run of them covers every SIMD lane. Then values never within it.
    const limit = Math.fround(THRESHOLD + 0.02);
    const noise = limit - THRESHOLD;
    for (let x = 30; x < 90; x++) {
      smoothed[40 * SIZE + x] = limit;
      smoothed[41 * SIZE + x] = Math.fround(THRESHOLD - noise);
    }
    smoothed[50 * SIZE + 50] = Number.NaN;
    smoothed[50 * SIZE + 51] = Number.POSITIVE_INFINITY;
    smoothed[50 * SIZE + 52] = Number.NEGATIVE_INFINITY;
    const input = { ...inputFor(smoothed), noise };
    const fast = areaUncertaintyTerms(runs, input).noise;
    setWasmKernelsEnabled(false);
    try {
      expect(fast).toBeGreaterThan(0);
      expect(Object.is(fast, areaUncertaintyTerms(runs, input).noise)).toBe(true);
    } finally {
      setWasmKernelsEnabled(true);
    }
  });
});
