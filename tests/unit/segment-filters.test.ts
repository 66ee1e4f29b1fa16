import { describe, expect, it } from 'vitest';
import { halfKernelOfBoxes } from '../../src/core/analysis/filters.ts';
import {
  boxBlur,
  boxRadiiForSigma,
  effectiveSigma,
  gaussianBlur,
  toFloat32,
} from '../../src/core/analysis/index.ts';
import { createRng } from '../../src/core/synth/index.ts';

function impulse(size: number): Float32Array {
  const a = new Float32Array(size * size);
  a[(size >> 1) * size + (size >> 1)] = 1;
  return a;
}

/** Sum, and variance along x, of an image's values seen as a distribution around the centre. */
function moments(a: Float32Array, size: number): { sum: number; varX: number } {
  let sum = 0;
  let vx = 0;
  const c = size >> 1;
  for (let i = 0; i < a.length; i++) {
    sum += a[i];
    vx += a[i] * ((i % size) - c) ** 2;
  }
  return { sum, varX: vx / sum };
}

describe('smoothing', () => {
  it.each([0.8, 1, 1.5, 2, 3, 5])('approximates a Gaussian of σ = %d px', (sigma) => {
    const out = gaussianBlur(impulse(41), 41, 41, sigma);
    const { sum, varX } = moments(out, 41);
    expect(sum).toBeCloseTo(1, 5);
    expect(Math.sqrt(varX)).toBeCloseTo(effectiveSigma(sigma), 4);
    expect(Math.abs(effectiveSigma(sigma) / sigma - 1)).toBeLessThan(0.25);
  });

  it('applies the repeated box blur, whichever code path runs (identical away from the edges)', () => {
    const rng = createRng(1);
    const img = Float32Array.from({ length: 60 * 50 }, () => rng.next() * 100);
    // σ = 1.5 → three radius-1 boxes, done as one 7-tap kernel; boxBlur runs the running sums.
    expect(boxRadiiForSigma(1.5)).toEqual([1, 1, 1]);
    const direct = gaussianBlur(img, 60, 50, 1.5);
    const boxes = boxBlur(img, 60, 50, 1, 3);
    // Within 3 px of an edge the two replicate the border at different stages, so they differ.
    let worst = 0;
    for (let y = 3; y < 47; y++) {
      for (let x = 3; x < 57; x++) worst = Math.max(worst, Math.abs(direct[y * 60 + x] - boxes[y * 60 + x]));
    }
    expect(worst).toBeLessThan(1e-3);
    expect(Array.from(halfKernelOfBoxes([1, 1, 1])).map((v) => v * 27)).toEqual(
      [7, 6, 3, 1].map((v) => expect.closeTo(v, 9)),
    );
  });

  it('box-blurs exactly as a direct box sum with replicated edges, whatever the image height', () => {
    // The running sums sweep four rows (along x) or two rows (down y) at a time: heights that
    // are not multiples of 4 and 2 take the remaining rows one by one.
    const direct = (src: Float32Array, w: number, h: number, r: number) => {
      const at = (x: number, y: number) =>
        src[Math.min(Math.max(y, 0), h - 1) * w + Math.min(Math.max(x, 0), w - 1)];
      const rows = new Float32Array(w * h);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          let s = 0;
          for (let d = -r; d <= r; d++) s += at(x + d, y);
          rows[y * w + x] = s / (2 * r + 1);
        }
      }
      const out = new Float32Array(w * h);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          let s = 0;
          for (let d = -r; d <= r; d++) s += rows[Math.min(Math.max(y + d, 0), h - 1) * w + x];
          out[y * w + x] = s / (2 * r + 1);
        }
      }
      return out;
    };
    const rng = createRng(4);
    for (const [w, h] of [
      [9, 4],
      [7, 5],
      [6, 6],
      [5, 7],
      [12, 1],
      [1, 11],
    ]) {
      const img = Float32Array.from({ length: w * h }, () => rng.next() * 100);
      for (const r of [1, 2, 5]) {
        const got = boxBlur(img, w, h, r, 1);
        const want = direct(img, w, h, r);
        let worst = 0;
        for (let k = 0; k < w * h; k++) worst = Math.max(worst, Math.abs(got[k] - want[k]));
        expect(worst, `${w} × ${h}, r = ${r}`).toBeLessThan(1e-3);
      }
    }
  });

  it('keeps a uniform image uniform up to the edges and never modifies its input', () => {
    const flat = new Float32Array(30 * 20).fill(123.5);
    for (const sigma of [1.5, 4]) {
      const out = gaussianBlur(flat, 30, 20, sigma);
      expect(out).not.toBe(flat);
      for (const v of out) expect(v).toBeCloseTo(123.5, 3);
    }
    const rng = createRng(2);
    const img = Float32Array.from({ length: 16 * 16 }, () => rng.next());
    const copy = img.slice();
    gaussianBlur(img, 16, 16, 2);
    boxBlur(img, 16, 16, 2);
    expect(img).toEqual(copy);
  });

  it('copies when σ is 0 and handles frames narrower than the kernel', () => {
    const img = Float32Array.from([1, 2, 3, 4]);
    const same = gaussianBlur(img, 2, 2, 0);
    expect(same).toEqual(img);
    expect(same).not.toBe(img);
    const tiny = gaussianBlur(Float32Array.from([0, 10]), 2, 1, 3);
    expect(tiny[0] + tiny[1]).toBeCloseTo(10, 4);
    expect(tiny[0]).toBeGreaterThan(3);
  });

  it('reduces Poisson-like noise by about 1/(2√π σ)', () => {
    const rng = createRng(3);
    const n = 256;
    const img = Float32Array.from({ length: n * n }, () => rng.normal());
    const out = gaussianBlur(img, n, n, 2);
    let v = 0;
    for (const x of out) v += x * x;
    const sd = Math.sqrt(v / out.length);
    const expected = 1 / (2 * Math.sqrt(Math.PI) * effectiveSigma(2));
    expect(sd / expected).toBeGreaterThan(0.85);
    expect(sd / expected).toBeLessThan(1.15);
  });

  it('converts any dtype to Float32', () => {
    expect(Array.from(toFloat32(Int16Array.from([-3, 7])))).toEqual([-3, 7]);
    expect(Array.from(toFloat32(Float64Array.from([0.5, 1e6])))).toEqual([0.5, 1e6]);
  });
});
