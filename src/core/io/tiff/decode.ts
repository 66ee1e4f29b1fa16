import { byteRangeProblem } from '../byte-range.ts';
import { FileFormatError, throwIfAborted } from '../errors.ts';
import { aligned, NATIVE_LE, swapBytes, typedView } from '../pixels.ts';
import type { PixelArray } from '../types.ts';
import { readExact } from './block-reader.ts';
import { canFill, decompressChunk } from './decompress.ts';
import type { TiffDirectory } from './ifd.ts';
import { arrayValues, chunksPerPlane, type PageInfo } from './page.ts';
import { halfToFloat32, toGrey, undoFloatPredictor, undoHorizontalPredictor } from './samples.ts';

interface Chunk {
  /** Index into the strip/tile arrays. */
  index: number;
  plane: number;
  offset: number;
  length: number;
  /** Decompressed size: stored width × stored rows × samples × bytes. */
  expected: number;
  x0: number;
  y0: number;
  /** Stored width in pixels (tile width, or the image width for strips). */
  storedWidth: number;
  rows: number;
}

/** Adjacent strips are fetched in one read when the gap between them is at most this. */
const MERGE_GAP = 16 * 1024;
const MAX_SPAN = 64 * 1024 * 1024;

/** Lists the strips or tiles that hold the planes this frame needs. */
async function planChunks(dir: TiffDirectory, page: PageInfo, label: string): Promise<Chunk[]> {
  const bytes = page.bitsPerSample / 8;
  const samples = page.planar === 1 ? page.samplesPerPixel : 1;
  const planes = page.planar === 2 ? (page.photometric === 2 ? 3 : 1) : 1;
  const perPlane = chunksPerPlane(page);
  const offsets = await arrayValues(dir, page.offsets, perPlane * planes);
  const counts = page.byteCounts ? await arrayValues(dir, page.byteCounts, perPlane * planes) : undefined;
  const what = page.tileWidth ? 'tile' : 'strip';
  const across = page.tileWidth ? Math.ceil(page.width / page.tileWidth) : 1;
  const chunks: Chunk[] = [];
  for (let plane = 0; plane < planes; plane++) {
    for (let k = 0; k < perPlane; k++) {
      const index = plane * perPlane + k;
      let chunk: Omit<Chunk, 'offset' | 'length' | 'expected'>;
      if (page.tileWidth && page.tileHeight) {
        const x0 = (k % across) * page.tileWidth;
        const y0 = Math.floor(k / across) * page.tileHeight;
        chunk = { index, plane, x0, y0, storedWidth: page.tileWidth, rows: page.tileHeight };
      } else {
        const y0 = k * page.rowsPerStrip;
        chunk = {
          index,
          plane,
          x0: 0,
          y0,
          storedWidth: page.width,
          rows: Math.min(page.rowsPerStrip, page.height - y0),
        };
      }
      const expected = chunk.storedWidth * chunk.rows * samples * bytes;
      const offset = offsets[index];
      const length = page.compression === 1 ? expected : (counts?.[index] ?? 0);
      // Sparse files leave unwritten chunks at offset 0 / length 0: they read as zeros.
      if (counts && counts[index] === 0) continue;
      if (!(Number.isSafeInteger(offset) && offset > 0)) {
        throw new FileFormatError(
          dir.name,
          'corrupt',
          `${label}: ${what} ${index} has no valid offset (${offset})`,
        );
      }
      // Every supported codec stays within 2× of the raw size, so more means a corrupt count.
      if (length > expected * 2 + 4096) {
        throw new FileFormatError(
          dir.name,
          'corrupt',
          `${label}: ${what} ${index} claims ${length} bytes`,
          offset,
        );
      }
      if (offset + length > dir.reader.size) {
        throw new FileFormatError(
          dir.name,
          'truncated',
          `${label} is truncated: its pixel data runs to byte ${offset + length} but the file ends at byte ${dir.reader.size}`,
          offset,
        );
      }
      const problem = byteRangeProblem(offset, length, dir.reader.size);
      if (problem)
        throw new FileFormatError(dir.name, 'corrupt', `${label}: ${what} ${index}: ${problem}`, offset);
      if (!canFill(length, page.compression, expected)) {
        throw new FileFormatError(
          dir.name,
          'corrupt',
          `${label}: ${what} ${index} stores ${length} bytes, too few to decode to the ${expected} bytes it must fill`,
          offset,
        );
      }
      chunks.push({ ...chunk, offset, length, expected });
    }
  }
  // A frame none of whose strips or tiles was written is a damaged header, not a blank frame:
  // refused here, before a frame-sized buffer of zeros is allocated for it.
  if (chunks.length === 0) {
    throw new FileFormatError(dir.name, 'corrupt', `${label} holds no pixel data (every ${what} is empty)`);
  }
  return chunks;
}

/** Reads the chunks' bytes, merging neighbours into one ranged read. */
async function readChunks(
  dir: TiffDirectory,
  chunks: Chunk[],
  signal?: AbortSignal,
): Promise<Map<Chunk, Uint8Array>> {
  const sorted = [...chunks].sort((a, b) => a.offset - b.offset);
  const data = new Map<Chunk, Uint8Array>();
  let i = 0;
  while (i < sorted.length) {
    const start = sorted[i].offset;
    let end = start + sorted[i].length;
    let j = i + 1;
    while (j < sorted.length) {
      const next = sorted[j];
      const nextEnd = Math.max(end, next.offset + next.length);
      if (next.offset - end > MERGE_GAP || nextEnd - start > MAX_SPAN) break;
      end = nextEnd;
      j++;
    }
    throwIfAborted(signal, 'reading a frame');
    const span = await readExact(dir.reader, start, end - start, 'pixel data');
    for (let k = i; k < j; k++) {
      const from = sorted[k].offset - start;
      data.set(sorted[k], span.subarray(from, from + sorted[k].length));
    }
    i = j;
  }
  return data;
}

/**
 * The page's pixel bytes as they were read, when the file already holds them as the frame
 * (uncompressed strips, no predictor, one after another): a 2048² uint16 frame then costs no
 * 8 MB allocation and copy. Undefined when the strips need assembling.
 */
function storedInPlace(
  chunks: Chunk[],
  data: Map<Chunk, Uint8Array>,
  page: PageInfo,
  rowBytes: number,
): Uint8Array | undefined {
  if (page.compression !== 1 || page.tileWidth || (page.predictor ?? 1) !== 1 || chunks.length === 0) {
    return undefined;
  }
  if (page.bitsPerSample === 16 && page.sampleFormat === 3) return undefined;
  const first = data.get(chunks[0]);
  if (!first) return undefined;
  let expectedOffset = first.byteOffset;
  for (const chunk of chunks) {
    const bytes = data.get(chunk);
    if (!bytes || bytes.buffer !== first.buffer || bytes.byteOffset !== expectedOffset) return undefined;
    if (chunk.y0 * rowBytes !== expectedOffset - first.byteOffset) return undefined;
    expectedOffset += chunk.rows * rowBytes;
  }
  const total = rowBytes * page.height;
  if (expectedOffset - first.byteOffset !== total) return undefined;
  return new Uint8Array(first.buffer, first.byteOffset, total);
}

/** Decodes one page into a frame of `page.dtype`, reading only that page's strips or tiles. */
export async function decodePage(
  dir: TiffDirectory,
  page: PageInfo,
  label: string,
  signal?: AbortSignal,
): Promise<PixelArray> {
  const size = page.bitsPerSample / 8;
  const samples = page.planar === 1 ? page.samplesPerPixel : 1;
  const rowBytes = page.width * samples * size;
  const chunks = await planChunks(dir, page, label);
  const data = await readChunks(dir, chunks, signal);
  throwIfAborted(signal, 'reading a frame');
  const planeCount = page.planar === 2 ? (page.photometric === 2 ? 3 : 1) : 1;
  const direct = samples === 1 && planeCount === 1 ? storedInPlace(chunks, data, page, rowBytes) : undefined;
  if (direct) {
    if (size > 1 && dir.littleEndian !== NATIVE_LE) swapBytes(direct, size);
    return typedView(aligned(direct, size), page.dtype);
  }
  const planes = Array.from({ length: planeCount }, () => new Uint8Array(rowBytes * page.height));
  const what = page.tileWidth ? 'tile' : 'strip';

  for (const chunk of chunks) {
    const result = decompressChunk(data.get(chunk) as Uint8Array, page.compression, chunk.expected);
    if (typeof result === 'string') {
      throw new FileFormatError(
        dir.name,
        'corrupt',
        `${label}: ${what} ${chunk.index}: ${result}`,
        chunk.offset,
      );
    }
    let raw = result;
    const rowSamples = chunk.storedWidth * samples;
    if (page.predictor === 3) {
      raw = undoFloatPredictor(raw, size, rowSamples, samples);
    } else {
      if (size > 1 && dir.littleEndian !== NATIVE_LE) swapBytes(raw, size);
      if (page.predictor === 2) {
        raw = aligned(raw, size);
        undoHorizontalPredictor(raw, size, rowSamples, samples);
      }
    }
    const plane = planes[chunk.plane];
    if (!page.tileWidth) {
      plane.set(raw.subarray(0, chunk.rows * rowBytes), chunk.y0 * rowBytes);
      continue;
    }
    const storedRowBytes = rowSamples * size;
    const copyBytes = Math.min(chunk.storedWidth, page.width - chunk.x0) * samples * size;
    for (let r = 0; r < chunk.rows && chunk.y0 + r < page.height; r++) {
      const src = r * storedRowBytes;
      plane.set(raw.subarray(src, src + copyBytes), (chunk.y0 + r) * rowBytes + chunk.x0 * samples * size);
    }
  }

  const half = page.bitsPerSample === 16 && page.sampleFormat === 3;
  const arrays = planes.map((bytes) =>
    half ? halfToFloat32(new Uint16Array(bytes.buffer)) : typedView(bytes, page.dtype),
  );
  if (samples === 1 && planeCount === 1) return arrays[0];
  return toGrey(arrays, samples, page.width * page.height, page.photometric === 2, page.dtype);
}
