import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileBlob } from '../../src/cli/file-blob.ts';
import { FileFormatError } from '../../src/core/io/errors.ts';
import { RangeReader } from '../../src/core/io/range-reader.ts';
import { openMovie } from '../../src/core/io/registry.ts';
import { CRASHERS, tinyTiff } from '../helpers/crashers.ts';
import { blobOf } from '../helpers/tiff-fixtures.ts';

async function refusal(promise: Promise<unknown>): Promise<FileFormatError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FileFormatError);
  return error as FileFormatError;
}

/** Opens the file and reads its first and last frame, as the app does. */
async function openAndRead(blob: Blob, name: string): Promise<void> {
  const source = await openMovie(blob, name);
  await source.getFrame(0);
  await source.getFrame(source.frameCount - 1);
  source.close();
}

describe('every file that crashed a reader (issue 17) now opens or is refused with a typed error', () => {
  for (const crasher of CRASHERS) {
    it(`${crasher.name}: ${crasher.what}`, async () => {
      const blob = blobOf(crasher.bytes());
      if (!crasher.refusal) {
        await openAndRead(blob, crasher.name);
        return;
      }
      const error = await refusal(openAndRead(blob, crasher.name));
      expect(error.fileName).toBe(crasher.name);
      expect(error.message).toMatch(crasher.refusal);
    });
  }

  it('the same files through the CLI’s FileBlob give the same refusals', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'operando-crashers-'));
    for (const crasher of CRASHERS.filter((c) => c.refusal)) {
      const path = join(dir, crasher.name);
      writeFileSync(path, crasher.bytes());
      const error = await refusal(openAndRead(openFileBlob(path), crasher.name));
      expect(error.message).toMatch(crasher.refusal as RegExp);
    }
  });
});

describe('byte positions are whole numbers inside the file before any read', () => {
  it('RangeReader refuses a fractional or negative position with a typed error naming the file', async () => {
    const reader = new RangeReader(blobOf(new Uint8Array(64)), 'range.bin');
    for (const [offset, length] of [
      [1.058, 4],
      [-4, 4],
      [8, 0.5],
      [2 ** 64, 4],
    ]) {
      const error = await refusal(reader.read(offset, length, 'a strip'));
      expect(error.message).toMatch(/^range\.bin: a strip is at byte .* not whole byte positions/);
    }
  });

  it('FileBlob refuses a fractional slice instead of a RangeError from readSync', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'operando-blob-')), 'blob.bin');
    writeFileSync(path, new Uint8Array(64));
    const blob = openFileBlob(path);
    expect(() => blob.slice(1.5, 9)).toThrow(FileFormatError);
    expect(() => blob.slice(0, Number.NaN)).toThrow(/blob\.bin: a read at byte NaN/);
    expect(new Uint8Array(await blob.slice(8, 16).arrayBuffer())).toHaveLength(8);
  });

  it('a layout tag holding a fraction (width 1.5) is a corrupt-file error, not a typed-array failure', async () => {
    // Width as RATIONAL 3/2: the tiny TIFF's entries are LONG or SHORT, so patch the type and value.
    const bytes = tinyTiff([
      [256, 4, [1]],
      [257, 4, [1]],
      [258, 3, [8]],
      [273, 4, [0]],
      [279, 4, [1]],
    ]);
    const dv = new DataView(bytes.buffer);
    const widthEntry = 10;
    dv.setUint16(widthEntry + 2, 5, true);
    dv.setUint32(widthEntry + 8, bytes.length - 8, true);
    dv.setUint32(bytes.length - 8, 3, true);
    dv.setUint32(bytes.length - 4, 2, true);
    const error = await refusal(openMovie(blobOf(bytes), 'half.tif'));
    expect(error.message).toMatch(/^half\.tif: page 1: ImageWidth \(256\) is 1\.5, not a whole number/);
  });
});
