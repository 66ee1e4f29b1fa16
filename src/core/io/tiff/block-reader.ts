import { FileFormatError } from '../errors.ts';
import type { RangeReader } from '../range-reader.ts';

const MIN_BLOCK = 4 * 1024;
const MAX_BLOCK = 256 * 1024;
const MAX_CACHED_BLOCKS = 8;

/**
 * `RangeReader.read`, checked: Node 20's `fs.openAsBlob` returns empty slices across the 2 GiB
 * mark (nodejs/node#52585), and a short read must not pass for data.
 */
export async function readExact(
  reader: RangeReader,
  offset: number,
  length: number,
  what: string,
): Promise<Uint8Array> {
  const bytes = await reader.read(offset, length, what);
  if (bytes.length !== length) {
    throw new FileFormatError(
      reader.name,
      'truncated',
      `reading ${what} returned ${bytes.length} of ${length} bytes (the file could not be read completely)`,
      offset,
    );
  }
  return bytes;
}

interface Block {
  start: number;
  bytes: Uint8Array;
}

/**
 * Serves the many small reads of an IFD walk (a 2-byte count, a 12-byte entry, a rational)
 * from a few larger `Blob.slice` reads. The block size adapts: it starts small, because
 * writers such as tifffile put each directory beside megabytes of pixels, and doubles while
 * reads run forward through the file, because ImageJ packs all directories together at the start.
 * A large request bypasses the cache so pixel data never evicts directory blocks.
 */
export class BlockReader {
  private blocks: Block[] = [];
  private blockSize = MIN_BLOCK;
  private lastStart = -1;
  private lastEnd = -1;

  constructor(readonly reader: RangeReader) {}

  get size(): number {
    return this.reader.size;
  }

  async read(offset: number, length: number, what = 'data'): Promise<Uint8Array> {
    const cached = this.find(offset, length);
    if (cached) return cached;
    if (length > MAX_BLOCK || offset < 0 || offset + length > this.reader.size) {
      return readExact(this.reader, offset, length, what);
    }
    // Forward from inside or just past the previous block: a run of packed directories.
    const sequential =
      offset > this.lastStart && this.lastStart >= 0 && offset < this.lastEnd + this.blockSize;
    this.blockSize = sequential ? Math.min(this.blockSize * 2, MAX_BLOCK) : MIN_BLOCK;
    const end = Math.min(this.reader.size, Math.max(offset + length, offset + this.blockSize));
    const bytes = await readExact(this.reader, offset, end - offset, what);
    this.lastStart = offset;
    this.lastEnd = end;
    this.blocks.push({ start: offset, bytes });
    if (this.blocks.length > MAX_CACHED_BLOCKS) this.blocks.shift();
    return bytes.subarray(0, length);
  }

  /** Drops the cached blocks (after the walk, or on close). */
  clear(): void {
    this.blocks = [];
    this.lastStart = -1;
    this.lastEnd = -1;
    this.blockSize = MIN_BLOCK;
  }

  private find(offset: number, length: number): Uint8Array | undefined {
    for (let i = this.blocks.length - 1; i >= 0; i--) {
      const block = this.blocks[i];
      const from = offset - block.start;
      if (from >= 0 && from + length <= block.bytes.length) return block.bytes.subarray(from, from + length);
    }
    return undefined;
  }
}
