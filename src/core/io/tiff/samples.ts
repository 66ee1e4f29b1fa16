import { NATIVE_LE, typedView } from '../pixels.ts';
import type { Dtype, PixelArray } from '../types.ts';

function unsignedView(
  bytes: Uint8Array,
  size: number,
): Uint8Array | Uint16Array | Uint32Array | BigUint64Array {
  const { buffer, byteOffset, byteLength } = bytes;
  if (size === 1) return bytes;
  if (size === 2) return new Uint16Array(buffer, byteOffset, byteLength / 2);
  if (size === 4) return new Uint32Array(buffer, byteOffset, byteLength / 4);
  return new BigUint64Array(buffer, byteOffset, byteLength / 8);
}

/**
 * Undoes horizontal differencing (predictor 2) on native-order samples. Sums wrap at the sample
 * width, as the TIFF spec requires; utif's own predictor only handles 8- and 16-bit samples.
 */
export function undoHorizontalPredictor(
  bytes: Uint8Array,
  size: number,
  rowSamples: number,
  stride: number,
): void {
  const values = unsignedView(bytes, size);
  for (let row = 0; row + rowSamples <= values.length; row += rowSamples) {
    if (values instanceof BigUint64Array) {
      for (let i = row + stride; i < row + rowSamples; i++) values[i] += values[i - stride];
    } else {
      for (let i = row + stride; i < row + rowSamples; i++) values[i] += values[i - stride];
    }
  }
}

/**
 * Undoes the floating-point predictor (predictor 3, Adobe TIFF Technical Note 3): within each row
 * the bytes are differenced with stride `samplesPerPixel`, and stored as byte planes, most
 * significant byte first whatever the file's byte order. Returns the row samples in native order.
 */
export function undoFloatPredictor(
  bytes: Uint8Array,
  size: number,
  rowSamples: number,
  stride: number,
): Uint8Array {
  const rowBytes = rowSamples * size;
  const out = new Uint8Array(bytes.length);
  for (let row = 0; row + rowBytes <= bytes.length; row += rowBytes) {
    const src = bytes.subarray(row, row + rowBytes);
    for (let i = stride; i < rowBytes; i++) src[i] = (src[i] + src[i - stride]) & 0xff;
    for (let k = 0; k < rowSamples; k++) {
      for (let plane = 0; plane < size; plane++) {
        const target = NATIVE_LE ? size - 1 - plane : plane;
        out[row + k * size + target] = src[plane * rowSamples + k];
      }
    }
  }
  return out;
}

export function allocate(dtype: Dtype, length: number): PixelArray {
  return typedView(
    new Uint8Array(
      length * { uint8: 1, int8: 1, uint16: 2, int16: 2, uint32: 4, int32: 4, float32: 4, float64: 8 }[dtype],
    ),
    dtype,
  );
}

/** IEEE half-precision bit patterns to float32 values (there is no Float16Array in ES2022). */
export function halfToFloat32(halves: Uint16Array): Float32Array {
  const out = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) {
    const h = halves[i];
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const fraction = h & 0x3ff;
    if (exponent === 0) out[i] = sign * 2 ** -14 * (fraction / 1024);
    else if (exponent === 31) out[i] = fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
    else out[i] = sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
  }
  return out;
}

/**
 * Grey values from interleaved or planar samples: RGB becomes Rec. 601 luma
 * (0.299 R + 0.587 G + 0.114 B, rounded for integer dtypes); any other multi-sample
 * image (grey + alpha, extra channels) keeps its first sample.
 */
export function toGrey(
  planes: PixelArray[],
  samplesPerPlane: number,
  pixels: number,
  rgb: boolean,
  dtype: Dtype,
): PixelArray {
  const out = allocate(dtype, pixels);
  const round = dtype !== 'float32' && dtype !== 'float64';
  const at = (channel: number, i: number): number =>
    planes.length > 1 ? planes[channel][i] : planes[0][i * samplesPerPlane + channel];
  for (let i = 0; i < pixels; i++) {
    if (!rgb) {
      out[i] = at(0, i);
      continue;
    }
    const y = 0.299 * at(0, i) + 0.587 * at(1, i) + 0.114 * at(2, i);
    out[i] = round ? Math.round(y) : y;
  }
  return out;
}
