import { describe, expect, it } from 'vitest';
import { defaultSegmentParams } from '../../src/core/analysis/params.ts';
import type { FrameResult } from '../../src/core/analysis/types.ts';
import { CancelledError } from '../../src/core/io/errors.ts';
import { analyzeMovie } from '../../src/core/run/analyze-movie.ts';
import { type FrameAnalyzer, runAnalysis } from '../../src/core/run/run-analysis.ts';

const params = defaultSegmentParams;

function fakeResult(frame: number): FrameResult {
  return { frame, areaPx: frame * 10, centroidX: 0, centroidY: 0, outline: [], threshold: 0, quality: 'ok' };
}

/** An analyzer that takes `delayMs` per batch and records the frames it was given. */
function fakeAnalyzer(delayMs: number, seen: number[][] = []): FrameAnalyzer & { seen: number[][] } {
  return {
    seen,
    async analyzeFrames(indices) {
      seen.push(indices);
      await new Promise((r) => setTimeout(r, delayMs));
      return indices.map(fakeResult);
    },
  };
}

describe('runAnalysis', () => {
  it('returns every frame in frame order and reports progress up to the total', async () => {
    const progress: number[] = [];
    const results = await runAnalysis({
      frameCount: 23,
      params,
      analyzers: [fakeAnalyzer(1), fakeAnalyzer(3)],
      batchSize: 4,
      onProgress: ({ done }) => progress.push(done),
    });
    expect(results.map((r) => r.frame)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(results[7].areaPx).toBe(70);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(23);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it('shares the work: a faster analyzer takes more batches', async () => {
    const fast = fakeAnalyzer(1);
    const slow = fakeAnalyzer(25);
    await runAnalysis({ frameCount: 40, params, analyzers: [fast, slow], batchSize: 2 });
    expect(fast.seen.length).toBeGreaterThan(slow.seen.length);
    expect([...fast.seen, ...slow.seen].flat().sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => i),
    );
  });

  it('streams batches as they arrive', async () => {
    const batches: number[][] = [];
    await runAnalysis({
      frameCount: 10,
      params,
      analyzers: [fakeAnalyzer(1)],
      batchSize: 3,
      onResults: (r) => batches.push(r.map((x) => x.frame)),
    });
    expect(batches).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
  });

  it('stops dispatching and rejects with CancelledError when aborted', async () => {
    const controller = new AbortController();
    const analyzer = fakeAnalyzer(10);
    const run = runAnalysis({
      frameCount: 100,
      params,
      analyzers: [analyzer],
      batchSize: 2,
      signal: controller.signal,
      onProgress: ({ done }) => {
        if (done >= 4) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    await new Promise((r) => setTimeout(r, 50));
    expect(analyzer.seen.length).toBeLessThanOrEqual(3);
  });

  it('rejects at once for an already aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    const analyzer = fakeAnalyzer(1);
    await expect(
      runAnalysis({ frameCount: 5, params, analyzers: [analyzer], signal: controller.signal }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(analyzer.seen).toEqual([]);
  });

  it('passes an analyzer failure through', async () => {
    const failing: FrameAnalyzer = {
      analyzeFrames: async () => {
        throw new Error('movie.tif: frame 3 is truncated');
      },
    };
    await expect(runAnalysis({ frameCount: 5, params, analyzers: [failing] })).rejects.toThrow(
      'frame 3 is truncated',
    );
  });

  it('runs only the frames asked for', async () => {
    const results = await runAnalysis({
      frameCount: 10,
      params,
      analyzers: [fakeAnalyzer(0)],
      frames: [2, 5],
    });
    expect(results.map((r) => r.frame)).toEqual([2, 5]);
  });
});

describe('analyzeMovie', () => {
  it('returns the run with the series checks done: flicker flagged, drift filled between measured frames', async () => {
    // Frame 4's beam is 50 % brighter; drift is measured on even frames only.
    const analyzer: FrameAnalyzer = {
      async analyzeFrames(indices) {
        return indices.map((frame) => ({
          ...fakeResult(frame),
          areaPx: 500,
          backgroundLevel: frame === 4 ? 150 : 100,
          ...(frame % 2 === 0 ? { driftMeasuredXPx: frame, driftMeasuredYPx: -frame } : {}),
        }));
      },
    };
    const streamed: number[] = [];
    const results = await analyzeMovie({
      frameCount: 9,
      params: { ...params, flickerTolerance: 0.1 },
      analyzers: [analyzer],
      onResults: (batch) => streamed.push(...batch.map((r) => r.frame)),
    });
    expect(results.map((r) => r.quality)).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'flicker',
      'ok',
      'ok',
      'ok',
      'ok',
    ]);
    expect(results[3].driftXPx).toBe(3);
    expect(results[3].driftYPx).toBe(-3);
    expect(streamed.sort((a, b) => a - b)).toEqual(Array.from({ length: 9 }, (_, i) => i));
  });
});
