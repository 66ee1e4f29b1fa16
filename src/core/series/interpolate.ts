/**
 * Linear interpolation of a sampled series at time `t` (same time base as `timeS`, which must be
 * ascending). Outside the sampled range the result is NaN, not the nearest end value, so a
 * plot never invents a bias the log did not record.
 */
export function sampleAt(timeS: ArrayLike<number>, values: ArrayLike<number>, t: number): number {
  const n = timeS.length;
  if (n === 0 || !(t >= timeS[0]) || !(t <= timeS[n - 1])) return Number.NaN;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (timeS[mid] <= t) lo = mid;
    else hi = mid;
  }
  const t0 = timeS[lo];
  const t1 = timeS[hi];
  if (t1 === t0) return values[lo];
  return values[lo] + ((values[hi] - values[lo]) * (t - t0)) / (t1 - t0);
}
