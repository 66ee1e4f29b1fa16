import { describe, expect, it } from 'vitest';
import { encodeTiff, encodeTiffChunks, openTiff } from '../../src/core/io/tiff/index.ts';
import type { Dtype } from '../../src/core/io/types.ts';
import { blobOf, testPixels } from '../helpers/tiff-fixtures.ts';

const DTYPES: Dtype[] = ['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'float64'];
const COMPRESSIONS = ['none', 'deflate', 'lzw'] as const;
const WIDTH = 37;
const HEIGHT = 23;

describe('TIFF writer → reader round trip', () => {
  for (const dtype of DTYPES) {
    for (const compression of COMPRESSIONS) {
      for (const littleEndian of [true, false]) {
        for (const pageCount of [1, 3]) {
          const name = `${dtype}, ${compression}, ${littleEndian ? 'II' : 'MM'}, ${pageCount} page(s)`;
          it(name, async () => {
            const pages = Array.from({ length: pageCount }, (_, p) => ({
              width: WIDTH,
              height: HEIGHT,
              data: testPixels(dtype, WIDTH, HEIGHT, p + 1),
            }));
            // Small strips so that frames span several strips, the last one short.
            const bytes = encodeTiff(pages, { littleEndian, compression, rowsPerStrip: 5 });
            expect(bytes[0]).toBe(littleEndian ? 0x49 : 0x4d);
            const source = await openTiff(blobOf(bytes), `${name}.tif`);
            expect([source.width, source.height, source.frameCount, source.dtype]).toEqual([
              WIDTH,
              HEIGHT,
              pageCount,
              dtype,
            ]);
            for (let p = 0; p < pageCount; p++) {
              const frame = await source.getFrame(p);
              expect(frame.data.constructor).toBe(pages[p].data.constructor);
              expect(frame.data).toEqual(pages[p].data);
            }
          });
        }
      }
    }
  }

  for (const dtype of DTYPES) {
    for (const compression of ['deflate', 'lzw'] as const) {
      it(`${dtype} with ${dtype.startsWith('float') ? 'floating-point' : 'horizontal'} predictor, ${compression}, MM`, async () => {
        const pages = [0, 1].map((p) => ({
          width: WIDTH,
          height: HEIGHT,
          data: testPixels(dtype, WIDTH, HEIGHT, p + 5),
        }));
        const bytes = encodeTiff(pages, {
          compression,
          predictor: true,
          littleEndian: false,
          rowsPerStrip: 4,
        });
        const source = await openTiff(blobOf(bytes), 'predictor.tif');
        for (let p = 0; p < 2; p++) expect((await source.getFrame(p)).data).toEqual(pages[p].data);
      });
    }
  }

  for (const littleEndian of [true, false]) {
    it(`BigTIFF ${littleEndian ? 'II' : 'MM'}: uint16 and float64 pages with 8-byte offsets`, async () => {
      for (const dtype of ['uint16', 'float64'] as const) {
        const pages = [0, 1, 2].map((p) => ({ width: 19, height: 11, data: testPixels(dtype, 19, 11, p) }));
        const bytes = encodeTiff(pages, { bigTiff: true, littleEndian, compression: 'deflate' });
        expect(bytes[2] + bytes[3]).toBe(43);
        const source = await openTiff(blobOf(bytes), 'big.tif');
        expect(source.frameCount).toBe(3);
        for (let p = 0; p < 3; p++) expect((await source.getFrame(p)).data).toEqual(pages[p].data);
      }
    });
  }

  it('streams page by page: the chunks concatenate to the same file', () => {
    const pages = [0, 1, 2, 3].map((p) => ({ width: 64, height: 64, data: testPixels('uint16', 64, 64, p) }));
    const chunks = [...encodeTiffChunks(pages, pages.length, { compression: 'deflate' })];
    // Header, then per page its directory and its strips (2 strips of 32 rows at 64 KiB/strip).
    expect(chunks.length).toBeGreaterThan(pages.length * 2);
    const joined = Buffer.concat(chunks);
    expect(new Uint8Array(joined)).toEqual(encodeTiff(pages, { compression: 'deflate' }));
  });

  it('LZW handles long inputs that need several table resets', async () => {
    const data = testPixels('uint8', 1024, 256, 3);
    const bytes = encodeTiff([{ width: 1024, height: 256, data }], { compression: 'lzw', rowsPerStrip: 256 });
    expect((await (await openTiff(blobOf(bytes), 'lzw.tif')).getFrame(0)).data).toEqual(data);
  });

  it('writes ImageJ calibration and frame interval that the reader (and ImageJ) understand', async () => {
    const pages = [0, 1, 2].map((p) => ({ width: 16, height: 8, data: testPixels('uint16', 16, 8, p) }));
    const bytes = encodeTiff(pages, { imagej: { pixelSizeUm: 0.25, frameIntervalS: 0.5 } });
    const source = await openTiff(blobOf(bytes), 'imagej.tif');
    expect(source.calibration).toMatchObject({
      unit: 'µm',
      pixelSizeX: 0.25,
      pixelSizeY: 0.25,
      pixelSizeNm: 250,
    });
    expect(source.frameIntervalS).toBe(0.5);
    expect(source.metadata.imagej_frames).toBe(3);
    expect(String(source.originalMetadata['ImageDescription (270)'])).toMatch(
      /^ImageJ=.*\nimages=3\nframes=3\n/,
    );
  });

  it('rejects pixel arrays that do not match the stated size', () => {
    expect(() => encodeTiff([{ width: 4, height: 4, data: new Uint8Array(15) }])).toThrow(RangeError);
  });

  it('does not modify the caller’s pixels (predictor, byte swap)', () => {
    const data = testPixels('int16', 8, 8, 1);
    const copy = data.slice();
    encodeTiff([{ width: 8, height: 8, data }], { predictor: true, littleEndian: false, compression: 'lzw' });
    expect(data).toEqual(copy);
  });
});
