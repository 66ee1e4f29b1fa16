import type { FrameResult, MaskEdit } from '../core/analysis/types.ts';
import { movieController } from './app-controller.ts';
import { maskEditFor } from './corrections.ts';
import { sameParams } from './same-params.ts';
import { useWorkbench, type WorkbenchState } from './store.ts';

/**
 * Live tuning preview: while no run is in progress, the current frame and the pinned frames are
 * re-segmented on the viewer worker whenever the parameters, the frame or their edits change.
 * Requests are debounced (a user typing a number or dragging the slider sends one, not ten),
 * and at most one is in flight: a change during it queues one more, so the latest always wins
 * and a slow 2048² frame never builds a backlog.
 */

const DEBOUNCE_MS = 150;

function previewFrames(s: WorkbenchState): number[] {
  return [...new Set([s.frameIndex, ...s.pinned])];
}

/**
 * An edit of a previewed frame needs a new preview, unless the parameters are still the run's:
 * then the edit's own re-segmentation is the preview (`edit-controller.ts` hands it over).
 */
function editsChanged(s: WorkbenchState, prev: WorkbenchState): boolean {
  if (s.corrections === prev.corrections || sameParams(s.params, s.runParams)) return false;
  return previewFrames(s).some((f) => s.corrections[f]?.edit !== prev.corrections[f]?.edit);
}

export function startLivePreview(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight = false;
  let again = false;
  let stopped = false;
  let lastError = '';

  const run = async (): Promise<void> => {
    if (stopped) return;
    if (inFlight) {
      again = true;
      return;
    }
    const s = useWorkbench.getState();
    if (!s.movie || !s.params || s.runStatus === 'running') return;
    const frames = previewFrames(s).filter((f) => f >= 0 && f < (s.movie?.info.frameCount ?? 0));
    const edits: Record<number, MaskEdit> = {};
    for (const f of frames) {
      const edit = maskEditFor(f, s.corrections, s.results);
      if (edit) edits[f] = edit;
    }
    const pending = movieController().analyzeOnViewer(frames, s.params, edits);
    if (!pending) return;
    inFlight = true;
    const movie = s.movie;
    try {
      const results = await pending;
      const now = useWorkbench.getState();
      // Dropped when the movie changed meanwhile or a newer request is already waiting.
      if (!stopped && !again && now.movie === movie) {
        const next: Record<number, FrameResult> = Object.fromEntries(results.map((r) => [r.frame, r]));
        // A frame edited while this was computed already has its preview from the edit.
        for (const f of frames) {
          const newer = now.previews[f];
          if (newer && now.corrections[f]?.edit !== s.corrections[f]?.edit) next[f] = newer;
        }
        now.setPreviews(next);
      }
    } catch (error) {
      const now = useWorkbench.getState();
      const message = `The live preview could not segment frame ${frames[0]}: ${error instanceof Error ? error.message : String(error)}`;
      // Said once: the same failure would otherwise come back with every change of a parameter.
      if (!stopped && now.movie === movie && message !== lastError) {
        lastError = message;
        now.addError({ fileName: movie.fileName, message });
      }
    } finally {
      inFlight = false;
      if (again) {
        again = false;
        void run();
      }
    }
  };

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), DEBOUNCE_MS);
  };

  const unsubscribe = useWorkbench.subscribe((s, prev) => {
    if (
      s.params !== prev.params ||
      s.frameIndex !== prev.frameIndex ||
      s.pinned !== prev.pinned ||
      s.movie !== prev.movie ||
      (s.runStatus !== prev.runStatus && s.runStatus !== 'running') ||
      editsChanged(s, prev)
    ) {
      schedule();
    }
  });
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
    unsubscribe();
  };
}
