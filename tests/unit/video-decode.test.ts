// Node video path: clips made by Debian's ffmpeg from a known synthetic movie, decoded through the
// FrameSource contract by the ffmpeg program, compared frame by frame with what went in.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeVideoFormats } from '../../src/cli/video/formats.ts';
import { openMovie } from '../../src/core/io/registry.ts';
import type { FrameSource } from '../../src/core/io/types.ts';
import {
  blobOf,
  CLIP_KINDS,
  type ClipKind,
  encodeClip,
  type GreyMovie,
  makeGrey16Movie,
  makeGreyMovie,
  meanAbsDiff,
  requireFfmpeg,
} from '../helpers/video-clips.ts';

let dir: string;
let movie: GreyMovie;
const clip = (name: string) => join(dir, name);
const open = (name: string): Promise<FrameSource> =>
  openMovie(blobOf(clip(name)), name, undefined, nodeVideoFormats);

/** Mean |decoded − source| allowed per clip, in grey levels (8-bit); measured: 0.9, 2.0, 2.0, 0. */
const TOLERANCE: Record<ClipKind, number> = { 'h264.mp4': 2, 'vp9.webm': 3, 'mjpeg.avi': 3, 'raw.avi': 0 };
const FORMAT_ID: Record<ClipKind, string> = {
  'h264.mp4': 'mp4-ffmpeg',
  'vp9.webm': 'webm-ffmpeg',
  'mjpeg.avi': 'avi-ffmpeg',
  'raw.avi': 'avi-ffmpeg',
};
const KINDS = Object.keys(CLIP_KINDS) as ClipKind[];

beforeAll(async () => {
  requireFfmpeg();
  dir = await mkdtemp(join(tmpdir(), 'operando-video-'));
  movie = makeGreyMovie(); // 24 frames, 256², 10 fps
  await Promise.all(KINDS.map((kind) => encodeClip(movie, clip(kind), CLIP_KINDS[kind])));
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each(KINDS)('%s decoded by the ffmpeg program', (kind) => {
  let source: FrameSource;
  const decoded: Uint8Array[] = [];

  beforeAll(async () => {
    source = await open(kind);
    for (let i = 0; i < source.frameCount; i++) decoded.push((await source.getFrame(i)).data as Uint8Array);
  });
  afterAll(() => source?.close());

  it('has the right size, frame count, dtype and frame times (i / fps, from the container)', () => {
    expect(source.formatId).toBe(FORMAT_ID[kind]);
    expect([source.width, source.height, source.dtype]).toEqual([256, 256, 'uint8']);
    expect(source.frameCount).toBe(movie.frames.length);
    expect(source.frameTimesS).toHaveLength(movie.frames.length);
    for (const [i, t] of (source.frameTimesS ?? []).entries()) expect(t).toBeCloseTo(i / movie.fps, 9);
    expect(source.frameIntervalS).toBeCloseTo(1 / movie.fps, 9);
  });

  it(`matches every source frame within a mean |difference| of ${TOLERANCE[kind]} grey levels`, () => {
    decoded.forEach((frame, i) => {
      const diff = meanAbsDiff(frame, movie.frames[i]);
      expect(diff, `frame ${i}`).toBeLessThanOrEqual(TOLERANCE[kind]);
      // ...and it is frame i, not a neighbour: the noise differs from frame to frame.
      for (const j of [i - 1, i + 1].filter((n) => n >= 0 && n < decoded.length)) {
        expect(meanAbsDiff(frame, movie.frames[j]), `frame ${i} vs ${j}`).toBeGreaterThan(diff + 1);
      }
    });
  });

  it('returns the same pixels for frame N in a shuffled order (backward and forward jumps)', async () => {
    const shuffled = await open(kind);
    try {
      for (const n of [17, 3, 23, 0, 12, 11, 20, 5]) {
        expect((await shuffled.getFrame(n)).data, `frame ${n}`).toEqual(decoded[n]);
      }
    } finally {
      shuffled.close();
    }
  });
});

describe('seeking far into a longer clip', () => {
  const long = makeGreyMovie(96, 96, 150, 25, 9);
  const kinds = { 'long.mp4': CLIP_KINDS['h264.mp4'], 'long.webm': CLIP_KINDS['vp9.webm'] } as const;

  beforeAll(async () => {
    await Promise.all(Object.entries(kinds).map(([name, args]) => encodeClip(long, clip(name), args)));
  }, 60_000);

  it.each(Object.keys(kinds))(
    '%s: long jumps (restarting ffmpeg at a keyframe) land on frame N',
    async (name) => {
      const source = await open(name);
      try {
        expect(source.frameCount).toBe(150);
        expect(source.frameTimesS?.[149]).toBeCloseTo(149 / 25, 9);
        for (const n of [140, 61, 149, 2, 100, 99, 75]) {
          const frame = await source.getFrame(n);
          const diff = meanAbsDiff(frame.data, long.frames[n]);
          expect(diff, `frame ${n}`).toBeLessThanOrEqual(3);
          expect(meanAbsDiff(frame.data, long.frames[n - 1] ?? long.frames[n + 1])).toBeGreaterThan(diff + 1);
        }
      } finally {
        source.close();
      }
    },
  );
});

describe('16-bit video', () => {
  it('decodes a lossless 16-bit grey clip (FFV1 in MKV) to uint16, exactly', async () => {
    const deep = makeGrey16Movie();
    await encodeClip(deep, clip('deep.mkv'), ['-c:v', 'ffv1', '-pix_fmt', 'gray16le']);
    const source = await open('deep.mkv');
    try {
      expect(source.dtype).toBe('uint16');
      expect(source.frameCount).toBe(deep.frames.length);
      for (const n of [0, 5, 11, 1]) {
        const frame = await source.getFrame(n);
        expect(frame.data).toBeInstanceOf(Uint16Array);
        expect(frame.data).toEqual(deep.frames[n]);
      }
    } finally {
      source.close();
    }
  });
});
