import { describe, expect, it } from 'vitest';
import { areaUncertainty } from '../../src/core/analysis/area-uncertainty.ts';
import { maskToRuns } from '../../src/core/analysis/runs.ts';
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
      const sigma = areaUncertainty(runs, smoothed, SIZE, SIZE, THRESHOLD, 0, 0.1, 1);
      expect(sigma).toBeGreaterThan(0);
      sumSquares += ((pixels - Math.PI * r * r) / sigma) ** 2;
    }
    const rmsInSigma = Math.sqrt(sumSquares / trials);
    expect(rmsInSigma).toBeGreaterThan(0.75);
    expect(rmsInSigma).toBeLessThan(1.25);
  });
});
