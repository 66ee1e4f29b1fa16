import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type Remote, releaseProxy, wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { FrameService, type MovieInfo } from '../core/run/frame-service.ts';
import {
  describeWorkerLoss,
  RespawningAnalyzer,
  type WorkerAnalyzer,
  type WorkerLoss,
} from '../core/run/respawning-analyzer.ts';
import { driftTemplateStepsOf, type FrameAnalyzer } from '../core/run/run-analysis.ts';
import { frameWorkerUrl } from './bundle.ts';
import { openFileBlob } from './file-blob.ts';
import type { PathFrameService } from './frame-worker-service.ts';
import { installNativeInflate } from './native-inflate.ts';
import { collectDmFiles } from './open-input.ts';
import { nodeVideoFormats } from './video/formats.ts';
import './worker-errors.ts';

export interface NodeMoviePool {
  info: MovieInfo;
  analyzers: FrameAnalyzer[];
  size: number;
  close(): Promise<void>;
}

export interface NodePoolOptions {
  /** Told when a worker thread stopped mid-run (default: one line on standard error). */
  onWorkerLost?: (loss: WorkerLoss) => void;
  /**
   * The worker module (a file URL of a TypeScript module exposing a `PathFrameService`);
   * default `frame-worker.node.ts`. Tests pass one that crashes; `workerData` goes with it.
   */
  worker?: { script: string; data?: Record<string, unknown> };
}

export function defaultNodePoolSize(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

const printWorkerLoss = (loss: WorkerLoss) => process.stderr.write(`operando: ${describeWorkerLoss(loss)}\n`);

/**
 * One worker thread with the movie open in it: the bundled worker, or (running from the sources)
 * a small .mjs bootstrap that registers tsx before loading the TypeScript worker module. A thread that throws or exits
 * rejects `died`, so calls to it fail instead of waiting forever.
 */
async function spawnWorker(
  open: (service: Remote<PathFrameService>) => Promise<MovieInfo>,
  options: NodePoolOptions,
): Promise<{ worker: WorkerAnalyzer; info: MovieInfo }> {
  const thread = new Worker(frameWorkerUrl(options.worker?.script), {
    workerData: options.worker && { script: options.worker.script, ...options.worker.data },
  });
  const service = wrap<PathFrameService>(nodeEndpoint(thread));
  const died = new Promise<never>((_, reject) => {
    thread.once('error', (error) => reject(error));
    thread.once('exit', (code) => reject(new Error(`exit code ${code}`)));
  });
  died.catch(() => {}); // observed by whoever races against it
  const terminate = () => {
    service[releaseProxy]();
    return thread.terminate();
  };
  const worker: WorkerAnalyzer = {
    analyzeFrames: (indices, params, edits) => service.analyzeFrames(indices, params, edits),
    ...driftTemplateStepsOf(service),
    died,
    terminate,
  };
  try {
    return { worker, info: await Promise.race([open(service), died]) };
  } catch (error) {
    await terminate();
    throw error;
  }
}

/** Opens a movie in `size` worker threads (0 = inline on this thread), as the browser pool does. */
export async function openNodeMoviePool(
  path: string,
  size = defaultNodePoolSize(),
  options: NodePoolOptions = {},
): Promise<NodeMoviePool> {
  const name = basename(path);
  // A folder is an in-situ recording of per-frame DM files, opened as one movie.
  const folder = (await stat(path)).isDirectory() ? await collectDmFiles(path) : undefined;
  if (size === 0) {
    installNativeInflate();
    const inline = new FrameService(nodeVideoFormats);
    const info = folder
      ? await inline.openSequence(folder.map((p) => ({ blob: openFileBlob(join(path, p)), path: p })))
      : await inline.open(openFileBlob(path), name);
    return { info, analyzers: [inline], size: 0, close: async () => inline.close() };
  }
  const open = (service: Remote<PathFrameService>) =>
    folder ? service.openPaths(path, folder) : service.openPath(path, name);
  const settled = await Promise.allSettled(Array.from({ length: size }, () => spawnWorker(open, options)));
  const opened = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(opened.map(({ worker }) => worker.terminate()));
    throw failed.reason;
  }
  const respawn = async () => (await spawnWorker(open, options)).worker;
  const analyzers = opened.map(
    ({ worker }) => new RespawningAnalyzer(worker, respawn, options.onWorkerLost ?? printWorkerLoss),
  );
  return {
    info: opened[0].info,
    analyzers,
    size,
    close: async () => {
      await Promise.all(analyzers.map((analyzer) => analyzer.close()));
    },
  };
}
