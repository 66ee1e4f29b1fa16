import { describe, expect, it } from 'vitest';
import {
  ColumnMappingError,
  guessColumns,
  inspectLog,
  mappingFromGuesses,
  parseColumnMapping,
  parseLog,
  readLog,
} from '../../src/core/io/log/index.ts';

const HEADERLESS = '0\t0.10\t5\n1\t0.20\t6\n2\t0.30\t7\n';

describe('column roles and re-mapping', () => {
  it('guesses a header-less table as time, voltage, current in file order', () => {
    expect(guessColumns(HEADERLESS, 'plain.tsv').map((c) => [c.name, c.role, c.siUnit])).toEqual([
      ['column 1', 'time', 's'],
      ['column 2', 'voltage', 'V'],
      ['column 3', 'current', 'A'],
    ]);
  });

  it('reads the series and the columns in one pass, as parseLog and guessColumns give them apart', () => {
    const mapping = { columns: { 'column 3': { role: 'voltage' as const, unit: 'mV' } } };
    for (const m of [undefined, mapping]) {
      const { series, columns } = readLog(HEADERLESS, 'plain.tsv', m);
      expect(series).toEqual(parseLog(HEADERLESS, 'plain.tsv', m));
      expect(columns).toEqual(guessColumns(HEADERLESS, 'plain.tsv', m));
    }
  });

  it('a mapping changes which column is the voltage, and its unit', () => {
    const mapping = {
      columns: {
        'column 2': { role: 'other' as const },
        'column 3': { role: 'voltage' as const, unit: 'mV' },
      },
    };
    const series = parseLog(HEADERLESS, 'plain.tsv', mapping);
    const voltage = series.channels.find((c) => c.quantity === 'voltage');
    expect(voltage?.column).toBe('column 3');
    expect(Array.from(voltage?.values ?? [])).toEqual([0.005, 0.006, 0.007]);
    expect(series.channels.map((c) => c.id)).toEqual(['column_2', 'voltage']);
    expect(guessColumns(HEADERLESS, 'plain.tsv', mapping).map((c) => c.role)).toEqual([
      'time',
      'other',
      'voltage',
    ]);
  });

  it('a mapping can move the time axis and override layout detection', () => {
    const series = parseLog(HEADERLESS, 'plain.tsv', {
      columns: { 'column 1': { role: 'ignore' }, 'column 3': { role: 'time', unit: 'ms' } },
    });
    expect(Array.from(series.timeS)).toEqual([0, 0.001, 0.002]);
    const header = parseLog('a,b\n0,1\n1,2\n', 'x.csv', { columns: {}, header: false });
    expect(header.columns).toEqual(['column 1', 'column 2']);
    expect(header.notes).toContain('a,b');
  });

  it('the mapping built from the guesses is plain JSON and reproduces the same series', () => {
    const text = 'Time [ms];Voltage A (mV);Voltage B (mV)\n0;1;2\n10;3;4\n';
    const mapping = mappingFromGuesses(guessColumns(text, 'ab.csv'));
    const roundTripped = parseColumnMapping(JSON.parse(JSON.stringify(mapping)));
    expect(roundTripped).toEqual(mapping);
    expect(parseLog(text, 'ab.csv', roundTripped)).toEqual(parseLog(text, 'ab.csv'));
  });

  it('rejects a malformed mapping with a typed error', () => {
    expect(() => parseColumnMapping({ columns: { Time: { role: 'speed' } } })).toThrow(ColumnMappingError);
    expect(() => parseColumnMapping({ columns: 'Time' })).toThrow(/invalid column mapping/);
    expect(() => parseLog(HEADERLESS, 'plain.tsv', { columns: { x: { role: 'nope' } } } as never)).toThrow(
      ColumnMappingError,
    );
  });

  it('notes mapping entries for columns the log does not have', () => {
    const series = parseLog(HEADERLESS, 'plain.tsv', { columns: { Bias: { role: 'voltage' } } });
    expect(series.notes.join('\n')).toMatch(/"Bias", which the log does not have/);
  });
});

describe('channel groups', () => {
  it('keeps holder channels apart with unique ids', () => {
    const text = 'Time,Voltage A,Current A,Voltage B,Current B,Power\n0,1,2,3,4,5\n1,1,2,3,4,5\n';
    const series = parseLog(text, 'groups.csv');
    expect(series.channels.map((c) => [c.id, c.group ?? null, c.quantity])).toEqual([
      ['A.voltage', 'A', 'voltage'],
      ['A.current', 'A', 'current'],
      ['B.voltage', 'B', 'voltage'],
      ['B.current', 'B', 'current'],
      ['power', null, 'other'],
    ]);
  });

  it('numbers channels written ch1/ch2 and de-duplicates repeated roles', () => {
    const text = 't/s,ch1 bias/V,ch2 bias/V,I (nA),I (nA)\n0,1,2,3,4\n1,1,2,3,4\n';
    const series = parseLog(text, 'ch.csv');
    expect(series.columns).toEqual(['t/s', 'ch1 bias/V', 'ch2 bias/V', 'I (nA)', 'I (nA) (2)']);
    expect(series.channels.map((c) => c.id)).toEqual(['1.voltage', '2.voltage', 'current', 'current.2']);
    expect(new Set(series.channels.map((c) => c.id)).size).toBe(series.channels.length);
  });

  it('reports layout details for the mapping dialog', () => {
    const inspection = inspectLog('# comment\nTime;U\n0;0,5\n1;0,7\n', 'layout.csv');
    expect(inspection).toMatchObject({ delimiter: ';', decimalComma: true, hasHeader: true, rowCount: 2 });
    expect(inspection.columns[1]).toMatchObject({
      name: 'U',
      kind: 'number',
      role: 'voltage',
      samples: ['0,5', '0,7'],
    });
  });
});
