import { describe, expect, it } from 'vitest';
import { inspectLog, parseLog } from '../../src/core/io/log/index.ts';
import type { LogSeries } from '../../src/core/io/types.ts';

/** Ground truth: 20 rows, 0.5 s apart, voltage in V, current in A. */
const N = 20;
const TIME = Array.from({ length: N }, (_, i) => 0.5 * i);
const VOLTS = Array.from({ length: N }, (_, i) => (i % 7) * 0.125 - 0.25);
const AMPS = Array.from({ length: N }, (_, i) => (i + 1) * 1.5e-9);

type Delim = ',' | ';' | '\t' | 'whitespace';
type TimeStyle = 's' | 'ms' | 'clock';

interface Variant {
  delimiter: Delim;
  header: boolean;
  decimal: '.' | ',';
  time: TimeStyle;
}

/** A clock starting 5 s before midnight, so the clock variants cross it. */
function clockAt(seconds: number): string {
  const total = 23 * 3600 + 59 * 60 + 55.5 + seconds;
  const s = total % 86400;
  const pad = (n: number, w = 2) => String(Math.floor(n)).padStart(w, '0');
  return `${pad(s / 3600)}:${pad((s % 3600) / 60)}:${pad(s % 60)}.${pad(Math.round((s % 1) * 1000), 3)}`;
}

function writeLog(v: Variant): string {
  const sep = v.delimiter === 'whitespace' ? '   ' : v.delimiter;
  const num = (x: number) => {
    const text = String(x);
    if (v.decimal === '.') return text;
    const comma = text.replace('.', ',');
    // A decimal comma in a comma-separated file must be quoted.
    return v.delimiter === ',' && comma.includes(',') ? `"${comma}"` : comma;
  };
  const lines: string[] = [];
  if (v.header) {
    const time =
      v.time === 'clock' ? 'Time (hh:mm:ss.ms)' : v.time === 'ms' ? 'Elapsed Time [ms]' : 'time (s)';
    lines.push([time, 'Bias [mV]', 'Current (nA)'].join(sep));
  } else if (v.time === 'ms') {
    lines.push('Time units = Milliseconds');
  }
  for (let i = 0; i < N; i++) {
    const t = v.time === 'clock' ? clockAt(TIME[i]) : v.time === 'ms' ? num(TIME[i] * 1000) : num(TIME[i]);
    const volts = v.header ? num(VOLTS[i] * 1000) : num(VOLTS[i]);
    const amps = v.header ? num(AMPS[i] * 1e9) : num(AMPS[i]);
    lines.push([t, volts, amps].join(sep));
  }
  return `${lines.join('\n')}\n`;
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tolerance = 1e-12 * Math.max(Math.abs(expected[i]), 1e-300) + 1e-9 * (what === 'time' ? 1 : 0);
    expect(Math.abs(actual[i] - expected[i]), `${what}[${i}]`).toBeLessThanOrEqual(tolerance);
  }
}

function channel(series: LogSeries, id: string) {
  const found = series.channels.find((c) => c.id === id);
  if (!found) throw new Error(`no channel ${id} in ${series.channels.map((c) => c.id).join(', ')}`);
  return found;
}

const variants: Variant[] = [];
for (const delimiter of [',', ';', '\t', 'whitespace'] as const) {
  for (const header of [true, false]) {
    for (const decimal of ['.', ','] as const) {
      for (const time of ['s', 'ms', 'clock'] as const) variants.push({ delimiter, header, decimal, time });
    }
  }
}

describe('generated logs: delimiter × header × decimal mark × time format', () => {
  it.each(variants)('%o', (v) => {
    const series = parseLog(writeLog(v), 'generated.txt');
    expectClose(series.timeS, TIME, 'time');
    expect(series.channels.map((c) => [c.id, c.quantity, c.unit])).toEqual([
      ['voltage', 'voltage', 'V'],
      ['current', 'current', 'A'],
    ]);
    expectClose(channel(series, 'voltage').values, VOLTS, 'voltage');
    expectClose(channel(series, 'current').values, AMPS, 'current');
    expect(series.startClock).toBe(v.time === 'clock' ? '23:59:55.500' : undefined);
    expect(series.columns).toHaveLength(3);
    if (!v.header) expect(series.columns).toEqual(['column 1', 'column 2', 'column 3']);
    const inspection = inspectLog(writeLog(v), 'generated.txt');
    expect(inspection.delimiter).toBe(v.delimiter);
    expect(inspection.hasHeader).toBe(v.header);
    expect(inspection.decimalComma).toBe(v.decimal === ',' || v.delimiter !== ',');
  });
});

describe('text details', () => {
  const plain = 'Time (s),Voltage (V),Current (A)\n0,0.1,1e-9\n1,0.2,2e-9\n2,0.3,3e-9\n';

  it('ignores a byte-order mark, Windows line endings and trailing blank lines', () => {
    const messy = `\uFEFF${plain.replace(/\n/g, '\r\n')}\r\n\r\n   \r\n`;
    const series = parseLog(messy, 'messy.csv');
    expect(series.columns[0]).toBe('Time (s)');
    expect(Array.from(series.timeS)).toEqual([0, 1, 2]);
    expect(Array.from(channel(series, 'current').values)).toEqual([1e-9, 2e-9, 3e-9]);
    expect(series.notes).toEqual([]);
  });

  it('reads units and a start time from notes lines and comments, and keeps them', () => {
    const text = [
      '# Holder log, sample 12',
      'Operator: J. Doe',
      'Start time = 2014-10-08 16:26:51.738',
      'Current units = Microamps',
      'Voltage units: mV',
      'Time units = Minutes',
      'Time\tBias\tCurrent',
      '0\t100\t1,5',
      '0,5\t200\t2,5',
      '// end of run',
    ].join('\n');
    const series = parseLog(text, 'notes.tsv');
    expect(Array.from(series.timeS)).toEqual([0, 30]);
    expect(Array.from(channel(series, 'voltage').values)).toEqual([0.1, 0.2]);
    expectClose(channel(series, 'current').values, [1.5e-6, 2.5e-6], 'current');
    expect(series.startClock).toBe('2014-10-08T16:26:51.738');
    expect(series.notes).toEqual([
      'Holder log, sample 12',
      'Operator: J. Doe',
      'Start time = 2014-10-08 16:26:51.738',
      'Current units = Microamps',
      'Voltage units: mV',
      'Time units = Minutes',
      'end of run',
    ]);
  });

  it('reads NaN and empty cells as NaN and skips short rows, naming their lines', () => {
    const text = 'Time,Voltage,Current\n0,0.1,1e-9\n1,NaN,\n2,0.3\n3\n4,0.5,5e-9\n';
    const series = parseLog(text, 'gaps.csv');
    expect(Array.from(series.timeS)).toEqual([0, 1, 4]);
    expect(channel(series, 'voltage').values[1]).toBeNaN();
    expect(channel(series, 'current').values[1]).toBeNaN();
    expect(series.warnings).toContain('skipped 2 malformed rows (lines 4, 5)');
  });

  it('uses the row number as time when there is no time column, and says so', () => {
    const series = parseLog('Voltage (V);Current (mA)\n0,1;2\n0,2;4\n0,3;8\n', 'no-time.csv');
    expect(Array.from(series.timeS)).toEqual([0, 1, 2]);
    expect(Array.from(channel(series, 'current').values)).toEqual([0.002, 0.004, 0.008]);
    expect(series.notes.join('\n')).toMatch(/no time column/);
  });

  it('takes the first row as time zero and keeps its clock offset in startClock', () => {
    const text = 'Start = 2014-10-08 23:59:59\nTime [s],U [V]\n2.5,0\n3.5,1\n';
    const series = parseLog(text, 'offset.csv');
    expect(Array.from(series.timeS)).toEqual([0, 1]);
    expect(series.startClock).toBe('2014-10-09T00:00:01.500');
  });
  it('joins a second header row of units to the names', () => {
    const series = parseLog('Time,Bias,Current\ns,mV,nA\n0,100,1\n1,200,2\n', 'units-row.csv');
    expect(series.columns).toEqual(['Time (s)', 'Bias (mV)', 'Current (nA)']);
    expect(Array.from(channel(series, 'voltage').values)).toEqual([0.1, 0.2]);
    expect(Array.from(channel(series, 'current').values)).toEqual([1e-9, 2e-9]);
  });

  it('keeps "key: value" lines around a two-column table out of the data', () => {
    const series = parseLog('Points: 2\nRate: 10\n0 1\n1 2\nEnd time = 16:27:00\n', 'kv.txt');
    expect(Array.from(series.timeS)).toEqual([0, 1]);
    expect(series.notes).toEqual(['Points: 2', 'Rate: 10', 'End time = 16:27:00']);
  });

  it('takes the start clock from a clock column beside a numeric time', () => {
    const text = 'Time [ms],Clock,V\n500,2014-10-08 16:26:51.738,1\n1500,2014-10-08 16:26:52.738,2\n';
    const series = parseLog(text, 'clock-col.csv');
    expect(Array.from(series.timeS)).toEqual([0, 1]);
    expect(series.startClock).toBe('2014-10-08T16:26:51.738');
    expect(series.channels.map((c) => c.id)).toEqual(['voltage']);
  });

  it('keeps remarks of a text column as notes and ignores a trailing delimiter', () => {
    const text = 'Time,V,Event,\n0,1,,\n1,2,bias on,\n2,3,,\n';
    const series = parseLog(text, 'events.csv');
    expect(series.channels.map((c) => c.id)).toEqual(['voltage']);
    expect(series.notes).toContain('line 3: bias on');
  });
});
