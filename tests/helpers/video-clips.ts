// Test videos made with Debian's ffmpeg from a known synthetic movie, so every decoded frame can be
// compared with the grey frame that went in. Clips are written to a temp directory by the caller.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { openFileBlob } from '../../src/cli/file-blob.ts';
import { createSyntheticMovie } from '../../src/core/synth/index.ts';

export const FFMPEG = process.env.OPERANDO_FFMPEG || '/usr/bin/ffmpeg';
export const FFPROBE = process.env.OPERANDO_FFPROBE || '/usr/bin/ffprobe';

/**
 * Video tests must not pass by skipping: without ffmpeg they fail with what to install
 * (CI installs it: `node scripts/ensure-ffmpeg.mjs`).
 */
export function requireFfmpeg(): void {
  for (const binary of [FFMPEG, FFPROBE]) {
    if (!existsSync(binary)) {
      throw new Error(`${binary} is missing: video tests need Debian's ffmpeg (apt-get install -y ffmpeg)`);
    }
  }
}

export interface GreyMovie<Pixels extends Uint8Array | Uint16Array = Uint8Array> {
  width: number;
  height: number;
  fps: number;
  /** Grey frames exactly as piped into ffmpeg: 8-bit, or 16-bit little-endian (`gray16le`). */
  frames: Pixels[];
  /** Generator truth: cluster area of each frame, in pixels. */
  truthAreaPx: number[];
}

/**
 * Renders a synthetic movie (uint16 counts) and scales it to 8-bit grey with one factor for the
 * whole movie, leaving headroom at both ends so limited-range round trips don't clip.
 */
export function makeGreyMovie(width = 256, height = 256, frameCount = 24, fps = 10, seed = 7): GreyMovie {
  const movie = createSyntheticMovie({
    width,
    height,
    frameCount,
    frameIntervalS: 1 / fps,
    pixelSizeNm: 0.5,
    dose: 2000,
    seed,
  });
  const rendered = Array.from({ length: frameCount }, (_, i) => movie.renderFrame(i));
  let max = 1;
  for (const frame of rendered) for (const v of frame.data) max = Math.max(max, v);
  const scale = 235 / max;
  const frames = rendered.map((frame) => {
    const grey = new Uint8Array(frame.data.length);
    for (let p = 0; p < grey.length; p++) grey[p] = Math.min(255, Math.round(10 + frame.data[p] * scale));
    return grey;
  });
  return { width, height, fps, frames, truthAreaPx: rendered.map((f) => f.truthAreaPx) };
}

/** The synthetic movie's own uint16 counts, for lossless 16-bit clips (FFV1). */
export function makeGrey16Movie(
  width = 128,
  height = 128,
  frameCount = 12,
  fps = 5,
  seed = 3,
): GreyMovie<Uint16Array> {
  const movie = createSyntheticMovie({
    width,
    height,
    frameCount,
    frameIntervalS: 1 / fps,
    pixelSizeNm: 0.5,
    seed,
  });
  const rendered = Array.from({ length: frameCount }, (_, i) => movie.renderFrame(i));
  return {
    width,
    height,
    fps,
    frames: rendered.map((f) => f.data),
    truthAreaPx: rendered.map((f) => f.truthAreaPx),
  };
}

/** Encoder settings of the test clips: high-quality lossy codecs and lossless raw video. */
export const CLIP_KINDS = {
  'h264.mp4': ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-crf', '12', '-g', '8', '-bf', '2'],
  // Realtime speed: 10× faster to encode than the default, still within 2 grey levels here.
  'vp9.webm': [
    '-c:v',
    'libvpx-vp9',
    '-pix_fmt',
    'yuv420p',
    '-crf',
    '10',
    '-b:v',
    '0',
    '-g',
    '8',
    '-deadline',
    'realtime',
    '-cpu-used',
    '8',
  ],
  'mjpeg.avi': ['-c:v', 'mjpeg', '-q:v', '2'],
  'raw.avi': ['-c:v', 'rawvideo', '-pix_fmt', 'gray'],
} as const;
export type ClipKind = keyof typeof CLIP_KINDS;

/** Pipes the movie's raw grey frames into ffmpeg's stdin and encodes them to `outPath`. */
export function encodeClip(
  movie: GreyMovie<Uint8Array | Uint16Array>,
  outPath: string,
  codecArgs: readonly string[],
): Promise<void> {
  const pixFmt = movie.frames[0] instanceof Uint16Array ? 'gray16le' : 'gray';
  const args = ['-hide_banner', '-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', pixFmt];
  args.push('-s', `${movie.width}x${movie.height}`, '-r', String(movie.fps), '-i', '-');
  const child = spawn(FFMPEG, [...args, ...codecArgs, outPath], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`ffmpeg could not make ${outPath}: ${stderr}`)),
    );
    // Typed arrays go out in the machine's byte order: little-endian on every platform CI runs on.
    for (const frame of movie.frames)
      child.stdin.write(new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength));
    child.stdin.end();
  });
}

/** Byte ranges of the video packets of a clip, in file order, from ffprobe. */
export function packetRanges(path: string): { pos: number; size: number; pts: number }[] {
  const args = ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pos,size,pts'];
  const out = spawnSync(FFPROBE, [...args, '-of', 'csv=p=0', path], { encoding: 'utf8' });
  return out.stdout
    .trim()
    .split('\n')
    .map((line) => {
      const [pts, size, pos] = line.split(',').map(Number);
      return { pos, size, pts };
    });
}

/** Copies `from` to `to` with the given byte ranges overwritten by zeros (a damaged recording). */
export async function zeroRanges(from: string, to: string, ranges: { pos: number; size: number }[]) {
  const bytes = new Uint8Array(await readFile(from));
  for (const { pos, size } of ranges) bytes.fill(0, pos, pos + size);
  await writeFile(to, bytes);
}

/** Mean absolute difference of two frames, in grey levels. */
export function meanAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

export const blobOf = (path: string): Blob => openFileBlob(path);
