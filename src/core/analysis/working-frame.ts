/**
 * The working image that segmentation v2 and drift tracking share: the frame block-averaged
 * until its shorter side is at most `WORKING_SIDE_PX`, as Float32, with detector hot pixels
 * replaced and the dark level subtracted. Building it is the only pass over the full-resolution
 * frame (16 MB at 2048² uint16), so it is done once per frame and handed to both consumers.
 */

import type { Frame, PixelArray } from '../io/types.ts';
import { estimateNoiseSigma, findHotPixels } from './noise.ts';
import type { ResolvedSegmentParams } from './params.ts';

/** Frames are binned until their shorter side is at most this, in pixels, before segmenting. */
export const WORKING_SIDE_PX = 512;

export interface WorkingFrame {
  /** Binned, hot-pixel-free, dark-subtracted pixels, row-major. */
  data: Float32Array;
  width: number;
  height: number;
  /** Frame pixels per working pixel along each axis. */
  bin: number;
  /** Noise σ of the binned frame before hot pixels were replaced, in the frame's value units. */
  rawNoise: number;
  /** Hot pixels replaced. */
  hotPixels: number;
}

export interface WorkingFrameOptions {
  /** A pixel brighter than its 8 neighbours by this many noise σ is a hot pixel (0: keep all). */
  hotPixelSigma: number;
  /** Value a pixel reads with no electrons, in the frame's value units; subtracted. */
  darkLevel: number;
}

/** Whether segmentation with these parameters works on a working image (only 'contrast' does). */
export function usesWorkingFrame(params: ResolvedSegmentParams): boolean {
  return params.thresholdMethod === 'contrast';
}

/** The parameters the working image depends on. */
function workingFrameOptions(params: ResolvedSegmentParams): WorkingFrameOptions {
  return { hotPixelSigma: params.hotPixelSigma, darkLevel: params.darkLevel };
}

/**
 * Identifies the working image these parameters ask for, given the frame: equal keys, same
 * image, so a cached one can be reused. 'none' when the parameters use none. Made of every
 * option `prepareWorkingFrame` is given, so an option added there is in the key too.
 */
export function workingFrameKey(params: ResolvedSegmentParams): string {
  return usesWorkingFrame(params) ? JSON.stringify(workingFrameOptions(params)) : 'none';
}

/** The working frame of `frame` for these parameters. */
export function workingFrameFor(frame: Frame, params: ResolvedSegmentParams): WorkingFrame {
  return prepareWorkingFrame(frame, workingFrameOptions(params));
}

/** The integer bin factor that brings the shorter side to at most `WORKING_SIDE_PX`. */
export function workingBin(width: number, height: number): number {
  return Math.max(1, Math.ceil(Math.min(width, height) / WORKING_SIDE_PX));
}

export function prepareWorkingFrame(frame: Frame, options: WorkingFrameOptions): WorkingFrame {
  const bin = workingBin(frame.width, frame.height);
  const binned = binFrame(frame.data, frame.width, frame.height, bin);
  const { data, width, height } = binned;
  // Hot pixels first: they would inflate every later noise estimate and background block.
  const rawNoise = estimateNoiseSigma(data, width, height);
  const threshold = options.hotPixelSigma > 0 ? options.hotPixelSigma * rawNoise : 0;
  const hot = findHotPixels(data, width, height, threshold);
  for (let k = 0; k < hot.index.length; k++) data[hot.index[k]] = hot.value[k];
  // Transmission is a ratio of electron counts: the value that zero electrons read must be 0.
  const dark = options.darkLevel;
  if (dark !== 0) for (let i = 0; i < data.length; i++) data[i] -= dark;
  return { data, width, height, bin, rawNoise, hotPixels: hot.index.length };
}

/**
 * Mean of `bin`×`bin` blocks (the last partial row/column of blocks is dropped), as a new
 * Float32Array; `bin` = 1 is a plain conversion. Each row's blocks are summed into an
 * L1-resident line of block sums, reading the row once, in order: at 2048² the 8–16 MB sweep
 * is what costs, and the sums of 2–4 and 8 neighbours are unrolled because a loop over so few
 * costs more than the additions (4× at 2048², 2.3× at 4096², measured).
 */
export function binFrame(data: PixelArray, width: number, height: number, bin: number) {
  if (bin <= 1) return { data: new Float32Array(data), width, height };
  const w = Math.floor(width / bin);
  const h = Math.floor(height / bin);
  // Rows of whole words: an even width, starting on a word (a view half a word in can't).
  if (
    data instanceof Uint16Array &&
    bin % 2 === 0 &&
    bin <= 128 &&
    width % 2 === 0 &&
    data.byteOffset % 4 === 0
  ) {
    return { data: binUint16Pairs(data, width, w, h, bin), width: w, height: h };
  }
  if (data instanceof Float32Array && bin === 2)
    return { data: binFloat32By2(data, width, w, h), width: w, height: h };
  const out = new Float32Array(w * h);
  const sums = new Float64Array(w);
  const inv = 1 / (bin * bin);
  for (let y = 0; y < h; y++) {
    sums.fill(0);
    for (let dy = 0; dy < bin; dy++) addBlockSums(data, (y * bin + dy) * width, w, bin, sums);
    const o = y * w;
    for (let x = 0; x < w; x++) out[o + x] = sums[x] * inv;
  }
  return { data: out, width: w, height: h };
}

/**
 * `binFrame` of a uint16 frame by an even `bin`, reading two pixels per 32-bit word (a sum does
 * not care which half is which, so neither does the platform's byte order). Integer sums are
 * exact, so the result is `binFrame`'s to the bit. The usual bins (2 at 1024², 4 at 2048², 8 at
 * a K2's full frame) sum each block's rows at once into locals and write each output once:
 * 1.6–2× the line of block sums at 1024² and 2048², 1.1–1.5× at 4096² (`.scratch` A/B, medians).
 */
function binUint16Pairs(data: Uint16Array, width: number, w: number, h: number, bin: number): Float32Array {
  const words = new Uint32Array(data.buffer, data.byteOffset, data.length >> 1);
  const out = new Float32Array(w * h);
  const rowWords = width >> 1;
  if (bin === 2) binPairsBy2(words, rowWords, out, w, h);
  else if (bin === 4) binPairsBy4(words, rowWords, out, w, h);
  else if (bin === 8) binPairsBy8(words, rowWords, out, w, h);
  else binPairsByLine(words, rowWords, out, w, h, bin);
  return out;
}

/** The low and high halves of 32-bit words summed apart: any block here (≤ 128² values ≤ 65535) is exact. */
const low = (word: number) => word & 0xffff;

function binPairsBy2(words: Uint32Array, rowWords: number, out: Float32Array, w: number, h: number) {
  for (let y = 0; y < h; y++) {
    const r0 = 2 * y * rowWords;
    const r1 = r0 + rowWords;
    const o = y * w;
    for (let x = 0; x < w; x++) {
      const a = words[r0 + x];
      const b = words[r1 + x];
      out[o + x] = (low(a) + (a >>> 16) + low(b) + (b >>> 16)) * 0.25;
    }
  }
}

function binPairsBy4(words: Uint32Array, rowWords: number, out: Float32Array, w: number, h: number) {
  for (let y = 0; y < h; y++) {
    const r0 = 4 * y * rowWords;
    const r1 = r0 + rowWords;
    const r2 = r1 + rowWords;
    const r3 = r2 + rowWords;
    const o = y * w;
    for (let x = 0, i = 0; x < w; x++, i += 2) {
      const a = words[r0 + i];
      const b = words[r0 + i + 1];
      const c = words[r1 + i];
      const d = words[r1 + i + 1];
      const e = words[r2 + i];
      const f = words[r2 + i + 1];
      const g = words[r3 + i];
      const k = words[r3 + i + 1];
      const lows = low(a) + low(b) + low(c) + low(d) + low(e) + low(f) + low(g) + low(k);
      const highs =
        (a >>> 16) + (b >>> 16) + (c >>> 16) + (d >>> 16) + (e >>> 16) + (f >>> 16) + (g >>> 16) + (k >>> 16);
      out[o + x] = (lows + highs) * 0.0625;
    }
  }
}

function binPairsBy8(words: Uint32Array, rowWords: number, out: Float32Array, w: number, h: number) {
  for (let y = 0; y < h; y++) {
    const first = 8 * y * rowWords;
    const o = y * w;
    for (let x = 0; x < w; x++) {
      let lows = 0;
      let highs = 0;
      for (let dy = 0, i = first + 4 * x; dy < 8; dy++, i += rowWords) {
        const a = words[i];
        const b = words[i + 1];
        const c = words[i + 2];
        const d = words[i + 3];
        lows += low(a) + low(b) + low(c) + low(d);
        highs += (a >>> 16) + (b >>> 16) + (c >>> 16) + (d >>> 16);
      }
      out[o + x] = (lows + highs) / 64;
    }
  }
}

/** Any other even bin: each row's blocks summed into an L1-resident line of block sums, read in order. */
function binPairsByLine(
  words: Uint32Array,
  rowWords: number,
  out: Float32Array,
  w: number,
  h: number,
  bin: number,
) {
  // Exact in 32 bits: a block sums at most 128² × 65535 < 2³¹.
  const sums = new Int32Array(w);
  const inv = 1 / (bin * bin);
  const perBlock = bin >> 1;
  for (let y = 0; y < h; y++) {
    sums.fill(0);
    for (let dy = 0; dy < bin; dy++) {
      let i = (y * bin + dy) * rowWords;
      for (let x = 0; x < w; x++) {
        let s = 0;
        for (let k = 0; k < perBlock; k++, i++) s += low(words[i]) + (words[i] >>> 16);
        sums[x] += s;
      }
    }
    const o = y * w;
    for (let x = 0; x < w; x++) out[o + x] = sums[x] * inv;
  }
}

/**
 * `binFrame` of a Float32Array by 2 (drift's masks bin the working image so), the same sums in
 * the same order, so the same bits. A loop of its own for one array type: through the generic
 * line of block sums, which also sees integer frames, it took 0.7 ms at 512² (measured).
 */
function binFloat32By2(data: Float32Array, width: number, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const r0 = 2 * y * width;
    const r1 = r0 + width;
    const o = y * w;
    for (let x = 0; x < w; x++) {
      const i = 2 * x;
      // 0 + …: as the line of sums starts from 0 (a sum of −0s comes out +0 there too).
      const sum = 0 + (data[r0 + i] + data[r0 + i + 1]) + (data[r1 + i] + data[r1 + i + 1]);
      out[o + x] = sum * 0.25;
    }
  }
  return out;
}

/** Adds to `sums[x]` the sum of `data[start + x·bin …]`'s `bin` values, for x < count. */
function addBlockSums(data: PixelArray, start: number, count: number, bin: number, sums: Float64Array) {
  let i = start;
  if (bin === 2) {
    for (let x = 0; x < count; x++, i += 2) sums[x] += data[i] + data[i + 1];
  } else if (bin === 3) {
    for (let x = 0; x < count; x++, i += 3) sums[x] += data[i] + data[i + 1] + data[i + 2];
  } else if (bin === 4) {
    for (let x = 0; x < count; x++, i += 4) sums[x] += data[i] + data[i + 1] + data[i + 2] + data[i + 3];
  } else if (bin === 8) {
    // A K2's full frame (3838 × 3710) bins by 8: 2.3× the loop below at 4096² (27 → 12 ms).
    for (let x = 0; x < count; x++, i += 8) {
      sums[x] +=
        data[i] +
        data[i + 1] +
        data[i + 2] +
        data[i + 3] +
        data[i + 4] +
        data[i + 5] +
        data[i + 6] +
        data[i + 7];
    }
  } else {
    for (let x = 0; x < count; x++) {
      let s = 0;
      for (let k = 0; k < bin; k++, i++) s += data[i];
      sums[x] += s;
    }
  }
}
