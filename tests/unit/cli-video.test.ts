// `operando analyze` on videos, as a user runs it (a child process): an H.264 MP4 made by ffmpeg
// from a known synthetic movie, a damaged AVI, and a machine without ffmpeg.

import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_HINT } from '../../src/cli/video/ffmpeg-bin.ts';
import { parseResultsCsv, runCli } from '../helpers/cli-run.ts';
import {
  CLIP_KINDS,
  encodeClip,
  type GreyMovie,
  makeGreyMovie,
  packetRanges,
  requireFfmpeg,
  zeroRanges,
} from '../helpers/video-clips.ts';

let dir: string;
let movie: GreyMovie;
const file = (name: string) => join(dir, name);
const DAMAGED = [6, 7];

beforeAll(async () => {
  requireFfmpeg();
  dir = await mkdtemp(join(tmpdir(), 'operando-cli-video-'));
  movie = makeGreyMovie(256, 256, 16, 10, 5);
  await Promise.all([
    encodeClip(movie, file('clip.mp4'), CLIP_KINDS['h264.mp4']),
    encodeClip(movie, file('clip.avi'), CLIP_KINDS['mjpeg.avi']),
  ]);
  const packets = packetRanges(file('clip.avi')).filter((p) => DAMAGED.includes(p.pts));
  await zeroRanges(file('clip.avi'), file('damaged.avi'), packets);
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const num = (cell: string) => (cell === '' ? Number.NaN : Number(cell));

describe('operando analyze VIDEO', () => {
  it('analyses an H.264 MP4: one row per frame, times from the video, areas within 5 % of the truth', async () => {
    const run = await runCli(['analyze', file('clip.mp4'), '--out', file('mp4.csv')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('clip.mp4: 256×256 px, 16 frames, uint8, no calibration');
    const { rows } = parseResultsCsv(await readFile(file('mp4.csv'), 'utf8'));
    expect(rows).toHaveLength(16);
    rows.forEach((row, i) => {
      expect(num(row.time_s)).toBeCloseTo(i / 10, 9);
      expect(row.area_nm2).toBe(''); // a video carries no pixel size
      const truth = movie.truthAreaPx[i];
      expect(Math.abs(num(row.area_px) - truth) / truth, `frame ${i}`).toBeLessThan(0.05);
    });
    // Same figures on the main thread as in the worker pool.
    const inline = await runCli(['analyze', file('clip.mp4'), '--workers', '0']);
    expect(inline.code, inline.stderr).toBe(0);
    expect(parseResultsCsv(inline.stdout).rows.map((r) => r.area_px)).toEqual(rows.map((r) => r.area_px));
  });

  it('goes on past damaged frames of an AVI and marks them unreadable (empty area)', async () => {
    const run = await runCli([
      'analyze',
      file('damaged.avi'),
      '--out',
      file('damaged.csv'),
      '--workers',
      '2',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const { rows } = parseResultsCsv(await readFile(file('damaged.csv'), 'utf8'));
    expect(rows).toHaveLength(16);
    expect(rows.filter((r) => r.quality === 'unreadable').map((r) => Number(r.frame))).toEqual(DAMAGED);
    for (const frame of DAMAGED) expect(rows[frame].area_px).toBe('');
    expect(rows.filter((r) => r.quality !== 'unreadable').every((r) => num(r.area_px) > 0)).toBe(true);
  });

  it('without ffmpeg, exits 1 naming the file and what to install, writing nothing', async () => {
    const env = { OPERANDO_FFMPEG: '/nonexistent/ffmpeg', OPERANDO_FFPROBE: '/nonexistent/ffprobe' };
    const run = await runCli(['analyze', file('clip.mp4'), '--out', file('never.csv')], 60_000, env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`operando: clip.mp4: ${INSTALL_HINT}`);
    expect(existsSync(file('never.csv'))).toBe(false);
  });
});
