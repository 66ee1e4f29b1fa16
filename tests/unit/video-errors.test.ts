// Node video path, what goes wrong: cut-short and fake videos, damaged frames, no ffmpeg at all.

import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_HINT } from '../../src/cli/video/ffmpeg-bin.ts';
import { createNodeVideoFormats, nodeVideoFormats } from '../../src/cli/video/formats.ts';
import { defaultSegmentParams } from '../../src/core/analysis/segment.ts';
import { FileFormatError } from '../../src/core/io/errors.ts';
import { openMovie } from '../../src/core/io/registry.ts';
import type { FrameSource, MovieFormat } from '../../src/core/io/types.ts';
import { FrameService } from '../../src/core/run/frame-service.ts';
import {
  blobOf,
  CLIP_KINDS,
  encodeClip,
  type GreyMovie,
  makeGreyMovie,
  meanAbsDiff,
  packetRanges,
  requireFfmpeg,
  zeroRanges,
} from '../helpers/video-clips.ts';

let dir: string;
let movie: GreyMovie;
const file = (name: string) => join(dir, name);
const open = (name: string, formats: MovieFormat[] = nodeVideoFormats): Promise<FrameSource> =>
  openMovie(blobOf(file(name)), name, undefined, formats);

/** The rejection of `promise`, which must be a FileFormatError. */
async function formatError(promise: Promise<unknown>): Promise<FileFormatError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FileFormatError);
  return error as FileFormatError;
}

/** Frames 9 and 10 of the MJPEG clip are zeroed (each MJPEG frame stands alone). */
const DAMAGED = [9, 10];

beforeAll(async () => {
  requireFfmpeg();
  dir = await mkdtemp(join(tmpdir(), 'operando-video-errors-'));
  movie = makeGreyMovie();
  await Promise.all([
    encodeClip(movie, file('clip.mp4'), CLIP_KINDS['h264.mp4']),
    encodeClip(movie, file('faststart.mp4'), [...CLIP_KINDS['h264.mp4'], '-movflags', '+faststart']),
    encodeClip(movie, file('clip.avi'), CLIP_KINDS['mjpeg.avi']),
  ]);
  const whole = await readFile(file('clip.mp4'));
  const fast = await readFile(file('faststart.mp4'));
  const packets = packetRanges(file('clip.avi')).filter((p) => DAMAGED.includes(p.pts));
  expect(packets).toHaveLength(DAMAGED.length);
  await Promise.all([
    writeFile(file('cut.mp4'), whole.subarray(0, whole.length >> 1)),
    writeFile(file('cut-faststart.mp4'), fast.subarray(0, fast.length >> 1)),
    writeFile(file('noise.mp4'), randomBytes(8192)),
    // The right first bytes (an 'ftyp' box), then noise: passes the sniff, fails in ffprobe.
    writeFile(file('fake.mp4'), Buffer.concat([whole.subarray(0, 32), randomBytes(8192)])),
    zeroRanges(file('clip.avi'), file('damaged.avi'), packets),
    copyFile(file('clip.mp4'), file('clip-copy.mp4')),
  ]);
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('files that are not (whole) videos', () => {
  it('a truncated MP4 (index at the end, cut off) gives a FileFormatError naming the file', async () => {
    const error = await formatError(open('cut.mp4'));
    expect(error.kind).toBe('truncated');
    expect(error.message).toMatch(/^cut\.mp4: the video is cut short/);
  });

  it('random bytes named .mp4 give a FileFormatError naming the file', async () => {
    const error = await formatError(open('noise.mp4'));
    expect(error.message).toContain('noise.mp4');
    expect(error.message).toContain('MP4/MOV video');
  });

  it('an MP4 header followed by noise gives a FileFormatError naming the file', async () => {
    const error = await formatError(open('fake.mp4'));
    expect(error.message).toMatch(/^fake\.mp4: /);
  });

  it('a cut-short "faststart" MP4 keeps its 24 frames: early ones decode, the lost ones are unreadable', async () => {
    const source = await open('cut-faststart.mp4');
    try {
      expect(source.frameCount).toBe(24);
      expect(source.metadata.missingFrames).toBeGreaterThan(0);
      expect(meanAbsDiff((await source.getFrame(1)).data, movie.frames[1])).toBeLessThanOrEqual(2);
      const error = await formatError(source.getFrame(23));
      expect(error.message).toMatch(/^cut-faststart\.mp4: frame 23 could not be decoded/);
    } finally {
      source.close();
    }
  });
});

describe('a damaged video (two MJPEG frames zeroed)', () => {
  it('throws a FileFormatError for the damaged frames only; the others match the source', async () => {
    const source = await open('damaged.avi');
    try {
      expect(source.frameCount).toBe(24);
      for (let i = 0; i < source.frameCount; i++) {
        if (DAMAGED.includes(i)) {
          const error = await formatError(source.getFrame(i));
          expect(error.message).toContain(`damaged.avi: frame ${i} could not be decoded`);
        } else {
          expect(
            meanAbsDiff((await source.getFrame(i)).data, movie.frames[i]),
            `frame ${i}`,
          ).toBeLessThanOrEqual(3);
        }
      }
      // Asked again, out of order, the answer is the same.
      await formatError(source.getFrame(DAMAGED[0]));
      expect(meanAbsDiff((await source.getFrame(4)).data, movie.frames[4])).toBeLessThanOrEqual(3);
    } finally {
      source.close();
    }
  });

  it('a run marks the damaged frames unreadable and analyses the rest', async () => {
    const service = new FrameService(nodeVideoFormats);
    try {
      const info = await service.open(blobOf(file('damaged.avi')), 'damaged.avi');
      const frames = Array.from({ length: info.frameCount }, (_, i) => i);
      const results = await service.analyzeFrames(frames, defaultSegmentParams);
      expect(results.filter((r) => r.quality === 'unreadable').map((r) => r.frame)).toEqual(DAMAGED);
      for (const r of results.filter((r) => r.quality !== 'unreadable')) {
        expect(Math.abs(r.areaPx - movie.truthAreaPx[r.frame]) / movie.truthAreaPx[r.frame]).toBeLessThan(
          0.1,
        );
      }
    } finally {
      service.close();
    }
  });
});

describe('without ffmpeg', () => {
  const missing = createNodeVideoFormats({ ffmpeg: '/nonexistent/ffmpeg', ffprobe: '/nonexistent/ffprobe' });

  it('says what to install, naming the file', async () => {
    const error = await formatError(open('clip-copy.mp4', missing));
    expect(error.message).toBe(`clip-copy.mp4: ${INSTALL_HINT}`);
    expect(error.message).toContain('apt-get install ffmpeg');
  });

  it('says the same when only the ffmpeg binary is missing', async () => {
    const noDecoder = createNodeVideoFormats({ ffmpeg: '/nonexistent/ffmpeg', ffprobe: '/usr/bin/ffprobe' });
    const error = await formatError(open('clip-copy.mp4', noDecoder));
    expect(error.message).toBe(`clip-copy.mp4: ${INSTALL_HINT}`);
  });

  it('needs a file path: a Blob that is not a file on disk is refused clearly', async () => {
    const bytes = await readFile(file('clip.mp4'));
    const error = await formatError(openMovie(new Blob([bytes]), 'memory.mp4', undefined, nodeVideoFormats));
    expect(error.message).toMatch(/^memory\.mp4: .*ffmpeg.*path/);
  });
});
