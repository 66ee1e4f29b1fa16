// A run cut short (the tab closed, or Cancel) and resumed later from its autosaved results gives
// the table of an uninterrupted run: the kept frames are not analysed again, and the checks that
// look at neighbours (area and brightness jumps, interpolated drift) see the whole movie.
import { describe, expect, it, vi } from 'vitest';
import { resolveParams } from '../../src/core/analysis/params.ts';
import { defaultSegmentParams } from '../../src/core/analysis/segment.ts';
import type { FrameResult } from '../../src/core/analysis/types.ts';
import { CancelledError } from '../../src/core/io/errors.ts';
import { analyzeMovie } from '../../src/core/run/analyze-movie.ts';
import { FrameService, type MovieInfo } from '../../src/core/run/frame-service.ts';
import type { FrameAnalyzer } from '../../src/core/run/run-analysis.ts';
import { createPresetMovie, type SyntheticMovie, syntheticFrameSource } from '../../src/core/synth/index.ts';
import { framesLeft, resumeLabel } from '../../src/state/run-resume.ts';
import { parseStoredSession, SESSION_VERSION, type StoredSession } from '../../src/state/session-schema.ts';
import { useWorkbench } from '../../src/state/store.ts';

const params = defaultSegmentParams;
const FRAMES = 40;

/** A worker of its own (its own source and drift reference), recording the frames it is given. */
function worker(movie: SyntheticMovie, seen: number[]): FrameAnalyzer {
  const service = FrameService.fromSource(syntheticFrameSource(movie));
  return {
    analyzeFrames: (indices, given, edits) => {
      seen.push(...indices);
      return service.analyzeFrames(indices, given, edits);
    },
  };
}

/**
 * Runs until `stopAfter` frames are in, then cancels, as the page would be closed: returns what
 * the store held then (results by frame as they streamed in, null where none came yet).
 */
async function interruptedRun(movie: SyntheticMovie, stopAfter: number): Promise<(FrameResult | null)[]> {
  const controller = new AbortController();
  const streamed: (FrameResult | null)[] = new Array(FRAMES).fill(null);
  const run = analyzeMovie({
    frameCount: FRAMES,
    params,
    analyzers: [worker(movie, []), worker(movie, [])],
    batchSize: 3,
    signal: controller.signal,
    onResults: (batch) => {
      for (const r of batch) streamed[r.frame] = r;
    },
    onProgress: ({ done }) => {
      if (done >= stopAfter) controller.abort();
    },
  });
  await expect(run).rejects.toBeInstanceOf(CancelledError);
  return streamed;
}

/** The results as the autosave keeps them in IndexedDB (structured clone) and reads them back. */
function throughAutosave(results: (FrameResult | null)[]): (FrameResult | null)[] {
  const stored: StoredSession = {
    version: SESSION_VERSION,
    key: 'session-v2:test',
    fingerprint: 'test',
    savedAt: 0,
    params,
    corrections: {},
    results,
  };
  const restored = parseStoredSession(structuredClone(stored), 'session-v2:test', FRAMES);
  if (!restored?.results) throw new Error('the autosaved results did not come back');
  return restored.results;
}

describe('a resumed run', () => {
  // 30 counts/px (not the preset's 4) keep the flickering gun and give confident drift matches
  // at 256², so there is drift between measured frames for the series checks to fill.
  const movie = createPresetMovie('low-dose', {
    seed: 11,
    frameCount: FRAMES,
    width: 256,
    height: 256,
    dose: 30,
  });

  it('analyses only the missing frames and ends with the uninterrupted run’s table', async () => {
    const whole = await analyzeMovie({ frameCount: FRAMES, params, analyzers: [worker(movie, [])] });
    // The movie exercises what depends on neighbours: interpolated drift and jump flags.
    expect(whole.filter((r) => r.driftXPx !== undefined && r.frame % 4 !== 0).length).toBeGreaterThan(20);
    expect(whole.some((r) => r.quality === 'flicker' || r.quality === 'area-jump')).toBe(true);

    const partial = throughAutosave(await interruptedRun(movie, 14));
    const kept = partial.flatMap((r, f) => (r ? [f] : []));
    expect(kept.length).toBeGreaterThanOrEqual(14);
    expect(kept.length).toBeLessThan(FRAMES);
    // Kept frames are as they streamed in: their drift between measurements is not filled yet.
    expect(kept.some((f) => f % 4 !== 0 && partial[f]?.driftXPx === undefined)).toBe(true);

    const seen: number[] = [];
    const progress: number[] = [];
    const resumed = await analyzeMovie({
      frameCount: FRAMES,
      params,
      analyzers: [worker(movie, seen), worker(movie, seen)],
      batchSize: 3,
      analysed: partial,
      onProgress: ({ done, total }) => {
        expect(total).toBe(FRAMES);
        progress.push(done);
      },
    });
    expect(seen.sort((a, b) => a - b)).toEqual(
      Array.from({ length: FRAMES }, (_, f) => f).filter((f) => !kept.includes(f)),
    );
    expect(progress[0]).toBe(kept.length);
    expect(progress.at(-1)).toBe(FRAMES);
    expect(resumed).toEqual(whole);
  }, 120_000);

  it('refuses kept results out of frame order', async () => {
    const analysed: (FrameResult | null)[] = new Array(FRAMES).fill(null);
    analysed[3] = { frame: 4, areaPx: 1, centroidX: 0, centroidY: 0, outline: [], quality: 'ok' };
    await expect(
      analyzeMovie({ frameCount: FRAMES, params, analyzers: [worker(movie, [])], analysed }),
    ).rejects.toThrow(/frame 4 sits at 3/);
  });
});

describe('an unfinished run read back from autosave', () => {
  const resolved = resolveParams(defaultSegmentParams);
  const r = (frame: number): FrameResult => ({
    frame,
    areaPx: 100,
    centroidX: 1,
    centroidY: 1,
    outline: [],
    quality: 'ok',
  });
  const stored = (results: (FrameResult | null)[], interrupted?: unknown) => ({
    version: SESSION_VERSION,
    key: 'session-v2:k',
    fingerprint: 'k',
    savedAt: 1,
    params: resolved,
    runParams: resolved,
    corrections: {},
    results,
    ...(interrupted === undefined ? {} : { interrupted }),
  });
  const open = () => {
    const info = { frameCount: 4 } as MovieInfo;
    useWorkbench.getState().setMovie({ fileId: 'f', fileName: 'm.tif', fileSize: 1, fingerprint: 'k', info });
    useWorkbench.setState({ params: resolved });
  };
  const restore = (raw: unknown) => {
    const session = parseStoredSession(raw, 'session-v2:k', 4);
    if (!session) throw new Error('not restored');
    useWorkbench.getState().restoreSession(session);
  };

  it('comes back as an unfinished run that can be resumed, saying how far it got', () => {
    open();
    restore(stored([r(0), null, r(2), null], 'page-closed'));
    const s = useWorkbench.getState();
    expect(s.runStatus).toBe('cancelled');
    expect(s.runMessage).toBe('Restored 2 of 4 frames, analysed before the page was closed');
    expect(s.restoredRun).toEqual({ analysed: 2, total: 4, interrupted: 'page-closed' });
    expect(framesLeft(s)).toBe(2);
    expect(resumeLabel(2)).toBe('Resume (2 frames left)');
    // Other parameters since: the kept frames would not belong with new ones.
    s.setParams({ contrastStep: resolved.contrastStep * 2 });
    expect(framesLeft(useWorkbench.getState())).toBeNull();
  });

  it('keeps the outline edits the run started with, for its resumption', () => {
    const edit = { strokes: [{ mode: 'add' as const, radiusPx: 3, points: [10, 12, 14, 12] }], refit: true };
    open();
    restore({ ...stored([r(0), null, null, null], 'page-closed'), runEdits: { 2: edit, 9: edit } });
    // Frame 9 is not in this 4-frame movie.
    expect(useWorkbench.getState().runEdits).toEqual({ 2: edit });
    // A finished run's edits are not kept: nothing is left to apply them to.
    open();
    restore({ ...stored([r(0), r(1), r(2), r(3)]), runEdits: { 2: edit } });
    expect(useWorkbench.getState().runEdits).toBeNull();
  });

  it('a finished run is not resumable; frames missing without a reason are a stopped run', () => {
    open();
    restore(stored([r(0), r(1), r(2), r(3)]));
    expect(useWorkbench.getState().runStatus).toBe('done');
    expect(framesLeft(useWorkbench.getState())).toBeNull();
    open();
    restore(stored([r(0), null, null, null]));
    expect(useWorkbench.getState().runMessage).toBe(
      'Restored 1 of 4 frames, analysed before the run stopped',
    );
    expect(framesLeft(useWorkbench.getState())).toBe(3);
  });

  it('ignores a reason it does not know', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(
      parseStoredSession(stored([r(0), r(1), r(2), r(3)], 'crashed'), 'session-v2:k', 4)?.interrupted,
    ).toBe(undefined);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('unfinished run ignored'));
    warn.mockRestore();
  });

  it('a cancelled run in this page can be resumed too', () => {
    open();
    const s = useWorkbench.getState();
    s.startRun(4, resolved);
    s.addResults([r(1)]);
    s.endRun('cancelled', 'Cancelled after 1 of 4 frames');
    expect(useWorkbench.getState().runInterruption).toBe('stopped');
    expect(framesLeft(useWorkbench.getState())).toBe(3);
    // Resuming keeps the frames in and counts them as done.
    useWorkbench.getState().startRun(4, resolved, { analysed: useWorkbench.getState().results });
    expect(useWorkbench.getState().progress).toEqual({ done: 1, total: 4 });
    expect(useWorkbench.getState().results[1]).toEqual(r(1));
  });
});
