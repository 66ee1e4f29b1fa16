import { describe, expect, it } from 'vitest';
import { integrateCharge } from '../../src/core/series/charge.ts';
import { detectPhases, groupCycles } from '../../src/core/series/phases.ts';

/** A log sampled every `dt` s from a piecewise-constant bias schedule [duration s, volts]. */
function biasLog(schedule: [number, number][], dt = 0.1) {
  const t: number[] = [];
  const v: number[] = [];
  let start = 0;
  for (const [duration, volts] of schedule) {
    for (let s = 0; s < duration - 1e-9; s += dt) {
      t.push(Number((start + s).toFixed(6)));
      v.push(volts);
    }
    start += duration;
  }
  return { t, v };
}

describe('detectPhases', () => {
  it('splits a bias log into rest, lithiation (negative) and delithiation (positive) phases', () => {
    const { t, v } = biasLog([
      [5, 0],
      [20, -0.2],
      [5, 0],
      [10, 0.5],
      [5, 0],
    ]);
    const phases = detectPhases(t, v);
    expect(phases.map((p) => p.kind)).toEqual(['rest', 'lithiation', 'rest', 'delithiation', 'rest']);
    expect(phases[1].startS).toBeCloseTo(5, 6);
    expect(phases[1].endS).toBeCloseTo(25, 6);
    expect(phases[1].meanV).toBeCloseTo(-0.2, 9);
    expect(phases[3].startS).toBeCloseTo(30, 6);
  });

  it('treats a few millivolts of an open circuit as rest and merges glitches shorter than minDurationS', () => {
    const { t, v } = biasLog([
      [5, 0.004],
      [10, -0.2],
      [0.2, 0],
      [10, -0.2],
    ]);
    const phases = detectPhases(t, v, { minDurationS: 0.5 });
    expect(phases.map((p) => p.kind)).toEqual(['rest', 'lithiation']);
    expect(phases[1].endS).toBeCloseTo(25.1, 6);
  });

  it('groups each lithiation with the delithiation after it into a cycle', () => {
    const { t, v } = biasLog([
      [2, 0],
      [10, -0.2],
      [2, 0],
      [5, 0.5],
      [10, -0.2],
      [3, 0],
    ]);
    const cycles = groupCycles(detectPhases(t, v));
    expect(cycles).toHaveLength(2);
    expect(cycles[0].delithiation?.kind).toBe('delithiation');
    expect(cycles[0].startS).toBeCloseTo(2, 6);
    expect(cycles[0].endS).toBeCloseTo(19, 6);
    expect(cycles[1].delithiation).toBeUndefined();
  });

  it('returns nothing for an empty log', () => {
    expect(detectPhases([], [])).toEqual([]);
  });
});

describe('integrateCharge', () => {
  it('integrates a constant current exactly, with interpolated window edges', () => {
    const t = [0, 1, 2, 3, 4];
    const i = [-2e-9, -2e-9, -2e-9, -2e-9, -2e-9];
    expect(integrateCharge(t, i, 0, 4)).toBeCloseTo(-8e-9, 18);
    expect(integrateCharge(t, i, 0.5, 2.25)).toBeCloseTo(-3.5e-9, 18);
  });

  it('integrates a linear ramp exactly (trapezoid rule) and clips to the recorded range', () => {
    const t = [0, 1, 2, 3, 4];
    const i = t.map((x) => x * 1e-9);
    expect(integrateCharge(t, i, 0, 4)).toBeCloseTo(8e-9, 18);
    expect(integrateCharge(t, i, -10, 2)).toBeCloseTo(2e-9, 18);
    expect(integrateCharge(t, i, 3, 3)).toBe(0);
  });

  it('bridges NaN samples instead of poisoning the sum', () => {
    const t = [0, 1, 2, 3];
    const i = [1, Number.NaN, 1, 1];
    expect(integrateCharge(t, i, 0, 3)).toBeCloseTo(3, 12);
  });

  it('a decaying lithiation current gives the analytic charge', () => {
    // I(t) = -5 nA · exp(-t / 10 s) over 0..30 s: Q = -50 nC · (1 - e^-3).
    const t = Array.from({ length: 3001 }, (_, k) => k * 0.01);
    const i = t.map((x) => -5e-9 * Math.exp(-x / 10));
    expect(integrateCharge(t, i, 0, 30)).toBeCloseTo(-50e-9 * (1 - Math.exp(-3)), 12);
  });
});

describe('log events', () => {
  it('finds bias steps with their levels', async () => {
    const { findBiasSteps } = await import('../../src/core/series/events.ts');
    const steps = findBiasSteps([0, 1, 2, 3, 4, 5], [0, 0, -0.2, -0.2, 0.5, 0.5]);
    expect(steps).toEqual([
      { timeS: 2, fromV: 0, toV: -0.2 },
      { timeS: 4, fromV: -0.2, toV: 0.5 },
    ]);
  });

  it('finds a loss of contact: bias applied, current at its noise floor', async () => {
    const { findContactLoss, estimateNoiseFloorA } = await import('../../src/core/series/events.ts');
    // 10 s rest (noise ±5 pA), 20 s at -0.2 V with -3 nA, then 15 s at -0.2 V where the current drops to noise.
    const t: number[] = [];
    const v: number[] = [];
    const i: number[] = [];
    let seed = 1;
    const noise = () => {
      seed = (seed * 16807) % 2147483647;
      return ((seed / 2147483647) * 2 - 1) * 5e-12;
    };
    for (let k = 0; k < 450; k++) {
      const time = k * 0.1;
      t.push(time);
      const biased = time >= 10;
      v.push(biased ? -0.2 : 0);
      i.push(biased && time < 30 ? -3e-9 + noise() : noise());
    }
    const floor = estimateNoiseFloorA(v, i);
    expect(floor).toBeGreaterThan(5e-12);
    expect(floor).toBeLessThan(1e-10);
    const losses = findContactLoss(t, v, i);
    expect(losses).toHaveLength(1);
    expect(losses[0].startS).toBeCloseTo(30, 1);
    expect(losses[0].endS).toBeCloseTo(44.9, 1);
    expect(losses[0].meanV).toBeCloseTo(-0.2, 9);
    // While current flows there is no loss of contact.
    expect(findContactLoss(t.slice(0, 300), v.slice(0, 300), i.slice(0, 300))).toEqual([]);
  });
});

describe('buildCycleTable', () => {
  it('reports area at start, max and end, expansion/contraction and charge per cycle', async () => {
    const { buildCycleTable } = await import('../../src/core/series/cycle-table.ts');
    // Log: 0–10 s rest, 10–30 s lithiation at -2 nA, 30–40 s rest, 40–50 s delithiation at +1 nA.
    const t = Array.from({ length: 501 }, (_, k) => k * 0.1);
    const v = t.map((x) => (x >= 10 && x < 30 ? -0.2 : x >= 40 && x < 50 ? 0.5 : 0));
    const i = t.map((x) => (x >= 10 && x < 30 ? -2e-9 : x >= 40 && x < 50 ? 1e-9 : 0));
    const cycles = groupCycles(detectPhases(t, v));
    // Area: 100 until 10 s, grows linearly to 150 at 30 s, flat, shrinks to 120 by 50 s.
    const frameT = Array.from({ length: 51 }, (_, k) => k);
    const area = frameT.map((x) =>
      x <= 10 ? 100 : x <= 30 ? 100 + 2.5 * (x - 10) : x <= 40 ? 150 : 150 - 3 * (x - 40),
    );
    const [row] = buildCycleTable(cycles, { logTimeS: frameT, area }, { timeS: t, currentA: i });
    expect(row.cycle).toBe(1);
    expect(row.startS).toBeCloseTo(10, 6);
    expect(row.areaStart).toBe(100);
    expect(row.areaMax).toBe(150);
    expect(row.areaEnd).toBe(120);
    expect(row.expansionPct).toBeCloseTo(50, 9);
    expect(row.contractionPct).toBeCloseTo(20, 9);
    // A bias step falls between two log samples: the charge is exact to half a sample (0.1 nC here).
    expect(Math.abs(row.lithiationChargeC + 40e-9)).toBeLessThanOrEqual(0.1e-9 + 1e-15);
    expect(Math.abs(row.delithiationChargeC - 10e-9)).toBeLessThanOrEqual(0.05e-9 + 1e-15);
    expect(row.areaChangePerCharge).toBeCloseTo(50 / Math.abs(row.lithiationChargeC), 0);
  });
});

describe('display units', () => {
  it('picks the current unit that suits the range', async () => {
    const { currentUnitFor, areaUnitFor } = await import('../../src/core/series/units.ts');
    expect(currentUnitFor([-3.2e-9, 1e-10]).unit).toBe('nA');
    expect(currentUnitFor([4e-12, Number.NaN]).unit).toBe('pA');
    expect(currentUnitFor([0.018]).unit).toBe('mA');
    expect(currentUnitFor([1.4e-5]).unit).toBe('µA');
    expect(currentUnitFor([]).unit).toBe('pA');
    expect(areaUnitFor([5000, 9000])).toEqual({ unit: 'nm²', scale: 1 });
    expect(areaUnitFor([2.5e6])).toEqual({ unit: 'µm²', scale: 1e-6 });
  });
});
