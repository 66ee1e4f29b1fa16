/** The autosaved session's size caps: checked before validation, so a huge or sparse part costs nothing. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSegmentParams } from '../../src/core/analysis/params.ts';
import { parseStoredSession, SESSION_VERSION } from '../../src/state/session-schema.ts';

const key = 'movie.tif|1234|4';
const result = (frame: number) => ({
  frame,
  areaPx: 10,
  centroidX: 1,
  centroidY: 2,
  outline: [0, 0, 1, 0, 1, 1],
  quality: 'ok',
});
const session = (over: Record<string, unknown> = {}) => ({
  version: SESSION_VERSION,
  fingerprint: 'sha256 ab',
  key,
  savedAt: 1,
  params: { contrastStep: 0.08 },
  corrections: {},
  results: [0, 1, 2, 3].map(result),
  ...over,
});

let warnings: string[] = [];
beforeEach(() => {
  warnings = [];
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
  });
});
afterEach(() => vi.restoreAllMocks());

/** Milliseconds `fn` takes. */
function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

describe('autosaved session caps', () => {
  it('a valid session passes the caps untouched', () => {
    const s = parseStoredSession(session(), key, 4);
    expect(s?.results).toHaveLength(4);
    expect(s?.params?.contrastStep).toBe(0.08);
    expect(warnings).toEqual([]);
  });

  it('a million-entry results array is refused by its length, in milliseconds', () => {
    const results = new Array(1_000_000).fill(result(0));
    const { value, ms } = timed(() => parseStoredSession(session({ results }), key, 4));
    expect(value?.results).toBeUndefined();
    expect(value?.params?.contrastStep).toBe(0.08);
    expect(warnings.join('\n')).toMatch(/1000000 results for 4 frames/);
    expect(ms).toBeLessThan(500);
  });

  it('a sparse array of length 10^9 anywhere is refused without being walked', () => {
    const sparse: unknown[] = [];
    sparse.length = 1e9;
    sparse[0] = 1;
    const { value, ms } = timed(() =>
      parseStoredSession(
        session({ pinned: sparse, corrections: { 0: { edit: { sourceFrame: 0, strokes: sparse } } } }),
        key,
        4,
      ),
    );
    expect(value?.pinned).toBeUndefined();
    expect(value?.corrections).toEqual({});
    expect(value?.results).toHaveLength(4);
    expect(warnings.join('\n')).toMatch(/pinned ignored \(too large: an array of 1000000000 entries\)/);
    expect(ms).toBeLessThan(500);
  });

  it('a brush stroke of a million points is refused (arrays other than results hold at most 100,000)', () => {
    const strokes = [{ mode: 'add', radiusPx: 3, points: new Array(1_000_000).fill(10) }];
    const s = parseStoredSession(
      session({ corrections: { 1: { edit: { sourceFrame: 1, strokes } } } }),
      key,
      4,
    );
    expect(s?.corrections).toEqual({});
    expect(warnings.join('\n')).toMatch(/corrections ignored \(too large: an array of 1000000 entries\)/);
  });

  it('deep nesting, cycles and huge texts are refused by part', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const s = parseStoredSession(
      session({ alignment: deep, figureSettings: cyclic, runParams: { thresholdMethod: 'x'.repeat(1e6) } }),
      key,
      4,
    );
    expect(s?.alignment).toBeUndefined();
    expect(s?.figureSettings).toBeUndefined();
    expect(s?.runParams).toBeUndefined();
    expect(s?.results).toHaveLength(4);
    expect(warnings.join('\n')).toMatch(/a text of 1000000 characters/);
  });

  it('a parameter stored as undefined never overrides its default', () => {
    const s = parseStoredSession(
      session({ params: { contrastStep: undefined, smoothSigmaPx: undefined } }),
      key,
      4,
    );
    expect(s?.params?.contrastStep).toBe(defaultSegmentParams.contrastStep);
    expect(s?.params?.smoothSigmaPx).toBe(defaultSegmentParams.smoothSigmaPx);
  });
});
