import { describe, expect, it } from 'vitest';
import { CancelledError, FileFormatError } from '../../src/core/io/errors.ts';
import { detectFormat } from '../../src/core/io/registry.ts';
import { decompressChunk } from '../../src/core/io/tiff/decompress.ts';
import { encodeTiff, openTiff } from '../../src/core/io/tiff/index.ts';
import { lzwEncode } from '../../src/core/io/tiff/lzw.ts';
import { blobOf, testPixels } from '../helpers/tiff-fixtures.ts';

const W = 32;
const H = 16;

/** A little-endian 3-page uint16 stack; each page is [directory][strips], 4 rows per strip. */
function stack(compression: 'none' | 'deflate' = 'none'): Uint8Array {
  const pages = [0, 1, 2].map((p) => ({ width: W, height: H, data: testPixels('uint16', W, H, p) }));
  return encodeTiff(pages, { compression, rowsPerStrip: 4 });
}

const dv = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Directory offsets of a classic little-endian TIFF, in chain order. */
function directories(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let at = dv(bytes).getUint32(4, true); at !== 0; ) {
    out.push(at);
    at = dv(bytes).getUint32(at + 2 + dv(bytes).getUint16(at, true) * 12, true);
  }
  return out;
}

/** Byte position of a tag's entry in the directory at `ifd`. */
function entryOf(bytes: Uint8Array, ifd: number, tag: number): number {
  const count = dv(bytes).getUint16(ifd, true);
  for (let i = 0; i < count; i++)
    if (dv(bytes).getUint16(ifd + 2 + i * 12, true) === tag) return ifd + 2 + i * 12;
  throw new Error(`tag ${tag} not found`);
}

async function failure(promise: Promise<unknown>): Promise<FileFormatError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FileFormatError);
  return error as FileFormatError;
}

describe('TIFF reader errors', () => {
  it('a file cut inside the last frame opens without that frame, and says so', async () => {
    const bytes = stack();
    const source = await openTiff(blobOf(bytes.subarray(0, bytes.length - 100)), 'cut.tif');
    expect(source.frameCount).toBe(2);
    expect(source.metadata.warning).toMatch(/truncated: its last 1 frame\(s\) are incomplete/);
    await expect(source.getFrame(1)).resolves.toBeDefined();
  });

  it('a single frame cut inside its pixels is an error naming the file and where it ends', async () => {
    const bytes = encodeTiff([{ width: 64, height: 64, data: new Uint16Array(64 * 64) }]);
    const error = await failure(openTiff(blobOf(bytes.subarray(0, 2000)), 'cut-single.tif'));
    expect(error.kind).toBe('truncated');
    expect(error.message).toMatch(
      /^cut-single\.tif: the file is truncated: frame 1's pixels run to byte \d+ but the file ends at byte 2000/,
    );
  });

  it('a file cut inside a directory keeps the complete pages and says so', async () => {
    const bytes = stack();
    const second = directories(bytes)[1];
    const source = await openTiff(blobOf(bytes.subarray(0, second + 20)), 'cut.tif');
    expect(source.frameCount).toBe(1);
    expect(source.metadata.warning).toMatch(/image directory 2 runs past the end of the file/);
  });

  it('a first directory offset past the end of the file is a corrupt-file error with the offset', async () => {
    const bytes = stack().slice();
    dv(bytes).setUint32(4, 0xfffff000, true);
    const error = await failure(openTiff(blobOf(bytes), 'bad.tif'));
    expect(error.kind).toBe('corrupt');
    expect(error.byteOffset).toBe(0xfffff000);
    expect(error.message).toMatch(/^bad\.tif: image directory 1 lies outside the file .*at byte 4294963200/);
  });

  it('a directory loop ends the chain instead of looping', async () => {
    const bytes = stack().slice();
    const [first, , last] = directories(bytes);
    dv(bytes).setUint32(last + 2 + dv(bytes).getUint16(last, true) * 12, first, true);
    const source = await openTiff(blobOf(bytes), 'loop.tif');
    expect(source.frameCount).toBe(3);
    expect(source.metadata.warning).toMatch(/points back to an earlier one/);
  });

  it('an absurd entry count is rejected', async () => {
    const bytes = stack().slice();
    dv(bytes).setUint16(directories(bytes)[0], 60000, true);
    expect((await failure(openTiff(blobOf(bytes), 'entries.tif'))).message).toMatch(/claims 60000 entries/);
  });

  it('absurd dimensions are rejected before anything is allocated', async () => {
    const bytes = stack().slice();
    const ifd = directories(bytes)[0];
    dv(bytes).setUint32(entryOf(bytes, ifd, 256) + 8, 0x7fffffff, true);
    const error = await failure(openTiff(blobOf(bytes), 'huge.tif'));
    expect(error.kind).toBe('too-large');
    expect(error.message).toMatch(/^huge\.tif: page 1: 2147483647×16 pixels/);
    dv(bytes).setUint32(entryOf(bytes, ifd, 256) + 8, 0, true);
    expect((await failure(openTiff(blobOf(bytes), 'zero.tif'))).message).toMatch(/invalid image size 0×16/);
  });

  it('an absurd strip byte count is rejected when the frame is read', async () => {
    const bytes = stack('deflate').slice();
    const ifd = directories(bytes)[0];
    const counts = dv(bytes).getUint32(entryOf(bytes, ifd, 279) + 8, true);
    dv(bytes).setUint32(counts, 0x7ffffff0, true);
    const source = await openTiff(blobOf(bytes), 'count.tif');
    expect((await failure(source.getFrame(0))).message).toMatch(/strip 0 claims 2147483632 bytes/);
  });

  it('damaged Deflate data is a corrupt-file error naming frame and strip', async () => {
    const bytes = stack('deflate').slice();
    const ifd = directories(bytes)[0];
    const offsets = dv(bytes).getUint32(entryOf(bytes, ifd, 273) + 8, true);
    const strip = dv(bytes).getUint32(offsets + 4, true);
    bytes.fill(0xff, strip, strip + 8);
    const error = await failure((await openTiff(blobOf(bytes), 'zip.tif')).getFrame(0));
    expect(error.kind).toBe('corrupt');
    expect(error.message).toMatch(/^zip\.tif: frame 0 \(of 0–2\): strip 1: Deflate data is damaged/);
  });

  it('LZW: a strip cut short is an error, never an endless loop (utif alone never returns)', () => {
    let seed = 12345;
    const input = new Uint8Array(100_000).map(() => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 24;
    });
    const encoded = lzwEncode(input);
    // Without the end code but complete (the last byte holds only the end code): decodes, as in libtiff.
    expect(decompressChunk(encoded.subarray(0, encoded.length - 1), 5, input.length)).toEqual(input);
    expect(decompressChunk(encoded.subarray(0, encoded.length - 3), 5, input.length)).toBe(
      'LZW data ends after 99999 of 100000 bytes',
    );
    expect(decompressChunk(encoded.subarray(0, 5000), 5, input.length)).toMatch(
      /^LZW data ends after \d+ of/,
    );
    for (let k = 0; k < 200; k++) {
      const garbage = new Uint8Array(300).map(() => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return seed >>> 24;
      });
      expect(typeof decompressChunk(garbage, 5, 1000)).toBe('string');
    }
  });

  it('an LZW strip cut short inside a file is a corrupt-file error naming the frame', async () => {
    const pages = [0, 1].map((p) => ({ width: W, height: H, data: testPixels('uint16', W, H, p) }));
    const bytes = encodeTiff(pages, { compression: 'lzw' }).slice();
    const ifd = directories(bytes)[0];
    const countAt = entryOf(bytes, ifd, 279) + 8;
    dv(bytes).setUint32(countAt, dv(bytes).getUint32(countAt, true) - 40, true);
    const error = await failure((await openTiff(blobOf(bytes), 'lzw.tif')).getFrame(0));
    expect(error.message).toMatch(
      /^lzw\.tif: frame 0 \(of 0–1\): strip 0: LZW data ends after \d+ of 1024 bytes/,
    );
  });

  it('an unsupported compression is named', async () => {
    const bytes = stack().slice();
    dv(bytes).setUint16(entryOf(bytes, directories(bytes)[0], 259) + 8, 7, true);
    const error = await failure(openTiff(blobOf(bytes), 'jpeg.tif'));
    expect(error.kind).toBe('unsupported');
    expect(error.message).toMatch(/JPEG compression \(7\)/);
  });

  it('wrong magic: the registry reports a .tif that is not a TIFF', async () => {
    // A PNG signature: binary, so no log format claims it either.
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
    ]);
    const error = await failure(detectFormat(blobOf(png), 'movie.tif'));
    expect(error.message).toMatch(/^movie\.tif: the name says TIFF but the content is not/);
    expect((await failure(openTiff(blobOf(png), 'movie.tif'))).message).toMatch(/not a TIFF file/);
    expect((await failure(openTiff(new Blob([]), 'empty.tif'))).kind).toBe('empty');
  });

  it('honours an aborted signal when opening and when reading a frame', async () => {
    const blob = blobOf(stack());
    const aborted = AbortSignal.abort();
    await expect(openTiff(blob, 'a.tif', aborted)).rejects.toBeInstanceOf(CancelledError);
    const source = await openTiff(blob, 'a.tif');
    await expect(source.getFrame(0, aborted)).rejects.toBeInstanceOf(CancelledError);
    const controller = new AbortController();
    const pending = source.getFrame(1, controller.signal);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
  });

  it('rejects frame indices out of range, and reads after close', async () => {
    const source = await openTiff(blobOf(stack()), 'a.tif');
    await expect(source.getFrame(3)).rejects.toBeInstanceOf(RangeError);
    await expect(source.getFrame(-1)).rejects.toBeInstanceOf(RangeError);
    source.close();
    await expect(source.getFrame(0)).rejects.toThrow(/closed/);
  });
});
