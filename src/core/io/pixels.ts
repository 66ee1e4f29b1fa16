import type { Dtype, PixelArray } from './types.ts';

/**
 * Byte-level pixel helpers every binary reader shares: a file's samples arrive as bytes in the
 * file's byte order and leave as a typed array of the frame's dtype.
 */

/** Byte order of this machine; typed arrays read in it. Every current browser and Node is little-endian. */
export const NATIVE_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const BYTES_PER_SAMPLE: Record<Dtype, number> = {
  uint8: 1,
  int8: 1,
  uint16: 2,
  int16: 2,
  uint32: 4,
  int32: 4,
  float32: 4,
  float64: 8,
};

export function bytesPerSample(dtype: Dtype): number {
  return BYTES_PER_SAMPLE[dtype];
}

/** Reverses the bytes of every `size`-byte sample in place. */
export function swapBytes(bytes: Uint8Array, size: number): void {
  if (size === 1) return;
  for (let i = 0; i + size <= bytes.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}

/** A copy whose byteOffset is a multiple of `size`, so typed views of it are legal. */
export function aligned(bytes: Uint8Array, size: number): Uint8Array {
  return bytes.byteOffset % size === 0 ? bytes : bytes.slice();
}

/** A typed array of `dtype` over native-order bytes (which must be aligned). */
export function typedView(bytes: Uint8Array, dtype: Dtype): PixelArray {
  const { buffer, byteOffset, byteLength } = bytes;
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(buffer, byteOffset, byteLength);
    case 'int8':
      return new Int8Array(buffer, byteOffset, byteLength);
    case 'uint16':
      return new Uint16Array(buffer, byteOffset, byteLength / 2);
    case 'int16':
      return new Int16Array(buffer, byteOffset, byteLength / 2);
    case 'uint32':
      return new Uint32Array(buffer, byteOffset, byteLength / 4);
    case 'int32':
      return new Int32Array(buffer, byteOffset, byteLength / 4);
    case 'float32':
      return new Float32Array(buffer, byteOffset, byteLength / 4);
    case 'float64':
      return new Float64Array(buffer, byteOffset, byteLength / 8);
  }
}

/**
 * Pixels from raw bytes in the file's byte order. Takes ownership of `bytes` (a fresh read): an
 * aligned buffer is viewed and swapped in place, not copied, so a 32 MiB frame costs 32 MiB, not 64.
 */
export function bytesToPixels(bytes: Uint8Array, dtype: Dtype, littleEndian: boolean): PixelArray {
  const size = bytesPerSample(dtype);
  const own = aligned(bytes, size);
  if (littleEndian !== NATIVE_LE) swapBytes(own, size);
  return typedView(own, dtype);
}
