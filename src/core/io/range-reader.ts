import { isWholeByteRange } from './byte-range.ts';
import { FileFormatError } from './errors.ts';

/**
 * The one way the core touches file bytes: ranges of a `Blob`. A browser `File`, a worker's
 * structured-clone copy of it, and Node's `fs.openAsBlob(path)` are all Blobs, and
 * `Blob.slice(a, b).arrayBuffer()` reads only that range, so a 20 GB movie never sits in memory.
 */
export class RangeReader {
  /** Bytes read so far, so tests and benches can prove that opening a file stays lazy. */
  bytesRead = 0;

  constructor(
    readonly blob: Blob,
    readonly name: string,
  ) {}

  get size(): number {
    return this.blob.size;
  }

  /** Reads [offset, offset + length). Fails with a typed error when the file is shorter. */
  async read(offset: number, length: number, what = 'data'): Promise<Uint8Array> {
    // Checked here too, not only by the readers: a fractional position aborts Node in Blob.slice.
    if (!isWholeByteRange(offset, length, Number.MAX_SAFE_INTEGER)) {
      throw new FileFormatError(
        this.name,
        'corrupt',
        `${what} is at byte ${offset} with length ${length}, which are not whole byte positions (the file is damaged)`,
        Number.isSafeInteger(offset) ? offset : undefined,
      );
    }
    if (offset + length > this.blob.size) {
      throw new FileFormatError(
        this.name,
        'truncated',
        `${what} needs bytes ${offset}–${offset + length} but the file ends at byte ${this.blob.size}`,
        offset,
      );
    }
    const buffer = await this.blob.slice(offset, offset + length).arrayBuffer();
    this.bytesRead += buffer.byteLength;
    // A Blob whose size is wrong (e.g. Node 20's openAsBlob past 2 GiB) returns short reads.
    if (buffer.byteLength !== length) {
      throw new FileFormatError(
        this.name,
        'truncated',
        `${what} needs ${length} bytes at byte ${offset} but only ${buffer.byteLength} could be read`,
        offset,
      );
    }
    return new Uint8Array(buffer);
  }

  /** Reads up to `length` bytes from `offset`, fewer at the end of the file. */
  async readUpTo(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(this.blob.size, offset + length);
    if (end <= offset && Number.isSafeInteger(offset)) return new Uint8Array(0);
    return this.read(offset, end - offset);
  }
}
