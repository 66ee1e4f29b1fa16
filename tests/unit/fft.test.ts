/** The FFT kernels that drift tracking runs on, against a direct DFT. */
import { describe, expect, it } from 'vitest';
import { fft2dInPlace, fftInPlace, inverseRealFft2d, realFft2d } from '../../src/core/analysis/fft.ts';
import { createRng } from '../../src/core/synth/index.ts';

describe('FFT', () => {
  function dft(re: number[], im: number[], sign: number) {
    const n = re.length;
    const out = { re: new Array(n).fill(0), im: new Array(n).fill(0) };
    for (let k = 0; k < n; k++) {
      for (let j = 0; j < n; j++) {
        const a = (sign * 2 * Math.PI * j * k) / n;
        out.re[k] += re[j] * Math.cos(a) - im[j] * Math.sin(a);
        out.im[k] += re[j] * Math.sin(a) + im[j] * Math.cos(a);
      }
    }
    return out;
  }

  it('matches a direct DFT in 1-D and inverts with the 1/N factor', () => {
    const rng = createRng(3);
    const re = Array.from({ length: 16 }, () => rng.normal());
    const im = Array.from({ length: 16 }, () => rng.normal());
    const r = Float64Array.from(re);
    const i = Float64Array.from(im);
    fftInPlace(r, i);
    const want = dft(re, im, -1);
    for (let k = 0; k < 16; k++) {
      expect(r[k]).toBeCloseTo(want.re[k], 10);
      expect(i[k]).toBeCloseTo(want.im[k], 10);
    }
    fftInPlace(r, i, true);
    for (let k = 0; k < 16; k++) {
      expect(r[k]).toBeCloseTo(re[k], 12);
      expect(i[k]).toBeCloseTo(im[k], 12);
    }
  });

  it('matches a direct DFT at every length from 1 to 512 (odd and even numbers of stages)', () => {
    // The stages run two at a time, with one radix-2 stage first when log2(n) is odd.
    const rng = createRng(5);
    for (let n = 1; n <= 512; n *= 2) {
      const re = Array.from({ length: n }, () => rng.normal());
      const im = Array.from({ length: n }, () => rng.normal());
      const r = Float64Array.from(re);
      const i = Float64Array.from(im);
      fftInPlace(r, i);
      const want = dft(re, im, -1);
      let worst = 0;
      for (let k = 0; k < n; k++) {
        worst = Math.max(worst, Math.abs(r[k] - want.re[k]), Math.abs(i[k] - want.im[k]));
      }
      expect(worst, `n = ${n}`).toBeLessThan(1e-9);
    }
  });

  it('transforms 2-D arrays with odd and even numbers of column stages (a 2-D DFT)', () => {
    const rng = createRng(6);
    for (const [w, h] of [
      [4, 8],
      [2, 16],
      [8, 32],
    ]) {
      const re = Array.from({ length: w * h }, () => rng.normal());
      const im = Array.from({ length: w * h }, () => rng.normal());
      const r = Float64Array.from(re);
      const i = Float64Array.from(im);
      fft2dInPlace(r, i, w, h);
      let worst = 0;
      for (let v = 0; v < h; v++) {
        for (let u = 0; u < w; u++) {
          let sr = 0;
          let si = 0;
          for (let y = 0; y < h; y++) {
            for (let x = 0; x < w; x++) {
              const a = -2 * Math.PI * ((u * x) / w + (v * y) / h);
              sr += re[y * w + x] * Math.cos(a) - im[y * w + x] * Math.sin(a);
              si += re[y * w + x] * Math.sin(a) + im[y * w + x] * Math.cos(a);
            }
          }
          worst = Math.max(worst, Math.abs(r[v * w + u] - sr), Math.abs(i[v * w + u] - si));
        }
      }
      expect(worst, `${w} × ${h}`).toBeLessThan(1e-9);
    }
  });

  it('transforms rows then columns of a non-square array (a 2-D DFT)', () => {
    const [w, h] = [8, 4];
    const rng = createRng(4);
    const re = Float64Array.from({ length: w * h }, () => rng.normal());
    const im = Float64Array.from({ length: w * h }, () => rng.normal());
    const r = re.slice();
    const i = im.slice();
    fft2dInPlace(r, i, w, h);
    for (let v = 0; v < h; v++) {
      for (let u = 0; u < w; u++) {
        let sr = 0;
        let si = 0;
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            const a = -2 * Math.PI * ((u * x) / w + (v * y) / h);
            sr += re[y * w + x] * Math.cos(a) - im[y * w + x] * Math.sin(a);
            si += re[y * w + x] * Math.sin(a) + im[y * w + x] * Math.cos(a);
          }
        }
        expect(r[v * w + u]).toBeCloseTo(sr, 10);
        expect(i[v * w + u]).toBeCloseTo(si, 10);
      }
    }
    fft2dInPlace(r, i, w, h, true);
    for (let k = 0; k < w * h; k++) expect(r[k]).toBeCloseTo(re[k], 12);
  });

  it('gives the half spectrum of a real image, and inverts it back', () => {
    const [w, h] = [16, 8];
    const rng = createRng(5);
    const image = Float64Array.from({ length: w * h }, () => rng.normal());
    const r = image.slice();
    const i = new Float64Array(w * h);
    fft2dInPlace(r, i, w, h);
    const half = realFft2d(image, w, h);
    const hw = w / 2 + 1;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < hw; x++) {
        expect(half.re[y * hw + x]).toBeCloseTo(r[y * w + x], 10);
        expect(half.im[y * hw + x]).toBeCloseTo(i[y * w + x], 10);
      }
    }
    const back = inverseRealFft2d(half.re, half.im, w, h);
    for (let k = 0; k < w * h; k++) expect(back[k]).toBeCloseTo(image[k], 12);
  });

  it('rejects lengths that are not powers of two', () => {
    expect(() => fftInPlace(new Float64Array(12), new Float64Array(12))).toThrow(RangeError);
  });
});
