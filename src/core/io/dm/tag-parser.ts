import { FileFormatError, throwIfAborted } from '../errors.ts';
import type { RangeReader } from '../range-reader.ts';
import { BlockReader } from '../tiff/block-reader.ts';
import {
  type DmData,
  type DmEntry,
  type DmGroup,
  type DmHeader,
  DmType,
  type DmTypeInfo,
  type DmValue,
} from './tag-types.ts';
import { byteSize, decode, latin1, MAX_INFO, parseTypeInfo, utf16 } from './tag-values.ts';

/** Limits that keep a corrupt or hostile file from costing unbounded time or memory. */
const MAX_DEPTH = 64;
const MAX_TAGS = 2_000_000;
/** Arrays up to this size are read into the tree; larger ones stay on disk as references. */
const INLINE_BYTES = 4096;
/** uint16 arrays up to this length are text (DM stores strings as UTF-16 arrays). */
const MAX_TEXT_CHARS = 8192;
/** String tags (type 18) longer than this are summarised, not read: no DM field needs more. */
const MAX_STRING_CHARS = 1 << 20;

export interface ParsedDm {
  header: DmHeader;
  root: DmGroup;
  tagCount: number;
}

/** Reads the 12-byte (DM3) or 16-byte (DM4) header; every field is big-endian. */
export async function readDmHeader(reader: RangeReader): Promise<DmHeader> {
  const name = reader.name;
  if (reader.size === 0) throw new FileFormatError(name, 'empty', 'the file is empty');
  if (reader.size < 16) {
    throw new FileFormatError(
      name,
      'truncated',
      `a DM file has a 16-byte header; this file has ${reader.size} bytes`,
      0,
    );
  }
  const head = await reader.read(0, 16, 'the DM header');
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const version = view.getInt32(0, false);
  if (version !== 3 && version !== 4) {
    const known = version > 0 && version < 100;
    throw new FileFormatError(
      name,
      known ? 'unsupported' : 'corrupt',
      known
        ? `DigitalMicrograph file version ${version} is not supported (this reader opens DM3 and DM4)`
        : `not a DigitalMicrograph file: the header declares version ${version}`,
      0,
    );
  }
  const orderOffset = version === 3 ? 8 : 12;
  const order = view.getUint32(orderOffset, false);
  if (order !== 0 && order !== 1) {
    throw new FileFormatError(
      name,
      'corrupt',
      `the byte-order field is ${order}, expected 0 or 1`,
      orderOffset,
    );
  }
  return { version, littleEndian: order === 1, rootOffset: orderOffset + 4 };
}

/** Parses the whole tag tree with small ranged reads; image data is located, never read. */
export async function parseDmTags(reader: RangeReader, signal?: AbortSignal): Promise<ParsedDm> {
  const header = await readDmHeader(reader);
  const parser = new TagParser(reader, header, signal);
  const { group } = await parser.group(header.rootOffset, 0);
  parser.blocks.clear();
  return { header, root: group, tagCount: parser.tagCount };
}

class TagParser {
  readonly blocks: BlockReader;
  /** Width of counts, sizes and info entries: 4 bytes in DM3, 8 in DM4. */
  private readonly wide: number;
  tagCount = 0;

  constructor(
    private readonly reader: RangeReader,
    private readonly header: DmHeader,
    private readonly signal?: AbortSignal,
  ) {
    this.blocks = new BlockReader(reader);
    this.wide = header.version === 4 ? 8 : 4;
  }

  private fail(
    kind: 'corrupt' | 'truncated' | 'unsupported' | 'too-large',
    detail: string,
    at: number,
  ): never {
    throw new FileFormatError(this.reader.name, kind, detail, at);
  }

  private async bytes(offset: number, length: number, what: string): Promise<DataView> {
    if (offset + length > this.reader.size) {
      this.fail('truncated', `${what} runs past the end of the file (${this.reader.size} bytes)`, offset);
    }
    const b = await this.blocks.read(offset, length, what);
    return new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  /** A big-endian count of `wide` bytes, as a safe Number. */
  private bigEndianCount(view: DataView, at: number, where: number): number {
    if (this.wide === 4) return view.getUint32(at, false);
    const value = view.getBigUint64(at, false);
    if (value > BigInt(Number.MAX_SAFE_INTEGER))
      this.fail('corrupt', `a 64-bit size of ${value} is absurd`, where);
    return Number(value);
  }

  async group(offset: number, depth: number): Promise<{ group: DmGroup; end: number }> {
    if (depth > MAX_DEPTH) this.fail('corrupt', `tag groups nest deeper than ${MAX_DEPTH} levels`, offset);
    const view = await this.bytes(offset, 2 + this.wide, 'a tag group header');
    const count = this.bigEndianCount(view, 2, offset);
    // Each tag takes at least 3 bytes, so a count beyond that is a corrupt header, not a reason to loop.
    if (count * 3 > this.reader.size - offset) {
      this.fail('corrupt', `a tag group claims ${count} tags, more than the file can hold`, offset);
    }
    const entries: DmEntry[] = [];
    let pos = offset + 2 + this.wide;
    for (let i = 0; i < count; i++) {
      const entry = await this.entry(pos, depth);
      entries.push(entry.entry);
      pos = entry.end;
    }
    return { group: { kind: 'group', offset, entries }, end: pos };
  }

  private async entry(pos: number, depth: number): Promise<{ entry: DmEntry; end: number }> {
    if (++this.tagCount > MAX_TAGS) this.fail('too-large', `more than ${MAX_TAGS} tags`, pos);
    if ((this.tagCount & 255) === 0) throwIfAborted(this.signal, `reading ${this.reader.name}`);
    const head = await this.bytes(pos, 3, 'a tag');
    const type = head.getUint8(0);
    const labelLength = head.getUint16(1, false);
    let p = pos + 3;
    const label = latin1(await this.bytes(p, labelLength, 'a tag label'));
    p += labelLength;
    let declaredEnd: number | undefined;
    if (this.wide === 8) {
      // DM4 stores each tag's size, so a tag we can't interpret can still be stepped over.
      declaredEnd = p + 8 + this.bigEndianCount(await this.bytes(p, 8, 'a tag size'), 0, p);
      if (declaredEnd > this.reader.size) {
        this.fail(
          'truncated',
          `tag "${label}" claims to end at byte ${declaredEnd}, past the end of the file`,
          pos,
        );
      }
      p += 8;
    }
    if (type === 20) {
      const { group, end } = await this.group(p, depth + 1);
      return { entry: { label, offset: pos, node: group }, end };
    }
    if (type !== 21) this.fail('corrupt', `unknown tag kind ${type} (expected 20 or 21)`, pos);
    const { data, end } = await this.data(p, label, declaredEnd);
    return { entry: { label, offset: pos, node: data }, end };
  }

  private async data(p: number, label: string, declaredEnd?: number): Promise<{ data: DmData; end: number }> {
    const marker = await this.bytes(p, 4 + this.wide, 'a data tag');
    if (marker.getUint32(0, false) !== 0x25252525)
      this.fail('corrupt', `tag "${label}" lacks its "%%%%" marker`, p);
    const infoCount = this.bigEndianCount(marker, 4, p);
    if (infoCount === 0 || infoCount > MAX_INFO)
      this.fail('corrupt', `tag "${label}" has ${infoCount} type entries`, p);
    const infoView = await this.bytes(p + 4 + this.wide, infoCount * this.wide, 'a tag type');
    const info: number[] = [];
    for (let i = 0; i < infoCount; i++) info.push(this.bigEndianCount(infoView, i * this.wide, p));
    const offset = p + 4 + this.wide * (1 + infoCount);
    let type: DmTypeInfo;
    try {
      type = parseTypeInfo(info, 0).type;
    } catch (error) {
      // An exotic type (say an array of arrays) is skipped in DM4, where its size is known.
      if (declaredEnd === undefined)
        this.fail('unsupported', `tag "${label}": ${(error as Error).message}`, p);
      return {
        data: { kind: 'data', offset, type: { kind: 'string', length: 0 }, value: '<unsupported>' },
        end: declaredEnd,
      };
    }
    const length = byteSize(type);
    if (offset + length > this.reader.size) {
      this.fail(
        'truncated',
        `tag "${label}" holds ${length} bytes that run past the end of the file (${this.reader.size} bytes)`,
        offset,
      );
    }
    const value = await this.value(type, offset, length, label);
    return { data: { kind: 'data', offset, type, value }, end: declaredEnd ?? offset + length };
  }

  private async value(type: DmTypeInfo, offset: number, length: number, label: string): Promise<DmValue> {
    const le = this.header.littleEndian;
    if (type.kind === 'array') {
      const el = type.element;
      const code = el.kind === 'simple' ? el.code : DmType.struct;
      const text = el.kind === 'simple' && el.code === DmType.uint16 && type.count <= MAX_TEXT_CHARS;
      if (
        label === 'Data' ||
        (length > INLINE_BYTES && !text) ||
        (el.kind !== 'simple' && el.kind !== 'struct')
      ) {
        const elementSize = byteSize(el);
        return {
          kind: 'array-ref',
          elementType: code,
          elementSize,
          count: type.count,
          offset,
          byteLength: length,
        };
      }
      const view = await this.bytes(offset, length, `tag "${label}"`);
      if (text) return utf16(view, type.count, le);
      const size = byteSize(el);
      const out: DmValue[] = [];
      for (let i = 0; i < type.count; i++) out.push(decode(view, i * size, el, le));
      return out;
    }
    if (type.kind === 'string') {
      if (type.length > MAX_STRING_CHARS) return `<text of ${type.length} characters, not read>`;
      return utf16(await this.bytes(offset, length, `tag "${label}"`), type.length, le);
    }
    return decode(await this.bytes(offset, length, `tag "${label}"`), 0, type, le);
  }
}
