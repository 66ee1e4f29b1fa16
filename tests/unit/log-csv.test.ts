import { describe, expect, it } from 'vitest';
import { logToAlignedCsv } from '../../src/core/export/log-csv.ts';
import type { LogSeries } from '../../src/core/io/types.ts';

describe('logToAlignedCsv', () => {
  it('writes both clocks and every channel in SI units', () => {
    const log: LogSeries = {
      name: 'bias.csv',
      timeS: Float64Array.from([0, 1, 2]),
      channels: [
        {
          id: 'A.voltage',
          column: 'V',
          quantity: 'voltage',
          unit: 'V',
          values: Float64Array.from([0, -0.2, -0.2]),
        },
        {
          id: 'A.current',
          column: 'I',
          quantity: 'current',
          unit: 'A',
          values: Float64Array.from([0, -3e-9, Number.NaN]),
        },
      ],
      columns: ['t', 'V', 'I'],
      notes: [],
    };
    const lines = logToAlignedCsv(log, { offsetS: 10, rate: 1, source: 'manual' }).trim().split('\n');
    expect(lines[0]).toBe('time_log_s,time_movie_s,A.voltage_V,A.current_A');
    // The log started 10 s before the movie: log 0 s is movie −10 s.
    expect(lines[1]).toBe('0,-10,0,0');
    expect(lines[2]).toBe('1,-9,-0.2,-3e-9');
    expect(lines[3]).toBe('2,-8,-0.2,');
  });
});
