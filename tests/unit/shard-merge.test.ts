// operando merge's rules (core/export/shard-csv.ts): parts of one run join into exactly the
// whole table; a gap, an overlap or parts of another movie, log or parameters are refused.
import { describe, expect, it } from 'vitest';
import {
  mergeShards,
  parseShard,
  type ShardIdentity,
  shardHeader,
  shardRows,
} from '../../src/core/export/shard-csv.ts';
import type { FrameRange } from '../../src/core/run/shards.ts';

const FRAMES = 10;
const table = `frame,area_px,quality\n${Array.from({ length: FRAMES }, (_, i) => `${i},${100 + i * 7},ok`).join('\n')}\n`;
const identity: ShardIdentity = {
  movie: 'run1.tif',
  movieFingerprint: 'sha256 aaaa',
  frameCount: FRAMES,
  log: 'run1.csv',
  logFingerprint: 'sha256 bbbb',
  params: '{"contrastStep":0.1}',
};

function part(range: FrameRange, name = `${range.start}-${range.end}.csv`, id: Partial<ShardIdentity> = {}) {
  const text = shardHeader({ ...identity, ...id }, range, range) + shardRows(table, range);
  return parseShard(text, name);
}

describe('merging shards', () => {
  it('joins parts in any order into the whole table, byte for byte', () => {
    const parts = [part({ start: 6, end: 10 }), part({ start: 0, end: 3 }), part({ start: 3, end: 6 })];
    expect(mergeShards(parts)).toBe(table);
    expect(mergeShards([part({ start: 0, end: 10 })])).toBe(table);
  });

  it('refuses a gap, naming the missing frames', () => {
    expect(() => mergeShards([part({ start: 0, end: 3 }), part({ start: 5, end: 10 })])).toThrow(
      /frames 3:5 are in no part/,
    );
    expect(() => mergeShards([part({ start: 0, end: 6 })])).toThrow(/frames 6:10 are in no part/);
    expect(() => mergeShards([part({ start: 2, end: 10 })])).toThrow(/frames 0:2 are in no part/);
  });

  it('refuses overlapping parts and a part given twice', () => {
    expect(() => mergeShards([part({ start: 0, end: 6 }), part({ start: 4, end: 10 })])).toThrow(
      /overlap on frames 4:6/,
    );
    expect(() =>
      mergeShards([part({ start: 0, end: 10 }), part({ start: 0, end: 10 }, 'again.csv')]),
    ).toThrow(/overlap/);
  });

  it('refuses parts of another movie, log, frame count or parameters, saying which', () => {
    const first = part({ start: 0, end: 5 });
    const cases: [Partial<ShardIdentity>, RegExp][] = [
      [{ movieFingerprint: 'sha256 cccc' }, /movie \(input fingerprint\)/],
      [{ logFingerprint: 'none' }, /log \(input fingerprint\)/],
      [{ params: '{"contrastStep":0.2}' }, /segmentation parameters/],
      [{ frameCount: 11 }, /frame count/],
    ];
    for (const [changed, reason] of cases) {
      expect(() => mergeShards([first, part({ start: 5, end: 10 }, 'other.csv', changed)])).toThrow(reason);
    }
  });

  it('refuses a file that is not a shard, or a truncated one', () => {
    expect(() => parseShard(table, 'whole.csv')).toThrow(/whole.csv: not a shard/);
    const text =
      shardHeader(identity, { start: 0, end: 5 }, { start: 0, end: 9 }) +
      shardRows(table, { start: 0, end: 5 });
    expect(() => parseShard(text.split('\n').slice(0, -3).join('\n'), 'cut.csv')).toThrow(
      /cut.csv: holds 3 rows/,
    );
  });
});
