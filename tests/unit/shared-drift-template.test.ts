/**
 * A low-dose movie's drift template built by the pool's workers together: each worker gets the
 * template it would have built alone (the run's results are the same to the bit), the matches
 * are shared out, and a worker that fails a step leaves the others to build it themselves.
 */
import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../src/core/analysis/params.ts';
import { defaultSegmentParams } from '../../src/core/analysis/segment.ts';
import type { FrameResult } from '../../src/core/analysis/types.ts';
import { CancelledError } from '../../src/core/io/errors.ts';
import { FrameService } from '../../src/core/run/frame-service.ts';
import { type FrameAnalyzer, runAnalysis } from '../../src/core/run/run-analysis.ts';
import { shareDriftTemplate } from '../../src/core/run/shared-drift-template.ts';
import { createPresetMovie, syntheticFrameSource } from '../../src/core/synth/index.ts';

const frameCount = 30;
const movie = createPresetMovie('low-dose', { seed: 4, frameCount, width: 256, height: 256 });
const params = resolveParams(defaultSegmentParams);
const service = () => FrameService.fromSource(syntheticFrameSource(movie));

/** A service that records which template frames it was asked to match, and can fail a step. */
function recording(failMatches = false) {
  const inner = service();
  const matched: number[] = [];
  const analyzer: FrameAnalyzer = {
    analyzeFrames: (indices, p, edits) => inner.analyzeFrames(indices, p, edits),
    driftTemplateStart: (p) => inner.driftTemplateStart(p),
    driftTemplateMatches: async (p, shifts, positions) => {
      if (failMatches) throw new Error('the worker stopped');
      matched.push(...positions);
      return inner.driftTemplateMatches(p, shifts, positions);
    },
    driftTemplateFinish: (p, shifts) => inner.driftTemplateFinish(p, shifts),
  };
  return { analyzer, matched };
}

const drift = (results: FrameResult[]) =>
  results.map((r) => [r.frame, r.driftMeasuredXPx, r.driftMeasuredYPx, r.driftConfidence, r.quality]);

describe('a drift template shared out between workers', () => {
  it('gives every worker the template it would have built alone, each matching its share of the frames', async () => {
    const alone = await runAnalysis({ frameCount, params, analyzers: [service()] });
    const [a, b] = [recording(), recording()];
    const shared = await runAnalysis({ frameCount, params, analyzers: [a.analyzer, b.analyzer] });
    expect(drift(shared)).toEqual(drift(alone));
    // The movie needed a template (its frames' drift came from it), and both workers matched:
    // two passes of 24 frames, half each, none twice in a pass.
    expect(alone.filter((r) => r.driftMeasuredXPx !== undefined).length).toBeGreaterThan(5);
    expect(a.matched.length).toBe(24);
    expect(b.matched.length).toBe(24);
    expect(new Set([...a.matched.slice(0, 12), ...b.matched.slice(0, 12)]).size).toBe(24);
  }, 120_000);

  it('leaves the template to each worker when one fails a step, with the same results', async () => {
    const alone = await runAnalysis({ frameCount, params, analyzers: [service()] });
    const broken = recording(true);
    const analyzers = [recording().analyzer, broken.analyzer];
    expect(await shareDriftTemplate(analyzers, params)).toBe(false);
    const results = await runAnalysis({ frameCount, params, analyzers });
    expect(drift(results)).toEqual(drift(alone));
  }, 120_000);

  it('shares nothing when the reference frame alone is reference enough, or the template is built', async () => {
    const operando = createPresetMovie('operando', { seed: 6, frameCount: 6 }); // 512²: 28–31 per bin
    const pair = [0, 1].map(() => FrameService.fromSource(syntheticFrameSource(operando)));
    expect(await shareDriftTemplate(pair, params)).toBe(false);
    const [a, b] = [recording(), recording()];
    expect(await shareDriftTemplate([a.analyzer, b.analyzer], params)).toBe(true);
    expect(await shareDriftTemplate([a.analyzer, b.analyzer], params)).toBe(false);
    expect(a.matched.length).toBe(24);
  }, 120_000);

  it('stops between passes when the run is cancelled', async () => {
    const controller = new AbortController();
    const [a, b] = [recording(), recording()];
    const slow: FrameAnalyzer = {
      ...a.analyzer,
      driftTemplateMatches: async (p, shifts, positions) => {
        controller.abort();
        return a.analyzer.driftTemplateMatches?.(p, shifts, positions) ?? [];
      },
    };
    await expect(shareDriftTemplate([slow, b.analyzer], params, controller.signal)).rejects.toBeInstanceOf(
      CancelledError,
    );
    // One pass was matched, not two.
    expect(b.matched.length).toBe(12);
  }, 120_000);
});
