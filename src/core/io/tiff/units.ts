import type { Calibration } from '../types.ts';

/** Nanometres per unit, for every length unit a microscope file may use. */
const LENGTH_NM: Record<string, number> = {
  pm: 1e-3,
  Å: 0.1,
  nm: 1,
  µm: 1e3,
  mm: 1e6,
  cm: 1e7,
  m: 1e9,
  inch: 2.54e7,
};

const UNIT_ALIASES: Record<string, string> = {
  micron: 'µm',
  microns: 'µm',
  um: 'µm',
  '\u03bcm': 'µm', // Greek small letter mu, as opposed to the micro sign
  micrometer: 'µm',
  micrometre: 'µm',
  nanometer: 'nm',
  nanometre: 'nm',
  a: 'Å',
  '\u212b': 'Å', // the angstrom sign, as opposed to the letter
  angstrom: 'Å',
  picometer: 'pm',
  millimeter: 'mm',
  millimetre: 'mm',
  centimeter: 'cm',
  meter: 'm',
  metre: 'm',
  in: 'inch',
  inches: 'inch',
};

/**
 * Normalises a unit as files spell it ("micron", "um", "\u00B5m", Latin-1 "µm") to the
 * workbench's spelling ("µm"). Returns undefined for "pixel" and empty units: no calibration.
 */
export function normaliseUnit(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const unit = raw.replace(/\\u00b5/gi, 'µ').trim();
  if (unit === '' || /^pixels?$/i.test(unit) || unit === 'px') return undefined;
  return UNIT_ALIASES[unit.toLowerCase()] ?? UNIT_ALIASES[unit] ?? unit;
}

export function nmPerUnit(unit: string): number | undefined {
  return LENGTH_NM[unit];
}

/** Seconds per unit for time units ("s", "sec", "ms", "min", ...); undefined when not a time. */
export function secondsPerUnit(raw: string | undefined): number | undefined {
  const unit = (raw ?? '')
    .replace(/\\u00b5/gi, 'µ')
    .trim()
    .toLowerCase();
  if (['s', 'sec', 'secs', 'second', 'seconds'].includes(unit)) return 1;
  if (['ms', 'msec', 'millisecond', 'milliseconds'].includes(unit)) return 1e-3;
  if (['us', 'µs', '\u03bcs', 'usec', 'microsecond', 'microseconds'].includes(unit)) return 1e-6;
  if (['ns', 'nanosecond', 'nanoseconds'].includes(unit)) return 1e-9;
  if (['min', 'mins', 'minute', 'minutes'].includes(unit)) return 60;
  if (['h', 'hr', 'hrs', 'hour', 'hours'].includes(unit)) return 3600;
  return undefined;
}

/**
 * Builds a calibration; `pixelSizeNm` is filled in whenever the unit is a length. Sizes are taken
 * as the file gives them: whether they are plausible is decided, with a warning, for every reader
 * alike by `withPlausibleScales` (core/io/plausible-scales.ts).
 */
export function makeCalibration(
  pixelSizeX: number,
  pixelSizeY: number,
  unit: string,
  offsetX?: number,
  offsetY?: number,
): Calibration {
  const calibration: Calibration = { pixelSizeX, pixelSizeY, unit };
  const nm = nmPerUnit(unit);
  if (nm !== undefined) {
    calibration.pixelSizeNm = pixelSizeX * nm;
    calibration.pixelSizeYNm = pixelSizeY * nm;
  }
  // `|| 0` turns DM's -0.0 into 0.
  if (offsetX !== undefined && Number.isFinite(offsetX)) calibration.offsetX = offsetX || 0;
  if (offsetY !== undefined && Number.isFinite(offsetY)) calibration.offsetY = offsetY || 0;
  return calibration;
}

/**
 * A calibration from sizes in nanometres, shown in the unit that keeps the number readable
 * (1.4208 nm, 3.3724 µm) because files that store metres or centimetres give no better choice.
 */
export function calibrationFromNm(xNm: number, yNm: number): Calibration {
  const unit = xNm < 1e3 ? 'nm' : xNm < 1e6 ? 'µm' : 'mm';
  const factor = LENGTH_NM[unit];
  return makeCalibration(xNm / factor, yNm / factor, unit);
}
