import type { TemplateMatch } from '../analysis/drift-template.ts';
import type { FrameResult, MaskEdit, ResolvedSegmentParams, SegmentParams } from '../analysis/types.ts';
import { CancelledError } from '../io/errors.ts';
import { needsDriftOn } from './frame-service.ts';
import { shareDriftTemplate } from './shared-drift-template.ts';

/**
 * A drift template's construction shared out between workers (see shared-drift-template.ts),
 * step by step as `DriftTracker`'s `templateStart`, `templateMatches`, `templateFinish`, on the
 * worker's own movie.
 */
export interface DriftTemplateSteps {
  driftTemplateStart(params: SegmentParams): Promise<number | null>;
  driftTemplateMatches(
    params: SegmentParams,
    shifts: TemplateMatch[],
    positions: number[],
  ): Promise<TemplateMatch[]>;
  driftTemplateFinish(params: SegmentParams, shifts: TemplateMatch[]): Promise<void>;
}

/** The drift template steps of a worker's service (a comlink proxy of `FrameService`), as an analyzer's. */
export function driftTemplateStepsOf(service: DriftTemplateSteps): DriftTemplateSteps {
  return {
    driftTemplateStart: (params) => service.driftTemplateStart(params),
    driftTemplateMatches: (params, shifts, positions) =>
      service.driftTemplateMatches(params, shifts, positions),
    driftTemplateFinish: (params, shifts) => service.driftTemplateFinish(params, shifts),
  };
}

/**
 * What one worker (or the inline fallback) can do: segment a batch of frames of the movie it
 * has opened. Results are small, so a batch comes back as one message. Workers that can also
 * share a drift template's construction have its steps.
 */
export interface FrameAnalyzer extends Partial<DriftTemplateSteps> {
  /** `edits`: the user's outline edits by frame index, each in its frame's coordinates. */
  analyzeFrames(
    indices: number[],
    params: SegmentParams,
    edits?: Record<number, MaskEdit>,
  ): Promise<FrameResult[]>;
}

/** The edits of the frames in `batch` only, so a message carries no more than it needs. */
export function editsFor(
  batch: number[],
  edits?: Record<number, MaskEdit>,
): Record<number, MaskEdit> | undefined {
  if (!edits) return undefined;
  const picked: Record<number, MaskEdit> = {};
  let any = false;
  for (const index of batch) {
    const edit = edits[index];
    if (edit) {
      picked[index] = edit;
      any = true;
    }
  }
  return any ? picked : undefined;
}

export interface RunProgress {
  done: number;
  total: number;
}

export interface RunOptions {
  frameCount: number;
  /** Resolved (`resolveParams`): the run's temporal checks read them too. */
  params: ResolvedSegmentParams;
  analyzers: FrameAnalyzer[];
  /** Frames per message. Small batches keep Cancel responsive; large ones cut messaging overhead. */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
  /** Called as each batch arrives, in completion order (not frame order). */
  onResults?: (results: FrameResult[]) => void;
  /** Restrict the run to these frames (default: all). */
  frames?: number[];
  /** The user's outline edits by frame index (corrections), applied to those frames. */
  edits?: Record<number, MaskEdit>;
}

/**
 * Maps `segmentFrame` over a movie with a pool of analyzers. Each analyzer pulls the next batch
 * from a shared queue as soon as it is free, so a slow worker never holds the others back.
 * On abort, no new batch is dispatched and the run rejects at once with `CancelledError`;
 * batches still in flight are dropped when they return.
 */
export function runAnalysis(options: RunOptions): Promise<FrameResult[]> {
  const { frameCount, params, analyzers, signal, onProgress, onResults } = options;
  const frames = options.frames ?? Array.from({ length: frameCount }, (_, i) => i);
  const batchSize = Math.max(1, options.batchSize ?? 4);
  const total = frames.length;
  const collected: FrameResult[] = new Array(frameCount);
  if (analyzers.length === 0) return Promise.reject(new Error('runAnalysis needs at least one analyzer'));

  return new Promise<FrameResult[]>((resolve, reject) => {
    let next = 0;
    let done = 0;
    let finished = false;

    const finish = (error?: unknown) => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(frames.map((index) => collected[index]));
    };
    const onAbort = () => finish(new CancelledError('analysis'));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });

    const pump = async (analyzer: FrameAnalyzer): Promise<void> => {
      while (!finished && next < total) {
        const batch = frames.slice(next, next + batchSize);
        next += batch.length;
        const results = await analyzer.analyzeFrames(batch, params, editsFor(batch, options.edits));
        if (finished) return;
        for (const result of results) collected[result.frame] = result;
        done += results.length;
        onResults?.(results);
        onProgress?.({ done, total });
      }
    };

    onProgress?.({ done: 0, total });
    // A low-dose movie's drift template is built by the workers together before any of them
    // needs it (not by each on its own); a run that measures no drift needs none.
    const measures = analyzers.length > 1 && frames.some((i) => needsDriftOn(i, params, frameCount));
    (measures ? shareDriftTemplate(analyzers, params, signal) : Promise.resolve(false))
      .then(() => Promise.all(analyzers.map(pump)))
      .then(
        () => finish(),
        (error) => finish(error),
      );
  });
}
