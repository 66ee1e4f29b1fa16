// Grey frames from decoded video.
//
// Luma range: both video paths hand out FULL-range 8-bit luma (0–255). ffmpeg's `gray` output
// rescales limited-range ("TV", 16–235) luma to full range, so the WebCodecs path does the same
// unless the frame says it is already full range (MJPEG, or streams flagged full range). The two
// paths then give the same numbers for the same file, and thresholds don't depend on the decoder.

export interface GreyFrame {
  width: number;
  height: number;
  data: Uint8Array;
}

const LIMITED_TO_FULL = Uint8Array.from({ length: 256 }, (_, y) =>
  Math.min(255, Math.max(0, Math.round(((y - 16) * 255) / 219))),
);

/** Planar or semi-planar YUV formats whose first plane is 8-bit luma. */
const LUMA_FIRST_8BIT = new Set(['I420', 'I420A', 'I422', 'I422A', 'I444', 'I444A', 'NV12']);
/** High-bit-depth planar YUV (not yet in TypeScript's DOM types): 16-bit little-endian samples. */
const LUMA_FIRST_HIGH = /^I4(?:20|22|44)A?P(10|12)$/;

/**
 * Copies the luma of a decoded frame (its visible rectangle) into a fresh 8-bit buffer. Does not
 * close the frame: the caller owns it. Frames in RGB (or opaque GPU frames) are converted by the
 * browser to RGBA and reduced to Rec. 601 luma, which is already full range.
 */
export async function videoFrameToGrey(frame: VideoFrame): Promise<GreyFrame> {
  const { width, height } = frame.visibleRect ?? { width: frame.codedWidth, height: frame.codedHeight };
  const out = new Uint8Array(width * height);
  const format = frame.format as string | null;
  const highBits = format ? LUMA_FIRST_HIGH.exec(format) : null;
  if (format && (LUMA_FIRST_8BIT.has(format) || highBits)) {
    const buffer = new Uint8Array(frame.allocationSize());
    const [luma] = await frame.copyTo(buffer);
    const rescale = frame.colorSpace?.fullRange !== true;
    if (highBits) {
      // Keep the top 8 bits of 10/12-bit samples; then the same range mapping as 8-bit video.
      const shift = Number(highBits[1]) - 8;
      const samples = new DataView(buffer.buffer);
      for (let y = 0; y < height; y++) {
        const row = luma.offset + y * luma.stride;
        for (let x = 0; x < width; x++) {
          const v = Math.min(255, samples.getUint16(row + 2 * x, true) >> shift);
          out[y * width + x] = rescale ? LIMITED_TO_FULL[v] : v;
        }
      }
    } else {
      for (let y = 0; y < height; y++) {
        const row = buffer.subarray(luma.offset + y * luma.stride, luma.offset + y * luma.stride + width);
        if (rescale) for (let x = 0; x < width; x++) out[y * width + x] = LIMITED_TO_FULL[row[x]];
        else out.set(row, y * width);
      }
    }
    return { width, height, data: out };
  }
  const rgba = new Uint8Array(width * height * 4);
  await frame.copyTo(rgba, { format: 'RGBA', colorSpace: 'srgb' });
  for (let i = 0, j = 0; i < out.length; i++, j += 4) {
    out[i] = Math.round(0.299 * rgba[j] + 0.587 * rgba[j + 1] + 0.114 * rgba[j + 2]);
  }
  return { width, height, data: out };
}
