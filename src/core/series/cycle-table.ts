import { integrateCharge } from './charge.ts';
import type { Cycle } from './phases.ts';

/** The cluster area at log times: one sample per analysed frame, already on the log's clock. */
export interface AreaSeries {
  /** Seconds on the LOG clock (frame time + alignment offset), ascending. */
  logTimeS: number[];
  /** Area per sample, in any area unit (the table reports in the same unit); NaN = rejected frame. */
  area: number[];
}

export interface CycleRow {
  cycle: number;
  startS: number;
  endS: number;
  areaStart: number;
  areaMax: number;
  areaEnd: number;
  /** (max − start) / start, in %. */
  expansionPct: number;
  /** (max − end) / max, in %. */
  contractionPct: number;
  /** Charge passed during the lithiation phase, in coulombs (negative in the holder convention). */
  lithiationChargeC: number;
  /** Charge passed during the delithiation phase, in coulombs; NaN without one. */
  delithiationChargeC: number;
  /** Area gained per coulomb of lithiation charge, in area unit per C (NaN when no charge flowed). */
  areaChangePerCharge: number;
}

/** Area samples inside [from, to] (log seconds), skipping NaN. */
function window(series: AreaSeries, from: number, to: number): { t: number; a: number }[] {
  const out: { t: number; a: number }[] = [];
  for (let k = 0; k < series.logTimeS.length; k++) {
    const t = series.logTimeS[k];
    const a = series.area[k];
    if (t >= from && t <= to && Number.isFinite(a)) out.push({ t, a });
  }
  return out;
}

/**
 * The per-cycle table of figure S7: area at the start, maximum and end of each cycle, expansion
 * and contraction, charge passed (integral of the logged current) and area change per charge.
 * Cycles without an analysed frame are left out.
 */
export function buildCycleTable(
  cycles: readonly Cycle[],
  area: AreaSeries,
  log: { timeS: ArrayLike<number>; currentA?: ArrayLike<number> },
): CycleRow[] {
  const rows: CycleRow[] = [];
  for (const cycle of cycles) {
    const samples = window(area, cycle.startS, cycle.endS);
    if (samples.length === 0) continue;
    const areaStart = samples[0].a;
    const areaEnd = samples[samples.length - 1].a;
    const areaMax = Math.max(...samples.map((s) => s.a));
    const charge = (from: number, to: number) =>
      log.currentA ? integrateCharge(log.timeS, log.currentA, from, to) : Number.NaN;
    const lithiationChargeC = charge(cycle.lithiation.startS, cycle.lithiation.endS);
    const delithiationChargeC = cycle.delithiation
      ? charge(cycle.delithiation.startS, cycle.delithiation.endS)
      : Number.NaN;
    rows.push({
      cycle: cycle.index + 1,
      startS: cycle.startS,
      endS: cycle.endS,
      areaStart,
      areaMax,
      areaEnd,
      expansionPct: ((areaMax - areaStart) / areaStart) * 100,
      contractionPct: ((areaMax - areaEnd) / areaMax) * 100,
      lithiationChargeC,
      delithiationChargeC,
      areaChangePerCharge:
        Number.isFinite(lithiationChargeC) && lithiationChargeC !== 0
          ? (areaMax - areaStart) / Math.abs(lithiationChargeC)
          : Number.NaN,
    });
  }
  return rows;
}
