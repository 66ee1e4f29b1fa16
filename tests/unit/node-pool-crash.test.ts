// A worker thread that dies mid-run (process.exit in the worker) must not hang the CLI's run:
// its frames are retried once on a new thread, then marked unreadable, and the run finishes.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openNodeMoviePool } from '../../src/cli/node-pool.ts';
import { defaultSegmentParams } from '../../src/core/analysis/segment.ts';
import type { FrameResult } from '../../src/core/analysis/types.ts';
import { encodeTiff } from '../../src/core/io/tiff/write-tiff.ts';
import { analyzeMovie } from '../../src/core/run/analyze-movie.ts';
import type { WorkerLoss } from '../../src/core/run/respawning-analyzer.ts';
import { createSyntheticMovie } from '../../src/core/synth/index.ts';

const FRAMES = 8;
const SIZE = 128;
const DIE_ON_FRAME = 5;
const crashingWorker = pathToFileURL(join(import.meta.dirname, '../helpers/crashing-frame-worker.ts')).href;

let dir: string;
let moviePath: string;
/** The same movie analysed inline (no worker threads): what every readable frame must match. */
let inline: FrameResult[];

async function run(path: string, size: number, mode?: 'once' | 'always', report = true) {
  const losses: WorkerLoss[] = [];
  const pool = await openNodeMoviePool(path, size, {
    onWorkerLost: report ? (loss) => losses.push(loss) : undefined,
    worker: mode && {
      script: crashingWorker,
      data: { dieOnFrame: DIE_ON_FRAME, mode, crashes: new SharedArrayBuffer(4) },
    },
  });
  try {
    const results = await analyzeMovie({
      frameCount: pool.info.frameCount,
      params: defaultSegmentParams,
      analyzers: pool.analyzers,
    });
    return { results, losses };
  } finally {
    await pool.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'operando-crash-'));
  const movie = createSyntheticMovie({ width: SIZE, height: SIZE, frameCount: FRAMES, seed: 9 });
  const pages = Array.from({ length: FRAMES }, (_, i) => ({
    width: SIZE,
    height: SIZE,
    data: movie.renderFrame(i).data,
  }));
  moviePath = join(dir, 'movie.tif');
  await writeFile(moviePath, encodeTiff(pages));
  inline = (await run(moviePath, 0)).results;
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

// A hang fails these by the timeout: nothing here sleeps.
describe('Node worker pool when a worker thread dies', () => {
  it('retries the frames of a worker that died once and loses none', { timeout: 30_000 }, async () => {
    const { results, losses } = await run(moviePath, 2, 'once');
    expect(results.map((r) => r.quality)).not.toContain('unreadable');
    expect(results.map((r) => r.areaPx)).toEqual(inline.map((r) => r.areaPx));
    expect(losses).toHaveLength(1);
    expect(losses[0].retried).toContain(DIE_ON_FRAME);
    expect(losses[0].unreadable).toEqual([]);
    expect(losses[0].reason).toBe('exit code 1');
  });

  it('marks a frame unreadable when it stops the new worker too', { timeout: 30_000 }, async () => {
    const { results, losses } = await run(moviePath, 2, 'always');
    expect(results).toHaveLength(FRAMES);
    expect(results[DIE_ON_FRAME].quality).toBe('unreadable');
    expect(results[DIE_ON_FRAME].areaPx).toBeNaN();
    for (const r of results) {
      if (r.frame !== DIE_ON_FRAME) expect(r.areaPx).toBe(inline[r.frame].areaPx);
    }
    expect(losses).toHaveLength(1);
    expect(losses[0].retried).toContain(DIE_ON_FRAME);
    expect(losses[0].unreadable).toEqual([DIE_ON_FRAME]);
  });

  it('tells the CLI user on standard error by default', { timeout: 30_000 }, async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await run(moviePath, 1, 'always', false);
    } finally {
      spy.mockRestore();
    }
    const lines = written.filter((line) => line.includes('analysis worker stopped'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`frame ${DIE_ON_FRAME} stopped it again and is marked unreadable`);
  });
});
