import { describe, expect, it } from 'vitest';
import { sampleAt } from '../../src/core/series/interpolate.ts';

describe('sampleAt', () => {
  const t = [0, 1, 2, 4];
  const v = [0, 10, 20, 0];
  it('interpolates linearly between samples', () => {
    expect(sampleAt(t, v, 0.5)).toBeCloseTo(5);
    expect(sampleAt(t, v, 3)).toBeCloseTo(10);
    expect(sampleAt(t, v, 2)).toBe(20);
  });
  it('is NaN outside the recorded range rather than inventing a value', () => {
    expect(sampleAt(t, v, -0.1)).toBeNaN();
    expect(sampleAt(t, v, 4.1)).toBeNaN();
    expect(sampleAt([], [], 0)).toBeNaN();
  });
});
