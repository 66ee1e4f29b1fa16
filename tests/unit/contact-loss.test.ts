// Loss of contact needs evidence: an abrupt fall of the current to its noise floor under bias.
// A Faradaic current that decays as the reaction ends is not one. Checked on the logs of the
// independent image model (`../shared/dev/synthetic/`, true: no contact loss), on copies with an
// injected open circuit, and on hand-made currents.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventsToCsv } from '../../src/core/export/events-csv.ts';
import { parseLog } from '../../src/core/io/log/index.ts';
import type { LogChannel, LogSeries } from '../../src/core/io/types.ts';
import { describeContactLoss, findContactLoss } from '../../src/core/series/events.ts';

const devDir = resolve(import.meta.dirname, '../../../shared/dev/synthetic');
const DEV_LOGS = ['dev_lowdose_drift', 'dev_overlap_flicker', 'dev_clean_softpsf'];

function devLog(name: string) {
  const log = parseLog(readFileSync(resolve(devDir, `${name}_bias.csv`), 'utf8'), name);
  const channel = (q: string) => log.channels.find((c) => c.quantity === q)?.values ?? new Float64Array();
  return { timeS: log.timeS, voltageV: channel('voltage'), currentA: channel('current') };
}

/** The log with its current replaced by the rest current's own noise for `durationS` from `atS`. */
function withOpenCircuit(log: ReturnType<typeof devLog>, atS: number, durationS: number) {
  const restNoise = Array.from(log.currentA.slice(0, 40));
  const currentA = Float64Array.from(log.currentA);
  let r = 0;
  for (let k = 0; k < currentA.length; k++) {
    if (log.timeS[k] >= atS && log.timeS[k] < atS + durationS)
      currentA[k] = restNoise[r++ % restNoise.length];
  }
  return { ...log, currentA };
}

describe('contact loss on the independent model logs', () => {
  for (const name of DEV_LOGS) {
    it(`${name}: the current decaying to its floor under bias is the end of a reaction, not a loss`, () => {
      const log = devLog(name);
      expect(findContactLoss(log.timeS, log.voltageV, log.currentA)).toEqual([]);
    });

    it(`${name}: an open circuit injected for 5 s mid-lithiation is one loss, found within 0.5 s`, () => {
      for (const atS of [8, 10]) {
        const log = withOpenCircuit(devLog(name), atS, 5);
        const losses = findContactLoss(log.timeS, log.voltageV, log.currentA);
        expect(losses).toHaveLength(1);
        expect(Math.abs(losses[0].startS - atS)).toBeLessThanOrEqual(0.5);
        expect(losses[0].currentBeforeA).toBeGreaterThan(2.5 * losses[0].noiseFloorA);
      }
    });
  }
});

describe('contact loss on hand-made currents (10 Hz, −0.2 V from 5 s)', () => {
  const timeS = Float64Array.from({ length: 400 }, (_, k) => k / 10);
  const voltageV = Float64Array.from(timeS, (t) => (t >= 5 ? -0.2 : 0));
  // Deterministic noise of about 0.03 nA.
  const noise = (k: number) => 3e-11 * Math.sin(k * 12.9898) * Math.cos(k * 78.233);

  it('a smooth decay to the floor is not a loss', () => {
    const currentA = Float64Array.from(
      timeS,
      (t, k) => (t >= 5 ? -2e-9 * Math.exp(-(t - 5) / 2) : 0) + noise(k),
    );
    expect(findContactLoss(timeS, voltageV, currentA)).toEqual([]);
  });

  it('an abrupt fall from a running reaction is one loss, with its evidence', () => {
    const currentA = Float64Array.from(timeS, (t, k) => (t >= 5 && t < 20 ? -1e-9 : 0) + noise(k));
    const [loss, ...more] = findContactLoss(timeS, voltageV, currentA);
    expect(more).toEqual([]);
    expect(loss.startS).toBeCloseTo(20, 5);
    expect(loss.endS).toBeCloseTo(39.9, 5);
    expect(loss.meanV).toBeCloseTo(-0.2, 5);
    expect(loss.currentBeforeA).toBeCloseTo(1e-9, 10);
    expect(loss.currentDuringA).toBeLessThan(loss.noiseFloorA);
    expect(describeContactLoss(loss)).toMatch(
      /^Contact lost 20\.0–39\.9 s at -0\.20 V: \|current\| fell from (1|1000) (nA|pA) to [\d.]+ (nA|pA) \(noise floor [\d.]+ (nA|pA)\)$/,
    );
  });

  it('a fall right at the bias step (its capacitive spike) is no evidence and is not reported', () => {
    const currentA = Float64Array.from(timeS, (t, k) => (t >= 5 && t < 5.3 ? -5e-9 : 0) + noise(k));
    expect(findContactLoss(timeS, voltageV, currentA)).toEqual([]);
  });
});

describe('the events table of operando figures', () => {
  it('lists bias steps and contact losses on the movie clock, with their evidence', () => {
    const log = withOpenCircuit(devLog('dev_clean_softpsf'), 10, 5);
    const channel = (quantity: string, values: Float64Array) =>
      ({ id: quantity, quantity, values }) as unknown as LogChannel;
    const series = { timeS: log.timeS } as unknown as LogSeries;
    // The log started 2 s before the movie: log time = movie time + 2 s.
    const csv = eventsToCsv(series, channel('voltage', log.voltageV), channel('current', log.currentA), {
      offsetS: 2,
      rate: 1,
      source: 'manual',
    });
    const [header, ...rows] = csv.trim().split('\n');
    expect(header).toBe('kind,start_s,end_s,evidence');
    const losses = rows.filter((r) => r.startsWith('contact-loss,'));
    expect(losses).toHaveLength(1);
    const [, start, , evidence] = losses[0].split(',');
    expect(Number(start)).toBeCloseTo(8, 5);
    expect(evidence).toMatch(
      /^bias_V=-?[\d.e-]+; current_before_A=[\d.e-]+; current_during_A=[\d.e-]+; noise_floor_A=[\d.e-]+$/,
    );
    const steps = rows.filter((r) => r.startsWith('bias-step,'));
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps[0]).toMatch(/^bias-step,([\d.-]+),\1,from_V=[-\d.e]+; to_V=[-\d.e]+$/);
    // Sorted by time.
    const starts = rows.map((r) => Number(r.split(',')[1]));
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });
});
