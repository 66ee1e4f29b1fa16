// The CLI decodes Deflate strips with Node's zlib (src/cli/native-inflate.ts): the same pixels as
// fflate, and for damaged, short or over-long data the same result and message as without it.
import { zlibSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeInflate } from '../../src/cli/native-inflate.ts';
import { decompressChunk, setFastInflate } from '../../src/core/io/tiff/decompress.ts';
import { encodeTiff, openTiff } from '../../src/core/io/tiff/index.ts';
import { blobOf, testPixels } from '../helpers/tiff-fixtures.ts';

async function withNative<T>(run: () => Promise<T> | T): Promise<{ fflate: T; native: T }> {
  setFastInflate(undefined);
  const fflate = await run();
  setFastInflate(nodeInflate);
  const native = await run();
  return { fflate, native };
}

afterEach(() => setFastInflate(undefined));

describe('Deflate through Node zlib', () => {
  it('decodes a deflate stack to the same pixels as fflate', async () => {
    const pages = [0, 1].map((p) => ({ width: 300, height: 200, data: testPixels('uint16', 300, 200, p) }));
    const bytes = encodeTiff(pages, { compression: 'deflate', predictor: true });
    const { fflate, native } = await withNative(async () => {
      const source = await openTiff(blobOf(bytes), 'z.tif');
      return [Array.from((await source.getFrame(0)).data), Array.from((await source.getFrame(1)).data)];
    });
    expect(native).toEqual(fflate);
    expect(native[0]).toEqual(Array.from(pages[0].data));
  });

  it('gives damaged, short and over-long strips the same outcome as fflate', async () => {
    const raw = Uint8Array.from({ length: 4000 }, (_, i) => (i * 7919) % 251);
    const zipped = zlibSync(raw);
    expect(nodeInflate(zipped, 4000)).toEqual(raw); // the native path is the one taken on good data
    const damaged = zipped.slice();
    damaged.fill(0xff, 2, 10);
    for (const [data, expected] of [
      [damaged, 4000],
      [zipped.subarray(0, zipped.length >> 1), 4000], // cut short
      [zipped, 3000], // more data than the rows need
      [zipped, 5000], // less
    ] as const) {
      const { fflate, native } = await withNative(() => decompressChunk(data, 8, expected));
      expect(native).toEqual(fflate);
    }
  });
});
