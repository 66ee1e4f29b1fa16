import { fillDriftGaps, flagTemporal } from '../analysis/quality.ts';
import type { FrameResult, ResolvedSegmentParams } from '../analysis/types.ts';

/**
 * The checks that need the series, not one frame: area and brightness jumps (`flagTemporal`,
 * with the run's flicker tolerance), then the drift of frames between measured ones
 * (`fillDriftGaps`). `results` are consecutive frames in order: the whole movie in a run, a
 * shard's analysed window (see `shards.ts`) in a shard.
 */
export function temporalChecks(
  results: readonly FrameResult[],
  params: ResolvedSegmentParams,
): FrameResult[] {
  return fillDriftGaps(flagTemporal(results, { flickerTolerance: params.flickerTolerance }));
}
