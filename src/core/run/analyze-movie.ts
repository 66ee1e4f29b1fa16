import { fillDriftGaps, flagTemporal } from '../analysis/quality.ts';
import type { FrameResult } from '../analysis/types.ts';
import { type RunOptions, runAnalysis } from './run-analysis.ts';

/**
 * A whole analysis run, as every front end (browser, CLI, bench) does it: segment the frames
 * with the pool (`runAnalysis`: streaming, progress, cancel), then the checks that need the
 * whole series: area and brightness jumps (`flagTemporal`, with the run's flicker tolerance)
 * and the drift of frames between measured ones (`fillDriftGaps`). The series checks run once,
 * at the end; `onResults` sees the frames as they arrive, before them.
 */
export async function analyzeMovie(options: RunOptions): Promise<FrameResult[]> {
  const results = await runAnalysis(options);
  return fillDriftGaps(flagTemporal(results, { flickerTolerance: options.params.flickerTolerance }));
}
