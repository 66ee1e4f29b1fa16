/**
 * Movie time and log time are different clocks: frame 0 is movie t = 0, the log's first row is
 * log t = 0. They are distinct (branded) types so one can't be passed for the other silently;
 * an `Alignment` is the only way across: logS = offsetS + rate × movieS.
 */

export type MovieTimeS = number & { readonly clock: 'movie' };
export type LogTimeS = number & { readonly clock: 'log' };

export const movieTime = (seconds: number) => seconds as MovieTimeS;
export const logTime = (seconds: number) => seconds as LogTimeS;

export interface Alignment {
  /** Log time at movie t = 0, in seconds. */
  offsetS: number;
  /** Log seconds per movie second (1 = the clocks run at the same rate). */
  rate: number;
  /** How the alignment was set. */
  source: 'none' | 'clocks' | 'manual' | 'proposed';
}

export const noAlignment: Alignment = { offsetS: 0, rate: 1, source: 'none' };

export function toLogTime(t: MovieTimeS, a: Alignment): LogTimeS {
  return (a.offsetS + a.rate * t) as LogTimeS;
}

export function toMovieTime(t: LogTimeS, a: Alignment): MovieTimeS {
  return ((t - a.offsetS) / a.rate) as MovieTimeS;
}

/** Seconds since the epoch of an ISO local date-time ("2014-10-08T16:26:51.738"), read as UTC. */
function clockSeconds(iso: string): number | undefined {
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

/**
 * Aligns from absolute clocks when both files carry one (DM acquisition time, log start time).
 * Both are local clock times as written, so they compare directly. Undefined when either is
 * missing or they are more than a day apart (different days or a wrong clock: ask the user).
 */
export function alignFromClocks(movieStart?: string, logStart?: string): Alignment | undefined {
  if (!movieStart || !logStart) return undefined;
  const m = clockSeconds(movieStart);
  const l = clockSeconds(logStart);
  if (m === undefined || l === undefined || Math.abs(m - l) > 86_400) return undefined;
  return { offsetS: m - l, rate: 1, source: 'clocks' };
}

/**
 * The alignment a movie and a log start from: their clocks when both carry one (the movie's
 * `acquisitionStart` metadata, the log's start clock), else none. The workbench and the CLI both
 * begin here.
 */
export function startingAlignment(
  movieMetadata: { acquisitionStart?: unknown },
  logStartClock?: string,
): Alignment {
  const start = movieMetadata.acquisitionStart;
  return alignFromClocks(typeof start === 'string' ? start : undefined, logStartClock) ?? noAlignment;
}

export interface AlignmentProposal {
  alignment: Alignment;
  /** Pairs used: bias step (log s) and area-change onset (movie s). */
  pairs: { stepS: LogTimeS; onsetS: MovieTimeS }[];
  /** RMS of step − aligned onset over the pairs, in seconds: how well the fit holds. */
  residualS: number;
}

/**
 * Proposes an alignment by matching bias steps to the onsets of area change: each step is paired
 * with the onset that best fits a common offset (median of all step–onset differences within
 * `maxOffsetS`, then the nearest onset per step). The clock rate is fitted too (least squares)
 * only with three or more pairs AND when a plain offset leaves a residual above `resolutionS`
 * (the frame interval: onsets are known to a frame, so a smaller misfit is not drift).
 * Returns undefined without any pair.
 */
export function proposeAlignment(
  stepsS: readonly LogTimeS[],
  onsetsS: readonly MovieTimeS[],
  maxOffsetS = 600,
  resolutionS = 0,
): AlignmentProposal | undefined {
  const differences: number[] = [];
  for (const s of stepsS) for (const o of onsetsS) if (Math.abs(s - o) <= maxOffsetS) differences.push(s - o);
  if (differences.length === 0) return undefined;
  // The offset most steps agree on: the densest cluster of differences (1 s bins, ±1 bin).
  const bins = new Map<number, number>();
  for (const d of differences) bins.set(Math.round(d), (bins.get(Math.round(d)) ?? 0) + 1);
  let best = 0;
  let bestScore = -1;
  for (const bin of bins.keys()) {
    const score = (bins.get(bin - 1) ?? 0) + (bins.get(bin) ?? 0) + (bins.get(bin + 1) ?? 0);
    if (score > bestScore) {
      bestScore = score;
      best = bin;
    }
  }
  const near = differences.filter((d) => Math.abs(d - best) <= 1.5).sort((a, b) => a - b);
  const offset0 = near[near.length >> 1];
  const pairs: AlignmentProposal['pairs'] = [];
  for (const s of stepsS) {
    let nearest: MovieTimeS | undefined;
    for (const o of onsetsS) {
      if (nearest === undefined || Math.abs(s - offset0 - o) < Math.abs(s - offset0 - nearest)) nearest = o;
    }
    if (nearest !== undefined && Math.abs(s - offset0 - nearest) <= 3)
      pairs.push({ stepS: s, onsetS: nearest });
  }
  if (pairs.length === 0) return undefined;
  const rms = (a: Alignment) =>
    Math.sqrt(pairs.reduce((sum, p) => sum + (p.stepS - toLogTime(p.onsetS, a)) ** 2, 0) / pairs.length);
  const pairOffsets = pairs.map((p) => p.stepS - p.onsetS).sort((a, b) => a - b);
  let alignment: Alignment = { offsetS: pairOffsets[pairOffsets.length >> 1], rate: 1, source: 'proposed' };
  if (pairs.length >= 3 && rms(alignment) > resolutionS) {
    const n = pairs.length;
    const mx = pairs.reduce((a, p) => a + p.onsetS, 0) / n;
    const my = pairs.reduce((a, p) => a + p.stepS, 0) / n;
    let sxx = 0;
    let sxy = 0;
    for (const p of pairs) {
      sxx += (p.onsetS - mx) ** 2;
      sxy += (p.onsetS - mx) * (p.stepS - my);
    }
    if (sxx > 0) {
      const rate = sxy / sxx;
      if (rate > 0.9 && rate < 1.1) alignment = { offsetS: my - rate * mx, rate, source: 'proposed' };
    }
  }
  return { alignment, pairs, residualS: rms(alignment) };
}

/**
 * Onsets of area change: movie times where the area starts to rise or fall after being steady.
 * A change is detected where the slope over `windowFrames` frames crosses `minRelativeSlope`
 * (fraction of the median area per second) after being below it; the onset is then placed inside
 * that window, between the last steady frame and the first one that moved by at least half the
 * window's mean step. (The window start alone would put every onset up to a window early.)
 */
export function findAreaOnsets(
  timesS: readonly MovieTimeS[],
  area: readonly number[],
  windowFrames = 3,
  minRelativeSlope = 0.004,
): MovieTimeS[] {
  const finite = area.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length < 2 * windowFrames + 1) return [];
  const scale = finite[finite.length >> 1];
  const onsets: MovieTimeS[] = [];
  let previousSign = 0;
  for (let i = 0; i + windowFrames < area.length; i++) {
    const a0 = area[i];
    const a1 = area[i + windowFrames];
    const dt = timesS[i + windowFrames] - timesS[i];
    if (!Number.isFinite(a0) || !Number.isFinite(a1) || !(dt > 0)) continue;
    const slope = (a1 - a0) / dt / scale;
    const sign = slope > minRelativeSlope ? 1 : slope < -minRelativeSlope ? -1 : 0;
    if (sign !== 0 && sign !== previousSign) {
      const meanStep = Math.abs(a1 - a0) / windowFrames;
      let j = i;
      while (j + 1 < i + windowFrames && !(Math.abs(area[j + 1] - area[j]) >= meanStep / 2)) j++;
      onsets.push(movieTime((timesS[j] + timesS[j + 1]) / 2));
    }
    previousSign = sign;
  }
  return onsets;
}
