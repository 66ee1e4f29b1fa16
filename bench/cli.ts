// `npm run bench:cli` (part of `npm run bench`): the command line at facility scale, timed as a
// user runs it (`node bin/operando.mjs`, the built bin, in a child process): start-up alone; a
// 200-frame 512² deflate uint16 TIFF end to end (start to CSV) beside a Python + OpenCV pipeline
// (bench/opencv_pipeline.py) timed in the same run, and their ratio; the same movie as 1, 2 and 4
// shards run side by side on this machine, and the merge. Figures, not tests: nothing is asserted.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
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

/** /usr/bin/time reports each command's CPU time: a figure the other jobs on a shared machine disturb less. */
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

interface Timing {
  /** Wall time of the commands started together, in seconds. */
  wall: number;
  /** Their CPU time (user + system, children included), in seconds; NaN without /usr/bin/time. */
  cpu: number;
}

/** Debian's python3 (python3-opencv and python3-tifffile install there), not a pyenv shim on PATH. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Runs commands side by side; throws when one fails. `cpu`: wrap them in /usr/bin/time. */
async function run(commands: string[][], cpu = true): Promise<Timing> {
  const start = performance.now();
  const cpus = await Promise.all(
    commands.map(async (command, k) => {
      const cpuFile = join(tmpdir(), `operando-bench-time-${process.pid}-${k}`);
      const [cmd, ...args] = TIME && cpu ? [TIME, '-f', '%U %S', '-o', cpuFile, ...command] : command;
      const child = spawn(cmd, args, {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, OPERANDO_CLI: 'built' },
      });
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      const [code] = await once(child, 'close');
      if (code !== 0) throw new Error(`${command.join(' ')} failed (${code}): ${stderr}`);
      if (!TIME || !cpu) return Number.NaN;
      const [user, system] = (await readFile(cpuFile, 'utf8')).trim().split(/\s+/).map(Number);
      await rm(cpuFile, { force: true });
      return user + system;
    }),
  );
  return { wall: (performance.now() - start) / 1000, cpu: cpus.reduce((a, b) => a + b, 0) };
}

/** Wall time alone (start-up: no /usr/bin/time in between). */
async function wall(commands: string[][]): Promise<number> {
  return (await run(commands, false)).wall;
}

async function medianRun(commands: string[][], repeats = REPEATS): Promise<Timing> {
  const runs: Timing[] = [];
  for (let r = 0; r < repeats; r++) runs.push(await run(commands));
  return { wall: median(runs.map((t) => t.wall)), cpu: median(runs.map((t) => t.cpu)) };
}

/** OpenCV's version under PYTHON (with tifffile beside it), or undefined when either is missing. */
function openCvVersion(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import cv2, tifffile; print(cv2.__version__)'], {
    encoding: 'utf8',
  });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
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

    // Start-up, beside node's own (the floor on this machine at this load), interleaved.
    const startups: number[] = [];
    const bare: number[] = [];
    for (let r = 0; r < 9; r++) {
      startups.push(await wall([[process.execPath, bin, '--help']]));
      bare.push(await wall([[process.execPath, '-e', '0']]));
    }
    const cliArgs = [process.execPath, bin, 'analyze', movie, '--out', join(dir, 'cli.csv'), '--quiet'];
    const python = [
      PYTHON,
      resolve(import.meta.dirname, 'opencv_pipeline.py'),
      movie,
      join(dir, 'opencv.csv'),
    ];
    const opencvVersion = openCvVersion();
    const opencv = opencvVersion !== undefined;
    if (opencv) log(`OpenCV reference: ${PYTHON} (OpenCV ${opencvVersion})`);
    // Interleaved, so both see the same machine load.
    const cliTimes: Timing[] = [];
    const pyTimes: Timing[] = [];
    for (let r = 0; r < REPEATS; r++) {
      cliTimes.push(await run([cliArgs]));
      if (opencv) pyTimes.push(await run([python]));
    }
    const cli = median(cliTimes.map((t) => t.wall));
    const py = median(pyTimes.map((t) => t.wall));
    const cliCpu = median(cliTimes.map((t) => t.cpu));
    const pyCpu = median(pyTimes.map((t) => t.cpu));
    const rows = [
      ['start-up: node bin/operando.mjs --help (median of 9)', `${fixed(median(startups), 3)} s`, '', ''],
      ['  node -e 0 alone, for scale (median of 9)', `${fixed(median(bare), 3)} s`, '', ''],
      [
        `CLI end to end (analyze → CSV), median of ${REPEATS}`,
        `${fixed(cli, 2)} s`,
        `${fixed(FRAMES / cli)} frames/s`,
        `${fixed(cliCpu, 2)} s`,
      ],
    ];
    if (opencv) {
      rows.push(
        [
          `Python + OpenCV reference (${PYTHON}, 2 threads, reading included)`,
          `${fixed(py, 2)} s`,
          `${fixed(FRAMES / py)} frames/s`,
          `${fixed(pyCpu, 2)} s`,
        ],
        ['ratio: OpenCV time / CLI time (target ≥ 3)', fixed(py / cli, 2), '', fixed(pyCpu / cliCpu, 2)],
      );
    } else {
      log(
        `${PYTHON} has no cv2 or tifffile (apt-get install python3-opencv python3-tifffile): OpenCV line skipped`,
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
      const t = await medianRun(commands, 1);
      rows.push([
        `${count} shard(s) side by side`,
        `${fixed(t.wall, 2)} s`,
        `${fixed(FRAMES / t.wall)} frames/s`,
        `${fixed(t.cpu, 2)} s`,
      ]);
    }
    const parts = planShards(FRAMES, 4).map((_, k) => join(dir, `s4-${k}.csv`));
    const merged = await medianRun([
      [process.execPath, bin, 'merge', ...parts, '--out', join(dir, 'merged.csv'), '--quiet'],
    ]);
    rows.push(['merge of the 4 parts', `${fixed(merged.wall, 3)} s`, '', `${fixed(merged.cpu, 3)} s`]);
    console.log(`\nCommand line, ${FRAMES} frames of ${SIZE}² uint16 (deflate)\n`);
    console.log(table(['', 'wall', 'rate', 'CPU'], rows));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
