import { describe, expect, it } from 'vitest';
import { flagAreaJumps } from '../../src/core/analysis/index.ts';
import type { FrameResult, QualityFlag } from '../../src/core/analysis/types.ts';

function series(areas: number[], flags: Record<number, QualityFlag> = {}): FrameResult[] {
  return areas.map((areaPx, frame) => ({
    frame,
    areaPx,
    centroidX: 10,
    centroidY: 10,
    outline: [],
    quality: flags[frame] ?? 'ok',
  }));
}

describe('flagAreaJumps', () => {
  // A slowly growing cluster (lithiation) with one bad frame at index 6.
  const areas = Array.from({ length: 14 }, (_, i) => 10_000 + 150 * i);
  areas[6] = 6_000;

  it('flags an injected outlier and none of its neighbours', () => {
    const flagged = flagAreaJumps(series(areas));
    expect(flagged.map((r) => r.quality)).toEqual(areas.map((_, i) => (i === 6 ? 'area-jump' : 'ok')));
  });

  it('does not flag steady growth, even fast growth within the tolerance', () => {
    const steady = Array.from({ length: 20 }, (_, i) => 10_000 * 1.03 ** i);
    expect(flagAreaJumps(series(steady)).every((r) => r.quality === 'ok')).toBe(true);
  });

  it('honours the tolerance', () => {
    const mild = [...areas];
    mild[6] = 10_900 * 1.1;
    expect(flagAreaJumps(series(mild))[6].quality).toBe('ok');
    expect(flagAreaJumps(series(mild), 0.05)[6].quality).toBe('area-jump');
  });

  it('returns new objects, leaves empty frames alone and ignores them as neighbours', () => {
    const input = series([100, 100, 0, 100, 100, 100, 100], { 2: 'empty' });
    input[2].areaPx = 0;
    const snapshot = JSON.parse(JSON.stringify(input));
    const out = flagAreaJumps(input);
    expect(input).toEqual(snapshot);
    expect(out[0]).not.toBe(input[0]);
    expect(out.map((r) => r.quality)).toEqual(['ok', 'ok', 'empty', 'ok', 'ok', 'ok', 'ok']);
  });

  it('overrides touches-border with area-jump and handles short series', () => {
    const r = flagAreaJumps(series([100, 100, 300, 100], { 2: 'touches-border' }));
    expect(r[2].quality).toBe('area-jump');
    expect(flagAreaJumps(series([5]))[0].quality).toBe('ok');
    expect(flagAreaJumps([])).toEqual([]);
  });
});
