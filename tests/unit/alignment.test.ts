import { describe, expect, it } from 'vitest';
import {
  alignFromClocks,
  findAreaOnsets,
  logTime,
  movieTime,
  proposeAlignment,
  toLogTime,
  toMovieTime,
} from '../../src/core/series/alignment.ts';
import { findBiasSteps } from '../../src/core/series/events.ts';
import { createSyntheticMovie } from '../../src/core/synth/index.ts';

describe('alignment between movie and log clocks', () => {
  it('converts both ways', () => {
    const a = { offsetS: 12.5, rate: 1.001, source: 'manual' as const };
    const t = movieTime(40);
    expect(toLogTime(t, a)).toBeCloseTo(52.54, 9);
    expect(toMovieTime(toLogTime(t, a), a)).toBeCloseTo(40, 9);
  });

  it('aligns automatically from two absolute clock times', () => {
    const a = alignFromClocks('2014-10-08T16:27:01.738', '2014-10-08T16:26:51.738');
    expect(a?.offsetS).toBeCloseTo(10, 6);
    expect(a?.source).toBe('clocks');
    expect(alignFromClocks(undefined, '2014-10-08T16:26:51')).toBeUndefined();
    expect(alignFromClocks('2014-10-10T10:00:00', '2014-10-08T10:00:00')).toBeUndefined();
  });

  it('proposes the offset from bias steps and area onsets, and reports the residual', () => {
    // Steps at log 30, 90, 150 s; the movie started 22 s after the log, so onsets at 8, 68, 128 s.
    const steps = [30, 90, 150].map(logTime);
    const onsets = [8.2, 68, 127.9, 100].map(movieTime); // one spurious onset at 100 s
    const p = proposeAlignment(steps, onsets);
    expect(p?.pairs).toHaveLength(3);
    expect(p?.alignment.offsetS).toBeCloseTo(22, 0);
    expect(p?.residualS).toBeLessThan(0.2);
  });

  it('estimates clock-rate drift when there are several events', () => {
    const rate = 1.002;
    const onsets = [10, 110, 210, 310].map(movieTime);
    const steps = onsets.map((o) => logTime(5 + rate * o));
    const p = proposeAlignment(steps, onsets);
    expect(p?.alignment.rate).toBeCloseTo(rate, 6);
    expect(p?.alignment.offsetS).toBeCloseTo(5, 6);
    expect(p?.residualS).toBeLessThan(1e-6);
  });

  it('recovers a known offset on a generated movie: truth area onsets vs the log bias steps', () => {
    const movie = createSyntheticMovie({ width: 256, height: 256, frameCount: 240, frameIntervalS: 0.5 });
    const times = Array.from({ length: movie.frameCount }, (_, i) => movieTime(movie.frameTimeS(i)));
    const area = times.map((_, i) => movie.truthAreaPx(i));
    // Shift the log clock: the log started 15 s before the movie.
    const steps = findBiasSteps(movie.log.timeS, movie.log.voltageV).map((s) => logTime(s.timeS + 15));
    const p = proposeAlignment(steps, findAreaOnsets(times, area), 600, movie.frameIntervalS);
    expect(p).toBeDefined();
    expect(Math.abs((p?.alignment.offsetS ?? 0) - 15)).toBeLessThan(1.5);
  });
});
