import { describe, expect, it } from 'vitest';
import {
  classifyCell,
  formatClock,
  parseClock,
  parseColumnName,
  parseLog,
  parseNumberCell,
  parseUnit,
} from '../../src/core/io/log/index.ts';

const MICRO_SIGN = '\u00b5';
const GREEK_MU = '\u03bc';

describe('units', () => {
  it.each([
    ['V', 'voltage', 1],
    ['mV', 'voltage', 1e-3],
    [`${MICRO_SIGN}V`, 'voltage', 1e-6],
    ['Volts', 'voltage', 1],
    ['A', 'current', 1],
    ['mA', 'current', 1e-3],
    [`${MICRO_SIGN}A`, 'current', 1e-6],
    [`${GREEK_MU}A`, 'current', 1e-6],
    ['uA', 'current', 1e-6],
    ['nA', 'current', 1e-9],
    ['pA', 'current', 1e-12],
    ['Amps', 'current', 1],
    ['Ohms', 'resistance', 1],
    ['Ω', 'resistance', 1],
    ['\u2126', 'resistance', 1],
    ['kOhm', 'resistance', 1e3],
    ['MΩ', 'resistance', 1e6],
    ['s', 'time', 1],
    ['ms', 'time', 1e-3],
    ['Milliseconds', 'time', 1e-3],
    ['min', 'time', 60],
    ['h', 'time', 3600],
    ['Degrees C', 'temperature', 1],
  ] as const)('%s is %s × %d', (text, quantity, factor) => {
    const unit = parseUnit(text);
    expect(unit?.quantity).toBe(quantity);
    expect((unit?.scale ?? Number.NaN) / (unit?.divisor ?? 1) / factor).toBeCloseTo(1, 12);
  });

  it('tells milli from mega and refuses what it does not know', () => {
    expect(parseUnit('MA')).toBeUndefined();
    expect(parseUnit('mOhm')?.scale).toBe(1);
    expect(parseUnit('mOhm')?.divisor).toBe(1000);
    expect(parseUnit('furlongs')).toBeUndefined();
    expect(parseUnit('')).toBeUndefined();
    expect(parseUnit('K')?.offset).toBeCloseTo(-273.15, 12);
  });

  it.each([
    ['Bias [mV]', 'voltage', 'V', 0.25, 0.25e-3],
    ['Current (nA)', 'current', 'A', 1.5, 1.5e-9],
    [`I [${MICRO_SIGN}A]`, 'current', 'A', 2, 2e-6],
    [`I [${GREEK_MU}A]`, 'current', 'A', 2, 2e-6],
    ['I [uA]', 'current', 'A', 2, 2e-6],
    ['I (pA)', 'current', 'A', 3, 3e-12],
    [`U (${GREEK_MU}V)`, 'voltage', 'V', 4, 4e-6],
    ['Resistance (kOhm)', 'resistance', 'Ω', 2.2, 2200],
    ['Temperature (K)', 'temperature', '°C', 300, 300 - 273.15],
    ['I/nA', 'current', 'A', 1, 1e-9],
    ['V_mV', 'voltage', 'V', 1, 1e-3],
  ] as const)('column "%s" is read as %s in %s', (name, quantity, unit, raw, si) => {
    const series = parseLog(`Time (s),${name}\n0,${raw}\n1,${raw}\n`, 'units.csv');
    const channel = series.channels[0];
    expect([channel.quantity, channel.unit, channel.column]).toEqual([quantity, unit, name]);
    expect(channel.values[0]).toBeCloseTo(si, 12);
    expect(Math.abs(channel.values[0] - si)).toBeLessThanOrEqual(1e-12 * Math.abs(si));
  });

  it('reads time in ms, min and h to seconds', () => {
    expect(Array.from(parseLog('Elapsed Time [ms],V\n100,0\n350,0\n', 'a.csv').timeS)).toEqual([0, 0.25]);
    expect(Array.from(parseLog('time (min),V\n1,0\n2.5,0\n', 'b.csv').timeS)).toEqual([0, 90]);
    expect(Array.from(parseLog('t [h],V\n0,0\n0.5,0\n', 'c.csv').timeS)).toEqual([0, 1800]);
  });
});

describe('column names', () => {
  it.each([
    ['Time', { base: 'Time' }],
    ['time (s)', { base: 'time', unit: 's' }],
    ['Elapsed Time [ms]', { base: 'Elapsed Time', unit: 'ms' }],
    ['Channel A Current', { base: 'Current', group: 'A' }],
    ['Channel B Voltage (Volts)', { base: 'Voltage', unit: 'Volts', group: 'B' }],
    ['Voltage_B', { base: 'Voltage', group: 'B' }],
    ['Current A', { base: 'Current', group: 'A' }],
    ['ch1 bias/mV', { base: 'bias', unit: 'mV', group: '1' }],
    ['I2 (nA)', { base: 'I', unit: 'nA', group: '2' }],
    ['Current_A', { base: 'Current', unit: 'A' }],
    ['Time (hh:mm:ss.ms)', { base: 'Time', clockHint: true }],
  ])('%s', (name, expected) => {
    expect(parseColumnName(name)).toEqual({
      clockHint: false,
      unit: undefined,
      group: undefined,
      ...expected,
    });
  });
});

describe('cells', () => {
  it('parses numbers with a decimal point or comma, and missing values as NaN', () => {
    expect(parseNumberCell('-6.91414E-13')).toBe(-6.91414e-13);
    expect(parseNumberCell('0,25')).toBe(0.25);
    expect(parseNumberCell('0,25', false)).toBeUndefined();
    expect(parseNumberCell('1,234,567')).toBeUndefined();
    expect(parseNumberCell('NaN')).toBeNaN();
    expect(parseNumberCell('')).toBeNaN();
    expect(parseNumberCell('n/a')).toBeNaN();
    expect(parseNumberCell('-inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(parseNumberCell('0x10')).toBeUndefined();
    expect(classifyCell('2014.10.08')).toBe('date');
    expect(classifyCell('Notes')).toBe('text');
  });

  it.each([
    ['16:26:51.738', undefined, 59211.738],
    ['4:26:51 PM', undefined, 59211],
    ['12:00:01 AM', undefined, 1],
    ['2014-10-08 16:26:51.738', '2014-10-08T16:26:51.738', 59211.738],
    ['2014-10-08T16:26:51Z', '2014-10-08T16:26:51', 59211],
    ['2014-10-08T16:26:51+02:00', '2014-10-08T16:26:51', 59211],
    ['10/08/2014 4:26:51 PM', '2014-10-08T16:26:51', 59211],
    ['25/08/2014 16:26:51', '2014-08-25T16:26:51', 59211],
    ['08.10.2014 16:26:51,5', '2014-10-08T16:26:51.500', 59211.5],
  ])('clock %s', (cell, iso, seconds) => {
    const clock = parseClock(cell);
    expect(clock?.seconds).toBeCloseTo(seconds, 9);
    if (iso) expect(formatClock(clock?.day, clock?.seconds ?? 0)).toBe(iso);
    else expect(clock?.day).toBeUndefined();
  });

  it('rejects impossible clocks', () => {
    expect(parseClock('25:00:00')).toBeUndefined();
    expect(parseClock('2014-13-01 10:00:00')).toBeUndefined();
    expect(parseClock('13:00:00 PM')).toBeUndefined();
  });

  it('counts clock time across midnight and across dates', () => {
    const noDate = parseLog('Time,V\n23:59:59.5,1\n00:00:00.5,2\n00:00:01.5,3\n', 'midnight.csv');
    expect(Array.from(noDate.timeS)).toEqual([0, 1, 2]);
    expect(noDate.startClock).toBe('23:59:59.500');
    const dated = parseLog('Date;Time;U\n08.10.2014;23:59:59;1\n09.10.2014;00:00:01;2\n', 'dated.csv');
    expect(Array.from(dated.timeS)).toEqual([0, 2]);
    expect(dated.startClock).toBe('2014-10-08T23:59:59');
    const us = parseLog('10/08/2014 4:26:51 PM  0.1  1e-9\n10/08/2014 4:26:53 PM  0.2  2e-9\n', 'us.txt');
    expect(Array.from(us.timeS)).toEqual([0, 2]);
    expect(us.startClock).toBe('2014-10-08T16:26:51');
    expect(us.channels.map((c) => c.id)).toEqual(['voltage', 'current']);
  });
});
