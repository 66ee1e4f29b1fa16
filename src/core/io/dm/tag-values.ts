import { DmType, type DmTypeInfo, type DmValue } from './tag-types.ts';

/**
 * The value side of a DM tag: its type descriptor (the big-endian "info" array) and the decoding
 * of its bytes, in the byte order the header declares. The tree walk is in `tag-parser.ts`.
 */

/** Type descriptors longer than this are corrupt, not exotic. */
export const MAX_INFO = 1024;

type ReadSimple = (view: DataView, at: number, littleEndian: boolean) => number | boolean;

/** Each simple element type: its byte size and how one value is read. One table, so the two agree. */
const SIMPLE: Record<number, { size: number; read: ReadSimple }> = {
  [DmType.int16]: { size: 2, read: (view, at, le) => view.getInt16(at, le) },
  [DmType.int32]: { size: 4, read: (view, at, le) => view.getInt32(at, le) },
  [DmType.uint16]: { size: 2, read: (view, at, le) => view.getUint16(at, le) },
  [DmType.uint32]: { size: 4, read: (view, at, le) => view.getUint32(at, le) },
  [DmType.float32]: { size: 4, read: (view, at, le) => view.getFloat32(at, le) },
  [DmType.float64]: { size: 8, read: (view, at, le) => view.getFloat64(at, le) },
  [DmType.bool]: { size: 1, read: (view, at) => view.getUint8(at) !== 0 },
  [DmType.char]: { size: 1, read: (view, at) => view.getUint8(at) },
  [DmType.int8]: { size: 1, read: (view, at) => view.getInt8(at) },
  [DmType.int64]: { size: 8, read: (view, at, le) => Number(view.getBigInt64(at, le)) },
  [DmType.uint64]: { size: 8, read: (view, at, le) => Number(view.getBigUint64(at, le)) },
};

/** Reads one type descriptor from a tag's info array: simple, struct, string or array. */
export function parseTypeInfo(info: number[], at: number): { type: DmTypeInfo; next: number } {
  const code = info[at];
  if (code === undefined) throw new Error('its type description is cut short');
  if (SIMPLE[code] !== undefined) return { type: { kind: 'simple', code }, next: at + 1 };
  if (code === DmType.string) return { type: { kind: 'string', length: need(info, at + 1) }, next: at + 2 };
  if (code === DmType.struct) {
    const fieldCount = need(info, at + 2);
    if (fieldCount > MAX_INFO) throw new Error(`a struct of ${fieldCount} fields is absurd`);
    const fields: number[] = [];
    for (let i = 0; i < fieldCount; i++) {
      const field = need(info, at + 4 + 2 * i);
      if (SIMPLE[field] === undefined) throw new Error(`struct field type ${field} is not supported`);
      fields.push(field);
    }
    return { type: { kind: 'struct', fields }, next: at + 3 + 2 * fieldCount };
  }
  if (code === DmType.array) {
    const element = parseTypeInfo(info, at + 1);
    if (element.type.kind === 'array' || element.type.kind === 'string') {
      throw new Error('arrays of arrays or strings are not supported');
    }
    return {
      type: { kind: 'array', element: element.type, count: need(info, element.next) },
      next: element.next + 1,
    };
  }
  throw new Error(`data type ${code} is unknown`);
}

function need(info: number[], at: number): number {
  const value = info[at];
  if (value === undefined) throw new Error('its type description is cut short');
  return value;
}

/** Bytes a value of `type` takes in the file. */
export function byteSize(type: DmTypeInfo): number {
  switch (type.kind) {
    case 'simple':
      return SIMPLE[type.code].size;
    case 'struct':
      return type.fields.reduce((sum, code) => sum + SIMPLE[code].size, 0);
    case 'string':
      return type.length * 2;
    case 'array':
      return type.count * byteSize(type.element);
  }
}

/** The value of `type` at byte `at` of `view`: a number or boolean, or the fields of a struct. */
export function decode(view: DataView, at: number, type: DmTypeInfo, le: boolean): DmValue {
  if (type.kind === 'struct') {
    const values: DmValue[] = [];
    let p = at;
    for (const code of type.fields) {
      values.push(SIMPLE[code].read(view, p, le));
      p += SIMPLE[code].size;
    }
    return values;
  }
  if (type.kind !== 'simple') return '<unsupported>';
  return SIMPLE[type.code].read(view, at, le);
}

/** A tag label: one byte per character. */
export function latin1(view: DataView): string {
  let out = '';
  for (let i = 0; i < view.byteLength; i++) out += String.fromCharCode(view.getUint8(i));
  return out;
}

/** Code units per `String.fromCharCode` call: spreading more than ~100k arguments overflows the stack. */
const CHARS_PER_CALL = 8192;

/** DM text: UTF-16 code units in the file's byte order, decoded in chunks (a tag may hold 400,000). */
export function utf16(view: DataView, count: number, le: boolean): string {
  const codes = new Array<number>(Math.min(count, CHARS_PER_CALL));
  let text = '';
  for (let start = 0; start < count; start += CHARS_PER_CALL) {
    const n = Math.min(CHARS_PER_CALL, count - start);
    codes.length = n;
    for (let i = 0; i < n; i++) codes[i] = view.getUint16(2 * (start + i), le);
    text += String.fromCharCode(...codes);
  }
  // DM pads some strings with NULs.
  return text.replace(/\0+$/, '');
}
