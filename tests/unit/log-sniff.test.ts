import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../../src/core/io/errors.ts';
import { MAX_LOG_BYTES, parseLog, textLogFormat } from '../../src/core/io/log/index.ts';
import { fixturePath } from '../helpers/paths.ts';

const CSV = fixturePath('rosettasciio/insitu/protochips_electrical.csv');

async function failure(promise: Promise<unknown>): Promise<FileFormatError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FileFormatError);
  return error as FileFormatError;
}

describe('textLogFormat.sniff', () => {
  it('recognises the Protochips CSV', () => {
    const head = new Uint8Array(readFileSync(CSV).subarray(0, 4096));
    expect(textLogFormat.sniff(head, 'protochips_electrical.csv')).toBe(true);
  });

  it('recognises Latin-1 and UTF-16 text with a byte-order mark', () => {
    const latin1 = Uint8Array.from(
      [...'I (', 0xb5, ...'A)\n1\n'].map((c) => (typeof c === 'number' ? c : c.charCodeAt(0))),
    );
    expect(textLogFormat.sniff(latin1, 'a.txt')).toBe(true);
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...'t,V\n0,1\n'].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(textLogFormat.sniff(utf16, 'b.txt')).toBe(true);
  });

  it('refuses binary heads: TIFF, DM3, MP4, random bytes, and text without numbers', () => {
    const tiff = new Uint8Array(512);
    tiff.set([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00]);
    expect(textLogFormat.sniff(tiff, 'x.tif')).toBe(false);
    expect(textLogFormat.sniff(new Uint8Array([0, 0, 0, 3, 0, 0, 0x10, 0]), 'x.dm3')).toBe(false);
    const mp4 = new Uint8Array([0, 0, 0, 0x20, ...[...'ftypisom'].map((c) => c.charCodeAt(0)), 0, 0, 2, 0]);
    expect(textLogFormat.sniff(mp4, 'x.mp4')).toBe(false);
    let seed = 12345;
    const random = Uint8Array.from({ length: 4096 }, () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return (seed >>> 16) & 0xff;
    });
    expect(textLogFormat.sniff(random, 'x.bin')).toBe(false);
    const noNul = random.map((b) => b || 1);
    expect(textLogFormat.sniff(noNul, 'x.bin')).toBe(false);
    expect(textLogFormat.sniff(new TextEncoder().encode('hello world, no digits here\n'), 'x.txt')).toBe(
      false,
    );
    expect(textLogFormat.sniff(new Uint8Array(0), 'x.txt')).toBe(false);
  });
});

describe('textLogFormat.open and errors', () => {
  it('opens a Latin-1 log with a µ in a unit', async () => {
    const bytes = Uint8Array.from('Time (s);I (\xb5A)\n0;1,5\n1;2,5\n', (c) => c.charCodeAt(0));
    const series = await textLogFormat.open(new Blob([bytes]), 'latin1.csv');
    expect(series.channels[0]).toMatchObject({ id: 'current', unit: 'A', column: 'I (µA)' });
    expect(series.channels[0].values[0]).toBeCloseTo(1.5e-6, 18);
  });

  it('reports an empty file as empty, naming it', async () => {
    const error = await failure(textLogFormat.open(new Blob([]), 'empty.csv'));
    expect(error.kind).toBe('empty');
    expect(error.message).toContain('empty.csv');
    expect(() => parseLog('\uFEFF \r\n\n', 'blank.csv')).toThrow(/blank\.csv: the log is empty/);
  });

  it('reports prose without a table as no-columns, naming the file', async () => {
    const prose =
      'This file describes the experiment.\nThe holder was biased, and the current was recorded.\n';
    const error = await failure(textLogFormat.open(new Blob([prose]), 'readme.txt'));
    expect(error.kind).toBe('no-columns');
    expect(error.message).toMatch(/^readme\.txt: no table of numbers found/);
    const withNumbers = 'Run 3 of the sample at 300 K.\nIt lasted 20 minutes, then the tip broke.\n';
    expect((await failure(textLogFormat.open(new Blob([withNumbers]), 'notes.txt'))).kind).toBe('no-columns');
  });

  it('refuses files over the size limit before reading them', async () => {
    const huge = { size: MAX_LOG_BYTES + 1 } as Blob;
    const error = await failure(textLogFormat.open(huge, 'huge.log'));
    expect(error.kind).toBe('too-large');
    expect(error.message).toContain('huge.log');
  });

  it('honours an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(textLogFormat.open(new Blob(['t,V\n0,1\n']), 'a.csv', controller.signal)).rejects.toThrow(
      /cancelled/,
    );
  });

  it('keeps a header-only log from becoming a series', () => {
    expect(() => parseLog('Time,Voltage,Current\n', 'header.csv')).toThrow(FileFormatError);
  });
});
