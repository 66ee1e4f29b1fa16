// Damaged logs: non-finite readings, absurd times, over-long lines and too many columns are
// handled by the reader, once, and said in the notes; nothing throws an untyped error or hangs.

import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../../src/core/io/errors.ts';
import { parseLog } from '../../src/core/io/log/index.ts';
import { MAX_LOG_COLUMNS, MAX_LOG_LINE_CHARS, MAX_LOG_ROWS } from '../../src/core/io/log/table.ts';

const rows = (n: number, row: (i: number) => string) => Array.from({ length: n }, (_, i) => row(i));

describe('non-finite readings', () => {
  it('reads infinite values ("inf", "-Infinity", "1e999") as missing and names their lines', () => {
    const text = [
      'time_s,voltage_V,current_A',
      ...rows(
        10,
        (i) => `${i},${i === 3 ? 'inf' : i === 5 ? '1e999' : '-0.2'},${i === 7 ? '-Infinity' : '1e-9'}`,
      ),
    ].join('\n');
    const log = parseLog(text, 'inf.csv');
    const voltage = log.channels.find((c) => c.quantity === 'voltage');
    const current = log.channels.find((c) => c.quantity === 'current');
    expect(log.timeS).toHaveLength(10);
    expect(Array.from(voltage?.values ?? []).map(Number.isNaN)).toEqual(
      rows(10, (i) => String(i === 3 || i === 5)).map((v) => v === 'true'),
    );
    expect(Number.isNaN(current?.values[7])).toBe(true);
    expect(log.channels.every((c) => c.values.every((v) => Number.isNaN(v) || Number.isFinite(v)))).toBe(
      true,
    );
    expect(log.warnings).toContain('column "voltage_V": 2 infinite values read as missing (lines 5, 7)');
    expect(log.warnings).toContain('column "current_A": 1 infinite value read as missing (line 9)');
  });

  it('leaves out rows whose time is missing or infinite, keeping every channel aligned', () => {
    const text = ['time_s,voltage_V', '0,0', '1,-0.2', 'NaN,-0.2', 'inf,0.5', '4,-0.2', '5,0'].join('\n');
    const log = parseLog(text, 'gaps.csv');
    expect(Array.from(log.timeS)).toEqual([0, 1, 4, 5]);
    expect(Array.from(log.channels[0].values)).toEqual([0, -0.2, -0.2, 0]);
    expect(log.warnings).toContain('left out 2 rows without a finite time (lines 4, 5)');
  });

  it('refuses a log in which no row has a finite time, naming the file', () => {
    const text = ['time_s,voltage_V', 'inf,0', '1e999,-0.2', '-inf,0'].join('\n');
    expect(() => parseLog(text, 'no-time.csv')).toThrow(FileFormatError);
    expect(() => parseLog(text, 'no-time.csv')).toThrow(/^no-time\.csv: no row has a finite time/);
  });

  it('reads a time of 1e21 s beside a start clock without throwing, and drops the clock it cannot hold', () => {
    const text = [
      '# Start time: 2014-10-08 16:26:51',
      'time_s,voltage_V',
      '1e21,0',
      '1.0000001e21,-0.2',
    ].join('\n');
    const log = parseLog(text, 'far.csv');
    expect(log.timeS).toHaveLength(2);
    expect(log.startClock).toBeUndefined();
  });
});

describe('bounded reading', () => {
  it('skips a line longer than the limit unread and says so', () => {
    const long = `1,${'2,'.repeat(MAX_LOG_LINE_CHARS)}3`;
    const text = ['time_s,voltage_V', '0,0', long, '2,-0.2', '3,-0.2'].join('\n');
    const started = performance.now();
    const log = parseLog(text, 'long-line.csv');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(log.channels).toHaveLength(1);
    expect(Array.from(log.timeS)).toEqual([0, 2, 3]);
    expect(log.warnings).toContain(`skipped 1 line longer than ${MAX_LOG_LINE_CHARS} characters (line 3)`);
  });

  it('refuses a header followed by one 50 MB line with a typed error instead of hanging', () => {
    const text = `time_s,voltage_V\n${'0.1,'.repeat(12_500_000)}\n`;
    expect(() => parseLog(text, 'one-line.csv')).toThrow(FileFormatError);
  });

  it(`refuses a table wider than ${MAX_LOG_COLUMNS} columns rather than making a channel of each`, () => {
    const width = MAX_LOG_COLUMNS + 1;
    const text = rows(5, (r) => rows(width, (c) => String(r + c)).join(',')).join('\n');
    expect(() => parseLog(text, 'wide.csv')).toThrow(/^wide\.csv: no table of numbers found/);
  });
});

describe('long logs', () => {
  it(`refuses a log of more than ${MAX_LOG_ROWS} rows before splitting it, naming the file and the limit`, () => {
    const text = `time_s,voltage_V\n${'1,2\n'.repeat(MAX_LOG_ROWS + 1)}`;
    expect(() => parseLog(text, 'long.csv')).toThrow(
      /^long\.csv: 2,000,002 lines: more than the 2,000,000 rows a log may have/,
    );
  });

  it('reads the same rows whatever the line endings, with quoted cells holding the delimiter', () => {
    const lines = [
      '# holder log',
      'time_s,voltage_V,comment',
      '0,0,"start, rest"',
      '1,-0.2,',
      '2,-0.25,"x, y"',
    ];
    const read = (eol: string) => parseLog(lines.join(eol), 'eol.csv');
    const unix = read('\n');
    expect(Array.from(unix.timeS)).toEqual([0, 1, 2]);
    expect(unix.notes).toContain('holder log');
    expect(unix.notes).toContain('line 3: start, rest');
    expect(unix.notes).toContain('line 5: x, y');
    for (const eol of ['\r\n', '\r']) {
      const other = read(eol);
      expect(Array.from(other.timeS)).toEqual(Array.from(unix.timeS));
      expect(other.channels.map((c) => Array.from(c.values))).toEqual(
        unix.channels.map((c) => Array.from(c.values)),
      );
      expect(other.notes).toEqual(unix.notes);
    }
  });
});

describe('times that go backwards', () => {
  it('leaves out the rows whose time goes back before an earlier row, and says which', () => {
    const text = ['time_s,voltage_V', '0,0', '1,-0.2', '2,-0.2', '1.5,0.3', '0.5,0.3', '3,0', '4,0'].join(
      '\n',
    );
    const log = parseLog(text, 'backwards.csv');
    expect(Array.from(log.timeS)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(log.channels[0].values)).toEqual([0, -0.2, -0.2, 0, 0]);
    expect(log.warnings).toEqual([
      "left out 2 rows whose time goes back before an earlier row's (lines 5, 6)",
    ]);
  });

  it('has no warnings for a clean log', () => {
    expect(parseLog('time_s,voltage_V\n0,0\n1,-0.2\n', 'clean.csv').warnings).toEqual([]);
  });
});
