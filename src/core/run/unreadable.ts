import type { FrameResult } from '../analysis/types.ts';
import { frameList } from '../series/frame-number.ts';
import { type WorkerLoss, workerLossNote } from './respawning-analyzer.ts';

/**
 * How a run tells the user about frames it could not read. One wording for the browser's run
 * status, its viewer and the CLI's warning, so a damaged frame is named the same way everywhere.
 */

/** The frames a run recorded as 'unreadable', ascending. */
export function unreadableFrames(results: readonly (FrameResult | null | undefined)[]): number[] {
  const frames: number[] = [];
  for (const r of results) if (r?.quality === 'unreadable') frames.push(r.frame);
  return frames.sort((a, b) => a - b);
}

/**
 * "frame 5 could not be read (damaged) and has no area", "frames 5, 9 could not be read
 * (damaged) and have no area"; empty when `frames` is. `frames` ascending, numbered from 0.
 */
export function describeUnreadable(frames: readonly number[]): string {
  if (frames.length === 0) return '';
  const have = frames.length === 1 ? 'has' : 'have';
  return `${frameList(frames)} could not be read (damaged) and ${have} no area`;
}

/** `describeUnreadable` on its own, as a sentence: "Frame 5 could not be read (damaged) and has no area." */
export function unreadableSentence(frames: readonly number[]): string {
  const text = describeUnreadable(frames);
  return text ? `${text.charAt(0).toUpperCase()}${text.slice(1)}.` : '';
}

/**
 * The status of a finished run: "12 frames analysed", then the frames whose decoding failed
 * (`describeUnreadable`), then what stopped workers cost (`workerLossNote`). A frame marked
 * unreadable because it stopped a worker twice is told by the latter only: its file may be fine.
 */
export function runDoneMessage(
  results: readonly (FrameResult | null | undefined)[],
  losses: readonly WorkerLoss[] = [],
): string {
  const byLoss = new Set(losses.flatMap((loss) => loss.unreadable));
  const damaged = describeUnreadable(unreadableFrames(results).filter((f) => !byLoss.has(f)));
  return `${results.length} frames analysed${damaged ? `; ${damaged}` : ''}${workerLossNote(losses)}`;
}
