import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../../src/core/io/errors.ts';
import { RangeReader } from '../../src/core/io/range-reader.ts';
import { fixtureBlob } from '../helpers/paths.ts';

describe('RangeReader', () => {
  it('reads only the range asked for, from a file-backed Blob', async () => {
    const blob = await fixtureBlob('rosettasciio/tiff/TVIPS_bin4.tif');
    const reader = new RangeReader(blob, 'TVIPS_bin4.tif');
    const head = await reader.read(0, 4);
    expect(Array.from(head)).toEqual([0x49, 0x49, 42, 0]);
    const tail = await reader.read(blob.size - 16, 16);
    expect(tail.length).toBe(16);
    expect(reader.bytesRead).toBe(20);
  });

  it('fails past the end of the file with a typed error naming the file and offset', async () => {
    const reader = new RangeReader(new Blob([new Uint8Array(100)]), 'short.tif');
    const error = await reader.read(90, 20, 'frame 3').catch((e) => e);
    expect(error).toBeInstanceOf(FileFormatError);
    expect(error.kind).toBe('truncated');
    expect(error.message).toBe(
      'short.tif: frame 3 needs bytes 90–110 but the file ends at byte 100 (at byte 90)',
    );
    expect((await reader.readUpTo(90, 20)).length).toBe(10);
  });
});
