/**
 * A low-dose movie's drift template (drift-template.ts), built once by all the pool's workers
 * together instead of once by each.
 *
 * Every worker needs the template before it can measure a frame's drift, and each built its own:
 * the same 2 × 24 leave-one-out matches in every worker at once, seconds before any frame could
 * be measured (at 512² about 3 of a 100-frame low-dose run's 7 s). Here the workers share each
 * pass's matches out and are each given the pass's shifts before the next one, then finish the
 * template from the last pass's shifts. Every step depends only on the frames and the shifts, so
 * each worker ends with the template it would have built alone, to the bit.
 *
 * Anything that goes wrong (a worker that stopped, a worker without the steps) leaves the
 * workers to build the template themselves when they first need it, as before: slower, never
 * different.
 */

import { centredShifts, startingShifts, TEMPLATE_PASSES } from '../analysis/drift-template.ts';
import type { ResolvedSegmentParams } from '../analysis/types.ts';
import { throwIfAborted } from '../io/errors.ts';
import type { DriftTemplateSteps, FrameAnalyzer } from './run-analysis.ts';

const hasSteps = (analyzer: FrameAnalyzer): analyzer is FrameAnalyzer & DriftTemplateSteps =>
  analyzer.driftTemplateStart !== undefined &&
  analyzer.driftTemplateMatches !== undefined &&
  analyzer.driftTemplateFinish !== undefined;

/**
 * Builds the drift template of `params` in every analyzer that needs one, sharing its matches
 * out; resolves false when it did not (fewer than two analyzers need it, or one failed: they then
 * build it themselves when they first measure drift). Throws only when `signal` aborts.
 */
export async function shareDriftTemplate(
  analyzers: readonly FrameAnalyzer[],
  params: ResolvedSegmentParams,
  signal?: AbortSignal,
): Promise<boolean> {
  const able = analyzers.filter(hasSteps);
  if (able.length < 2) return false;
  try {
    const counts = await Promise.all(able.map((a) => a.driftTemplateStart(params)));
    const building = able.filter((_, i) => counts[i] !== null);
    const frames = counts.find((count) => count !== null) ?? 0;
    if (building.length < 2 || counts.some((count) => count !== null && count !== frames)) return false;
    let shifts = startingShifts(frames);
    for (let pass = 0; pass < TEMPLATE_PASSES; pass++) {
      throwIfAborted(signal, 'analysis');
      // Frame j to worker j mod n: the frames cost alike, so each worker gets its share.
      const shares = building.map((_, w) => shifts.map((_, j) => j).filter((j) => j % building.length === w));
      const matched = await Promise.all(
        building.map((a, w) => a.driftTemplateMatches(params, shifts, shares[w])),
      );
      const next = [...shifts];
      shares.forEach((positions, w) => {
        positions.forEach((j, k) => {
          next[j] = matched[w][k];
        });
      });
      shifts = centredShifts(next);
    }
    throwIfAborted(signal, 'analysis');
    await Promise.all(building.map((a) => a.driftTemplateFinish(params, shifts)));
    return true;
  } catch (error) {
    if (signal?.aborted) throw error;
    return false;
  }
}
