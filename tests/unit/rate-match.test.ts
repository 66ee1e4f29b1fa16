// The movie ↔ log offset from the Faradaic current following the rate of area change: right
// to within a frame, or "no reliable proposal"; never a wrong offset with a small uncertainty.
// On the generator (its truth area) and on the independent model's movies (the engine's areas,
// pinned in tests/golden/, against their logs, whose true offset is 0 s), as recorded and with
// the log's clock shifted.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLog } from '../../src/core/io/log/index.ts';
import { findBiasSteps } from '../../src/core/series/events.ts';
import { matchCurrentToAreaRate } from '../../src/core/series/rate-match.ts';
import { createSyntheticMovie } from '../../src/core/synth/index.ts';

const devDir = resolve(import.meta.dirname, '../../../shared/dev/synthetic');
const goldenDir = resolve(import.meta.dirname, '../golden');

function resultsTable(path: string): { timeS: number[]; area: number[] } {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  const col = (name: string) => head.indexOf(name);
  const hasArea = (q: string) => q !== 'empty' && q !== 'unreadable';
  return {
    timeS: rows.map((r) => Number(r[col('time_s')])),
    area: rows.map((r) => (hasArea(r[col('quality')]) ? Number(r[col('area_px')]) : Number.NaN)),
  };
}

describe('offset from the current and the rate of area change', () => {
  const movie = createSyntheticMovie({ width: 128, height: 128, frameCount: 240, frameIntervalS: 0.5 });
  const timeS = Array.from({ length: movie.frameCount }, (_, i) => movie.frameTimeS(i));
  const area = timeS.map((_, i) => movie.truthAreaPx(i));

  for (const shiftS of [0, 15, -7.3]) {
    it(`finds a log clock shifted by ${shiftS} s on the generator to within one frame, with an honest σ`, () => {
      const logTimeS = movie.log.timeS.map((t) => t + shiftS);
      const steps = findBiasSteps(logTimeS, movie.log.voltageV).map((s) => s.timeS);
      const match = matchCurrentToAreaRate(timeS, area, logTimeS, movie.log.currentA, { biasStepsS: steps });
      if (!match) throw new Error('no match');
      expect(match.correlation).toBeGreaterThan(0.8);
      expect(Math.abs(match.offsetS - shiftS)).toBeLessThanOrEqual(movie.frameIntervalS);
      expect(Math.abs(match.offsetS - shiftS)).toBeLessThanOrEqual(Math.max(2 * match.uncertaintyS, 0.05));
    });
  }

  it('finds no correlation in a current that is noise only', () => {
    let seed = 7;
    const noise = Float64Array.from(movie.log.currentA, () => {
      seed = (seed * 16807) % 2147483647;
      return (seed / 2147483647 - 0.5) * 1e-9;
    });
    const match = matchCurrentToAreaRate(timeS, area, movie.log.timeS, noise);
    expect(match?.correlation ?? 0).toBeLessThan(0.5);
  });

  it('needs a dozen frames with an area', () => {
    expect(
      matchCurrentToAreaRate(timeS.slice(0, 8), area.slice(0, 8), movie.log.timeS, movie.log.currentA),
    ).toBe(undefined);
  });

  for (const name of ['dev_lowdose_drift', 'dev_clean_softpsf']) {
    for (const shiftS of [0, 7.3]) {
      it(`${name}, log shifted by ${shiftS} s: the truth lies within 2σ of the estimate`, () => {
        const { timeS: t, area: a } = resultsTable(resolve(goldenDir, `${name}.csv`));
        const log = parseLog(readFileSync(resolve(devDir, `${name}_bias.csv`), 'utf8'), name);
        const logTimeS = log.timeS.map((x) => x + shiftS);
        const voltage = log.channels.find((c) => c.quantity === 'voltage')?.values ?? [];
        const current = log.channels.find((c) => c.quantity === 'current')?.values ?? [];
        const steps = findBiasSteps(logTimeS, voltage).map((s) => s.timeS);
        const match = matchCurrentToAreaRate(t, a, logTimeS, current, { biasStepsS: steps });
        if (!match) throw new Error('no match');
        expect(match.correlation).toBeGreaterThan(0.5);
        expect(Math.abs(match.offsetS - shiftS)).toBeLessThanOrEqual(2 * match.uncertaintyS);
      });
    }
  }
});
