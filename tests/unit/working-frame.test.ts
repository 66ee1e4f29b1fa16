/**
 * The shared working image (binning, hot pixels, dark level) and the fused stages that read it
 * row by row: each must give what the plain, stage-by-stage computation gives.
 */
import { describe, expect, it } from 'vitest';
import {
  fitBackground,
  flattenByBackground,
  transmissionNoiseSigma,
} from '../../src/core/analysis/background.ts';
import { copyRows, gaussianBlur, gaussianBlurRows } from '../../src/core/analysis/filters.ts';
import { estimateNoiseSigma, rejectHotPixels } from '../../src/core/analysis/noise.ts';
import { rescanRows, runsBeyond } from '../../src/core/analysis/runs.ts';
import { binFrame, prepareWorkingFrame, workingBin } from '../../src/core/analysis/working-frame.ts';
import { createRng } from '../../src/core/synth/index.ts';

function noisyImage(width: number, height: number, seed = 1) {
  const rng = createRng(seed);
  const data = new Uint16Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dark = (x - width / 2) ** 2 + (y - height / 2) ** 2 < (width / 4) ** 2;
      data[y * width + x] = rng.poisson((dark ? 12 : 25) * (1 + (0.2 * x) / width));
    }
  }
  return data;
}

describe('binFrame', () => {
  it.each([2, 3, 4, 5, 8])('averages bin × bin blocks (bin %i), dropping the partial ones', (bin) => {
    const width = 23;
    const height = 17;
    const data = noisyImage(width, height, bin);
    const out = binFrame(data, width, height, bin);
    expect(out.width).toBe(Math.floor(width / bin));
    expect(out.height).toBe(Math.floor(height / bin));
    for (let y = 0; y < out.height; y++) {
      for (let x = 0; x < out.width; x++) {
        let sum = 0;
        for (let dy = 0; dy < bin; dy++)
          for (let dx = 0; dx < bin; dx++) sum += data[(y * bin + dy) * width + x * bin + dx];
        expect(out.data[y * out.width + x]).toBeCloseTo(sum / (bin * bin), 4);
      }
    }
  });

  it.each([2, 4, 6, 8, 10])(
    'gives a uint16 frame of even width (read in pixel pairs) the same bits as its float copy (bin %i)',
    (bin) => {
      const width = 6 * bin + 2;
      const height = 3 * bin + 1;
      const data = noisyImage(width, height, bin);
      data[0] = 65535;
      data[width + 1] = 65535;
      const out = binFrame(data, width, height, bin);
      expect(out.data).toEqual(binFrame(Float32Array.from(data), width, height, bin).data);
      expect(out.data[0]).toBeCloseTo(
        Array.from({ length: bin * bin }, (_, k) => data[Math.floor(k / bin) * width + (k % bin)]).reduce(
          (a, b) => a + b,
        ) /
          (bin * bin),
        3,
      );
      // A view that starts half a word in cannot be read in pairs; it is binned all the same.
      const shifted = new Uint16Array(data.length + 1);
      shifted.set(data, 1);
      expect(binFrame(shifted.subarray(1), width, height, bin).data).toEqual(out.data);
    },
  );

  it('bins a float frame by 2 (its own loop) to the very bits of the general one, −0 and NaN included', () => {
    const [width, height] = [23, 17];
    const data = Float32Array.from({ length: width * height }, (_, i) =>
      Math.fround(Math.sin(i) * 1e3 + 0.1),
    );
    data.fill(-0, 0, 2);
    data.fill(-0, width, width + 2); // a block of −0s
    data[5 * width + 7] = Number.NaN;
    const out = binFrame(data, width, height, 2);
    // A Float64Array of the same values goes through the general line of block sums.
    const general = binFrame(Float64Array.from(data), width, height, 2);
    expect([out.width, out.height]).toEqual([general.width, general.height]);
    expect(out.data.findIndex((v, i) => !Object.is(v, general.data[i]))).toBe(-1);
    expect(Object.is(out.data[0], 0)).toBe(true);
    expect(out.data.some(Number.isNaN)).toBe(true);
  });

  it('bins a frame to at most 512 px on its shorter side', () => {
    expect(workingBin(512, 512)).toBe(1);
    expect(workingBin(2048, 2048)).toBe(4);
    expect(workingBin(1000, 800)).toBe(2);
    // A K2's full frame.
    expect(workingBin(3838, 3710)).toBe(8);
  });
});

describe('prepareWorkingFrame', () => {
  it('replaces hot pixels as rejectHotPixels does and subtracts the dark level', () => {
    const width = 64;
    const height = 48;
    const data = noisyImage(width, height);
    for (const i of [100, 1000, 2000]) data[i] = 4000;
    const sigma = estimateNoiseSigma(data, width, height);
    const expected = rejectHotPixels(data, width, height, 8 * sigma);
    const working = prepareWorkingFrame({ width, height, data }, { hotPixelSigma: 8, darkLevel: 3 });
    expect(working.hotPixels).toBe(3);
    expect(expected.replaced).toBe(3);
    for (let i = 0; i < data.length; i++) expect(working.data[i]).toBeCloseTo(expected.image[i] - 3, 4);
    expect(data[100]).toBe(4000);
  });
});

describe('fused row stages', () => {
  const width = 90;
  const height = 70;
  const data = new Float32Array(noisyImage(width, height, 7));
  const background = fitBackground(data, width, height);

  it('blurs a row source exactly as the stored image, calling the sink on every row in order', () => {
    for (const sigma of [1, 1.5, 3]) {
      const plain = gaussianBlur(data, width, height, sigma);
      const rows: number[] = [];
      const fused = gaussianBlurRows(copyRows(data, width), width, height, sigma, (y) => rows.push(y));
      expect(Array.from(fused)).toEqual(Array.from(plain));
      expect(rows).toEqual(Array.from({ length: height }, (_, y) => y));
    }
  });

  it('measures the transmission noise without building the transmission image', () => {
    const flat = flattenByBackground(data, background);
    const direct = estimateNoiseSigma(flat, width, height, 0.9);
    // Integer counts put many pairs on the same difference, so the two medians can pick
    // different members of that tie: they agree to a few percent, not to rounding.
    expect(Math.abs(transmissionNoiseSigma(data, background, 0.9) / direct - 1)).toBeLessThan(0.05);
  });

  it('rescans only the rows asked for', () => {
    const flat = flattenByBackground(data, background);
    const runs = runsBeyond(flat, width, height, 0.7);
    for (let i = 20 * width; i < 30 * width; i++) flat[i] = Number.POSITIVE_INFINITY;
    expect(rescanRows(runs, flat, width, 20, 30, 0.7)).toEqual(runsBeyond(flat, width, height, 0.7));
  });
});
