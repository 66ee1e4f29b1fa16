import { areaUnitFor, currentUnitFor } from './units.ts';

/**
 * How every number is written for a reader (the UI, burned-in movie labels, figure tables): a fixed
 * number of significant digits, digits grouped in threes by thin spaces ("110 200", never
 * "1.102e+5" nor "110,200"), and the SI unit (with a prefix chosen from the value) after a space.
 * Files for machines (CSV) keep full precision and are not written with these.
 */

export const THIN_SPACE = '\u2009';
/** Values: four significant digits, finer than any area's uncertainty (≳ 1 %). */
export const VALUE_DIGITS = 4;
/** Uncertainties: two significant digits. */
export const UNCERTAINTY_DIGITS = 2;
/** What stands for a value that does not exist (unreadable frame, no reading). */
export const MISSING = '–';

/** `value` to `digits` significant digits, grouped by thin spaces: 110 200, 5 345, 12.35, 0.01234. */
export function formatNumber(value: number, digits = VALUE_DIGITS): string {
  if (!Number.isFinite(value)) return MISSING;
  if (value === 0) return '0';
  const rounded = Number(value.toPrecision(digits));
  const magnitude = Math.floor(Math.log10(Math.abs(rounded)));
  const decimals = Math.min(20, Math.max(0, digits - 1 - magnitude));
  const [whole, fraction] = Math.abs(rounded).toFixed(decimals).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, THIN_SPACE);
  return `${rounded < 0 ? '−' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** "12.35 s", "5 345 nm²": a value with its unit. */
export function formatQuantity(value: number, unit: string, digits = VALUE_DIGITS): string {
  return Number.isFinite(value) ? `${formatNumber(value, digits)} ${unit}` : MISSING;
}

/** "5 345 ± 85 nm²": a value and its one-σ uncertainty in one unit. */
export function formatWithUncertainty(value: number, sigma: number | undefined, unit: string): string {
  if (!Number.isFinite(value)) return MISSING;
  if (sigma === undefined || !Number.isFinite(sigma)) return formatQuantity(value, unit);
  return `${formatNumber(value)} ± ${formatNumber(sigma, UNCERTAINTY_DIGITS)} ${unit}`;
}

/** An area in nm² (µm² from 1 µm² up), with its uncertainty when known. */
export function formatAreaNm2(areaNm2: number, sigmaNm2?: number): string {
  const { unit, scale } = areaUnitFor([areaNm2]);
  return formatWithUncertainty(areaNm2 * scale, sigmaNm2 === undefined ? undefined : sigmaNm2 * scale, unit);
}

/** A time in seconds: "12.00 s", "0.7500 s", "119.0 s". */
export function formatSeconds(seconds: number): string {
  return formatQuantity(seconds, 's');
}

/** A current with the prefix that suits it: "−3.215 nA". */
export function formatCurrent(amps: number): string {
  const { unit, scale } = currentUnitFor([amps]);
  return formatQuantity(amps * scale, unit);
}

/** A voltage: "−0.2000 V". */
export function formatVolts(volts: number): string {
  return formatQuantity(volts, 'V');
}
