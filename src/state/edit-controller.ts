import { driftReferenceIndex } from '../core/analysis/drift.ts';
import { shiftStrokes } from '../core/analysis/mask-edit.ts';
import { withRunDrift } from '../core/analysis/quality.ts';
import type { BrushStroke, FrameResult, MaskEdit } from '../core/analysis/types.ts';
import { driftBetween } from '../core/series/drift.ts';
import { movieController } from './app-controller.ts';
import { carriedUnshifted, maskEditFor, ownStrokes } from './corrections.ts';
import { sameParams } from './same-params.ts';
import { useWorkbench } from './store.ts';

/**
 * Outline edits and the exclusion region: the actions behind the viewer's brush. Each edit is
 * stored as data in `corrections` first (so it is autosaved and survives a new run), then the
 * frames it touches are re-segmented on the viewer worker and their results replaced.
 */

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

function report(what: string, error: unknown): void {
  const { movie, addError, setEditStatus } = useWorkbench.getState();
  setEditStatus('');
  addError({ fileName: movie?.fileName, message: `${what} failed: ${errorMessage(error)}` });
}

/** Resolves once the browser has painted what the store now holds (two frames later). */
const nextPaint = () =>
  new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));

/**
 * Re-segmented results replace the run's. A frame's drift is the run's curve through every
 * measured frame (`fitDriftSeries`), which a frame re-segmented alone can't know: it may bring
 * its own measurement, or none. So the run's drift, and its verdict, are kept (`withRunDrift`).
 */
function replaceResults(fresh: FrameResult[]): void {
  const { results, addResults, params, runParams, previews, setPreviews, frameIndex, pinned } =
    useWorkbench.getState();
  const merged = fresh.map((r) => withRunDrift(r, results[r.frame] ?? undefined));
  // With the parameters unchanged since the run, this is what the live preview would compute:
  // handing it over spares the viewer worker a second segmentation before the next stroke.
  if (sameParams(params, runParams)) {
    const next = { ...previews };
    for (const r of merged) if (r.frame === frameIndex || pinned.includes(r.frame)) next[r.frame] = r;
    setPreviews(next);
  }
  addResults(merged);
}

/** Analysed frames only: an edit needs the run's result of the frame to replace. */
function canEdit(frame: number): boolean {
  const { results, movie } = useWorkbench.getState();
  return movie !== null && results.length === movie.info.frameCount && results[frame] !== null;
}

async function reanalyse(frames: number[], edits: Record<number, MaskEdit> | undefined): Promise<boolean> {
  const { runParams, params } = useWorkbench.getState();
  const used = runParams ?? params;
  if (!used || frames.length === 0) return false;
  const pending = movieController().analyzeOnViewer(frames, used, edits);
  if (!pending) return false;
  replaceResults(await pending);
  return true;
}

/**
 * Appends a brush stroke (in `frame`'s pixel coordinates) to the frame's edit and re-segments
 * the frame with it. `startedAt` (performance.now() at pointer-up) times the round trip to the
 * new outline on screen, shown to the user and logged.
 */
export async function addOutlineStroke(frame: number, stroke: BrushStroke, startedAt: number): Promise<void> {
  const state = useWorkbench.getState();
  const params = state.runParams ?? state.params;
  if (!canEdit(frame) || !params) return;
  const strokes = [...ownStrokes(frame, state.corrections, state.results), stroke];
  state.setCorrection(frame, { edit: { sourceFrame: frame, strokes } });
  state.setEditStatus(`Re-segmenting frame ${frame}…`);
  try {
    const pending = movieController().analyzeOnViewer([frame], params, {
      [frame]: { strokes, refit: false },
    });
    if (!pending) {
      state.setEditStatus('');
      return;
    }
    const [result] = await pending;
    // A later stroke on this frame supersedes this answer (its own analysis is on the way).
    if (useWorkbench.getState().corrections[frame]?.edit?.strokes !== strokes) return;
    replaceResults([result]);
    await nextPaint();
    const ms = Math.round(performance.now() - startedAt);
    const { movie } = useWorkbench.getState();
    const size = movie ? `${movie.info.width}×${movie.info.height}` : '';
    useWorkbench.getState().setEditStatus(`Frame ${frame} re-segmented with your edit in ${ms} ms`);
    console.info(`brush stroke: pointer-up → new outline shown in ${ms} ms (${size} frame)`);
  } catch (error) {
    report(`Re-segmenting frame ${frame}`, error);
  }
}

/**
 * Carries frame `source`'s own edit to the frames within ±`reach` (clamped to the movie). Each
 * target stores the source's strokes as they are; they are placed on it shifted by the drift
 * between the frames and re-fitted to its own dark pixels. Frames with an edit of their own are
 * left alone. All targets go to the viewer worker in one batch.
 */
export async function carryEditToNeighbours(source: number, reach: number): Promise<void> {
  const state = useWorkbench.getState();
  const edit = state.corrections[source]?.edit;
  if (!state.movie || !edit || edit.sourceFrame !== source || !canEdit(source)) {
    state.setEditStatus(`Frame ${source} has no edit of its own to carry: paint on it first.`);
    return;
  }
  const last = state.movie.info.frameCount - 1;
  const targets: number[] = [];
  const kept: number[] = [];
  for (let t = Math.max(0, source - reach); t <= Math.min(last, source + reach); t++) {
    if (t === source || !canEdit(t)) continue;
    const own = state.corrections[t]?.edit;
    if (own && own.sourceFrame === t) kept.push(t);
    else targets.push(t);
  }
  if (targets.length === 0) {
    state.setEditStatus(
      reach < 1 ? 'Set “carry to ±N frames” to 1 or more first.' : 'No neighbour frame to carry the edit to.',
    );
    return;
  }
  for (const t of targets) state.setCorrection(t, { edit: { sourceFrame: source, strokes: edit.strokes } });
  const { corrections, results } = useWorkbench.getState();
  const edits: Record<number, MaskEdit> = {};
  for (const t of targets) {
    const placed = maskEditFor(t, corrections, results);
    if (placed) edits[t] = placed;
  }
  state.setEditStatus(`Re-segmenting ${targets.length} neighbour frames with the carried edit…`);
  try {
    await reanalyse(targets, edits);
    const keptNote = kept.length > 0 ? `; frame ${kept.map((k) => k + 1).join(', ')} kept its own edit` : '';
    const unshifted = carriedUnshifted(targets, corrections, results);
    const driftNote =
      unshifted.length > 0
        ? `; no drift estimate for ${unshifted.length} of them, placed unshifted (run the analysis with drift tracking to place them)`
        : '';
    useWorkbench
      .getState()
      .setEditStatus(
        `Edit of frame ${source} carried to ${targets.length} frames (${targets[0]}–${targets[targets.length - 1]})${keptNote}${driftNote}`,
      );
  } catch (error) {
    report('Carrying the edit to neighbour frames', error);
  }
}

/** Drops the frame's outline edit and re-segments it as the run did. */
export async function revertEdit(frame: number): Promise<void> {
  if (!canEdit(frame)) return;
  useWorkbench.getState().setCorrection(frame, { edit: undefined });
  try {
    await reanalyse([frame], undefined);
    useWorkbench.getState().setEditStatus(`Frame ${frame}: edit removed`);
  } catch (error) {
    report(`Re-segmenting frame ${frame}`, error);
  }
}

/**
 * Adds a stroke painted on `frame` to the exclusion region, which is kept in the coordinates of
 * the drift reference frame: the stroke is moved back by the drift from the reference to
 * `frame`. Without a drift estimate it is kept where it was painted, and the user is told.
 */
export function addExclusionStroke(frame: number, stroke: BrushStroke): void {
  const { params, results, movie, setParams, setEditStatus } = useWorkbench.getState();
  if (!params || !movie) return;
  const reference = driftReferenceIndex(params, movie.info.frameCount);
  const shift = driftBetween(results, reference, frame);
  const [placed] = shift ? shiftStrokes([stroke], -shift.x, -shift.y) : [stroke];
  setParams({ exclusionStrokes: [...params.exclusionStrokes, placed] });
  if (!shift)
    setEditStatus(
      `No drift estimate between frame ${frame} and the reference frame ${reference}: the exclusion stroke is kept where you painted it`,
    );
}

/**
 * Makes the object under (`x`, `y`) on `frame` the one measured (`objectPoint`), kept in the drift
 * reference frame's coordinates like the exclusion region, so every frame finds it where the drift
 * has carried it. Takes effect on the preview at once and on the next run.
 */
export function chooseObject(frame: number, x: number, y: number): void {
  const { params, results, movie, setParams, setEditStatus } = useWorkbench.getState();
  if (!params || !movie) return;
  const reference = driftReferenceIndex(params, movie.info.frameCount);
  const shift = driftBetween(results, reference, frame);
  const point = shift ? { x: x - shift.x, y: y - shift.y } : { x, y };
  setParams({ objectPoint: { x: Math.round(point.x * 10) / 10, y: Math.round(point.y * 10) / 10 } });
  setEditStatus(
    `The object at (${Math.round(x)}, ${Math.round(y)}) px on frame ${frame} is the one measured; run the analysis to follow it through the movie` +
      (shift ? '' : ` (no drift estimate to frame ${reference} yet: the point is kept where you clicked)`),
  );
}

/** Back to the default object: the largest region touching the needle, else the largest. */
export function clearObject(): void {
  useWorkbench.getState().setParams({ objectPoint: null });
}

export function clearExclusion(): void {
  useWorkbench.getState().setParams({ exclusionStrokes: [] });
}

/** The exclusion strokes as they lie on `frame` (shifted by its drift against the reference). */
export function exclusionOnFrame(
  strokes: readonly BrushStroke[] | undefined,
  frame: number,
  referenceFrame: number,
  results: (FrameResult | null)[],
): BrushStroke[] {
  if (!strokes || strokes.length === 0) return [];
  // Without a drift estimate the region is drawn where it was painted, as segmentation places it.
  const shift = driftBetween(results, referenceFrame, frame);
  return shift ? shiftStrokes(strokes, shift.x, shift.y) : [...strokes];
}
