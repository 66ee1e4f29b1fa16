import { shiftStrokes } from '../core/analysis/mask-edit.ts';
import type { BrushStroke, FrameResult, MaskEdit, QualityFlag } from '../core/analysis/types.ts';
import { driftBetween } from '../core/series/drift.ts';

/**
 * The user's review of the run, as plain data (part of the session: autosaved, and kept when
 * the analysis runs again). Pure helpers only; the actions that re-segment live in
 * `edit-controller.ts`.
 */

export type ReviewStatus = 'accepted' | 'rejected';

/**
 * A frame's outline edit. `strokes` are in the pixel coordinates of `sourceFrame`: the frame
 * the user painted on, or another frame whose edit was carried here ("Apply to neighbours").
 * Storing the source's coordinates (not shifted ones) lets a new run re-place them with the
 * drift that run measures.
 */
export interface FrameEdit {
  sourceFrame: number;
  strokes: BrushStroke[];
}

export interface FrameCorrection {
  status?: ReviewStatus;
  edit?: FrameEdit;
}

export type Corrections = Record<number, FrameCorrection>;

/** What the results CSV's `review` column says of a frame. */
export type ReviewLabel = 'rejected' | 'edited' | 'accepted' | '';

export function reviewLabel(
  correction: FrameCorrection | undefined,
  result?: FrameResult | null,
): ReviewLabel {
  if (correction?.status === 'rejected') return 'rejected';
  if (correction?.edit || result?.edited) return 'edited';
  if (correction?.status === 'accepted') return 'accepted';
  return '';
}

const cache = new WeakMap<object, { corrections: Corrections; reviewed: (FrameResult | null)[] }>();

/**
 * The results the plots, figures and exports show: rejected frames become null (a gap, like a
 * frame not analysed). Memoised on both inputs so selectors and memos see a stable array.
 */
export function reviewedResults(
  results: (FrameResult | null)[],
  corrections: Corrections,
): (FrameResult | null)[] {
  const hit = cache.get(results);
  if (hit && hit.corrections === corrections) return hit.reviewed;
  const anyRejected = Object.values(corrections).some((c) => c.status === 'rejected');
  const reviewed = anyRejected
    ? results.map((r, i) => (corrections[i]?.status === 'rejected' ? null : r))
    : results;
  cache.set(results, { corrections, reviewed });
  return reviewed;
}

/** A frame's quality counts as flagged for review unless it is 'ok'. */
export const isFlagged = (r: FrameResult | null | undefined): r is FrameResult =>
  r !== null && r !== undefined && r.quality !== 'ok';

/** Frame indices flagged for review, in order. */
export function flaggedFrames(results: (FrameResult | null)[]): number[] {
  const out: number[] = [];
  results.forEach((r, i) => {
    if (isFlagged(r)) out.push(i);
  });
  return out;
}

/** How many frames carry each flag (only flags that occur). */
export function flagCounts(results: (FrameResult | null)[]): Partial<Record<QualityFlag, number>> {
  const counts: Partial<Record<QualityFlag, number>> = {};
  for (const r of results) if (isFlagged(r)) counts[r.quality] = (counts[r.quality] ?? 0) + 1;
  return counts;
}

/**
 * The mask edit to apply to `frame`, in that frame's coordinates: its own strokes as painted,
 * or strokes carried from another frame shifted by the drift between the two (`driftBetween`)
 * and re-fitted to the frame's own dark pixels. Without a drift estimate for either frame the
 * carried strokes are placed unshifted (see `carriedUnshifted`, which tells the user).
 */
export function maskEditFor(
  frame: number,
  corrections: Corrections,
  results: (FrameResult | null)[],
): MaskEdit | undefined {
  const edit = corrections[frame]?.edit;
  if (!edit || edit.strokes.length === 0) return undefined;
  if (edit.sourceFrame === frame) return { strokes: edit.strokes, refit: false };
  const shift = driftBetween(results, edit.sourceFrame, frame);
  return { strokes: shift ? shiftStrokes(edit.strokes, shift.x, shift.y) : edit.strokes, refit: true };
}

/** Those of `frames` whose edit is carried from another frame and placed unshifted: no drift known. */
export function carriedUnshifted(
  frames: readonly number[],
  corrections: Corrections,
  results: (FrameResult | null)[],
): number[] {
  return frames.filter((frame) => {
    const source = corrections[frame]?.edit?.sourceFrame;
    return source !== undefined && source !== frame && !driftBetween(results, source, frame);
  });
}

/** Every frame's mask edit, for a run (`RunOptions.edits`); undefined when there are none. */
export function maskEdits(
  corrections: Corrections,
  results: (FrameResult | null)[],
): Record<number, MaskEdit> | undefined {
  const out: Record<number, MaskEdit> = {};
  let any = false;
  for (const key of Object.keys(corrections)) {
    const frame = Number(key);
    const edit = maskEditFor(frame, corrections, results);
    if (edit) {
      out[frame] = edit;
      any = true;
    }
  }
  return any ? out : undefined;
}

/**
 * The frame's strokes in its own coordinates, ready to be extended by a new stroke: an edit
 * carried from another frame becomes the frame's own once the user paints on it.
 */
export function ownStrokes(
  frame: number,
  corrections: Corrections,
  results: (FrameResult | null)[],
): BrushStroke[] {
  return maskEditFor(frame, corrections, results)?.strokes ?? [];
}

/** `patch` merged into the frame's correction; an entry left with nothing in it is removed. */
export function withCorrection(corrections: Corrections, frame: number, patch: FrameCorrection): Corrections {
  const merged: FrameCorrection = { ...corrections[frame], ...patch };
  const next = { ...corrections };
  if (merged.status === undefined) delete merged.status;
  if (merged.edit === undefined) delete merged.edit;
  if (merged.status === undefined && merged.edit === undefined) delete next[frame];
  else next[frame] = merged;
  return next;
}
