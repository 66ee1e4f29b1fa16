/** The compact page table of a TIFF movie gives back every page as it was pushed. */
import { describe, expect, it } from 'vitest';
import type { PageInfo } from '../../src/core/io/tiff/page.ts';
import { PageTable } from '../../src/core/io/tiff/page-table.ts';

const page = (i: number, changes: Partial<PageInfo> = {}): PageInfo => ({
  ifdIndex: i,
  ifdOffset: 1000 + 500 * i,
  width: 64,
  height: 32,
  bitsPerSample: 16,
  samplesPerPixel: 1,
  sampleFormat: 1,
  compression: 8,
  predictor: 2,
  photometric: 1,
  planar: 1,
  rowsPerStrip: 32,
  offsets: { values: [2000 + 4096 * i], count: 1 },
  byteCounts: { values: [3000 + i], count: 1 },
  reduced: false,
  dtype: 'uint16',
  ...changes,
});

describe('PageTable', () => {
  it('gives back single-strip, multi-strip, strip-count-less and differently laid out pages unchanged', () => {
    const pages = [
      page(0),
      page(1),
      page(2, { offsets: { values: [1, 2], count: 2 }, byteCounts: { values: [3, 4], count: 2 } }),
      page(3, { byteCounts: undefined }),
      page(4, { predictor: 1 }),
      page(5),
      page(6, {
        offsets: { entry: { tag: 273, type: 4, count: 40, valueOffset: 99, byteLength: 160 }, count: 40 },
      }),
    ];
    const table = new PageTable();
    for (const p of pages) table.push(p);
    expect(table.length).toBe(pages.length);
    for (const [i, p] of pages.entries()) expect(table.at(i), `page ${i}`).toEqual(p);
    table.pop();
    expect(table.length).toBe(6);
    expect(table.at(5)).toEqual(pages[5]);
    expect(() => table.at(6)).toThrow(RangeError);
  });

  it('keeps a long stack of ordinary pages in a few bytes each', () => {
    const table = new PageTable();
    for (let i = 0; i < 100_000; i++) table.push(page(i));
    expect(table.at(99_999)).toEqual(page(99_999));
    // Only the first page is an object; the rest are numbers in typed arrays.
    expect((table as unknown as { objects: Map<number, PageInfo> }).objects.size).toBe(1);
  });
});
