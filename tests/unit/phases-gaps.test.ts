// Missing or non-finite bias readings are gaps in the record, not changes of state: a log with
// NaN and ±Infinity rows shades lithiation from its real start and finds no contact loss in it.

import { describe, expect, it } from 'vitest';
import { parseLog } from '../../src/core/io/log/index.ts';
import { findContactLoss } from '../../src/core/series/events.ts';
import { detectPhases } from '../../src/core/series/phases.ts';

/** 10 Hz: rest to 10 s, −0.2 V to 30 s, rest to 40 s; the current decays under bias. */
function logText(damage: (t: number) => string | undefined): string {
  const lines = ['time_s,voltage_V,current_A'];
  for (let k = 0; k <= 400; k++) {
    const t = k / 10;
    const v = t >= 10 && t < 30 ? -0.2 : 0;
    const i = t >= 10 && t < 30 ? -2e-9 * Math.exp(-(t - 10) / 3) + 1e-11 * Math.sin(k) : 1e-11 * Math.sin(k);
    lines.push(`${t.toFixed(1)},${damage(t) ?? v},${i}`);
  }
  return lines.join('\n');
}

describe('phases over missing readings', () => {
  it('a lithiation with NaN and infinite rows from 10.5 s is still one lithiation from 10 s', () => {
    const damaged = (t: number) =>
      t >= 10.5 && t < 12 ? 'NaN' : t >= 12 && t < 13 ? 'inf' : t >= 20 && t < 20.5 ? '-Infinity' : undefined;
    const log = parseLog(logText(damaged), 'damaged.csv');
    const voltage = log.channels.find((c) => c.quantity === 'voltage')?.values ?? [];
    const current = log.channels.find((c) => c.quantity === 'current')?.values ?? [];
    const phases = detectPhases(log.timeS, voltage).map((p) => [p.kind, p.startS, p.endS]);
    expect(phases).toEqual([
      ['rest', 0, 10],
      ['lithiation', 10, 30],
      ['rest', 30, 40],
    ]);
    expect(findContactLoss(log.timeS, voltage, current)).toEqual([]);
  });

  it('a log that starts with missing readings joins them to its first phase', () => {
    const log = parseLog(
      logText((t) => (t < 2 ? 'NaN' : undefined)),
      'late-start.csv',
    );
    const voltage = log.channels.find((c) => c.quantity === 'voltage')?.values ?? [];
    expect(detectPhases(log.timeS, voltage)[0]).toMatchObject({ kind: 'rest', startS: 0, endS: 10 });
  });
});
