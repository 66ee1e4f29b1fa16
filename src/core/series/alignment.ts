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
