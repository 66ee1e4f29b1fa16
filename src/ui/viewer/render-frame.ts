import type { Frame } from '../../core/io/types.ts';

/** Pixel values at the given quantiles, from a strided sample (fast on 2048² frames). */
export function quantileWindow(frame: Frame, low: number, high: number): { min: number; max: number } {
  const { data } = frame;
  const step = Math.max(1, Math.floor(data.length / 65536));
  const sample = new Float64Array(Math.ceil(data.length / step));
  let n = 0;
  for (let i = 0; i < data.length; i += step) {
    const v = data[i];
    if (Number.isFinite(v)) sample[n++] = v;
  }
  if (n === 0) return { min: 0, max: 1 };
  const sorted = sample.subarray(0, n).sort();
  const at = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.round(q * (n - 1))))];
  const min = at(low);
  const max = at(high);
  return max > min ? { min, max } : { min, max: min + 1 };
}

/** Grey-level display of any dtype, linear between `min` and `max`, into RGBA bytes. */
export function frameToRgba(
  frame: Frame,
  min: number,
  max: number,
  out?: Uint8ClampedArray,
): Uint8ClampedArray {
  const { data } = frame;
  const rgba = out ?? new Uint8ClampedArray(data.length * 4);
  const scale = 255 / (max - min);
  for (let i = 0, j = 0; i < data.length; i++, j += 4) {
    const g = (data[i] - min) * scale;
    rgba[j] = g;
    rgba[j + 1] = g;
    rgba[j + 2] = g;
    rgba[j + 3] = 255;
  }
  return rgba;
}
