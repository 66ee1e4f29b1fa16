import type { CycleRow } from '../series/cycle-table.ts';

const full = (v: number): string => (Number.isFinite(v) ? String(v) : '');

/**
 * The per-cycle table (figure S7) as CSV at full precision, SI units in the column names: times
 * on the log's clock in seconds, areas in the series unit (nm², or px² without calibration),
 * charges in coulombs. Empty cells where a value does not exist (no delithiation, no current).
 */
export function cyclesToCsv(rows: readonly CycleRow[], areaUnit: 'nm²' | 'px²'): string {
  const a = areaUnit === 'nm²' ? 'nm2' : 'px2';
  const columns = [
    'cycle',
    'start_log_s',
    'end_log_s',
    `area_start_${a}`,
    `area_max_${a}`,
    `area_end_${a}`,
    'expansion_pct',
    'contraction_pct',
    'lithiation_charge_C',
    'delithiation_charge_C',
    `area_per_charge_${a}_per_C`,
  ];
  const lines = [columns.join(',')];
  for (const r of rows) {
    lines.push(
      [
        String(r.cycle),
        full(r.startS),
        full(r.endS),
        full(r.areaStart),
        full(r.areaMax),
        full(r.areaEnd),
        full(r.expansionPct),
        full(r.contractionPct),
        full(r.lithiationChargeC),
        full(r.delithiationChargeC),
        full(r.areaChangePerCharge),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
