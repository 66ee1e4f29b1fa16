import { unzlibSync } from 'fflate';
import UTIF from 'utif/UTIF.js';
import { checkLzw } from './lzw.ts';

/**
 * The most bytes each codec can produce per stored byte: Deflate 1032 (its format limit); LZW
 * about 1364 (a table's 3838 codes, each one byte longer than the last, from ~5.4 kB of 9–12-bit
 * codes), rounded up; PackBits 64 (2 bytes → a 128-byte run); none 1.
 */
const MAX_EXPANSION: Record<number, number> = { 1: 1, 5: 1400, 8: 1032, 32773: 64, 32946: 1032 };

/**
 * A faster inflater the platform may offer (the CLI installs Node's zlib, see
 * src/cli/native-inflate.ts): zlib data in, exactly `expected` bytes out, or undefined whenever
 * it can't give exactly that (damaged, short or over-long data). Then fflate decodes the strip as
 * without it, so results and messages are the same on every platform; only the speed differs.
 */
export type FastInflate = (data: Uint8Array, expected: number) => Uint8Array | undefined;

let fastInflate: FastInflate | undefined;

/** Installs (or, with undefined, removes) the platform's faster inflater. */
export function setFastInflate(inflate: FastInflate | undefined): void {
  fastInflate = inflate;
}

/**
 * True when `stored` bytes of `compression` can decode to `expected` bytes. A chunk that can't
 * is refused before its output is allocated (a 4-byte LZW strip claiming 268 MB).
 */
export function canFill(stored: number, compression: number, expected: number): boolean {
  return stored * (MAX_EXPANSION[compression] ?? 1) + 64 >= expected;
}

/**
 * Decompresses one strip or tile into exactly `expected` bytes, or returns a reason string
 * when the data is damaged (the caller names the file, frame and byte offset).
 *
 * Deflate goes through fflate with a fixed-size output buffer, so a corrupt or hostile strip
 * cannot inflate past the frame's size (utif's deflate path grows without bound and needs pako).
 * LZW and PackBits go through utif; LZW strips are checked first (see `checkLzw`) because utif
 * never returns from a strip without an end code. utif copies a strip unchanged whenever its length equals
 * the output size, whatever the compression, so it is given a one-row image one byte wider than
 * both the data and the expected output: that keeps the sizes apart and the compressed data
 * is always decoded.
 */
export function decompressChunk(
  data: Uint8Array,
  compression: number,
  expected: number,
): Uint8Array | string {
  if (compression === 1) {
    return data.length >= expected ? data.subarray(0, expected) : 'the strip is shorter than its rows';
  }
  if (compression === 8 || compression === 32946) {
    const fast = fastInflate?.(data, expected);
    if (fast?.length === expected) return fast;
    const out = new Uint8Array(expected);
    try {
      const result = unzlibSync(data, { out });
      if (result.length < expected) return `Deflate data ends after ${result.length} of ${expected} bytes`;
    } catch (error) {
      return `Deflate data is damaged (${(error as Error).message})`;
    }
    return out;
  }
  let input = data;
  if (compression === 5) {
    const checked = checkLzw(data, expected);
    if (typeof checked === 'string') return checked;
    input = checked;
  }
  const buffer = new ArrayBuffer(input.length);
  new Uint8Array(buffer).set(input);
  const width = Math.max(expected, input.length) + 1;
  const ifd = {
    t256: [width],
    t257: [1],
    t258: [8],
    t259: [compression],
    t262: [1],
    t273: [0],
    t277: [1],
    t278: [1],
    t279: [input.length],
  } as { [tag: string]: unknown; data?: Uint8Array };
  try {
    UTIF.decodeImage(buffer, ifd);
  } catch (error) {
    return `compressed data is damaged (${(error as Error).message})`;
  }
  if (!ifd.data || ifd.data.length < expected) return 'compressed data did not decode';
  return ifd.data.subarray(0, expected);
}
