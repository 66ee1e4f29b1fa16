import { openAsBlob, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeTiff, openTiff } from '../../src/core/io/tiff/index.ts';
import { fileBlob, writeSparseTiff } from '../helpers/tiff-fixtures.ts';

const MB = 1024 * 1024;
const created: string[] = [];

afterAll(() => {
  for (const path of created) rmSync(path, { force: true });
});

/** A Blob that counts how many ranges are read from it. */
class CountingBlob extends Blob {
  slices = 0;
  override slice(start?: number, end?: number, type?: string): Blob {
    this.slices++;
    return super.slice(start, end, type);
  }
}

describe('lazy TIFF reading', () => {
  for (const [bigTiff, pages] of [
    [false, 100],
    [true, 200],
  ] as const) {
    const kind = bigTiff ? 'BigTIFF' : 'classic TIFF';
    it(`opens a sparse ${kind} of ${pages} 4096² uint16 frames (>3 GB) reading < 5 MB`, async () => {
      const path = join(tmpdir(), `operando-lazy-${process.pid}-${bigTiff ? 'big' : 'classic'}.tif`);
      created.push(path);
      const { size, frameBytes } = writeSparseTiff(path, { pages, width: 4096, height: 4096, bigTiff });
      expect(size).toBeGreaterThan(3 * 1024 * MB);
      // Below 4 GiB Node's own file-backed Blob works (no read here crosses 2 GiB); above, it
      // misreports the size (nodejs/node#52585), so the BigTIFF is read through fileBlob.
      const blob = bigTiff ? fileBlob(path) : await openAsBlob(path);
      expect(blob.size).toBe(size);
      const source = await openTiff(blob, 'sparse.tif');
      expect([source.width, source.height, source.frameCount, source.dtype]).toEqual([
        4096,
        4096,
        pages,
        'uint16',
      ]);
      expect(source.bytesRead).toBeLessThan(5 * MB);
      const before = source.bytesRead;
      const frame = await source.getFrame(pages - 1);
      const read = source.bytesRead - before;
      expect(read).toBeGreaterThanOrEqual(frameBytes);
      expect(read).toBeLessThan(frameBytes + 64 * 1024);
      expect([frame.data[0], frame.data[1], frame.data[2]]).toEqual([7, 9, 0]);
      rmSync(path, { force: true });
    });
  }

  it('opens 1000 pages spread through the file with about one small read per page', async () => {
    const pages = Array.from({ length: 1000 }, (_, p) => ({
      width: 128,
      height: 96,
      data: new Uint8Array(128 * 96).fill(p % 251),
    }));
    const blob = new CountingBlob([encodeTiff(pages)]);
    const started = performance.now();
    const source = await openTiff(blob, 'many.tif');
    const elapsed = performance.now() - started;
    expect(source.frameCount).toBe(1000);
    expect(blob.slices).toBeLessThanOrEqual(1000 + 5);
    expect(source.bytesRead).toBeLessThan(5 * MB);
    // Generous bound for slow CI machines; typically ~50 ms.
    expect(elapsed).toBeLessThan(2000);
    expect((await source.getFrame(777)).data[5]).toBe(777 % 251);
  });

  it('reads packed directories (as ImageJ writes them) in a handful of block reads', async () => {
    // Tiny frames: the 1000 directories and their pixels sit back to back.
    const pages = Array.from({ length: 1000 }, (_, p) => ({
      width: 8,
      height: 8,
      data: new Uint16Array(64).fill(p),
    }));
    const blob = new CountingBlob([encodeTiff(pages)]);
    const source = await openTiff(blob, 'packed.tif');
    expect(source.frameCount).toBe(1000);
    expect(blob.slices).toBeLessThan(20);
  });
});
