import type { FrameResult } from '../analysis/types.ts';
import type { LogChannel, LogSeries } from '../io/types.ts';
import type { MovieInfo } from '../run/frame-service.ts';
import { type AlignmentProposal, findAreaOnsets, logTime, movieTime, proposeAlignment } from './alignment.ts';
import { areaByFrame, areaSeries, type FrameReview } from './area-series.ts';
import { findBiasSteps } from './events.ts';
import { NO_FRAME_TIMES } from './time-base.ts';

export type AlignmentOutcome =
  | { ok: true; proposal: AlignmentProposal; steps: number }
  | { ok: false; reason: string };

/**
 * Proposes the movie ↔ log alignment from the dataset: onsets of area change in the area series
 * (the one inclusion rule of `area-series.ts`) matched to the bias steps of the chosen channel.
 * Refuses, with a reason to show, when the movie has no frame times: onsets in frame indices
 * cannot be matched to log seconds.
 */
export function proposeAlignmentFor(
  info: MovieInfo,
  results: readonly (FrameResult | null | undefined)[],
  review: readonly (FrameReview | undefined)[] | undefined,
  log: LogSeries,
  voltage: LogChannel | undefined,
): AlignmentOutcome {
  if (!voltage) return { ok: false, reason: 'Pick the bias channel first.' };
  const series = areaSeries(info, results, review);
  if (series.time.unit !== 's') return { ok: false, reason: `${NO_FRAME_TIMES} Set the offset by hand.` };
  const times = series.time.values.map(movieTime);
  const onsets = findAreaOnsets(times, areaByFrame(series, info.frameCount));
  const steps = findBiasSteps(log.timeS, voltage.values).map((s) => logTime(s.timeS));
  const proposal = proposeAlignment(steps, onsets, 600, info.frameIntervalS ?? 0);
  if (!proposal) {
    return {
      ok: false,
      reason:
        onsets.length === 0
          ? 'Run the analysis first: no area changes found.'
          : 'No bias step matches an area change.',
    };
  }
  return { ok: true, proposal, steps: steps.length };
}
