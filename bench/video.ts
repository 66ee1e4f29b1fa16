// `npm run bench:video`: frames/s of the two browser video paths (WebCodecs, ffmpeg.wasm) at 512²
// and 1024², decoding every frame in order in one module worker of Debian's Chromium, against the
// Vite dev server (which serves src/ as modules, so the bench runs the real sources). Figures, not
// tests. Clips are made with Debian's ffmpeg in the OS temp directory and deleted afterwards.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../src/cli/chromium.ts';

const FFMPEG = process.env.OPERANDO_FFMPEG || '/usr/bin/ffmpeg';
const CASES = [
  { size: 512, frames: 90 },
  { size: 1024, frames: 45 },
];
/** Clip codec → the decoder the workbench uses for it (ffmpeg forced for the MP4 as a comparison). */
const RUNS = [
  { clip: 'h264.mp4', decoder: 'webcodecs' },
  { clip: 'h264.mp4', decoder: 'ffmpeg' },
  { clip: 'mjpeg.avi', decoder: 'ffmpeg' },
] as const;
const ENCODERS: Record<string, string[]> = {
  'h264.mp4': ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-crf', '18', '-g', '30'],
  'mjpeg.avi': ['-c:v', 'mjpeg', '-q:v', '3'],
};

// The worker: opens the clip with one source and decodes every frame in order.
const WORKER = `
onmessage = async ({ data: { origin, blob, name, decoder } }) => {
  try {
    const t0 = performance.now();
    const source = decoder === 'webcodecs'
      ? await (await import(origin + '/src/workers/video/webcodecs-source.ts')).openWebCodecsSource(blob, name)
      : await (await import(origin + '/src/workers/video/ffmpeg-source.ts')).openFfmpegSource(blob, name);
    const t1 = performance.now();
    for (let i = 0; i < source.frameCount; i++) await source.getFrame(i);
    const t2 = performance.now();
    postMessage({ openMs: t1 - t0, fps: (source.frameCount * 1000) / (t2 - t1), frames: source.frameCount,
      used: source.metadata.decoder });
    source.close();
  } catch (error) {
    postMessage({ error: String(error) });
  }
};`;

interface Measured {
  openMs: number;
  fps: number;
  frames: number;
  used: string;
  error?: string;
}

function makeClip(path: string, size: number, frames: number, encoder: string[]): void {
  // testsrc2 moves every frame, so inter-frame codecs can't skip work on static content.
  const input = ['-f', 'lavfi', '-i', `testsrc2=size=${size}x${size}:rate=25`, '-frames:v', String(frames)];
  const done = spawnSync(FFMPEG, ['-hide_banner', '-v', 'error', '-y', ...input, ...encoder, path]);
  if (done.status !== 0) throw new Error(`ffmpeg could not make ${path}: ${done.stderr}`);
}

async function main(): Promise<void> {
  for (const [what, path] of [
    ['ffmpeg', FFMPEG],
    ['chromium', CHROMIUM_PATH],
  ]) {
    if (!existsSync(path)) {
      console.log(`video bench skipped: ${what} is missing at ${path} (apt-get install -y ${what})`);
      return;
    }
  }
  const root = resolve(import.meta.dirname, '..');
  if (!existsSync(resolve(root, 'public/ffmpeg/ffmpeg-core.wasm'))) {
    console.log('video bench skipped: public/ffmpeg/ is missing (run npm install)');
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'operando-video-bench-'));
  const server = await createServer({ root, logLevel: 'error', server: { host: '127.0.0.1', port: 0 } });
  await server.listen();
  const origin = server.resolvedUrls?.local[0]?.replace(/\/$/, '') ?? '';
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    await page.route('**/bench-clip/*', (route) =>
      route.fulfill({ path: join(dir, new URL(route.request().url()).pathname.split('/').pop() ?? '') }),
    );
    await page.goto(`${origin}/?example=none`);
    console.log(`video decode, one worker, every frame in order (load average ${loadavg()[0].toFixed(1)})`);
    console.log('size    clip       decoder     frames  open ms  frames/s');
    for (const { size, frames } of CASES) {
      for (const clip of Object.keys(ENCODERS))
        makeClip(join(dir, `${size}.${clip}`), size, frames, ENCODERS[clip]);
      for (const run of RUNS) {
        const name = `${size}.${run.clip}`;
        const result: Measured = await page.evaluate(
          async ({ origin, name, decoder, source }) => {
            const blob = await (await fetch(`/bench-clip/${name}`)).blob();
            const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
            const worker = new Worker(url, { type: 'module' });
            const answer = new Promise<Measured>((done) => {
              worker.onmessage = (event) => done(event.data);
            });
            worker.postMessage({ origin, blob, name, decoder });
            const measured = await answer;
            worker.terminate();
            return measured;
          },
          { origin, name, decoder: run.decoder, source: WORKER },
        );
        const label = `${size}²`.padEnd(8) + run.clip.padEnd(11) + run.decoder.padEnd(12);
        if (result.error) console.log(`${label}failed: ${result.error}`);
        else
          console.log(
            `${label}${String(result.frames).padStart(6)}  ${result.openMs.toFixed(0).padStart(7)}  ${result.fps.toFixed(1).padStart(8)}`,
          );
      }
    }
    console.log('open ms includes loading and compiling the ffmpeg.wasm core (≈32 MB) in a fresh worker.');
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
