import { type Remote, releaseProxy, wrap } from 'comlink';
import type { SequenceFile } from '../core/io/dm/sequence.ts';
import type { Frame } from '../core/io/types.ts';
import { FrameService, type MovieInfo } from '../core/run/frame-service.ts';
import { RespawningAnalyzer, type WorkerAnalyzer, type WorkerLoss } from '../core/run/respawning-analyzer.ts';
import { driftTemplateStepsOf, type FrameAnalyzer } from '../core/run/run-analysis.ts';
import { browserVideoFormats } from './video/formats.ts';

/** Workers for analysis: one per core, so a 2-core laptop runs two frames at once. */
export function defaultPoolSize(): number {
  const cores = typeof navigator === 'undefined' ? 1 : (navigator.hardwareConcurrency ?? 1);
  return Math.max(1, Math.min(8, cores));
}

type Service = FrameService | Remote<FrameService>;

/**
 * Frames for display, served off the main thread (or inline when the pool has size 0). The
 * viewer also segments the few frames of a live preview, so tuning never waits behind a run.
 */
export interface FrameViewer extends FrameAnalyzer {
  getFrame(index: number): Promise<Frame>;
}

/**
 * One opened movie: a pool of analysis workers plus one viewer worker, each holding its own
 * lazy FrameSource over the same File. Pool size 0 runs everything inline on this thread
 * (tests, debugging, browsers without module workers).
 */
export interface MoviePool {
  info: MovieInfo;
  analyzers: FrameAnalyzer[];
  viewer: FrameViewer;
  size: number;
  close(): void;
}

interface Spawned {
  service: Remote<FrameService>;
  /** Rejects if the worker dies (a script error, out of memory): comlink calls would hang forever. */
  died: Promise<never>;
  terminate: () => Promise<void>;
}

function spawn(): Spawned {
  const worker = new Worker(new URL('./frame.worker.ts', import.meta.url), {
    type: 'module',
    name: 'frames',
  });
  const service = wrap<FrameService>(worker);
  const died = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      reject(new Error(`an analysis worker stopped: ${event.message || 'unknown error'}`));
    });
  });
  died.catch(() => {}); // observed by whoever races against it
  return {
    service,
    died,
    terminate: async () => {
      service[releaseProxy]();
      worker.terminate();
    },
  };
}

/** One movie file, or an in-situ recording saved as many per-frame DM files. */
export type MovieInput =
  | { kind: 'file'; blob: Blob; name: string }
  | { kind: 'sequence'; files: SequenceFile[]; name: string };

function openIn(service: Service, input: MovieInput): Promise<MovieInfo> {
  return input.kind === 'file' ? service.open(input.blob, input.name) : service.openSequence(input.files);
}

const analyzerOf = (s: Spawned): WorkerAnalyzer => ({
  analyzeFrames: (indices, params, edits) => s.service.analyzeFrames(indices, params, edits),
  ...driftTemplateStepsOf(s.service),
  died: s.died,
  terminate: s.terminate,
});

/** A new worker with `input` open in it: what replaces an analysis worker that stopped. */
async function respawn(input: MovieInput): Promise<WorkerAnalyzer> {
  const s = spawn();
  try {
    await Promise.race([openIn(s.service, input), s.died]);
  } catch (error) {
    await s.terminate();
    throw error;
  }
  return analyzerOf(s);
}

export interface PoolOptions {
  /**
   * Told when an analysis worker stopped mid-run: its frames were retried once on a new worker,
   * then marked unreadable (see `RespawningAnalyzer`).
   */
  onWorkerLost?: (loss: WorkerLoss) => void;
}

export async function openMoviePool(
  input: MovieInput,
  size = defaultPoolSize(),
  options: PoolOptions = {},
): Promise<MoviePool> {
  if (size === 0) {
    const inline = new FrameService(browserVideoFormats);
    const info = await openIn(inline, input);
    return { info, analyzers: [inline], viewer: inline, size: 0, close: () => inline.close() };
  }
  const spawned = Array.from({ length: size + 1 }, spawn);
  const closeAll = () => {
    for (const s of spawned) void s.terminate();
  };
  try {
    // The viewer opens first: its answer (or its error) is what the user sees soonest.
    const [viewerInfo] = await Promise.all(
      spawned.map((s) => Promise.race([openIn(s.service, input), s.died])),
    );
    const [viewer, ...workers] = spawned;
    const analyzers = workers.map(
      (s) => new RespawningAnalyzer(analyzerOf(s), () => respawn(input), options.onWorkerLost),
    );
    return {
      info: viewerInfo,
      analyzers,
      viewer: {
        getFrame: (index) => Promise.race([viewer.service.getFrame(index), viewer.died]),
        analyzeFrames: (indices, params, edits) =>
          Promise.race([viewer.service.analyzeFrames(indices, params, edits), viewer.died]),
      },
      size,
      close: () => {
        void viewer.terminate();
        for (const analyzer of analyzers) void analyzer.close();
      },
    };
  } catch (error) {
    closeAll();
    throw error;
  }
}
