/**
 * A rectangle of a larger image, read where it lies instead of copied out: `data` is the whole
 * image, `stride` its width, and the window's pixel (x, y) is the image's (x0 + x, y0 + y).
 */
export interface ImageWindow {
  data: Float32Array;
  stride: number;
  x0: number;
  y0: number;
}

/** The window's width × height pixels, row after row, into `into` (at least width × height long). */
export function copyWindowRows(window: ImageWindow, width: number, height: number, into: Float32Array): void {
  const { data, stride, x0, y0 } = window;
  for (let y = 0; y < height; y++) {
    const from = (y + y0) * stride + x0;
    into.set(data.subarray(from, from + width), y * width);
  }
}
