import type { FrameResult } from '../core/analysis/types.ts';
import { reviewedResults } from '../state/corrections.ts';
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
