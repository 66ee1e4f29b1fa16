import { describe, expect, it } from 'vitest';
import {
  formatAreaNm2,
  formatCurrent,
  formatNumber,
  formatSeconds,
  formatWithUncertainty,
} from '../../src/core/series/number-format.ts';

const T = '\u2009';

describe('number format', () => {
  it('writes four significant digits grouped by thin spaces, never in exponent form', () => {
    expect(formatNumber(110156)).toBe(`110${T}200`);
    expect(formatNumber(5345.3)).toBe(`5${T}345`);
    expect(formatNumber(12.3456)).toBe('12.35');
    expect(formatNumber(0.000123456)).toBe('0.0001235');
    expect(formatNumber(1.2e9)).toBe(`1${T}200${T}000${T}000`);
    expect(formatNumber(-0.2)).toBe('−0.2000');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(Number.NaN)).toBe('–');
  });

  it('rounds up across a power of ten without gaining a digit', () => {
    expect(formatNumber(9999.7)).toBe(`10${T}000`);
    expect(formatNumber(0.099996)).toBe('0.1000');
  });

  it('writes a value with its uncertainty in one unit, the uncertainty to two digits', () => {
    expect(formatWithUncertainty(5345.3, 84.7, 'nm²')).toBe(`5${T}345 ± 85 nm²`);
    expect(formatWithUncertainty(5345.3, undefined, 'px²')).toBe(`5${T}345 px²`);
    expect(formatWithUncertainty(Number.NaN, 3, 'px²')).toBe('–');
  });

  it('chooses the SI prefix from the value', () => {
    expect(formatAreaNm2(110156, 210)).toBe(`110${T}200 ± 210 nm²`);
    expect(formatAreaNm2(2.5e6, 1.2e4)).toBe('2.500 ± 0.012 µm²');
    expect(formatCurrent(-3.2149e-9)).toBe('−3.215 nA');
    expect(formatSeconds(12)).toBe('12.00 s');
  });
});
