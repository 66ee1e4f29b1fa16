import { zlibSync } from 'fflate';
import { NATIVE_LE, swapBytes } from '../pixels.ts';
import type { PixelArray } from '../types.ts';
import { lzwEncode } from './lzw.ts';
import { Tag, Type } from './tags.ts';

export interface TiffPage {
  width: number;
  height: number;
  /** Row-major samples; the typed array's type sets BitsPerSample and SampleFormat. */
  data: PixelArray;
}

export interface EncodeTiffOptions {
  /** Byte order: true (default) writes "II", false writes "MM". */
  littleEndian?: boolean;
  compression?: 'none' | 'deflate' | 'lzw';
  /** Horizontal differencing for integers, the floating-point predictor for floats. */
  predictor?: boolean;
  /** Rows per strip; by default strips of about 64 KiB. */
  rowsPerStrip?: number;
  /** BigTIFF: 8-byte offsets, needed above 4 GB. */
  bigTiff?: boolean;
  /**
   * Writes an ImageJ description (images, frames, unit, finterval) and the pixel size as
   * X/YResolution, so ImageJ/Fiji and this reader both see the calibration.
   * `pixelSize` is in `unit` (default "micron"); `pixelSizeUm` is the same in micrometres.
   */
  imagej?: { pixelSize?: number; pixelSizeUm?: number; unit?: string; frameIntervalS?: number };
  /** A plain ImageDescription for the first page (ignored with `imagej`). */
  description?: string;
  software?: string;
}

interface Entry {
  tag: number;
  type: number;
  values: number[] | Uint8Array;
}

/** BitsPerSample and SampleFormat of a pixel array (instanceof, so subclasses such as Buffer work). */
function sampleOf(data: PixelArray): [bits: number, format: number] {
  if (data instanceof Uint8Array) return [8, 1];
  if (data instanceof Int8Array) return [8, 2];
  if (data instanceof Uint16Array) return [16, 1];
  if (data instanceof Int16Array) return [16, 2];
  if (data instanceof Uint32Array) return [32, 1];
  if (data instanceof Int32Array) return [32, 2];
  if (data instanceof Float32Array) return [32, 3];
  if (data instanceof Float64Array) return [64, 3];
  throw new TypeError('unsupported pixel array type');
}

const COMPRESSION_CODE = { none: 1, lzw: 5, deflate: 8 } as const;

/** p/q with q a power of ten, both within 32 bits. */
function toRational(value: number): [number, number] {
  let den = 1;
  while (den < 1e6 && value * den * 10 < 2 ** 32 - 1 && Math.round(value * den) !== value * den) den *= 10;
  return [Math.round(value * den), den];
}

function imagejDescription(pageCount: number, imagej: NonNullable<EncodeTiffOptions['imagej']>): string {
  const lines = ['ImageJ=1.54f', `images=${pageCount}`];
  if (pageCount > 1) lines.push(`frames=${pageCount}`, 'hyperstack=true');
  if (imagej.pixelSize ?? imagej.pixelSizeUm) lines.push(`unit=${imagej.unit ?? 'micron'}`);
  if (imagej.frameIntervalS) lines.push(`finterval=${imagej.frameIntervalS}`);
  lines.push('loop=false', '');
  return lines.join('\n');
}

/** The page's samples in file byte order, with the predictor applied. Never mutates `page.data`. */
function pageBytes(page: TiffPage, bits: number, format: number, options: EncodeTiffOptions): Uint8Array {
  const size = bits / 8;
  const le = options.littleEndian ?? true;
  const source = page.data;
  if (options.predictor && format === 3) {
    // Floating-point predictor: per row, byte planes most significant first, then byte differences.
    const native = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    const out = new Uint8Array(native.length);
    const rowBytes = page.width * size;
    for (let row = 0; row < out.length; row += rowBytes) {
      for (let k = 0; k < page.width; k++) {
        for (let plane = 0; plane < size; plane++) {
          out[row + plane * page.width + k] = native[row + k * size + (NATIVE_LE ? size - 1 - plane : plane)];
        }
      }
      for (let i = rowBytes - 1; i > 0; i--) out[row + i] = (out[row + i] - out[row + i - 1]) & 0xff;
    }
    return out;
  }
  const copy = source.slice();
  if (options.predictor) {
    const values = copy as Exclude<PixelArray, Float32Array | Float64Array>;
    for (let row = 0; row < values.length; row += page.width) {
      for (let x = page.width - 1; x > 0; x--) values[row + x] -= values[row + x - 1];
    }
  }
  const bytes = new Uint8Array(copy.buffer, copy.byteOffset, copy.byteLength);
  if (le !== NATIVE_LE) swapBytes(bytes, size);
  return bytes;
}

function compress(strip: Uint8Array, compression: EncodeTiffOptions['compression']): Uint8Array {
  if (compression === 'deflate') return zlibSync(strip, { level: 6 });
  if (compression === 'lzw') return lzwEncode(strip);
  return strip;
}

/** Serialises one directory plus its out-of-line values, placed at `at`. */
function directoryBytes(entries: Entry[], at: number, next: number, le: boolean, big: boolean): Uint8Array {
  const entrySize = big ? 20 : 12;
  const fieldSize = big ? 8 : 4;
  const head = (big ? 8 : 2) + entries.length * entrySize + fieldSize;
  const sizes = entries.map(
    (e) => e.values.length * ({ 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 12: 8, 16: 8 }[e.type] ?? 0),
  );
  const extra = sizes.reduce((sum, s) => sum + (s > fieldSize ? s + (s & 1) : 0), 0);
  const bytes = new Uint8Array(head + extra);
  const dv = new DataView(bytes.buffer);
  const putOffset = (pos: number, value: number) =>
    big ? dv.setBigUint64(pos, BigInt(value), le) : dv.setUint32(pos, value, le);
  if (big) dv.setBigUint64(0, BigInt(entries.length), le);
  else dv.setUint16(0, entries.length, le);
  let spill = head;
  entries.forEach((entry, i) => {
    const pos = (big ? 8 : 2) + i * entrySize;
    dv.setUint16(pos, entry.tag, le);
    dv.setUint16(pos + 2, entry.type, le);
    if (big) dv.setBigUint64(pos + 4, BigInt(entry.values.length), le);
    else dv.setUint32(pos + 4, entry.values.length, le);
    let target = pos + (big ? 12 : 8);
    if (sizes[i] > fieldSize) {
      putOffset(target, at + spill);
      target = spill;
      spill += sizes[i] + (sizes[i] & 1);
    }
    entry.values.forEach((v, k) => {
      if (entry.type === Type.BYTE || entry.type === Type.ASCII || entry.type === Type.UNDEFINED)
        dv.setUint8(target + k, v);
      else if (entry.type === Type.SHORT) dv.setUint16(target + k * 2, v, le);
      else if (entry.type === Type.LONG) dv.setUint32(target + k * 4, v, le);
      else if (entry.type === Type.LONG8) dv.setBigUint64(target + k * 8, BigInt(v), le);
      else if (entry.type === Type.DOUBLE) dv.setFloat64(target + k * 8, v, le);
      else if (entry.type === Type.RATIONAL) {
        const [p, q] = toRational(v);
        dv.setUint32(target + k * 8, p, le);
        dv.setUint32(target + k * 8 + 4, q, le);
      }
    });
  });
  putOffset(head - fieldSize, next);
  return bytes;
}

const ascii = (text: string): Uint8Array => {
  const bytes = new Uint8Array(text.length + 1);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
};

/**
 * Writes a multi-page TIFF chunk by chunk: the header, then per page its directory followed by
 * its strips. Only one page is held (compressed) at a time, so a long movie is never in memory
 * twice. `pageCount` must be known up front because ImageJ's description states it on page 1.
 */
export function* encodeTiffChunks(
  pages: Iterable<TiffPage>,
  pageCount: number,
  options: EncodeTiffOptions = {},
): Generator<Uint8Array> {
  const le = options.littleEndian ?? true;
  const big = options.bigTiff ?? false;
  const header = new Uint8Array(big ? 16 : 8);
  const dv = new DataView(header.buffer);
  header[0] = header[1] = le ? 0x49 : 0x4d;
  dv.setUint16(2, big ? 43 : 42, le);
  if (big) {
    dv.setUint16(4, 8, le);
    dv.setBigUint64(8, 16n, le);
  } else dv.setUint32(4, 8, le);
  yield header;
  let position = header.length;
  let index = 0;
  for (const page of pages) {
    const [bits, format] = sampleOf(page.data);
    if (page.data.length !== page.width * page.height) {
      throw new RangeError(`page ${index + 1}: ${page.data.length} samples for ${page.width}×${page.height}`);
    }
    const rowBytes = page.width * (bits / 8);
    const rows = Math.max(1, Math.min(page.height, options.rowsPerStrip ?? Math.floor(65536 / rowBytes)));
    const raw = pageBytes(page, bits, format, options);
    const strips: Uint8Array[] = [];
    for (let y = 0; y < page.height; y += rows) {
      strips.push(
        compress(raw.subarray(y * rowBytes, Math.min(page.height, y + rows) * rowBytes), options.compression),
      );
    }
    const offsetType = big ? Type.LONG8 : Type.LONG;
    const entries: Entry[] = [
      { tag: Tag.ImageWidth, type: Type.LONG, values: [page.width] },
      { tag: Tag.ImageLength, type: Type.LONG, values: [page.height] },
      { tag: Tag.BitsPerSample, type: Type.SHORT, values: [bits] },
      { tag: Tag.Compression, type: Type.SHORT, values: [COMPRESSION_CODE[options.compression ?? 'none']] },
      { tag: Tag.Photometric, type: Type.SHORT, values: [1] },
      { tag: Tag.StripOffsets, type: offsetType, values: strips.map(() => 0) },
      { tag: Tag.SamplesPerPixel, type: Type.SHORT, values: [1] },
      { tag: Tag.RowsPerStrip, type: Type.LONG, values: [rows] },
      { tag: Tag.StripByteCounts, type: offsetType, values: strips.map((s) => s.length) },
      { tag: Tag.SampleFormat, type: Type.SHORT, values: [format] },
    ];
    if (options.predictor)
      entries.push({ tag: Tag.Predictor, type: Type.SHORT, values: [format === 3 ? 3 : 2] });
    const description = options.imagej ? imagejDescription(pageCount, options.imagej) : options.description;
    if (index === 0 && description)
      entries.push({ tag: Tag.ImageDescription, type: Type.ASCII, values: ascii(description) });
    if (index === 0 && options.software)
      entries.push({ tag: Tag.Software, type: Type.ASCII, values: ascii(options.software) });
    const pixelSize = options.imagej?.pixelSize ?? options.imagej?.pixelSizeUm;
    if (pixelSize) {
      entries.push(
        { tag: Tag.XResolution, type: Type.RATIONAL, values: [1 / pixelSize] },
        { tag: Tag.YResolution, type: Type.RATIONAL, values: [1 / pixelSize] },
        { tag: Tag.ResolutionUnit, type: Type.SHORT, values: [1] },
      );
    }
    entries.sort((a, b) => a.tag - b.tag);
    // Lay out once to learn the directory size, then again with the real strip offsets.
    const size = directoryBytes(entries, position, 0, le, big).length;
    let offset = position + size;
    const offsets = entries.find((e) => e.tag === Tag.StripOffsets) as Entry;
    offsets.values = strips.map((s) => {
      const at = offset;
      offset += s.length;
      return at;
    });
    // Directories start on a word boundary, as TIFF 6.0 asks.
    const pad = index < pageCount - 1 && offset % 2 === 1 ? 1 : 0;
    const next = index < pageCount - 1 ? offset + pad : 0;
    if (!big && offset > 2 ** 32 - 1)
      throw new RangeError('the TIFF exceeds 4 GB: write it with bigTiff: true');
    yield directoryBytes(entries, position, next, le, big);
    yield* strips;
    if (pad) yield new Uint8Array(1);
    position = offset + pad;
    index++;
  }
  if (index !== pageCount) throw new RangeError(`expected ${pageCount} pages, got ${index}`);
}

/** The whole TIFF in one buffer (ArrayBuffer-backed, so it can go straight into a Blob). */
export function encodeTiff(pages: TiffPage[], options: EncodeTiffOptions = {}): Uint8Array<ArrayBuffer> {
  const chunks = [...encodeTiffChunks(pages, pages.length, options)];
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
