import { sampleAt } from './interpolate.ts';

/**
 * Charge passed between two log times, by the trapezoid rule over the current samples, in
 * coulombs (A·s). The window edges are interpolated; it is clipped to the recorded range.
 * Signed: in the holder's convention lithiation currents are negative, and so is their charge.
 * Non-finite current samples are skipped (the gap is bridged linearly).
 */
export function integrateCharge(
  timeS: ArrayLike<number>,
  currentA: ArrayLike<number>,
  fromS: number,
  toS: number,
): number {
  const t: number[] = [];
  const i: number[] = [];
  for (let k = 0; k < Math.min(timeS.length, currentA.length); k++) {
    if (Number.isFinite(currentA[k]) && Number.isFinite(timeS[k])) {
      t.push(timeS[k]);
      i.push(currentA[k]);
    }
  }
  if (t.length < 2) return 0;
  const from = Math.max(fromS, t[0]);
  const to = Math.min(toS, t[t.length - 1]);
  if (!(to > from)) return 0;
  let total = 0;
  let prevT = from;
  let prevI = sampleAt(t, i, from);
  for (let k = 0; k < t.length; k++) {
    if (t[k] <= from) continue;
    if (t[k] >= to) break;
    total += ((prevI + i[k]) / 2) * (t[k] - prevT);
    prevT = t[k];
    prevI = i[k];
  }
  total += ((prevI + sampleAt(t, i, to)) / 2) * (to - prevT);
  return total;
}
