import type { FrameResult } from '../analysis/types.ts';
import { type RunOptions, runAnalysis } from './run-analysis.ts';
import { temporalChecks } from './temporal.ts';

export interface MovieRunOptions extends Omit<RunOptions, 'frames'> {
  /**
   * Frames an earlier run of the same movie with the same parameters and edits already
   * segmented but did not finish (the page was closed, or Cancel): its results by frame index,
   * as they streamed in, before the series checks; null or missing where it did not get to.
   * Only the other frames are analysed. Each frame is segmented on its own (drift against one
   * reference frame, see `drift-tracker.ts`), so kept and new results together are what an
   * uninterrupted run would have segmented, and the series checks then see the whole movie.
   */
  analysed?: readonly (FrameResult | null | undefined)[];
}

/**
 * A whole analysis run, as every front end (browser, CLI, bench) does it: segment the frames
 * with the pool (`runAnalysis`: streaming, progress, cancel), then the checks that need the
 * whole series (`temporalChecks`: flags, the drift curve). The series checks run once, at the end;
 * `onResults` sees the frames as they arrive, before them. Progress counts the whole movie,
 * `analysed` frames included.
 */
export async function analyzeMovie(options: MovieRunOptions): Promise<FrameResult[]> {
  const { frameCount, analysed = [], onProgress } = options;
  const missing: number[] = [];
  for (let f = 0; f < frameCount; f++) {
    const kept = analysed[f];
    if (!kept) missing.push(f);
    else if (kept.frame !== f) throw new Error(`an analysed result for frame ${kept.frame} sits at ${f}`);
  }
  const already = frameCount - missing.length;
  const fresh = await runAnalysis({
    ...options,
    frames: missing,
    onProgress: onProgress && (({ done }) => onProgress({ done: already + done, total: frameCount })),
  });
  // `fresh` holds the missing frames in frame order (`runAnalysis` returns them so).
  let next = 0;
  const all = Array.from({ length: frameCount }, (_, f) => analysed[f] ?? fresh[next++]);
  return temporalChecks(all, options.params, frameCount);
}
