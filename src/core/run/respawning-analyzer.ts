import type { TemplateMatch } from '../analysis/drift-template.ts';
import type { FrameResult, MaskEdit, SegmentParams } from '../analysis/types.ts';
import { frameList } from '../series/frame-number.ts';
import { unreadableResult } from './frame-service.ts';
import { editsFor, type FrameAnalyzer } from './run-analysis.ts';

/**
 * One worker as the platform spawned it (a browser Worker, a Node worker thread), with the
 * movie already open in it. A call to a worker that stopped (a crash, out of memory,
 * `process.exit`) would otherwise wait forever: `died` is how the platform says so.
 */
export interface WorkerAnalyzer extends FrameAnalyzer {
  /** Never resolves; rejects (with the reason) once the worker has stopped. */
  died: Promise<never>;
  /** Stops the worker; resolves once it has stopped. */
  terminate(): Promise<unknown>;
}

/** What the user is told when a worker stopped during a run. */
export interface WorkerLoss {
  /** Why the worker stopped, as the platform reported it. */
  reason: string;
  /** The frames the worker was analysing: each was tried once more, alone, on a new worker. */
  retried: number[];
  /** The frames that stopped the new worker too, recorded as 'unreadable'. */
  unreadable: number[];
}

type Attempt = { ok: true; results: FrameResult[] } | { ok: false; reason: string };

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A `FrameAnalyzer` that outlives its worker. When the worker stops mid-batch, which frame
 * stopped it is unknown, so each frame of the batch is retried once, alone, on a newly spawned
 * worker; a frame that stops that one too is recorded as unreadable (`unreadableResult`) and
 * the run goes on. Errors the worker throws (a bug, a cancel) are not retried: they propagate.
 * `spawn` opens the movie in the new worker; if it fails, the run fails with its error.
 */
export class RespawningAnalyzer implements FrameAnalyzer {
  private current: WorkerAnalyzer | null;
  private closed = false;

  constructor(
    first: WorkerAnalyzer,
    private readonly spawn: () => Promise<WorkerAnalyzer>,
    private readonly onLoss?: (loss: WorkerLoss) => void,
  ) {
    this.current = first;
  }

  async analyzeFrames(
    indices: number[],
    params: SegmentParams,
    edits?: Record<number, MaskEdit>,
  ): Promise<FrameResult[]> {
    const first = await this.attempt(indices, params, edits);
    if (first.ok) return first.results;
    const results: FrameResult[] = [];
    const unreadable: number[] = [];
    for (const index of indices) {
      const retry = await this.attempt([index], params, editsFor([index], edits));
      if (retry.ok) results.push(...retry.results);
      else {
        results.push(unreadableResult(index));
        unreadable.push(index);
      }
    }
    this.onLoss?.({ reason: first.reason, retried: [...indices], unreadable });
    return results;
  }

  private async attempt(
    indices: number[],
    params: SegmentParams,
    edits?: Record<number, MaskEdit>,
  ): Promise<Attempt> {
    if (this.closed) throw new Error('the movie was closed');
    this.current ??= await this.spawn();
    const worker = this.current;
    const outcome = await Promise.race<Attempt>([
      worker.analyzeFrames(indices, params, edits).then((results) => ({ ok: true, results })),
      worker.died.then(
        () => ({ ok: false, reason: 'stopped' }),
        (reason: unknown) => ({ ok: false, reason: reasonOf(reason) }),
      ),
    ]);
    if (!outcome.ok && this.current === worker) {
      void worker.terminate();
      this.current = null;
    }
    return outcome;
  }

  // The steps of a shared drift template go to the current worker, not retried: if it stops, the
  // step fails and every worker builds the template itself when it first needs it.
  driftTemplateStart(params: SegmentParams): Promise<number | null> {
    return this.step((worker) => worker.driftTemplateStart?.(params));
  }

  driftTemplateMatches(
    params: SegmentParams,
    shifts: TemplateMatch[],
    positions: number[],
  ): Promise<TemplateMatch[]> {
    return this.step((worker) => worker.driftTemplateMatches?.(params, shifts, positions));
  }

  driftTemplateFinish(params: SegmentParams, shifts: TemplateMatch[]): Promise<void> {
    return this.step((worker) => worker.driftTemplateFinish?.(params, shifts));
  }

  private async step<T>(call: (worker: WorkerAnalyzer) => Promise<T> | undefined): Promise<T> {
    const worker = this.closed ? null : this.current;
    const pending = worker && call(worker);
    if (!worker || !pending) throw new Error('no worker to build the drift template with');
    return Promise.race([pending, worker.died]);
  }

  /** Stops the worker; no new one is spawned afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.current;
    this.current = null;
    await worker?.terminate();
  }
}

/** One sentence for the user: what stopped, what was retried, what was marked unreadable. */
export function describeWorkerLoss(loss: WorkerLoss): string {
  const marked =
    loss.unreadable.length === 0
      ? 'all were read'
      : `${frameList(loss.unreadable)} stopped it again and ${loss.unreadable.length === 1 ? 'is' : 'are'} marked unreadable`;
  return `an analysis worker stopped (${loss.reason}); ${frameList(loss.retried)} retried on a new worker: ${marked}`;
}

/**
 * What a run's status adds when workers stopped during it: how many frames were marked
 * unreadable because of that (empty when no worker stopped).
 */
export function workerLossNote(losses: readonly WorkerLoss[]): string {
  if (losses.length === 0) return '';
  const unreadable = losses.reduce((sum, loss) => sum + loss.unreadable.length, 0);
  const stopped =
    losses.length === 1 ? 'an analysis worker stopped' : `${losses.length} analysis workers stopped`;
  return unreadable === 0
    ? `; ${stopped} and its frames were analysed again on a new one`
    : `; ${unreadable} marked unreadable because ${stopped} on ${unreadable === 1 ? 'it' : 'them'}`;
}
