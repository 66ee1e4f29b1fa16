import { describe, expect, it } from 'vitest';
import {
  classLevels,
  finiteRange,
  gridSample,
  histogram,
  histogramQuantile,
  otsuBin,
  otsuThreshold,
} from '../../src/core/analysis/index.ts';
import { createRng } from '../../src/core/synth/index.ts';

/** Between-class variance of splitting after bin t, computed the textbook way. */
function betweenVariance(counts: number[], t: number): number {
  const total = counts.reduce((s, c) => s + c, 0);
  let w0 = 0;
  let m0 = 0;
  let w1 = 0;
  let m1 = 0;
  counts.forEach((c, i) => {
    if (i <= t) {
      w0 += c;
      m0 += i * c;
    } else {
      w1 += c;
      m1 += i * c;
    }
  });
  if (w0 === 0 || w1 === 0) return 0;
  return (w0 / total) * (w1 / total) * (m0 / w0 - m1 / w1) ** 2;
}

describe('Otsu', () => {
  it('splits a hand-computed histogram in the middle of the best plateau', () => {
    // After bin 2: weights ½/½, means 0.9 and 6.2 → ¼·5.3² = 7.02. After bin 1: 0.2275·4.80² = 5.25;
    // after bin 5: 0.24·4.92² = 5.80. Bins 3 and 4 are empty, so splits after 2, 3, 4 tie: the
    // middle of the plateau (3) keeps the threshold centred in the gap.
    const counts = [4, 3, 3, 0, 0, 2, 4, 4];
    expect(betweenVariance(counts, 2)).toBeCloseTo(0.25 * 5.3 ** 2, 9);
    expect(betweenVariance(counts, 1)).toBeCloseTo(5.25, 2);
    expect(betweenVariance(counts, 5)).toBeCloseTo(5.8, 1);
    const all = counts.map((_, t) => betweenVariance(counts, t));
    expect(all.indexOf(Math.max(...all))).toBe(2);
    expect(all[3]).toBe(all[2]);
    expect(all[4]).toBe(all[2]);
    expect(otsuBin(counts)).toBe(3);
    expect(otsuBin([5, 0, 0, 0, 0, 0, 5])).toBe(2);
  });

  it('returns -1 when a histogram has a single occupied bin', () => {
    expect(otsuBin([0, 0, 7, 0])).toBe(-1);
    expect(otsuThreshold(new Uint8Array(100).fill(9))).toBeNaN();
  });

  it('puts the threshold midway between two equal Gaussian modes', () => {
    const rng = createRng(1);
    const values = new Float64Array(20_000);
    for (let i = 0; i < values.length; i++) values[i] = (i % 2 ? 50 : 150) + 12 * rng.normal();
    const t = otsuThreshold(values, 1024);
    expect(t).toBeGreaterThan(97);
    expect(t).toBeLessThan(103);
  });

  it('gives the same relative threshold for uint8, uint16, float32 and float64 data', () => {
    const rng = createRng(2);
    const base = Array.from({ length: 10_000 }, (_, i) => (i % 3 === 0 ? 40 : 180) + 10 * rng.normal());
    const clamp = (v: number, max: number) => Math.min(max, Math.max(0, Math.round(v)));
    const u8 = Uint8Array.from(base, (v) => clamp(v, 255));
    const u16 = Uint16Array.from(base, (v) => clamp(v * 200, 65535));
    const f32 = Float32Array.from(base, (v) => v * 1e-3 - 5);
    const f64 = Float64Array.from(base, (v) => v * 1e6);
    const t8 = otsuThreshold(u8, 256);
    expect(t8).toBeGreaterThan(70);
    expect(t8).toBeLessThan(150);
    expect(otsuThreshold(u16) / 200).toBeCloseTo(t8, -1);
    expect((otsuThreshold(f32) + 5) * 1e3).toBeCloseTo(t8, -1);
    expect(otsuThreshold(f64) / 1e6).toBeCloseTo(t8, -1);
  });
});

describe('histogram helpers', () => {
  it('ignores NaN and infinities', () => {
    const v = new Float32Array([1, Number.NaN, 3, Number.POSITIVE_INFINITY, 2, Number.NEGATIVE_INFINITY]);
    expect(finiteRange(v)).toEqual([1, 3]);
    const h = histogram(v, 4);
    expect(h.min).toBe(1);
    expect(h.max).toBe(3);
    expect(Array.from(h.counts)).toEqual([1, 0, 1, 1]);
  });

  it('interpolates quantiles inside bins', () => {
    const counts = [0, 10, 10, 0];
    expect(histogramQuantile(counts, 0, 3, 0.5)).toBeCloseTo(2, 9);
    expect(histogramQuantile(counts, 0, 3, 0.25)).toBeCloseTo(1.5, 9);
    expect(histogramQuantile(counts, 3, 3, 0.5)).toBeNaN();
  });

  it('summarises the classes of a two-level image by their medians', () => {
    const rng = createRng(3);
    const values = Float32Array.from(
      { length: 50_000 },
      (_, i) => (i % 10 === 0 ? 80 : 200) + 5 * rng.normal(),
    );
    const levels = classLevels(histogram(values, 2048), true);
    expect(levels?.background).toBeCloseTo(200, 0);
    expect(levels?.object).toBeCloseTo(80, 0);
    expect(levels?.backgroundSigma).toBeGreaterThan(4.5);
    expect(levels?.backgroundSigma).toBeLessThan(5.5);
    const bright = classLevels(histogram(values, 2048), false);
    expect(bright?.background).toBeCloseTo(80, 0);
  });

  it('samples large frames on a grid and leaves small ones alone', () => {
    const smallFrame = new Float32Array(256 * 256);
    expect(gridSample(smallFrame, 256, 256)).toBe(smallFrame);
    const large = Float32Array.from({ length: 1024 * 1024 }, (_, i) => i);
    const s = gridSample(large, 1024, 1024);
    expect(s.length).toBe(256 * 256);
    expect(s[1]).toBe(4);
    expect(s[256]).toBe(4 * 1024);
  });
});
