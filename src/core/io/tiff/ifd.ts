import { isWholeByteRange } from '../byte-range.ts';
import { FileFormatError, throwIfAborted } from '../errors.ts';
import type { RangeReader } from '../range-reader.ts';
import { BlockReader } from './block-reader.ts';
import { TYPE_SIZE, tagLabel } from './tags.ts';

/** A tag as the directory states it; its value is read only when asked for. */
export interface TagEntry {
  tag: number;
  type: number;
  count: number;
  /** Absolute file offset of the value (inside the entry itself when it fits there). */
  valueOffset: number;
  /** count × type size; NaN for a field type this reader does not know. */
  byteLength: number;
}

export interface RawIfd {
  index: number;
  offset: number;
  entries: Map<number, TagEntry>;
}

export interface TiffHeader {
  littleEndian: boolean;
  bigTiff: boolean;
  firstIfd: number;
}

/** Generous limits: past them the file is corrupt, and trusting it would exhaust memory. */
const MAX_PAGES = 1_000_000;
const MAX_ENTRIES = 4096;

/** Field types that hold whole numbers (BYTE, SHORT, LONG, their signed forms, IFD, LONG8, IFD8). */
const WHOLE_NUMBER_TYPES = new Set([1, 3, 4, 6, 8, 9, 13, 16, 17, 18]);

/** True when the tag's field type can only hold whole numbers (offsets and counts must). */
export function holdsWholeNumbers(entry: TagEntry): boolean {
  return WHOLE_NUMBER_TYPES.has(entry.type);
}

/** True when the first bytes are a classic TIFF or a BigTIFF header in either byte order. */
export function isTiffMagic(head: Uint8Array): boolean {
  if (head.length < 4) return false;
  const [a, b, c, d] = head;
  if (a === 0x49 && b === 0x49 && d === 0) return c === 42 || c === 43;
  if (a === 0x4d && b === 0x4d && c === 0) return d === 42 || d === 43;
  return false;
}

export function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decodes `count` values of a numeric field type; rationals become n / d. */
export function decodeNumbers(
  bytes: Uint8Array,
  type: number,
  count: number,
  littleEndian: boolean,
): number[] {
  const dv = view(bytes);
  const le = littleEndian;
  const out: number[] = new Array(count);
  for (let i = 0; i < count; i++) {
    switch (type) {
      case 1:
      case 2:
      case 7:
        out[i] = dv.getUint8(i);
        break;
      case 6:
        out[i] = dv.getInt8(i);
        break;
      case 3:
        out[i] = dv.getUint16(i * 2, le);
        break;
      case 8:
        out[i] = dv.getInt16(i * 2, le);
        break;
      case 4:
      case 13:
        out[i] = dv.getUint32(i * 4, le);
        break;
      case 9:
        out[i] = dv.getInt32(i * 4, le);
        break;
      case 5:
        out[i] = dv.getUint32(i * 8, le) / dv.getUint32(i * 8 + 4, le);
        break;
      case 10:
        out[i] = dv.getInt32(i * 8, le) / dv.getInt32(i * 8 + 4, le);
        break;
      case 11:
        out[i] = dv.getFloat32(i * 4, le);
        break;
      case 12:
        out[i] = dv.getFloat64(i * 8, le);
        break;
      case 16:
      case 18:
        out[i] = Number(dv.getBigUint64(i * 8, le));
        break;
      case 17:
        out[i] = Number(dv.getBigInt64(i * 8, le));
        break;
      default:
        out[i] = Number.NaN;
    }
  }
  return out;
}

/** TIFF ASCII is nominally 7-bit, but DM writes "µm" in Latin-1: accept UTF-8, else Latin-1. */
export function decodeText(bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  const trimmed = bytes.subarray(0, end);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(trimmed);
  } catch {
    let text = '';
    for (let i = 0; i < trimmed.length; i += 8192) {
      text += String.fromCharCode(...trimmed.subarray(i, i + 8192));
    }
    return text;
  }
}

/** Header, directory chain and tag values of one TIFF, all read lazily through byte ranges. */
export class TiffDirectory {
  readonly blocks: BlockReader;
  /** Problems that did not stop the file from opening (a broken chain after good pages). */
  readonly warnings: string[] = [];

  private constructor(
    readonly reader: RangeReader,
    readonly header: TiffHeader,
  ) {
    this.blocks = new BlockReader(reader);
  }

  get name(): string {
    return this.reader.name;
  }

  get littleEndian(): boolean {
    return this.header.littleEndian;
  }

  static async open(reader: RangeReader): Promise<TiffDirectory> {
    const head = await reader.readUpTo(0, 16);
    if (!isTiffMagic(head)) {
      throw new FileFormatError(
        reader.name,
        'corrupt',
        'not a TIFF file (the first bytes are not a TIFF header)',
        0,
      );
    }
    const le = head[0] === 0x49;
    const dv = view(head);
    const bigTiff = dv.getUint16(2, le) === 43;
    if (bigTiff) {
      if (head.length < 16 || dv.getUint16(4, le) !== 8) {
        throw new FileFormatError(
          reader.name,
          'corrupt',
          'BigTIFF header is damaged (offset size is not 8)',
          4,
        );
      }
      return new TiffDirectory(reader, {
        littleEndian: le,
        bigTiff,
        firstIfd: Number(dv.getBigUint64(8, le)),
      });
    }
    if (head.length < 8)
      throw new FileFormatError(reader.name, 'truncated', 'the TIFF header is cut short', 0);
    return new TiffDirectory(reader, { littleEndian: le, bigTiff, firstIfd: dv.getUint32(4, le) });
  }

  /**
   * Yields every directory of the main chain. A broken first directory is an error; a broken
   * link further on ends the chain with a warning, so a recording cut short still opens.
   */
  async *walk(signal?: AbortSignal): AsyncGenerator<RawIfd> {
    const { bigTiff } = this.header;
    const countSize = bigTiff ? 8 : 2;
    const entrySize = bigTiff ? 20 : 12;
    const pointerSize = bigTiff ? 8 : 4;
    const headerSize = bigTiff ? 16 : 8;
    const seen = new Set<number>();
    let offset = this.header.firstIfd;
    let index = 0;
    while (offset !== 0) {
      throwIfAborted(signal, `opening ${this.name}`);
      const problem = (kind: 'corrupt' | 'truncated', detail: string): boolean => {
        if (index === 0) throw new FileFormatError(this.name, kind, detail, offset);
        this.warnings.push(`${detail} (at byte ${offset}); reading stopped after page ${index}`);
        return false;
      };
      if (seen.has(offset)) {
        problem('corrupt', `image directory ${index + 1} points back to an earlier one (a loop)`);
        return;
      }
      if (offset < headerSize || offset + countSize > this.reader.size) {
        problem('corrupt', `image directory ${index + 1} lies outside the file (${this.reader.size} bytes)`);
        return;
      }
      if (index >= MAX_PAGES) {
        throw new FileFormatError(this.name, 'too-large', `more than ${MAX_PAGES} pages`, offset);
      }
      seen.add(offset);
      const countBytes = await this.blocks.read(offset, countSize, 'image directory');
      const count = bigTiff
        ? Number(view(countBytes).getBigUint64(0, this.littleEndian))
        : view(countBytes).getUint16(0, this.littleEndian);
      if (count === 0 || count > MAX_ENTRIES) {
        problem('corrupt', `image directory ${index + 1} claims ${count} entries`);
        return;
      }
      const tableLength = count * entrySize + pointerSize;
      if (offset + countSize + tableLength > this.reader.size) {
        problem('truncated', `image directory ${index + 1} runs past the end of the file`);
        return;
      }
      const table = await this.blocks.read(offset + countSize, tableLength, 'image directory');
      const entries = this.parseEntries(table, offset + countSize, count);
      const next = view(table);
      const nextOffset = bigTiff
        ? Number(next.getBigUint64(count * entrySize, this.littleEndian))
        : next.getUint32(count * entrySize, this.littleEndian);
      yield { index, offset, entries };
      index++;
      offset = nextOffset;
    }
  }

  private parseEntries(table: Uint8Array, tableOffset: number, count: number): Map<number, TagEntry> {
    const { bigTiff } = this.header;
    const le = this.littleEndian;
    const dv = view(table);
    const entrySize = bigTiff ? 20 : 12;
    const fieldSize = bigTiff ? 8 : 4;
    const entries = new Map<number, TagEntry>();
    for (let i = 0; i < count; i++) {
      const at = i * entrySize;
      const tag = dv.getUint16(at, le);
      const type = dv.getUint16(at + 2, le);
      const n = bigTiff ? Number(dv.getBigUint64(at + 4, le)) : dv.getUint32(at + 4, le);
      const valueField = at + (bigTiff ? 12 : 8);
      const byteLength = n * (TYPE_SIZE[type] ?? Number.NaN);
      let valueOffset = tableOffset + valueField;
      if (!(byteLength <= fieldSize)) {
        valueOffset = bigTiff ? Number(dv.getBigUint64(valueField, le)) : dv.getUint32(valueField, le);
      }
      // The first occurrence wins, as in libtiff.
      if (!entries.has(tag)) entries.set(tag, { tag, type, count: n, valueOffset, byteLength });
    }
    return entries;
  }

  /** True when the tag's value lies inside the file. */
  valueInFile(entry: TagEntry): boolean {
    return isWholeByteRange(entry.valueOffset, entry.byteLength, this.reader.size);
  }

  async bytes(entry: TagEntry): Promise<Uint8Array> {
    if (!this.valueInFile(entry)) {
      throw new FileFormatError(
        this.name,
        'corrupt',
        `the value of ${tagLabel(entry.tag)} lies outside the file`,
        entry.valueOffset,
      );
    }
    return this.blocks.read(entry.valueOffset, entry.byteLength, tagLabel(entry.tag));
  }

  async numbers(entry: TagEntry): Promise<number[]> {
    return decodeNumbers(await this.bytes(entry), entry.type, entry.count, this.littleEndian);
  }

  async number(entry: TagEntry | undefined): Promise<number | undefined> {
    if (!entry || entry.count < 1) return undefined;
    const values = await this.numbers({ ...entry, count: 1, byteLength: entry.byteLength / entry.count });
    return values[0];
  }

  async text(entry: TagEntry): Promise<string> {
    return decodeText(await this.bytes(entry));
  }
}
