/**
 * The one check every positioned read passes before it reaches `Blob.slice` or a file read: a
 * byte range is whole numbers inside the file. A damaged header can turn an offset into a
 * fraction (a TIFF StripOffsets entry re-typed as RATIONAL), a negative number or 2^64, and Node
 * aborts the whole process on a fractional `Blob.slice` instead of throwing.
 */

/** Why [offset, offset + length) is not a readable range of a `fileSize`-byte file, or undefined. */
export function byteRangeProblem(offset: number, length: number, fileSize: number): string | undefined {
  if (!Number.isSafeInteger(offset) || offset < 0)
    return `the byte offset ${offset} is not a whole position in the file`;
  if (!Number.isSafeInteger(length) || length < 0)
    return `the byte count ${length} is not a whole number of bytes`;
  if (offset + length > fileSize) {
    return `bytes ${offset}–${offset + length} lie past the end of the file (${fileSize} bytes)`;
  }
  return undefined;
}

/** True when [offset, offset + length) is a whole-byte range inside a `fileSize`-byte file. */
export function isWholeByteRange(offset: number, length: number, fileSize: number): boolean {
  return byteRangeProblem(offset, length, fileSize) === undefined;
}
