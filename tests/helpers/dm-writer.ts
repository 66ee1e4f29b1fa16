import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';
import type { Dtype } from '../../src/core/io/types.ts';

/**
 * Test-only DM3/DM4 writer, written from the format description (big-endian header and type info,
 * values in the declared byte order). It writes what the reader needs: a thumbnail, one image with
 * calibrations, DataBar/Microscope tags, optional plane info. Pixel data can be a hole (sparse files).
 */

export type TagNode = { group: [string, TagNode][] } | { value: TagValue };
export type TagValue =
  | { t: 'i16' | 'i32' | 'u16' | 'u32' | 'f32' | 'f64' | 'bool' | 'i8' | 'u64'; v: number | boolean }
  | { t: 'str'; v: string }
  /** A DM string (type 18): UTF-16 code units, as some DM versions write long text. */
  | { t: 'str18'; v: string }
  | { t: 'array'; code: number; count: number; bytes?: Uint8Array; hole?: boolean }
  | { t: 'struct'; codes: number[]; v: number[] };

const CODE = { i16: 2, i32: 3, u16: 4, u32: 5, f32: 6, f64: 7, bool: 8, i8: 10, u64: 12 } as const;
const SIZE: Record<number, number> = { 2: 2, 3: 4, 4: 2, 5: 4, 6: 4, 7: 8, 8: 1, 9: 1, 10: 1, 11: 8, 12: 8 };

export const DATA_TYPE: Record<Dtype, { dataType: number; code: number }> = {
  int16: { dataType: 1, code: 2 },
  float32: { dataType: 2, code: 6 },
  uint8: { dataType: 6, code: 10 },
  int32: { dataType: 7, code: 3 },
  int8: { dataType: 9, code: 10 },
  uint16: { dataType: 10, code: 4 },
  uint32: { dataType: 11, code: 5 },
  float64: { dataType: 12, code: 7 },
};

export type Part = Uint8Array | { hole: number };

class Out {
  parts: Part[] = [];
  length = 0;
  constructor(
    readonly version: 3 | 4,
    readonly le: boolean,
  ) {}
  bytes(b: Uint8Array) {
    this.parts.push(b);
    this.length += b.length;
  }
  hole(n: number) {
    this.parts.push({ hole: n });
    this.length += n;
  }
  /** A big-endian count: 4 bytes in DM3, 8 in DM4. */
  count(n: number) {
    const b = new Uint8Array(this.version === 4 ? 8 : 4);
    const v = new DataView(b.buffer);
    if (this.version === 4) v.setBigUint64(0, BigInt(n), false);
    else v.setUint32(0, n, false);
    this.bytes(b);
  }
  u8(n: number) {
    this.bytes(new Uint8Array([n]));
  }
}

function simpleBytes(code: number, value: number | boolean, le: boolean): Uint8Array {
  const b = new Uint8Array(SIZE[code]);
  const v = new DataView(b.buffer);
  const n = Number(value);
  const set: Record<number, () => void> = {
    2: () => v.setInt16(0, n, le),
    3: () => v.setInt32(0, n, le),
    4: () => v.setUint16(0, n, le),
    5: () => v.setUint32(0, n, le),
    6: () => v.setFloat32(0, n, le),
    7: () => v.setFloat64(0, n, le),
    8: () => v.setUint8(0, n ? 1 : 0),
    10: () => v.setInt8(0, n),
    12: () => v.setBigUint64(0, BigInt(Math.round(n)), le),
  };
  set[code]();
  return b;
}

function info(value: TagValue): number[] {
  if (value.t === 'str') return [20, 4, value.v.length];
  if (value.t === 'str18') return [18, value.v.length];
  if (value.t === 'array') return [20, value.code, value.count];
  if (value.t === 'struct') return [15, 0, value.codes.length, ...value.codes.flatMap((c) => [0, c])];
  return [CODE[value.t]];
}

function writeValue(out: Out, value: TagValue) {
  if (value.t === 'str' || value.t === 'str18') {
    const units = new Uint8Array(2 * value.v.length);
    const view = new DataView(units.buffer);
    for (let i = 0; i < value.v.length; i++) view.setUint16(2 * i, value.v.charCodeAt(i), out.le);
    out.bytes(units);
  } else if (value.t === 'array') {
    if (value.hole) out.hole(value.count * SIZE[value.code]);
    else out.bytes(value.bytes ?? new Uint8Array(value.count * SIZE[value.code]));
  } else if (value.t === 'struct') {
    for (const [i, c] of value.codes.entries()) out.bytes(simpleBytes(c, value.v[i], out.le));
  } else out.bytes(simpleBytes(CODE[value.t], value.v, out.le));
}

function writeGroup(out: Out, entries: [string, TagNode][]) {
  out.u8(0);
  out.u8(0);
  out.count(entries.length);
  for (const [label, node] of entries) {
    const sub = new Out(out.version, out.le);
    if ('group' in node) writeGroup(sub, node.group);
    else {
      sub.bytes(new TextEncoder().encode('%%%%'));
      const types = info(node.value);
      sub.count(types.length);
      for (const t of types) sub.count(t);
      writeValue(sub, node.value);
    }
    out.u8('group' in node ? 20 : 21);
    const name = new TextEncoder().encode(label);
    out.bytes(new Uint8Array([name.length >> 8, name.length & 255]));
    out.bytes(name);
    if (out.version === 4) out.count(sub.length);
    for (const p of sub.parts) {
      if (p instanceof Uint8Array) out.bytes(p);
      else out.hole(p.hole);
    }
  }
}

/** Serialises a tag tree into a DM file's parts (bytes and holes). */
export function writeDmParts(root: [string, TagNode][], version: 3 | 4 = 4, littleEndian = true): Part[] {
  const body = new Out(version, littleEndian);
  writeGroup(body, root);
  const head = new Uint8Array(version === 4 ? 16 : 12);
  const v = new DataView(head.buffer);
  v.setUint32(0, version, false);
  if (version === 4) v.setBigUint64(4, BigInt(body.length), false);
  else v.setUint32(4, body.length, false);
  v.setUint32(version === 4 ? 12 : 8, littleEndian ? 1 : 0, false);
  return [head, ...body.parts, new Uint8Array(8)];
}

export const tag = (t: TagValue['t'], v: number | boolean | string): TagNode => ({
  value: { t, v } as TagValue,
});
export const str = (v: string): TagNode => ({ value: { t: 'str', v } });
export const group = (...entries: [string, TagNode][]): TagNode => ({ group: entries });
export const list = (...items: TagNode[]): TagNode => ({
  group: items.map((n) => ['', n] as [string, TagNode]),
});

export interface ImageSpec {
  dtype: Dtype;
  /** DM order: x fastest. */
  dims: number[];
  /** Raw pixel bytes in the file's byte order; omitted = a hole (sparse) of the right size. */
  pixels?: Uint8Array;
  axes?: { scale: number; origin: number; units: string }[];
  imageTags?: [string, TagNode][];
  name?: string;
  /** Override of the DataType tag (to test unsupported types). */
  dataType?: number;
}

/** A whole DM file as DM writes it: ImageList = [RGBA thumbnail, the image]. */
export function dmImageFile(spec: ImageSpec, version: 3 | 4 = 4, littleEndian = true): Part[] {
  const { dataType, code } = DATA_TYPE[spec.dtype];
  const count = spec.dims.reduce((a, b) => a * b, 1);
  const axes = spec.axes ?? spec.dims.map(() => ({ scale: 1, origin: 0, units: '' }));
  const thumb = group([
    'ImageData',
    group(
      ['Data', { value: { t: 'array', code: 5, count: 4, bytes: new Uint8Array(16) } }],
      ['DataType', tag('i32', 23)],
      ['Dimensions', list(tag('u32', 2), tag('u32', 2))],
    ),
  ]);
  const image = group(
    [
      'ImageData',
      group(
        [
          'Calibrations',
          group([
            'Dimension',
            list(
              ...axes.map((a) =>
                group(
                  ['Origin', tag('f32', a.origin)],
                  ['Scale', tag('f32', a.scale)],
                  ['Units', str(a.units)],
                ),
              ),
            ),
          ]),
        ],
        ['Data', { value: { t: 'array', code, count, bytes: spec.pixels, hole: !spec.pixels } }],
        ['DataType', tag('i32', spec.dataType ?? dataType)],
        ['Dimensions', list(...spec.dims.map((d) => tag('u32', d)))],
        ['PixelDepth', tag('u32', SIZE[code])],
      ),
    ],
    ['ImageTags', group(...(spec.imageTags ?? []))],
    ['Name', str(spec.name ?? 'generated')],
  );
  return writeDmParts([['ImageList', list(thumb, image)]], version, littleEndian);
}

/** The parts as one in-memory Blob (holes become zeros). */
export function partsToBlob(parts: Part[]): Blob {
  return new Blob([partsToBytes(parts) as Uint8Array<ArrayBuffer>]);
}

export function partsToBytes(parts: Part[]): Uint8Array {
  const total = parts.reduce((n, p) => n + (p instanceof Uint8Array ? p.length : p.hole), 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    if (p instanceof Uint8Array) out.set(p, at);
    at += p instanceof Uint8Array ? p.length : p.hole;
  }
  return out;
}

/** Writes the parts to `path`, leaving holes unwritten (a sparse file on filesystems that allow it). */
export function writeSparse(path: string, parts: Part[]): number {
  const fd = openSync(path, 'w');
  let at = 0;
  try {
    for (const p of parts) {
      if (p instanceof Uint8Array) {
        writeSync(fd, p, 0, p.length, at);
        at += p.length;
      } else at += p.hole;
    }
    ftruncateSync(fd, at);
  } finally {
    closeSync(fd);
  }
  return at;
}

/** Pixel bytes of `values` as `dtype` in the given byte order. */
export function pixelBytes(dtype: Dtype, values: number[], littleEndian: boolean): Uint8Array {
  const code = DATA_TYPE[dtype].code;
  const size = SIZE[code];
  const out = new Uint8Array(values.length * size);
  values.forEach((x, i) => {
    // uint8 shares the 1-byte code with int8; write it unsigned.
    out.set(dtype === 'uint8' ? [x] : simpleBytes(code, x, littleEndian), i * size);
  });
  return out;
}

/**
 * A DM4 stack bigger than 4 GiB whose tags are real and whose pixels are a hole, with a marker
 * value written into the first pixel of the first and last frames. Returns the file's size.
 */
export function writeSparseBigDm4(
  path: string,
  width = 4096,
  height = 4096,
  frames = 140,
): { size: number; frameBytes: number } {
  const frameBytes = width * height * 2;
  const parts = dmImageFile({
    dtype: 'uint16',
    dims: [width, height, frames],
    axes: [
      { scale: 0.1, origin: 0, units: 'nm' },
      { scale: 0.1, origin: 0, units: 'nm' },
      { scale: 0.0025, origin: 0, units: 's' },
    ],
    imageTags: [['Microscope Info', group(['Voltage', tag('f64', 300000)])]],
    name: 'sparse K2 stack',
  });
  const size = writeSparse(path, parts);
  let dataOffset = 0;
  for (const p of parts) {
    if (!(p instanceof Uint8Array)) break;
    dataOffset += p.length;
  }
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, pixelBytes('uint16', [1234], true), 0, 2, dataOffset);
    writeSync(fd, pixelBytes('uint16', [4321], true), 0, 2, dataOffset + (frames - 1) * frameBytes);
  } finally {
    closeSync(fd);
  }
  return { size, frameBytes };
}

export interface Dm4StackSpec {
  width: number;
  height: number;
  frameCount: number;
  dtype: Dtype;
  /**
   * Frame `index`, row-major, of `dtype`. Called once per frame in order; the writer keeps no
   * reference to it, so a caller that renders frames on demand never holds the movie in memory.
   */
  frame: (index: number) => ArrayBufferView;
  pixelSizeNm?: number;
  frameIntervalS?: number;
  name?: string;
}

/**
 * Writes a little-endian DM4 stack (x, y, frame) to `path`, one frame at a time: the tags are
 * laid out with the pixel data as a hole, then each frame is written at its offset as it is made.
 * Memory stays at one frame whatever the stack's size (the browser memory test writes 1 GB).
 * Returns the file's size and the offset of the first pixel.
 */
export function writeDm4Stack(path: string, spec: Dm4StackSpec): { size: number; dataOffset: number } {
  // Frames are written as the host lays them out, and the file says little-endian.
  if (endianness() !== 'LE')
    throw new Error('writeDm4Stack writes host-order pixels: needs a little-endian host');
  const { width, height, frameCount, dtype } = spec;
  const pixelSize = spec.pixelSizeNm ?? 1;
  const parts = dmImageFile({
    dtype,
    dims: [width, height, frameCount],
    axes: [
      { scale: pixelSize, origin: 0, units: 'nm' },
      { scale: pixelSize, origin: 0, units: 'nm' },
      { scale: spec.frameIntervalS ?? 1, origin: 0, units: 's' },
    ],
    name: spec.name ?? 'generated stack',
  });
  // dmImageFile leaves exactly one hole: the image's pixel data (the thumbnail has its bytes).
  const holes = parts.filter((p) => !(p instanceof Uint8Array));
  if (holes.length !== 1) throw new Error(`expected one pixel hole, found ${holes.length}`);
  const frameBytes = width * height * SIZE[DATA_TYPE[dtype].code];
  const fd = openSync(path, 'w');
  let at = 0;
  let dataOffset = -1;
  try {
    for (const p of parts) {
      if (p instanceof Uint8Array) {
        writeSync(fd, p, 0, p.length, at);
        at += p.length;
        continue;
      }
      dataOffset = at;
      for (let i = 0; i < frameCount; i++) {
        const view = spec.frame(i);
        if (view.byteLength !== frameBytes)
          throw new Error(`frame ${i} has ${view.byteLength} bytes, expected ${frameBytes}`);
        writeSync(fd, new Uint8Array(view.buffer, view.byteOffset, view.byteLength), 0, frameBytes, at);
        at += frameBytes;
      }
    }
    ftruncateSync(fd, at);
  } finally {
    closeSync(fd);
  }
  return { size: at, dataOffset };
}
