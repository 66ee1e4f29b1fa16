/** A long log channel thinned for drawing keeps what the eye needs: spikes, steps, gaps, order. */
import { describe, expect, it } from 'vitest';
import { MAX_PLOTTED_SAMPLES, samplesToPlot } from '../../src/core/series/plot-decimate.ts';

describe('samplesToPlot', () => {
  it('draws a short channel whole', () => {
    const t = [0, 1, 2, 3];
    const v = [0, -0.2, Number.NaN, 0.1];
    expect(samplesToPlot(t, v)).toEqual({ x: t, y: v });
  });

  it('thins a million samples to a few thousand, keeping a one-sample spike, both sides of a step and a gap', () => {
    const n = 1_000_000;
    const t = Float64Array.from({ length: n }, (_, i) => i / 1000);
    const v = Float64Array.from({ length: n }, (_, i) => (i < 400_000 ? 0 : -0.2) + 1e-4 * Math.sin(i));
    v[123_457] = 5; // a capacitive spike, one sample wide
    v[700_001] = Number.NaN; // a missing reading
    const { x, y } = samplesToPlot(t, v);
    expect(x.length).toBeLessThanOrEqual(MAX_PLOTTED_SAMPLES + 1);
    expect(x.length).toBeGreaterThan(MAX_PLOTTED_SAMPLES / 2);
    expect(y).toContain(5);
    expect(x[y.indexOf(5)]).toBeCloseTo(123.457, 6);
    expect(Math.min(...y.filter(Number.isFinite))).toBeLessThan(-0.199);
    expect(Math.max(...y.filter((_, i) => x[i] < 100))).toBeGreaterThan(0);
    expect(y.filter(Number.isNaN)).toHaveLength(1);
    for (let i = 1; i < x.length; i++) expect(x[i]).toBeGreaterThan(x[i - 1]);
  });
});
