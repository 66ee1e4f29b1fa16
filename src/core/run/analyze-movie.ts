import type { FrameResult } from '../analysis/types.ts';
import { type RunOptions, runAnalysis } from './run-analysis.ts';
import { temporalChecks } from './temporal.ts';

/**
 * A whole analysis run, as every front end (browser, CLI, bench) does it: segment the frames
 * with the pool (`runAnalysis`: streaming, progress, cancel), then the checks that need the
 * whole series (`temporalChecks`: flags, the drift curve). The series checks run once, at the end;
 * `onResults` sees the frames as they arrive, before them.
 */
export async function analyzeMovie(options: RunOptions): Promise<FrameResult[]> {
  return temporalChecks(await runAnalysis(options), options.params, options.frameCount);
}
