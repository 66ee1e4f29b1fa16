import { FileFormatError } from '../errors.ts';
import { frameBudgetProblem } from '../frame-budget.ts';
import { bytesPerSample } from '../pixels.ts';
import type { Dtype } from '../types.ts';

import { holdsWholeNumbers, type RawIfd, type TagEntry, type TiffDirectory } from './ifd.ts';
import { COMPRESSION_NAMES, Tag, tagLabel } from './tags.ts';

/** Strip/tile offsets or byte counts: small arrays are kept, large ones stay in the file until needed. */
export interface ArrayRef {
  values?: number[];
  entry?: TagEntry;
  count: number;
}

/** What decoding one page needs, gathered once while walking the directory chain. */
export interface PageInfo {
  /** Position in the directory chain (0-based). */
  ifdIndex: number;
  ifdOffset: number;
  width: number;
  height: number;
  bitsPerSample: number;
  samplesPerPixel: number;
  /** 1 unsigned, 2 signed, 3 IEEE float. */
  sampleFormat: number;
  compression: number;
  predictor: number;
  photometric: number;
  /** 1 chunky (samples interleaved), 2 one plane per sample. */
  planar: number;
  rowsPerStrip: number;
  tileWidth?: number;
  tileHeight?: number;
  offsets: ArrayRef;
  byteCounts?: ArrayRef;
  /** NewSubfileType bit 0: a reduced-resolution copy (thumbnail). */
  reduced: boolean;
  /** The frame's dtype: float16 pages decode to float32, RGB pages to their luma. */
  dtype: Dtype;
}

export const SUPPORTED_COMPRESSION = new Set([1, 5, 8, 32773, 32946]);
const MAX_PIXELS = 2 ** 31;
const INLINE_ARRAY_BYTES = 64;

function dtypeOf(bits: number, format: number): Dtype | undefined {
  if (format === 1 || format === 4) return ({ 8: 'uint8', 16: 'uint16', 32: 'uint32' } as const)[bits];
  if (format === 2) return ({ 8: 'int8', 16: 'int16', 32: 'int32' } as const)[bits];
  if (format === 3) return ({ 16: 'float32', 32: 'float32', 64: 'float64' } as const)[bits];
  return undefined;
}

/** Number of strips or tiles that hold one sample plane. */
export function chunksPerPlane(page: PageInfo): number {
  if (page.tileWidth && page.tileHeight) {
    return Math.ceil(page.width / page.tileWidth) * Math.ceil(page.height / page.tileHeight);
  }
  return Math.ceil(page.height / page.rowsPerStrip);
}

async function arrayRef(dir: TiffDirectory, entry: TagEntry): Promise<ArrayRef> {
  if (entry.byteLength <= INLINE_ARRAY_BYTES) return { values: await dir.numbers(entry), count: entry.count };
  return { entry, count: entry.count };
}

/** Reads the page's layout tags and checks that the reader can decode it. */
export async function readPage(dir: TiffDirectory, ifd: RawIfd): Promise<PageInfo> {
  const fail = (kind: 'corrupt' | 'unsupported' | 'too-large', detail: string): never => {
    throw new FileFormatError(dir.name, kind, `page ${ifd.index + 1}: ${detail}`, ifd.offset);
  };
  const get = (tag: number) => ifd.entries.get(tag);
  // Every layout tag is a count or a code: a fraction (a damaged field type) would size arrays wrongly.
  const whole = (tag: number, value: number | undefined): number | undefined => {
    if (value !== undefined && !Number.isSafeInteger(value)) {
      fail('corrupt', `${tagLabel(tag)} is ${value}, not a whole number`);
    }
    return value;
  };
  const num = async (tag: number, fallback: number) => whole(tag, await dir.number(get(tag))) ?? fallback;

  const width = await num(Tag.ImageWidth, 0);
  const height = await num(Tag.ImageLength, 0);
  if (!(width >= 1 && height >= 1)) fail('corrupt', `invalid image size ${width}×${height}`);
  if (width * height > MAX_PIXELS) fail('too-large', `${width}×${height} pixels is more than 2^31`);

  const samplesPerPixel = await num(Tag.SamplesPerPixel, 1);
  if (!(samplesPerPixel >= 1 && samplesPerPixel <= 64))
    fail('corrupt', `${samplesPerPixel} samples per pixel`);
  const bitsEntry = get(Tag.BitsPerSample);
  const bits = bitsEntry ? await dir.numbers(bitsEntry) : [1];
  for (const b of bits) whole(Tag.BitsPerSample, b);
  const bitsPerSample = bits[0];
  if (bits.some((b) => b !== bitsPerSample))
    fail('unsupported', `mixed bits per sample (${bits.join(', ')})`);
  const sampleFormat = await num(Tag.SampleFormat, 1);
  const sampleDtype = dtypeOf(bitsPerSample, sampleFormat);
  if (!sampleDtype) {
    const kinds: Record<number, string> = { 1: 'unsigned', 2: 'signed', 3: 'floating-point', 4: 'untyped' };
    fail('unsupported', `${bitsPerSample}-bit ${kinds[sampleFormat] ?? `format-${sampleFormat}`} samples`);
  }

  const photometric = await num(Tag.Photometric, 1);
  if (photometric === 3) fail('unsupported', 'palette-colour images (indexed colour) are not supported');
  if (photometric === 2 && samplesPerPixel < 3) fail('corrupt', 'RGB with fewer than 3 samples per pixel');
  if (photometric > 2) fail('unsupported', `photometric interpretation ${photometric} (only grey and RGB)`);

  const compression = await num(Tag.Compression, 1);
  if (!SUPPORTED_COMPRESSION.has(compression)) {
    const label = COMPRESSION_NAMES[compression] ?? 'unknown';
    fail('unsupported', `${label} compression (${compression}); supported: none, LZW, Deflate, PackBits`);
  }
  const predictor = await num(Tag.Predictor, 1);
  if (predictor !== 1 && predictor !== 2 && !(predictor === 3 && sampleFormat === 3)) {
    fail('unsupported', `predictor ${predictor}`);
  }
  if (predictor === 3 && bitsPerSample === 16)
    fail('unsupported', 'floating-point predictor on 16-bit floats');
  const planar = samplesPerPixel === 1 ? 1 : await num(Tag.PlanarConfiguration, 1);

  const tileWidth = whole(Tag.TileWidth, await dir.number(get(Tag.TileWidth)));
  const tileHeight = whole(Tag.TileLength, await dir.number(get(Tag.TileLength)));
  const tiled = tileWidth !== undefined || tileHeight !== undefined;
  if (tiled && !(tileWidth && tileHeight && tileWidth * tileHeight <= MAX_PIXELS)) {
    fail('corrupt', `invalid tile size ${tileWidth}×${tileHeight}`);
  }
  const rowsPerStrip = Math.min(height, Math.max(1, await num(Tag.RowsPerStrip, height)));
  const offsetsEntry = get(tiled ? Tag.TileOffsets : Tag.StripOffsets);
  const countsEntry = get(tiled ? Tag.TileByteCounts : Tag.StripByteCounts);
  if (!offsetsEntry) fail('corrupt', `no ${tiled ? 'tile' : 'strip'} offsets`);
  if (!countsEntry && compression !== 1) fail('corrupt', 'no byte counts for compressed data');
  for (const entry of [offsetsEntry, countsEntry]) {
    if (entry && !holdsWholeNumbers(entry)) {
      fail('corrupt', `${tagLabel(entry.tag)} is stored as field type ${entry.type}, not as whole numbers`);
    }
  }

  const dtype: Dtype = bitsPerSample === 16 && sampleFormat === 3 ? 'float32' : (sampleDtype as Dtype);
  const page: PageInfo = {
    ifdIndex: ifd.index,
    ifdOffset: ifd.offset,
    width,
    height,
    bitsPerSample,
    samplesPerPixel,
    sampleFormat,
    compression,
    predictor,
    photometric,
    planar,
    rowsPerStrip,
    tileWidth: tiled ? tileWidth : undefined,
    tileHeight: tiled ? tileHeight : undefined,
    offsets: await arrayRef(dir, offsetsEntry as TagEntry),
    byteCounts: countsEntry ? await arrayRef(dir, countsEntry) : undefined,
    reduced: ((await num(Tag.NewSubfileType, 0)) & 1) === 1,
    dtype,
  };
  // The stored samples (an RGB page holds three per pixel) and the frame must both fit the budget.
  const storedBytesPerPixel = (samplesPerPixel * bitsPerSample) / 8;
  const frameTooLarge = frameBudgetProblem(
    `one ${width}×${height} ${dtype} frame`,
    width * height * Math.max(storedBytesPerPixel, bytesPerSample(dtype)),
  );
  if (frameTooLarge) fail('too-large', frameTooLarge);
  if (tiled) {
    const perTile = planar === 2 ? bitsPerSample / 8 : storedBytesPerPixel;
    const tileTooLarge = frameBudgetProblem(
      `one ${tileWidth}×${tileHeight} tile`,
      (tileWidth as number) * (tileHeight as number) * perTile,
    );
    if (tileTooLarge) fail('too-large', tileTooLarge);
  }
  const needed = chunksPerPlane(page) * (planar === 2 ? samplesPerPixel : 1);
  if (page.offsets.count < needed || (page.byteCounts && page.byteCounts.count < needed)) {
    fail(
      'corrupt',
      `${page.offsets.count} ${tiled ? 'tiles' : 'strips'} listed where the image needs ${needed}`,
    );
  }
  return page;
}

/**
 * The first `count` values of a strip/tile array, read from the file when needed. Reading no
 * more than the frame needs keeps a corrupt count from turning into a huge read.
 */
export async function arrayValues(dir: TiffDirectory, ref: ArrayRef, count = ref.count): Promise<number[]> {
  if (ref.values) return ref.values;
  const entry = ref.entry as TagEntry;
  const n = Math.min(count, entry.count);
  return dir.numbers({ ...entry, count: n, byteLength: (entry.byteLength / entry.count) * n });
}

/** The layout fields two pages must share to be frames of one movie. */
export function describeLayout(page: PageInfo): string {
  return `${page.width}×${page.height} ${page.dtype}`;
}
