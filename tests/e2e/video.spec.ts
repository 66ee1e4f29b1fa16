// Videos in the browser with the network blocked: an H.264 MP4 (mediabunny + WebCodecs) and AVIs
// (ffmpeg.wasm, served from the app's own origin). The clips are made here with Debian's ffmpeg
// from the synthetic movie, so every frame and every area has a known answer.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { frameRange } from '../../src/core/series/frame-number.ts';
import { formatSeconds } from '../../src/core/series/number-format.ts';
import {
  CLIP_KINDS,
  type ClipKind,
  encodeClip,
  type GreyMovie,
  makeGreyMovie,
  requireFfmpeg,
} from '../helpers/video-clips.ts';
import { fileFromDisk, pickFiles, plottedTraces, repoRoot, runAnalysisToEnd, screenshot } from './helpers.ts';

const clipDir = resolve(repoRoot, 'test-results/video-clips');
const SIZE = 384;
const FRAMES = 40;
const FPS = 10;
let movie: GreyMovie;

test.beforeAll(async () => {
  requireFfmpeg();
  mkdirSync(clipDir, { recursive: true });
  movie = makeGreyMovie(SIZE, SIZE, FRAMES, FPS);
  for (const kind of ['h264.mp4', 'mjpeg.avi', 'raw.avi'] as const) {
    await encodeClip(movie, clipPath(kind), CLIP_KINDS[kind]);
  }
});

const clipPath = (kind: ClipKind) => resolve(clipDir, `clip.${kind}`);

/** Every request that leaves 127.0.0.1 is aborted; the list of what the page fetched is returned. */
async function offline(page: Page): Promise<string[]> {
  const fetched: string[] = [];
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    fetched.push(url.pathname);
    return url.hostname === '127.0.0.1' ? route.continue() : route.abort();
  });
  return fetched;
}

/** Pearson correlation of the viewer's canvas (red channel) with a grey frame. */
async function canvasCorrelations(page: Page, frames: Uint8Array[]): Promise<number[]> {
  const pixels = await page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="frame-viewer"] canvas') as HTMLCanvasElement;
    const rgba = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    const red: number[] = [];
    for (let i = 0; i < rgba.length; i += 4) red.push(rgba[i]);
    return red;
  });
  return frames.map((frame) => {
    const n = frame.length;
    expect(pixels.length).toBe(n);
    let ma = 0;
    let mb = 0;
    for (let i = 0; i < n; i++) {
      ma += pixels[i] / n;
      mb += frame[i] / n;
    }
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (let i = 0; i < n; i++) {
      ab += (pixels[i] - ma) * (frame[i] - mb);
      aa += (pixels[i] - ma) ** 2;
      bb += (frame[i] - mb) ** 2;
    }
    return ab / Math.sqrt(aa * bb);
  });
}

for (const [kind, path] of [
  ['h264.mp4', 'WebCodecs'],
  ['mjpeg.avi', 'ffmpeg.wasm'],
  ['raw.avi', 'ffmpeg.wasm'],
] as const) {
  test(`opens a ${kind} through ${path} offline, seeks to a frame and analyses every frame`, async ({
    page,
  }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const fetched = await offline(page);
    await page.goto('/?example=none');
    const name = `clip.${kind}`;
    await pickFiles(page, [fileFromDisk(clipPath(kind), name)]);
    const summary = page.getByTestId('movie-summary');
    await expect(summary).toContainText(name, { timeout: 60_000 });
    await expect(summary).toContainText(`${SIZE} × ${SIZE} px, ${FRAMES} frames, uint8`);
    await expect(summary).toContainText(`${1 / FPS} s per frame`);
    await expect(page.getByTestId('error')).toHaveCount(0);

    // Seek forward past key frames, then back: the viewer must show exactly that frame.
    for (const target of [27, 13]) {
      await page.getByRole('slider', { name: 'Frame' }).fill(String(target));
      await expect(page.getByTestId('frame-viewer')).toHaveAttribute('data-frame', String(target));
      await expect(page.getByTestId('frame-readout')).toContainText(
        `Frame ${target} (${frameRange(FRAMES)}) · t = ${formatSeconds(target / FPS)}`,
      );
      const [before, exact, after] = await canvasCorrelations(
        page,
        movie.frames.slice(target - 1, target + 2),
      );
      expect(exact, `frame ${target} on screen`).toBeGreaterThan(0.9);
      expect(exact).toBeGreaterThan(Math.max(before, after));
    }

    await runAnalysisToEnd(page);
    // The plot redraws on a throttle: wait for the last batch to be drawn, not just for the status.
    const areaTrace = async () => (await plottedTraces(page)).find((t) => t.name.startsWith('Cluster area'));
    await expect.poll(async () => (await areaTrace())?.y.length).toBe(FRAMES);
    const area = await areaTrace();
    // No calibration in a video: areas are in px², against the generator's truth.
    const errors = (area?.y ?? []).map((a, i) => Math.abs((a ?? 0) / movie.truthAreaPx[i] - 1));
    expect(Math.max(...errors), 'worst frame').toBeLessThan(0.1);
    expect(area?.x.at(-1)).toBeCloseTo((FRAMES - 1) / FPS, 3);
    await screenshot(page, `video-${kind.replace('.', '-')}`);

    // The path taken: only AVI needs the ffmpeg core, and everything came from this origin.
    const usedFfmpeg = fetched.some((p) => p.endsWith('/ffmpeg/ffmpeg-core.wasm'));
    expect(usedFfmpeg).toBe(path === 'ffmpeg.wasm');
    expect(pageErrors).toEqual([]);
  });
}
