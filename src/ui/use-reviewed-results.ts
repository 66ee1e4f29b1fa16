import { useMemo } from 'react';
import type { FrameResult } from '../core/analysis/types.ts';
import type { FrameReview } from '../core/series/area-series.ts';
import { type Corrections, reviewedResults, reviewLabel } from '../state/corrections.ts';
import { useWorkbench } from '../state/store.ts';

/**
 * The results every plot, figure and export shows: the run's, with the frames the user rejected
 * left out (null). The array is stable while neither results nor corrections change.
 */
export function useReviewedResults(): (FrameResult | null)[] {
  const results = useWorkbench((s) => s.results);
  const corrections = useWorkbench((s) => s.corrections);
  return reviewedResults(results, corrections);
}

/** Each frame's review as core sees it ('rejected' leaves a frame out of every series). */
export function reviewLabels(
  results: readonly (FrameResult | null)[],
  corrections: Corrections,
): FrameReview[] {
  return results.map((r, i) => reviewLabel(corrections[i], r));
}

/**
 * The run's results with the user's review beside them, for the core functions that apply the
 * one inclusion rule (`core/series/area-series.ts`). Stable while neither input changes.
 */
export function useResultsWithReview(): {
  results: (FrameResult | null)[];
  review: FrameReview[];
} {
  const results = useWorkbench((s) => s.results);
  const corrections = useWorkbench((s) => s.corrections);
  return useMemo(() => ({ results, review: reviewLabels(results, corrections) }), [results, corrections]);
}
