import type { FrameResult } from '../analysis/types.ts';
import { type RunOptions, runAnalysis } from './run-analysis.ts';
import { driftSettled, type FrameRange, finishShard, shardWindow, widerWindow } from './shards.ts';

export interface ShardRunOptions extends Omit<RunOptions, 'frames' | 'edits'> {
  range: FrameRange;
  /** Told when the window is widened for the drift (the frames to analyse now). */
  onWiden?: (window: FrameRange) => void;
}

/**
 * One shard of a run (see `shards.ts`): its range and the overlap around it (`shardWindow`),
 * widened while the drift of the range can't yet be interpolated as in a whole run
 * (`driftSettled`); then the series checks over the window, kept in the range (`finishShard`).
 * `results` hold the range's frames at their indices (the rest undefined), like a whole run's.
 */
export async function analyzeShard(
  options: ShardRunOptions,
): Promise<{ results: FrameResult[]; window: FrameRange }> {
  const { frameCount, params, range } = options;
  let window = shardWindow(range, frameCount, params);
  const raw = new Map<number, FrameResult>();
  for (;;) {
    const frames: number[] = [];
    for (let f = window.start; f < window.end; f++) if (!raw.has(f)) frames.push(f);
    for (const r of await runAnalysis({ ...options, frames })) raw.set(r.frame, r);
    const ordered = Array.from({ length: window.end - window.start }, (_, i) => raw.get(window.start + i));
    const complete = ordered.filter((r): r is FrameResult => r !== undefined);
    if (complete.length !== ordered.length) throw new Error('a shard frame came back without a result');
    if (driftSettled(complete, window, range, frameCount)) {
      const results: FrameResult[] = new Array(frameCount);
      for (const r of finishShard(complete, window, range, params, frameCount)) results[r.frame] = r;
      return { results, window };
    }
    window = widerWindow(window, range, frameCount, params);
    options.onWiden?.(window);
  }
}
