/** The review's data: what rejected and edited frames become, and the autosave's validation. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultSegmentParams } from '../../src/core/analysis/segment.ts';
import type { FrameResult } from '../../src/core/analysis/types.ts';
import {
  type Corrections,
  carriedUnshifted,
  flaggedFrames,
  maskEdits,
  reviewedResults,
  reviewLabel,
  withCorrection,
} from '../../src/state/corrections.ts';
import { parseStoredSession, SESSION_VERSION, savedAlignment } from '../../src/state/session-schema.ts';

const result = (frame: number, extra: Partial<FrameResult> = {}): FrameResult => ({
  frame,
  areaPx: 1000 + frame,
  centroidX: 50,
  centroidY: 50,
  outline: [0, 0, 10, 0, 10, 10],
  quality: 'ok',
  ...extra,
});

describe('corrections', () => {
  const results = [
    result(0),
    result(1, { quality: 'flicker' }),
    result(2),
    result(3, { quality: 'area-jump' }),
  ];

  it('leaves rejected frames out of what the plots show, and labels every frame for the CSV', () => {
    let c: Corrections = {};
    c = withCorrection(c, 1, { status: 'rejected' });
    c = withCorrection(c, 2, {
      edit: { sourceFrame: 2, strokes: [{ mode: 'erase', radiusPx: 3, points: [1, 1] }] },
    });
    c = withCorrection(c, 3, { status: 'accepted' });
    const shown = reviewedResults(results, c);
    expect(shown.map((r) => r?.frame ?? null)).toEqual([0, null, 2, 3]);
    expect(results[1]).not.toBeNull(); // the run's own results are kept
    expect([0, 1, 2, 3].map((i) => reviewLabel(c[i], results[i]))).toEqual([
      '',
      'rejected',
      'edited',
      'accepted',
    ]);
    expect(flaggedFrames(results)).toEqual([1, 3]);
    // Clearing the only thing a correction held removes the entry.
    expect(withCorrection(c, 3, { status: undefined })[3]).toBeUndefined();
  });

  it('carries an edit to another frame shifted by the drift between them, re-fitted there', () => {
    const drifted = [result(0, { driftXPx: 0, driftYPx: 0 }), result(1, { driftXPx: 5, driftYPx: -2 })];
    const strokes = [{ mode: 'add' as const, radiusPx: 4, points: [10, 20, 30, 40] }];
    const c: Corrections = {
      0: { edit: { sourceFrame: 0, strokes } },
      1: { edit: { sourceFrame: 0, strokes } },
    };
    const edits = maskEdits(c, drifted);
    expect(edits?.[0]).toEqual({ strokes, refit: false });
    expect(edits?.[1]?.refit).toBe(true);
    expect(edits?.[1]?.strokes[0].points).toEqual([15, 18, 35, 38]);
    expect(maskEdits({}, drifted)).toBeUndefined();
    expect(carriedUnshifted([0, 1], c, drifted)).toEqual([]);
  });

  it('places a carried edit unshifted when a frame has no drift estimate, and names the frame', () => {
    // Frame 1's drift is known, frame 2 has none (unreadable, or tracking was off).
    const partly = [
      result(0, { driftXPx: 0, driftYPx: 0 }),
      result(1, { driftXPx: 5, driftYPx: -2 }),
      result(2),
    ];
    const strokes = [{ mode: 'add' as const, radiusPx: 4, points: [10, 20] }];
    const c: Corrections = {
      1: { edit: { sourceFrame: 0, strokes } },
      2: { edit: { sourceFrame: 0, strokes } },
    };
    const edits = maskEdits(c, partly);
    expect(edits?.[1]?.strokes[0].points).toEqual([15, 18]);
    expect(edits?.[2]).toEqual({ strokes, refit: true });
    expect(carriedUnshifted([1, 2], c, partly)).toEqual([2]);
  });
});

describe('autosaved session', () => {
  afterEach(() => vi.restoreAllMocks());
  const key = 'movie.tif|1234|4';
  const stored = {
    version: SESSION_VERSION,
    fingerprint: 'sha256 ab',
    key,
    savedAt: 1_700_000_000_000,
    params: { contrastStep: 0.08, unknownFromTheFuture: 3 },
    corrections: { '1': { status: 'rejected' }, '9': { status: 'accepted' } },
    results: [result(0), null, result(2), result(3)],
  };

  it('restores valid parts over the defaults and drops what does not fit the movie', () => {
    const s = parseStoredSession(stored, key, 4);
    expect(s?.params?.contrastStep).toBe(0.08);
    expect(s?.params?.minAreaPx).toBe(defaultSegmentParams.minAreaPx);
    expect(s?.params).not.toHaveProperty('unknownFromTheFuture');
    expect(s?.corrections).toEqual({ 1: { status: 'rejected' } }); // frame 9 does not exist
    expect(s?.results).toHaveLength(4);
  });

  it('ignores another movie, a wrong version, bad parts and results of the wrong length', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(parseStoredSession(stored, 'other.tif|1|4', 4)).toBeNull();
    expect(parseStoredSession({ ...stored, version: 99 }, key, 4)).toBeNull();
    expect(parseStoredSession('not an object', key, 4)).toBeNull();
    const bad = parseStoredSession(
      { ...stored, params: { contrastStep: 'high' }, corrections: { x: 1 }, results: [result(0)] },
      key,
      4,
    );
    expect(bad?.params).toBeUndefined();
    expect(bad?.corrections).toEqual({});
    expect(bad?.results).toBeUndefined();
    const badStroke = parseStoredSession(
      {
        ...stored,
        corrections: {
          '2': { edit: { sourceFrame: 2, strokes: [{ mode: 'add', radiusPx: 2, points: [1] }] } },
        },
      },
      key,
      4,
    );
    expect(badStroke?.corrections).toEqual({});
    expect(warn).toHaveBeenCalled();
  });
});

describe('autosaved time alignment', () => {
  const key = 'movie.tif|1234|4';
  const base = {
    version: SESSION_VERSION,
    key,
    fingerprint: 'sha256 ab',
    savedAt: 1,
    params: {},
    corrections: {},
  };

  it('keeps an alignment the user chose, with its log, and drops an invalid one', () => {
    const alignment = { log: 'log.csv:1201', offsetS: 2.5, rate: 1, source: 'manual' };
    expect(parseStoredSession({ ...base, alignment }, key, 4)?.alignment).toEqual(alignment);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(
      parseStoredSession({ ...base, alignment: { ...alignment, rate: -1 } }, key, 4)?.alignment,
    ).toBeUndefined();
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });

  it('saves only alignments set by hand or proposed, never the automatic ones', () => {
    expect(savedAlignment({ offsetS: 3, rate: 1, source: 'manual' }, 'log.csv:10')).toEqual({
      log: 'log.csv:10',
      offsetS: 3,
      rate: 1,
      source: 'manual',
    });
    expect(savedAlignment({ offsetS: 3, rate: 1, source: 'clocks' }, 'log.csv:10')).toBeUndefined();
    expect(savedAlignment({ offsetS: 3, rate: 1, source: 'manual' }, undefined)).toBeUndefined();
  });
});

describe('autosaved pinned frames', () => {
  const key = 'movie.tif|1234|4';
  const base = {
    version: SESSION_VERSION,
    key,
    fingerprint: 'sha256 ab',
    savedAt: 1,
    params: {},
    corrections: {},
  };

  it('come back if they are frames of the movie, and at most four', () => {
    expect(parseStoredSession({ ...base, pinned: [0, 3, 7] }, key, 4)?.pinned).toEqual([0, 3]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(parseStoredSession({ ...base, pinned: [0, 1, 2, 3, 0] }, key, 4)?.pinned).toBeUndefined();
    expect(parseStoredSession({ ...base, pinned: ['1'] }, key, 4)?.pinned).toBeUndefined();
    warn.mockRestore();
  });
});
