import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../../src/core/io/errors.ts';
import { openMovie } from '../../src/core/io/registry.ts';
import { openTiff } from '../../src/core/io/tiff/index.ts';
import type { PixelArray } from '../../src/core/io/types.ts';
import { ramp, sampleBlob } from '../helpers/tiff-fixtures.ts';

// Files written by tifffile and by Pillow/libtiff (see THIRD_PARTY_SAMPLES), so the reader is
// checked against writers other than our own, on layouts our writer does not produce.

const luma = (r: PixelArray, g: PixelArray, b: PixelArray) =>
  Array.from(r, (_, i) => Math.round(0.299 * r[i] + 0.587 * g[i] + 0.114 * b[i]));

describe('TIFF layouts from other writers', () => {
  it('tiled, big-endian, Deflate + horizontal predictor, partial edge tiles', async () => {
    const source = await openTiff(sampleBlob('tiledBE'), 'tiled.tif');
    expect([source.width, source.height, source.dtype]).toEqual([40, 30, 'uint16']);
    expect((await source.getFrame(0)).data).toEqual(ramp('uint16', 40, 30));
  });

  it('chunky RGB becomes Rec. 601 luma, per page', async () => {
    const source = await openTiff(sampleBlob('rgb'), 'rgb.tif');
    expect([source.width, source.height, source.frameCount, source.dtype]).toEqual([20, 12, 2, 'uint8']);
    for (const p of [0, 1]) {
      const expected = luma(
        ramp('uint8', 20, 12, p),
        ramp('uint8', 20, 12, p + 1),
        ramp('uint8', 20, 12, p + 2),
      );
      expect(Array.from((await source.getFrame(p)).data)).toEqual(expected);
    }
  });

  it('planar (separate) RGB uint16 becomes luma', async () => {
    const source = await openTiff(sampleBlob('rgbPlanar'), 'planar.tif');
    const expected = luma(ramp('uint16', 20, 12, 0), ramp('uint16', 20, 12, 1), ramp('uint16', 20, 12, 2));
    expect(Array.from((await source.getFrame(0)).data)).toEqual(expected);
  });

  it('BigTIFF from tifffile: 2 float32 Deflate pages', async () => {
    const source = await openTiff(sampleBlob('bigFloat'), 'big.tif');
    expect([source.frameCount, source.dtype]).toEqual([2, 'float32']);
    expect((await source.getFrame(1)).data).toEqual(ramp('float32', 20, 12, 1));
  });

  it('float64 big-endian, int8 and float16 (decoded to float32)', async () => {
    expect((await (await openTiff(sampleBlob('float64BE'), 'f64.tif')).getFrame(0)).data).toEqual(
      ramp('float64', 20, 12),
    );
    const int8 = await openTiff(sampleBlob('int8'), 'i8.tif');
    expect(int8.dtype).toBe('int8');
    expect((await int8.getFrame(0)).data).toEqual(ramp('int8', 20, 12));
    const half = await openTiff(sampleBlob('float16'), 'f16.tif');
    expect(half.dtype).toBe('float32');
    expect((await half.getFrame(0)).data).toEqual(ramp('float32', 20, 12));
  });

  it('skips reduced-resolution subfiles (thumbnails) between frames', async () => {
    const source = await openTiff(sampleBlob('thumbnail'), 'thumb.tif');
    expect([source.width, source.height, source.frameCount]).toEqual([16, 16, 2]);
    expect((await source.getFrame(1)).data).toEqual(ramp('uint8', 16, 16, 1));
  });

  it('rejects pages of different sizes with a clear error', async () => {
    const error = await openTiff(sampleBlob('mixed'), 'mixed.tif').catch((e) => e);
    expect(error).toBeInstanceOf(FileFormatError);
    expect(error.kind).toBe('unsupported');
    expect(error.message).toMatch(/^mixed\.tif: page 2 is 8×8 uint8 but page 1 is 16×16 uint8/);
  });

  it('ImageJ stack saved with a single directory: frames follow the first one contiguously', async () => {
    const source = await openTiff(sampleBlob('imagejTruncated'), 'ij.tif');
    expect([source.width, source.height, source.frameCount, source.dtype]).toEqual([20, 12, 3, 'uint16']);
    expect(source.metadata.pages).toBe(1);
    expect(source.frameIntervalS).toBe(0.5);
    expect(source.calibration).toMatchObject({ unit: 'µm', pixelSizeX: 0.25, pixelSizeNm: 250 });
    for (const p of [2, 0, 1]) expect((await source.getFrame(p)).data).toEqual(ramp('uint16', 20, 12, p));
  });

  it('ImageJ single-directory stack cut short: opens the frames that are there, with a warning', async () => {
    const full = new Uint8Array(await sampleBlob('imagejTruncated').arrayBuffer());
    // The pixel block is at the end of the file: drop the last frame and a half.
    const cut = full.subarray(0, full.length - Math.round(20 * 12 * 2 * 1.5));
    const source = await openTiff(new Blob([cut]), 'cut.tif');
    expect(source.frameCount).toBe(1);
    expect(source.metadata.warning).toMatch(/declares 3 frames but the file holds only 1/);
  });

  it('PackBits and LZW written by libtiff', async () => {
    for (const name of ['pilPackbits', 'pilLzw'] as const) {
      expect((await (await openTiff(sampleBlob(name), `${name}.tif`)).getFrame(0)).data).toEqual(
        ramp('uint8', 20, 12),
      );
    }
    expect((await (await openTiff(sampleBlob('pilLzw16'), 'lzw16.tif')).getFrame(0)).data).toEqual(
      ramp('uint16', 20, 12),
    );
  });

  it('is found through the registry by content', async () => {
    const source = await openMovie(sampleBlob('tiledBE'), 'renamed.dat');
    expect(source.formatId).toBe('tiff');
  });
});
