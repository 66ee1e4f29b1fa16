// `npm run bench:cli` (part of `npm run bench`): the command line at facility scale, timed as a
// user runs it (`node bin/operando.mjs`, the built bin, in a child process): start-up alone; a
// 200-frame 512² deflate uint16 TIFF end to end (start to CSV) beside a Python + OpenCV pipeline
// (bench/opencv_pipeline.py) timed in the same run, and their ratio; the same movie as 1, 2 and 4
// shards run side by side on this machine, and the merge. Figures, not tests: nothing is asserted.

import { execFileSync, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encodeTiffChunks } from '../src/core/io/tiff/write-tiff.ts';
import { formatRange, planShards } from '../src/core/run/shards.ts';
import { createPresetMovie } from '../src/core/synth/index.ts';
import { fixed, median, table } from './stats.ts';

const FRAMES = 200;
const SIZE = 512;
const REPEATS = 3;
const root = resolve(import.meta.dirname, '..');
const bin = resolve(root, 'bin/operando.mjs');
const log = (text: string) => process.stderr.write(`${text}\n`);

async function writeMovie(path: string): Promise<void> {
  const movie = createPresetMovie('operando', { width: SIZE, height: SIZE, frameCount: FRAMES, seed: 11 });
  function* pages() {
    for (let i = 0; i < FRAMES; i++) yield { width: SIZE, height: SIZE, data: movie.renderFrame(i).data };
  }
  const out = createWriteStream(path);
  for (const chunk of encodeTiffChunks(pages(), FRAMES, {
    compression: 'deflate',
    imagej: { pixelSizeUm: movie.pixelSizeNm / 1000, unit: 'micron', frameIntervalS: 1 },
  })) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Wall time of commands started together, in seconds; throws when one fails. */
async function wall(commands: string[][]): Promise<number> {
  const start = performance.now();
  await Promise.all(
    commands.map(async ([cmd, ...args]) => {
      const { spawn } = await import('node:child_process');
      const child = spawn(cmd, args, {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, OPERANDO_CLI: 'built' },
      });
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      const [code] = await once(child, 'close');
      if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${code}): ${stderr}`);
    }),
  );
  return (performance.now() - start) / 1000;
}

async function medianWall(commands: string[][], repeats = REPEATS): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) times.push(await wall(commands));
  return median(times);
}

/** Debian's python3 (python3-opencv and python3-tifffile install there), not a pyenv shim on PATH. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

function hasOpenCv(): boolean {
  return spawnSync(PYTHON, ['-c', 'import cv2, tifffile'], { stdio: 'ignore' }).status === 0;
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [resolve(root, 'scripts/build-cli.mjs')], { stdio: 'inherit' });
  const dir = await mkdtemp(join(tmpdir(), 'operando-bench-cli-'));
  try {
    const movie = join(dir, 'movie.tif');
    log(`writing a ${FRAMES}-frame ${SIZE}² deflate uint16 TIFF…`);
    await writeMovie(movie);
    log(
      `machine: ${cpus()[0]?.model ?? '?'}, ${availableParallelism()} cores, load ${loadavg()[0].toFixed(1)}`,
    );

    const startups: number[] = [];
    for (let r = 0; r < 9; r++) startups.push(await wall([[process.execPath, bin, '--help']]));
    const cliArgs = [process.execPath, bin, 'analyze', movie, '--out', join(dir, 'cli.csv'), '--quiet'];
    const python = [
      PYTHON,
      resolve(import.meta.dirname, 'opencv_pipeline.py'),
      movie,
      join(dir, 'opencv.csv'),
    ];
    const opencv = hasOpenCv();
    // Interleaved, so both see the same machine load.
    const cliTimes: number[] = [];
    const pyTimes: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      cliTimes.push(await wall([cliArgs]));
      if (opencv) pyTimes.push(await wall([python]));
    }
    const cli = median(cliTimes);
    const py = median(pyTimes);
    const rows = [
      ['start-up: node bin/operando.mjs --help (median of 9)', `${fixed(median(startups), 3)} s`, ''],
      [
        `CLI end to end (analyze → CSV), median of ${REPEATS}`,
        `${fixed(cli, 2)} s`,
        `${fixed(FRAMES / cli)} frames/s`,
      ],
    ];
    if (opencv) {
      rows.push(
        [
          'Python + OpenCV reference (2 threads, reading included)',
          `${fixed(py, 2)} s`,
          `${fixed(FRAMES / py)} frames/s`,
        ],
        ['ratio: OpenCV time / CLI time (target ≥ 3)', fixed(py / cli, 2), ''],
      );
    } else {
      log(
        'python3-opencv or python3-tifffile not found (apt-get install python3-opencv python3-tifffile): OpenCV line skipped',
      );
    }

    // Shards side by side on this machine: the cores divided between them.
    const cores = availableParallelism();
    for (const count of [1, 2, 4]) {
      const commands = planShards(FRAMES, count).map((range, k) => [
        process.execPath,
        bin,
        'analyze',
        movie,
        '--frames',
        formatRange(range),
        '--workers',
        String(Math.max(1, Math.floor(cores / count))),
        '--out',
        join(dir, `s${count}-${k}.csv`),
        '--quiet',
      ]);
      const seconds = await medianWall(commands, 1);
      rows.push([
        `${count} shard(s) side by side (wall)`,
        `${fixed(seconds, 2)} s`,
        `${fixed(FRAMES / seconds)} frames/s`,
      ]);
    }
    const parts = planShards(FRAMES, 4).map((_, k) => join(dir, `s4-${k}.csv`));
    const mergeS = await medianWall([
      [process.execPath, bin, 'merge', ...parts, '--out', join(dir, 'merged.csv'), '--quiet'],
    ]);
    rows.push(['merge of the 4 parts', `${fixed(mergeS, 3)} s`, '']);
    console.log(`\nCommand line, ${FRAMES} frames of ${SIZE}² uint16 (deflate)\n`);
    console.log(table(['', 'time', 'rate'], rows));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
