/** The parameters part of the autosaved session: read back resolved, older names migrated. */
import { describe, expect, it } from 'vitest';
import { defaultSegmentParams } from '../../src/core/analysis/params.ts';
import { parseStoredSession, SESSION_VERSION } from '../../src/state/session-schema.ts';

const key = 'movie.tif|1234|4';
const session = (params: unknown, runParams?: unknown) => ({
  version: SESSION_VERSION,
  fingerprint: 'sha256 ab',
  key,
  savedAt: 1,
  params,
  ...(runParams === undefined ? {} : { runParams }),
  corrections: {},
  results: [null, null, null, null],
});

describe('autosaved parameters', () => {
  it('come back with every parameter present', () => {
    const s = parseStoredSession(session({ contrastStep: 0.08 }), key, 4);
    expect(s?.params).toEqual({ ...defaultSegmentParams, contrastStep: 0.08 });
  });

  it('saved as smoothRadiusPx (before the rename) load as smoothSigmaPx, in params and runParams', () => {
    const s = parseStoredSession(session({ smoothRadiusPx: 2.5 }, { smoothRadiusPx: 1.5 }), key, 4);
    expect(s?.params?.smoothSigmaPx).toBe(2.5);
    expect(s?.params).not.toHaveProperty('smoothRadiusPx');
    expect(s?.runParams?.smoothSigmaPx).toBe(1.5);
  });

  it('keep the current name when both names were saved, whatever their order', () => {
    const newFirst = parseStoredSession(session({ smoothSigmaPx: 3, smoothRadiusPx: 2 }), key, 4);
    const oldFirst = parseStoredSession(session({ smoothRadiusPx: 2, smoothSigmaPx: 3 }), key, 4);
    expect(newFirst?.params?.smoothSigmaPx).toBe(3);
    expect(oldFirst?.params?.smoothSigmaPx).toBe(3);
    // Names of Object's own properties are unknown keys like any other, not renames.
    const odd = parseStoredSession(
      session(JSON.parse('{"constructor": 1, "toString": 2, "smoothSigmaPx": 3}')),
      key,
      4,
    );
    expect(odd?.params).toEqual({ ...defaultSegmentParams, smoothSigmaPx: 3 });
  });

  it('keep painted exclusions and the drift stride', () => {
    const strokes = [{ mode: 'erase', radiusPx: 4, points: [1, 2, 3, 4] }];
    const s = parseStoredSession(session({ exclusionStrokes: strokes, driftStrideFrames: 2 }), key, 4);
    expect(s?.params?.exclusionStrokes).toEqual(strokes);
    expect(s?.params?.driftStrideFrames).toBe(2);
  });
});
