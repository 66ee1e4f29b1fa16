import { driftReferenceIndex } from '../analysis/drift.ts';
import { fitDriftSeries, flagTemporal } from '../analysis/quality.ts';
import type { FrameResult, ResolvedSegmentParams } from '../analysis/types.ts';

/**
 * The checks that need the series, not one frame: area and brightness jumps (`flagTemporal`,
 * with the run's flicker tolerance), then the drift of every frame from the measured ones
 * (`fitDriftSeries`). `results` are consecutive frames in order: the whole movie in a run, a
 * shard's analysed window (see `shards.ts`) in a shard. `frameCount`: the movie's.
 */
export function temporalChecks(
  results: readonly FrameResult[],
  params: ResolvedSegmentParams,
  frameCount: number,
): FrameResult[] {
  const flagged = flagTemporal(results, { flickerTolerance: params.flickerTolerance });
  return fitDriftSeries(flagged, driftReferenceIndex(params, frameCount));
}
