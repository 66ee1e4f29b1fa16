import type { FrameResult } from '../core/analysis/types.ts';
import { sameParams } from './same-params.ts';
import type { RunInterruption, WorkbenchState } from './workbench-state.ts';

/**
 * A run that did not finish (the page was closed while it ran, or it was cancelled or failed)
 * leaves the results of the frames it got to, as they streamed in (before the series checks).
 * They are autosaved with the reason, come back when the movie is opened again, and the run can
 * be resumed: only the missing frames are analysed (`analyzeMovie`'s `analysed`), with the
 * parameters the kept frames were made with.
 */

export const analysedCount = (results: readonly (FrameResult | null)[]): number =>
  results.reduce((n, r) => (r === null ? n : n + 1), 0);

/** "Restored 36 of 240 frames, analysed before the page was closed". */
export function restoredRunText(analysed: number, total: number, why: RunInterruption): string {
  const before = why === 'page-closed' ? 'the page was closed' : 'the run stopped';
  return `Restored ${analysed} of ${total} frames, analysed before ${before}`;
}

/**
 * How many frames a resumed run would analyse, or null when the run can't be resumed: no
 * unfinished run, or the parameters changed since (its frames would not belong with new ones).
 */
export function framesLeft(
  s: Pick<WorkbenchState, 'runStatus' | 'runInterruption' | 'results' | 'params' | 'runParams' | 'movie'>,
): number | null {
  if (s.runStatus === 'running' || s.runInterruption === null || !s.movie || !s.params || !s.runParams)
    return null;
  if (s.results.length !== s.movie.info.frameCount) return null;
  if (!sameParams(s.params, s.runParams)) return null;
  return s.results.length - analysedCount(s.results);
}

export const resumeLabel = (left: number): string => `Resume (${left} frame${left === 1 ? '' : 's'} left)`;
