import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { inspectLog, textLogFormat } from '../../src/core/io/log/index.ts';
import type { LogSeries } from '../../src/core/io/types.ts';
import { fixtureBlob, fixturePath } from '../helpers/paths.ts';

const CSV = 'rosettasciio/insitu/protochips_electrical.csv';
const NPY = 'rosettasciio/insitu/protochips_electrical.npy';

/** Minimal .npy reader for the reference array: float64 little-endian, C or Fortran order. */
function readNpy(bytes: Uint8Array): { shape: number[]; at: (row: number, col: number) => number } {
  expect(Array.from(bytes.subarray(0, 6))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder('latin1').decode(bytes.subarray(headerStart, headerStart + headerLength));
  expect(header).toMatch(/'descr':\s*'<f8'/);
  const fortran = /'fortran_order':\s*True/.test(header);
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  const dataStart = headerStart + headerLength;
  const [rows, cols] = shape;
  const at = (row: number, col: number) =>
    view.getFloat64(dataStart + 8 * (fortran ? col * rows + row : row * cols + col), true);
  return { shape, at };
}

describe('Protochips electrical log (real file)', () => {
  let series: LogSeries;
  beforeAll(async () => {
    series = await textLogFormat.open(await fixtureBlob(CSV), 'protochips_electrical.csv');
  });

  it('has 154 data rows, time 0…15.276 s and the start clock of its notes', () => {
    expect(series.name).toBe('protochips_electrical.csv');
    expect(series.timeS.length).toBe(154);
    expect(series.timeS[0]).toBe(0);
    expect(series.timeS[1]).toBe(0.147);
    expect(series.timeS[153]).toBe(15.276);
    expect(series.startClock).toBe('2014-10-08T16:26:51.738');
  });

  it('keeps the column names and the metadata rows as notes', () => {
    expect(series.columns).toEqual([
      'Time',
      'Notes',
      'Channel A Current',
      'Channel A Voltage',
      'Channel A Resistance',
      'Channel B Current',
      'Channel B Voltage',
      'Channel B Resistance',
    ]);
    expect(series.notes).toContain('Time units = Milliseconds');
    expect(series.notes).toContain('Date (yyyy.mm.dd) = 2014.10.08');
    expect(series.notes).toContain('Current units = Amps');
    expect(series.notes.some((n) => /malformed/.test(n))).toBe(false);
  });

  it('reads six channels, A then B, in SI units', () => {
    expect(series.channels.map((c) => [c.id, c.column, c.quantity, c.unit, c.group])).toEqual([
      ['A.current', 'Channel A Current', 'current', 'A', 'A'],
      ['A.voltage', 'Channel A Voltage', 'voltage', 'V', 'A'],
      ['A.resistance', 'Channel A Resistance', 'resistance', 'Ω', 'A'],
      ['B.current', 'Channel B Current', 'current', 'A', 'B'],
      ['B.voltage', 'Channel B Voltage', 'voltage', 'V', 'B'],
      ['B.resistance', 'Channel B Resistance', 'resistance', 'Ω', 'B'],
    ]);
  });

  it('equals the reference array protochips_electrical.npy (154 × 6, same column order)', () => {
    const reference = readNpy(new Uint8Array(readFileSync(fixturePath(NPY))));
    expect(reference.shape).toEqual([154, 6]);
    let nans = 0;
    series.channels.forEach((channel, col) => {
      expect(channel.values.length).toBe(154);
      for (let row = 0; row < 154; row++) {
        const expected = reference.at(row, col);
        const actual = channel.values[row];
        if (Number.isNaN(expected)) {
          expect(actual, `row ${row} column ${col}`).toBeNaN();
          nans++;
        } else {
          expect(Math.abs(actual - expected), `row ${row} column ${col}`).toBeLessThanOrEqual(
            1e-12 * Math.abs(expected),
          );
        }
      }
    });
    expect(nans).toBe(156); // 2 in A resistance, all 154 of B resistance
  });

  it('reports each column with its role, unit and group for the mapping dialog', async () => {
    const text = await (await fixtureBlob(CSV)).text();
    const inspection = inspectLog(text, 'protochips_electrical.csv');
    expect(inspection.delimiter).toBe(',');
    expect(inspection.hasHeader).toBe(true);
    expect(inspection.rowCount).toBe(154);
    expect(inspection.columns.map((c) => [c.name, c.role, c.unit, c.siUnit, c.group])).toEqual([
      ['Time', 'time', 'Milliseconds', 's', undefined],
      ['Notes', 'ignore', undefined, '', undefined],
      ['Channel A Current', 'current', 'Amps', 'A', 'A'],
      ['Channel A Voltage', 'voltage', 'Volts', 'V', 'A'],
      ['Channel A Resistance', 'resistance', 'Ohms', 'Ω', 'A'],
      ['Channel B Current', 'current', 'Amps', 'A', 'B'],
      ['Channel B Voltage', 'voltage', 'Volts', 'V', 'B'],
      ['Channel B Resistance', 'resistance', 'Ohms', 'Ω', 'B'],
    ]);
  });
});
