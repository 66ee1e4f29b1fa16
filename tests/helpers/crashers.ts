import { readFileSync } from 'node:fs';
import { dmImageFile, partsToBytes, type TagNode } from './dm-writer.ts';
import { fixturePath } from './paths.ts';

/**
 * Every file that crashed a reader or the CLI before the hardening (issue 17), rebuilt from a
 * fixture plus a recipe, so no damaged third-party bytes are committed. Each entry names the
 * problem the reader must now report.
 */

/** One TIFF directory entry: tag, field type (3 SHORT, 4 LONG), values. */
type Entry = [tag: number, type: 3 | 4, values: number[]];

/**
 * A minimal little-endian TIFF: header, one directory at byte 8, then `tail` bytes of data.
 * Values must fit in the entry (one LONG or two SHORTs), which is all these recipes need.
 */
export function tinyTiff(entries: Entry[], tail = new Uint8Array(16)): Uint8Array {
  const sorted = [...entries].sort((a, b) => a[0] - b[0]);
  const ifdBytes = 2 + sorted.length * 12 + 4;
  const out = new Uint8Array(8 + ifdBytes + tail.length);
  const dv = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0]);
  dv.setUint32(4, 8, true);
  dv.setUint16(8, sorted.length, true);
  sorted.forEach(([tag, type, values], i) => {
    const at = 10 + i * 12;
    dv.setUint16(at, tag, true);
    dv.setUint16(at + 2, type, true);
    dv.setUint32(at + 4, values.length, true);
    for (const [k, v] of values.entries()) {
      if (type === 3) dv.setUint16(at + 8 + 2 * k, v, true);
      else dv.setUint32(at + 8, v, true);
    }
  });
  out.set(tail, 8 + ifdBytes);
  return out;
}

/** Where `tinyTiff`'s data tail starts, for entries that point into it. */
export const tinyTiffDataOffset = (entryCount: number) => 8 + 2 + entryCount * 12 + 4;

/** A 1 × 1 uint8 page whose one strip is `count` bytes at `offset`, overridden by `over`. */
function page(over: Entry[], drop: number[] = []): Entry[] {
  const base: Entry[] = [
    [256, 4, [1]],
    [257, 4, [1]],
    [258, 3, [8]],
    [259, 3, [1]],
    [273, 4, [8]],
    [277, 3, [1]],
    [278, 4, [1]],
    [279, 4, [1]],
  ];
  const byTag = new Map(base.filter(([t]) => !drop.includes(t)).map((e) => [e[0], e]));
  for (const e of over) byTag.set(e[0], e);
  return [...byTag.values()];
}

/** A DM3 image of 4 × 4 uint8 pixels with extra image tags. */
function dm3(tags: [string, TagNode][] = [], dims = [4, 4]): Uint8Array {
  const pixels = new Uint8Array(dims.reduce((a, b) => a * b, 1)).map((_, i) => (i * 37) % 251);
  return partsToBytes(dmImageFile({ dtype: 'uint8', dims, pixels, imageTags: tags }, 3));
}

export interface Crasher {
  name: string;
  /** What the file is and what used to happen. */
  what: string;
  bytes: () => Uint8Array;
  /** A phrase the reader's refusal must contain; undefined when the file must now open. */
  refusal?: RegExp;
}

export const CRASHERS: Crasher[] = [
  {
    name: 'rational-strip-offsets.tif',
    what: 'StripOffsets re-typed LONG → RATIONAL (fractional offsets): Node aborted with SIGABRT in Blob.slice',
    bytes: () => {
      const b = new Uint8Array(
        readFileSync(fixturePath('rosettasciio/tiff/test_loading_image_saved_with_DM_stack.tif')),
      );
      b[18592] = 5;
      return b;
    },
    refusal: /StripOffsets .* not as whole numbers/,
  },
  {
    name: 'tile-46336-f64.tif',
    what: 'a 1 × 1 float64 image in one 46336² Deflate tile: RangeError: Invalid typed array length',
    bytes: () =>
      tinyTiff(
        page(
          [
            [258, 3, [64]],
            [259, 3, [8]],
            [339, 3, [3]],
            [322, 4, [46336]],
            [323, 4, [46336]],
            [324, 4, [8]],
            [325, 4, [10]],
          ],
          [273, 278, 279],
        ),
      ),
    refusal: /tile .* decoded bytes, more than the frame budget/,
  },
  {
    name: 'sparse-46340-u8.tif',
    what: 'a 126-byte TIFF claiming 46340² uint8 with a zero strip byte count: 1.9 GB per frame read',
    bytes: () =>
      tinyTiff(
        page([
          [256, 4, [46340]],
          [257, 4, [46340]],
          [278, 4, [46340]],
          [279, 4, [0]],
        ]),
      ),
    refusal: /more than the frame budget/,
  },
  {
    name: 'sparse-46340-deflate.tif',
    what: 'the same, Deflate-compressed',
    bytes: () =>
      tinyTiff(
        page([
          [256, 4, [46340]],
          [257, 4, [46340]],
          [259, 3, [8]],
          [278, 4, [46340]],
          [279, 4, [0]],
        ]),
      ),
    refusal: /more than the frame budget/,
  },
  {
    name: 'sparse-20000-u8.tif',
    what: 'a 126-byte TIFF claiming 20000² uint8 (within the budget) whose one strip holds no data',
    bytes: () =>
      tinyTiff(
        page([
          [256, 4, [20000]],
          [257, 4, [20000]],
          [278, 4, [20000]],
          [279, 4, [0]],
        ]),
      ),
    refusal: /holds no pixel data/,
  },
  {
    name: 'string-400k.dm3',
    what: 'a valid DM3 image plus a 400,000-character string tag: Maximum call stack size exceeded',
    bytes: () => dm3([['Comment', { value: { t: 'str18', v: 'A'.repeat(400_000) } }]]),
  },
];

/** The 4 × 4 DM3 image the CLI used to refuse ("drift needs a frame of at least 8 × 8 px"). */
export const tinyDm3 = (): Uint8Array => dm3();
