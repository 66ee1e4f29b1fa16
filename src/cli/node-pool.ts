import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type Remote, releaseProxy, wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { FrameService, type MovieInfo } from '../core/run/frame-service.ts';
import type { FrameAnalyzer } from '../core/run/run-analysis.ts';
import { openFileBlob } from './file-blob.ts';
import { collectDmFiles } from './open-input.ts';
import { nodeVideoFormats } from './video/formats.ts';

interface PathService extends FrameService {
  openPath(path: string, name: string): Promise<MovieInfo>;
  openPaths(root: string, paths: string[]): Promise<MovieInfo>;
}

export interface NodeMoviePool {
  info: MovieInfo;
  analyzers: FrameAnalyzer[];
  size: number;
  close(): Promise<void>;
}

export function defaultNodePoolSize(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/** Workers run TypeScript through tsx: a small .mjs bootstrap registers it before loading the worker. */
function spawnWorker(): { service: Remote<PathService>; worker: Worker } {
  const worker = new Worker(new URL('./frame-worker-bootstrap.mjs', import.meta.url));
  return { worker, service: wrap<PathService>(nodeEndpoint(worker)) };
}

/** Opens a movie in `size` worker threads (0 = inline on this thread), as the browser pool does. */
export async function openNodeMoviePool(path: string, size = defaultNodePoolSize()): Promise<NodeMoviePool> {
  const name = basename(path);
  // A folder is an in-situ recording of per-frame DM files, opened as one movie.
  const folder = (await stat(path)).isDirectory() ? await collectDmFiles(path) : undefined;
  if (size === 0) {
    const inline = new FrameService(nodeVideoFormats);
    const info = folder
      ? await inline.openSequence(folder.map((p) => ({ blob: openFileBlob(join(path, p)), path: p })))
      : await inline.open(openFileBlob(path), name);
    return { info, analyzers: [inline], size: 0, close: async () => inline.close() };
  }
  const spawned = Array.from({ length: size }, spawnWorker);
  const close = async () => {
    for (const { service } of spawned) service[releaseProxy]();
    await Promise.all(spawned.map(({ worker }) => worker.terminate()));
  };
  try {
    const infos = await Promise.all(
      spawned.map(({ service }) => (folder ? service.openPaths(path, folder) : service.openPath(path, name))),
    );
    return {
      info: infos[0],
      analyzers: spawned.map(({ service }) => ({
        analyzeFrames: (indices, params, edits) => service.analyzeFrames(indices, params, edits),
      })),
      size,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
