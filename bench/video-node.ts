// Node video decoding speed: synthetic grey movies encoded by Debian's ffmpeg (H.264 MP4 and MJPEG
// AVI) at 512² and 1024², read back through the FrameSource the CLI uses (the ffmpeg program piping
// raw grey frames). Figures, not tests. Run alone with `node --import tsx bench/video-node.ts`.

import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileBlob } from '../src/cli/file-blob.ts';
import { nodeVideoFormats } from '../src/cli/video/formats.ts';
import { openMovie } from '../src/core/io/registry.ts';
import { CLIP_KINDS, encodeClip, FFMPEG, makeGreyMovie } from '../tests/helpers/video-clips.ts';
import { bytes, fixed, table, timed } from './stats.ts';

const CASES = [
  { size: 512, frames: 60 },
  { size: 1024, frames: 30 },
];
const CODECS = ['h264.mp4', 'mjpeg.avi'] as const;
/** Random-access cost: frames asked for in a shuffled order (each backward jump restarts ffmpeg). */
const RANDOM_PICKS = 6;

const log = (text: string) => process.stderr.write(`${text}\n`);

interface Row {
  label: string;
  file: number;
  openMs: number;
  sequentialFps: number;
  randomMs: number;
}

async function benchClip(path: string, label: string, frames: number): Promise<Row> {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const { value: source, ms: openMs } = await timed(() =>
    openMovie(openFileBlob(path), name, undefined, nodeVideoFormats),
  );
  try {
    // Sequential, as analysis reads: frame 0 was decoded at open, so time frames 1…n−1.
    const { ms } = await timed(async () => {
      for (let i = 1; i < frames; i++) await source.getFrame(i);
    });
    const picks = Array.from({ length: RANDOM_PICKS }, (_, k) =>
      Math.floor(((k * 7 + 3) % 11) * (frames / 11)),
    );
    const random = await timed(async () => {
      for (const n of picks) await source.getFrame(n);
    });
    return {
      label,
      file: (await stat(path)).size,
      openMs,
      sequentialFps: (1000 * (frames - 1)) / ms,
      randomMs: random.ms / picks.length,
    };
  } finally {
    source.close();
  }
}

/** Prints the Node video decoding table; returns without a table when ffmpeg is not installed. */
export async function benchNodeVideo(): Promise<void> {
  console.log('\nVideo decoding in Node (ffmpeg program → raw grey frames through FrameSource)');
  if (!existsSync(FFMPEG)) {
    console.log(`  skipped: ${FFMPEG} is missing (apt-get install ffmpeg)`);
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'operando-bench-video-'));
  const rows: Row[] = [];
  try {
    for (const { size, frames } of CASES) {
      log(`video ${size}²: rendering and encoding ${frames} frames…`);
      const movie = makeGreyMovie(size, size, frames, 10, 11);
      for (const codec of CODECS) {
        const path = join(dir, `${size}-${codec}`);
        await encodeClip(movie, path, CLIP_KINDS[codec]);
        rows.push(await benchClip(path, `${size}² ${codec}`, frames));
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(
    table(
      ['clip', 'file', 'open ms', 'sequential frames/s', 'random ms/frame'],
      rows.map((r) => [
        r.label,
        bytes(r.file),
        fixed(r.openMs, 0),
        fixed(r.sequentialFps, 1),
        fixed(r.randomMs, 0),
      ]),
    ),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await benchNodeVideo();
