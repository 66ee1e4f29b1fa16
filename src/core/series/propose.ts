import type { FrameResult } from '../analysis/types.ts';
import type { LogChannel, LogSeries } from '../io/types.ts';
import type { MovieInfo } from '../run/frame-service.ts';
import type { Alignment } from './alignment.ts';
import { areaByFrame, areaSeries, type FrameReview } from './area-series.ts';
import { findBiasSteps } from './events.ts';
import { matchCurrentToAreaRate, type RateMatch } from './rate-match.ts';
import { NO_FRAME_TIMES } from './time-base.ts';

/** Below this correlation of −current with the rate of area change, the two are not one signal. */
const MIN_CORRELATION = 0.5;

export type AlignmentOutcome =
  | { ok: true; alignment: Alignment; match: RateMatch }
  /** `match`: the best the data gave, when there was one, shown as a hint, never applied. */
  | { ok: false; reason: string; match?: RateMatch };

const signed = (s: number) => `${s >= 0 ? '+' : '−'}${Math.abs(s).toFixed(2)}`;

/** "offset +0.20 ± 0.36 s (current vs. rate of area change: r = 0.93, 109 frames)". */
export function describeMatch(match: RateMatch): string {
  return (
    `offset ${signed(match.offsetS)} ± ${match.uncertaintyS.toFixed(2)} s ` +
    `(current vs. rate of area change: r = ${match.correlation.toFixed(2)}, ${match.frames} frames)`
  );
}

/**
 * Proposes the movie ↔ log offset from the dataset (see `rate-match.ts`: the Faradaic current
 * follows the rate of area change with no lag), with an uncertainty. It is a proposal only when
 * its 95 % interval (± 2σ) fits within one frame interval and the two signals really are one
 * (r ≥ 0.5); otherwise "no reliable proposal", with the reason and the best estimate as a hint.
 * The clock rate is not fitted (it stays 1): a rate needs many more independent events than a
 * movie's few cycles give. Refuses when the movie has no frame times.
 */
export function proposeAlignmentFor(
  info: MovieInfo,
  results: readonly (FrameResult | null | undefined)[],
  review: readonly (FrameReview | undefined)[] | undefined,
  log: LogSeries,
  voltage: LogChannel | undefined,
  current: LogChannel | undefined,
): AlignmentOutcome {
  if (!current) return { ok: false, reason: 'No reliable proposal: pick the current channel first.' };
  const series = areaSeries(info, results, review);
  if (series.time.unit !== 's') return { ok: false, reason: `${NO_FRAME_TIMES} Set the offset by hand.` };
  const steps = voltage ? findBiasSteps(log.timeS, voltage.values).map((s) => s.timeS) : [];
  const match = matchCurrentToAreaRate(
    series.time.values,
    areaByFrame(series, info.frameCount),
    log.timeS,
    current.values,
    { biasStepsS: steps },
  );
  if (!match) {
    return {
      ok: false,
      reason: 'No reliable proposal: run the analysis first (too few frames with an area to compare).',
    };
  }
  const frameIntervalS =
    (series.time.values[info.frameCount - 1] - series.time.values[0]) / (info.frameCount - 1);
  if (match.correlation < MIN_CORRELATION) {
    return {
      ok: false,
      match,
      reason: `No reliable proposal: the current does not follow the rate of area change at any offset (best ${describeMatch(match)}). Set the offset by hand.`,
    };
  }
  if (2 * match.uncertaintyS > frameIntervalS) {
    return {
      ok: false,
      match,
      reason: `No reliable proposal: the best match, ${describeMatch(match)}, is not sure to within one frame interval (${frameIntervalS.toPrecision(2)} s). Set the offset by hand.`,
    };
  }
  return { ok: true, match, alignment: { offsetS: match.offsetS, rate: 1, source: 'proposed' } };
}
