/** The drift curve through the measured frames (`smoothDrift`): averaging, robustness, the reference's 0. */
import { describe, expect, it } from 'vitest';
import { type DriftSample, smoothDrift } from '../../src/core/analysis/drift-smooth.ts';
import { createRng } from '../../src/core/synth/rng.ts';

/** A slow drift (tens of px over the movie), like a specimen settling. */
const truth = (f: number) => ({ x: 12 * Math.sin(f / 40) + 0.05 * f, y: -8 * (1 - Math.cos(f / 55)) });

/** Measurements every `stride` frames from 0 to `count`−1 with Gaussian noise of `sigma` px. */
function measure(count: number, stride: number, sigma: number, seed: number): DriftSample[] {
  const rng = createRng(seed);
  const samples: DriftSample[] = [];
  for (let f = 0; f < count; f += stride) {
    const t = truth(f);
    samples.push(
      f === 0
        ? { frame: 0, x: 0, y: 0 }
        : { frame: f, x: t.x + sigma * rng.normal(), y: t.y + sigma * rng.normal() },
    );
  }
  return samples;
}

const rmsError = (values: Map<number, { x: number; y: number }>, frames: number[]) =>
  Math.sqrt(
    frames.reduce((sum, f) => {
      const v = values.get(f) ?? { x: Number.NaN, y: Number.NaN };
      const t = truth(f);
      return sum + (v.x - t.x) ** 2 + (v.y - t.y) ** 2;
    }, 0) / frames.length,
  );

describe('smoothDrift', () => {
  const frames = Array.from({ length: 200 }, (_, i) => i);

  it('averages the measurement noise away: the curve is closer to the truth than the measurements', () => {
    for (const seed of [1, 2, 3]) {
      const samples = measure(200, 4, 0.8, seed);
      const curve = smoothDrift(samples, frames, 0);
      const measuredRms = Math.sqrt(
        samples
          .slice(1)
          .reduce((s, m) => s + (m.x - truth(m.frame).x) ** 2 + (m.y - truth(m.frame).y) ** 2, 0) /
          (samples.length - 1),
      );
      // Noise of 0.8 px per axis (1.13 px per measurement) comes down to well under half.
      expect(rmsError(curve, frames), `seed ${seed}`).toBeLessThan(0.45 * measuredRms);
    }
  });

  it('states a one-σ that grows with the scatter of the measurements and holds the truth', () => {
    for (const sigma of [0.3, 1.5]) {
      const curve = smoothDrift(measure(200, 4, sigma, 7), frames, 0);
      let within = 0;
      for (const f of frames.slice(1)) {
        const v = curve.get(f) ?? { x: 0, y: 0, sigma: 0 };
        if (Math.abs(v.x - truth(f).x) <= v.sigma) within++;
        if (Math.abs(v.y - truth(f).y) <= v.sigma) within++;
      }
      const stated = curve.get(100)?.sigma ?? 0;
      expect(stated, `scatter ${sigma}`).toBeGreaterThan(0.7 * sigma);
      expect(stated, `scatter ${sigma}`).toBeLessThan(2 * sigma);
      // At least the 68 % a calibrated σ holds (it is on the safe side: the reference's share is one draw).
      expect(within / (2 * (frames.length - 1)), `scatter ${sigma}`).toBeGreaterThan(0.6);
    }
  });

  it('follows a drift that is exact when the measurements are', () => {
    const curve = smoothDrift(measure(200, 4, 0, 9), frames, 0);
    expect(rmsError(curve, frames)).toBeLessThan(0.05);
  });

  it('gives the reference frame its drift of 0, wherever the reference lies, and follows the truth around it', () => {
    const samples = measure(200, 4, 0.5, 4).map((s) => ({
      ...s,
      x: s.x - truth(100).x,
      y: s.y - truth(100).y,
    }));
    const curve = smoothDrift(samples, frames, 100);
    expect(Math.abs(curve.get(100)?.x ?? 1)).toBeLessThan(1e-9);
    expect(Math.abs(curve.get(100)?.y ?? 1)).toBeLessThan(1e-9);
    for (const f of [0, 50, 99, 101, 150, 196]) {
      const t = { x: truth(f).x - truth(100).x, y: truth(f).y - truth(100).y };
      const v = curve.get(f) ?? { x: 99, y: 99 };
      expect(Math.hypot(v.x - t.x, v.y - t.y), `frame ${f}`).toBeLessThan(0.7);
    }
  });

  it('is not pulled by a confident but wrong measurement', () => {
    const samples = measure(200, 4, 0.3, 5);
    const clean = smoothDrift(samples, frames, 0);
    const wrong = samples.map((s) => (s.frame === 96 ? { ...s, x: s.x + 25 } : s));
    const pulled = smoothDrift(wrong, frames, 0);
    for (const f of [88, 92, 96, 100, 104]) {
      expect(Math.abs((pulled.get(f)?.x ?? 99) - (clean.get(f)?.x ?? 0)), `frame ${f}`).toBeLessThan(0.3);
    }
  });

  it('joins few measurements by straight lines, and holds the ends beyond them', () => {
    const samples = [
      { frame: 0, x: 0, y: 0 },
      { frame: 10, x: 5, y: -5 },
      { frame: 20, x: 5, y: -10 },
    ];
    const curve = smoothDrift(samples, [5, 15, 40], 0);
    // Too few to say how far each is off: no σ.
    expect(curve.get(5)).toEqual({ x: 2.5, y: -2.5, sigma: Number.NaN });
    expect(curve.get(15)).toEqual({ x: 5, y: -7.5, sigma: Number.NaN });
    expect(curve.get(40)).toEqual({ x: 5, y: -10, sigma: Number.NaN });
  });

  it('gives nothing when only the reference was measured', () => {
    expect(smoothDrift([{ frame: 0, x: 0, y: 0 }], [1, 2], 0).size).toBe(0);
  });
});
