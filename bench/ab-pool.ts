// Interleaved A/B timing of whole runs through a worker pool, as `npm run bench` times them: another
// checkout's pool and this tree's, open side by side in one process, take turns, so that the
// machine's drifting speed hits both alike. Each round first builds the drift reference (a
// template at low dose or 2048²: timed apart) with a run of frames 1…pool size pointed at an
// object, then times a run of every frame, its drift measured afresh (the rounds alternate the
// reference frame 0 and 1). Prints the median reference build (ms) and frames/s of each, the
// median of the paired frames/s ratios (new / old), and whether their results are identical.
//
//   git worktree add /tmp/old <commit> && ln -s "$PWD/node_modules" /tmp/old/node_modules
//   node --import tsx bench/ab-pool.ts /tmp/old [movie.tif | size] [frames] [pool] [rounds]
//
// size: a TIFF of the generator's operando preset at size² px (512), `frames` (48) frames, is
// written to the temp folder first; a movie is used as it is (all its frames). Pool: 2 workers;
// 8 rounds after one untimed warm-up round each.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type * as Pool from '../src/cli/node-pool.ts';
import type * as Segment from '../src/core/analysis/segment.ts';
import type { FrameResult } from '../src/core/analysis/types.ts';
import { encodeTiffChunks } from '../src/core/io/tiff/write-tiff.ts';
import type * as Run from '../src/core/run/run-analysis.ts';
import { createPresetMovie } from '../src/core/synth/index.ts';
import { median } from './stats.ts';

const [oldTree, what = '512', framesArg = '48', poolArg = '2', roundsArg = '8'] = process.argv.slice(2);
if (!oldTree) {
  console.error(
    'usage: node --import tsx bench/ab-pool.ts <other checkout> [movie.tif | size] [frames] [pool] [rounds]',
  );
  process.exit(2);
}
const poolSize = Number(poolArg);
const rounds = Number(roundsArg);

async function writeOperando(path: string, size: number, frames: number): Promise<void> {
  const movie = createPresetMovie('operando', { width: size, height: size, frameCount: frames, seed: 11 });
  function* pages() {
    for (let i = 0; i < frames; i++) yield { width: size, height: size, data: movie.renderFrame(i).data };
  }
  const out = createWriteStream(path);
  const imagej = { pixelSizeUm: movie.pixelSizeNm / 1000, unit: 'micron', frameIntervalS: 1 };
  for (const chunk of encodeTiffChunks(pages(), frames, { imagej })) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** One checkout's pool on the movie, and a round: the reference build and the timed run. */
async function poolOf(root: string, path: string) {
  const { openNodeMoviePool }: typeof Pool = await import(resolve(root, 'src/cli/node-pool.ts'));
  const { defaultSegmentParams }: typeof Segment = await import(
    resolve(root, 'src/core/analysis/segment.ts')
  );
  const { runAnalysis }: typeof Run = await import(resolve(root, 'src/core/run/run-analysis.ts'));
  const pool = await openNodeMoviePool(path, poolSize);
  const frameCount = pool.info.frameCount;
  const priming = Array.from({ length: Math.min(poolSize, frameCount - 1) }, (_, i) => i + 1);
  const round = async (r: number) => {
    const params = { ...defaultSegmentParams, driftReferenceFrame: (r + 1) % 2 };
    let start = performance.now();
    const pointed = { ...params, objectPoint: { x: 1, y: 1 } };
    await runAnalysis({
      frameCount,
      frames: priming,
      batchSize: 1,
      params: pointed,
      analyzers: pool.analyzers,
    });
    const referenceMs = performance.now() - start;
    start = performance.now();
    const results = await runAnalysis({ frameCount, params, analyzers: pool.analyzers });
    const fps = (1000 * frameCount) / (performance.now() - start);
    return { referenceMs, fps, key: resultsKey(results) };
  };
  return { round, close: () => pool.close() };
}

const resultsKey = (results: FrameResult[]) =>
  JSON.stringify(
    results.map((r) => [r.areaPx, r.areaErrPx, r.driftMeasuredXPx, r.driftMeasuredYPx, r.quality]),
  );

const dir = await mkdtemp(join(tmpdir(), 'operando-ab-pool-'));
try {
  const path = /^\d+$/.test(what) ? join(dir, 'operando.tif') : resolve(what);
  if (/^\d+$/.test(what)) await writeOperando(path, Number(what), Number(framesArg));
  const old = await poolOf(oldTree, path);
  const now = await poolOf(resolve(import.meta.dirname, '..'), path);
  await old.round(0);
  await now.round(0);
  const figures = {
    old: { ms: [] as number[], fps: [] as number[] },
    now: { ms: [] as number[], fps: [] as number[] },
  };
  const ratios: number[] = [];
  let identical = true;
  for (let r = 1; r <= rounds; r++) {
    // Who goes first alternates, so neither always runs on a machine the other just warmed.
    const first = r % 2 ? old : now;
    const second = r % 2 ? now : old;
    const a = await first.round(r);
    const b = await second.round(r);
    const [o, n] = r % 2 ? [a, b] : [b, a];
    figures.old.ms.push(o.referenceMs);
    figures.old.fps.push(o.fps);
    figures.now.ms.push(n.referenceMs);
    figures.now.fps.push(n.fps);
    ratios.push(n.fps / o.fps);
    identical &&= o.key === n.key;
  }
  const line = (name: string, f: { ms: number[]; fps: number[] }) =>
    `${name}: reference ${median(f.ms).toFixed(0)} ms, ${median(f.fps).toFixed(1)} frames/s`;
  console.log(`pool of ${poolSize}, ${rounds} rounds on ${what}`);
  console.log(line('old', figures.old));
  console.log(line('new', figures.now));
  console.log(
    `median paired frames/s ratio new / old ${median(ratios).toFixed(3)}; results identical: ${identical}`,
  );
  await old.close();
  await now.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
