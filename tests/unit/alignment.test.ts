import { describe, expect, it } from 'vitest';
import { alignFromClocks, movieTime, toLogTime, toMovieTime } from '../../src/core/series/alignment.ts';

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
});
