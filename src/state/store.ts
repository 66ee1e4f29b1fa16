import { create } from 'zustand';
import { resolveParams } from '../core/analysis/params.ts';
import { type Alignment, noAlignment, startingAlignment } from '../core/series/alignment.ts';
import { defaultFigureSettings } from '../core/series/figure-settings.ts';
import { withCorrection } from './corrections.ts';
import { analysedCount, restoredRunText } from './run-resume.ts';
import {
  type LoadedLog,
  type LoadedMovie,
  MAX_PINNED,
  type UserError,
  type WorkbenchState,
} from './workbench-state.ts';

export type {
  BrushTarget,
  LoadedLog,
  LoadedMovie,
  RestoredSession,
  RunStatus,
  UserError,
  WorkbenchState,
} from './workbench-state.ts';
export { MAX_PINNED };

/**
 * The session, as data: file references, parameters, results and view state. Everything here
 * can be structured-cloned (autosave, session files and share links are this same data);
 * Files, workers and pixel buffers live outside the store (see `files.ts`, `movie-controller.ts`).
 */

/** Both files carry a clock: align on it unless the user already chose an alignment. */
function clockAlignment(movie: LoadedMovie | null, log: LoadedLog | null, current: Alignment): Alignment {
  if (current.source === 'manual' || current.source === 'proposed') return current;
  return startingAlignment(movie?.info.metadata ?? {}, log?.series.startClock);
}

let nextErrorId = 1;

/** A file that loaded fine has no standing error any more: its earlier banners go. */
function errorsAfterLoading(errors: UserError[], fileName: string | undefined): UserError[] {
  return fileName === undefined ? errors : errors.filter((e) => e.fileName !== fileName);
}

export const useWorkbench = create<WorkbenchState>()((set) => ({
  movie: null,
  log: null,
  opening: [],
  errors: [],
  setMovie: (movie) =>
    set((s) => ({
      movie,
      errors: errorsAfterLoading(s.errors, movie?.fileName),
      alignment: clockAlignment(movie, s.log, noAlignment),
      results: [],
      runParams: null,
      runStatus: 'idle',
      runMessage: '',
      progress: { done: 0, total: 0 },
      frameIndex: 0,
      // A review belongs to one movie; autosave brings back the new movie's own, if any.
      runInterruption: null,
      runEdits: null,
      corrections: {},
      object: null,
      restoredAt: null,
      restoredRun: null,
      pinned: [],
      previews: {},
      editStatus: '',
      brush: { ...s.brush, target: 'off' },
    })),
  channelChoice: {},
  setLog: (log) =>
    set((s) => ({
      log,
      errors: errorsAfterLoading(s.errors, log?.fileName),
      // A re-mapped log keeps the user's alignment; a new log file starts from its clock.
      alignment: clockAlignment(s.movie, log, log?.fileId === s.log?.fileId ? s.alignment : noAlignment),
      // The first voltage and current channels; the user may pick others (e.g. Channel B).
      channelChoice: {
        voltage: log?.series.channels.find((c) => c.quantity === 'voltage')?.id,
        current: log?.series.channels.find((c) => c.quantity === 'current')?.id,
      },
    })),
  alignment: noAlignment,
  setAlignment: (alignment) => set({ alignment }),
  setChannelChoice: (choice) => set((s) => ({ channelChoice: { ...s.channelChoice, ...choice } })),
  setOpening: (opening) => set({ opening }),
  addError: (error) =>
    set((s) =>
      // One banner per problem: the same message for the same file is not repeated.
      s.errors.some((e) => e.fileName === error.fileName && e.message === error.message)
        ? {}
        : { errors: [...s.errors, { ...error, id: nextErrorId++ }] },
    ),
  dismissError: (id) => set((s) => ({ errors: s.errors.filter((e) => e.id !== id) })),

  figureSettings: { ...defaultFigureSettings },
  setFigureSettings: (patch) => set((s) => ({ figureSettings: { ...s.figureSettings, ...patch } })),

  params: null,
  setParams: (patch) => set((s) => (s.params ? { params: resolveParams(patch, s.params) } : {})),
  initParams: (defaults) => set((s) => (s.params ? {} : { params: resolveParams(defaults) })),

  runStatus: 'idle',
  progress: { done: 0, total: 0 },
  results: [],
  runParams: null,
  runMessage: '',
  runInterruption: null,
  runEdits: null,
  startRun: (frameCount, params, { analysed, edits } = {}) =>
    set((s) => ({
      runStatus: 'running',
      runParams: params,
      runEdits: edits ?? null,
      results: analysed ? analysed.slice() : new Array(frameCount).fill(null),
      progress: { done: analysed ? analysedCount(analysed) : 0, total: frameCount },
      runMessage: '',
      runInterruption: null,
      // A notice about the unfinished run goes once that run goes on (or is replaced).
      restoredAt: s.restoredRun ? null : s.restoredAt,
      restoredRun: null,
      // No painting while every frame is being segmented again.
      brush: { ...s.brush, target: 'off' },
      editStatus: '',
    })),
  addResults: (incoming) =>
    set((s) => {
      const results = s.results.slice();
      for (const r of incoming) results[r.frame] = r;
      return { results };
    }),
  setProgress: (done, total) => set({ progress: { done, total } }),
  endRun: (runStatus, runMessage = '') =>
    set((s) => ({
      runStatus,
      runMessage,
      // A run that stopped before its end keeps what it analysed, to be resumed.
      runInterruption:
        runStatus !== 'done' && s.results.some((r) => r !== null) && s.results.some((r) => r === null)
          ? 'stopped'
          : null,
    })),

  corrections: {},
  setCorrection: (frame, patch) => set((s) => ({ corrections: withCorrection(s.corrections, frame, patch) })),
  object: null,
  restoredAt: null,
  restoredRun: null,
  restoreSession: (session) =>
    set((s) => {
      const analysed = session.results ? analysedCount(session.results) : 0;
      const total = session.results?.length ?? 0;
      const withResults = session.results && s.runStatus !== 'running' && analysed > 0;
      // Results with frames missing are an unfinished run's, whatever the session says (older
      // autosaves kept a cancelled run's results without saying so).
      const interrupted = session.interrupted ?? (analysed < total ? ('stopped' as const) : undefined);
      const unfinished = withResults && interrupted !== undefined;
      return {
        restoredAt: session.savedAt,
        corrections: session.corrections,
        object: session.object ?? null,
        pinned: session.pinned ?? s.pinned,
        figureSettings: session.figureSettings ?? s.figureSettings,
        // The chosen object is a parameter (`objectPoint`); sessions also carry it on its own.
        params: withObject(session.params ?? s.params, session.object),
        ...(withResults
          ? {
              results: session.results,
              runParams: session.runParams ?? session.params ?? s.params,
              runStatus: unfinished ? ('cancelled' as const) : ('done' as const),
              runMessage: unfinished
                ? restoredRunText(analysed, total, interrupted)
                : `${analysed} frames analysed (restored)`,
              runInterruption: unfinished ? interrupted : null,
              runEdits: unfinished ? (session.runEdits ?? null) : null,
              restoredRun: unfinished ? { analysed, total, interrupted } : null,
              progress: { done: analysed, total },
            }
          : {}),
      };
    }),
  dismissRestored: () => set({ restoredAt: null }),
  startFresh: (defaults) =>
    set({
      restoredAt: null,
      restoredRun: null,
      runInterruption: null,
      runEdits: null,
      corrections: {},
      object: null,
      params: resolveParams(defaults),
      results: [],
      runParams: null,
      runStatus: 'idle',
      runMessage: '',
      progress: { done: 0, total: 0 },
      previews: {},
      editStatus: '',
    }),

  brush: { target: 'off', mode: 'erase', radiusPx: 6 },
  setBrush: (patch) => set((s) => ({ brush: { ...s.brush, ...patch } })),
  pinned: [],
  togglePinned: (frame) =>
    set((s) => ({
      pinned: s.pinned.includes(frame)
        ? s.pinned.filter((f) => f !== frame)
        : [...s.pinned, frame].slice(-MAX_PINNED),
    })),
  previews: {},
  setPreviews: (previews) => set({ previews }),
  editStatus: '',
  setEditStatus: (editStatus) => set({ editStatus }),

  frameIndex: 0,
  playing: false,
  contrast: { low: 0.005, high: 0.995 },
  setFrameIndex: (frameIndex) => set({ frameIndex }),
  setPlaying: (playing) => set({ playing }),
  setContrast: (contrast) => set({ contrast }),
}));

/** `params` with the session's chosen object as `objectPoint` when the parameters do not name one. */
function withObject<P extends { objectPoint?: { x: number; y: number } | null } | null>(
  params: P,
  object: { x: number; y: number } | null | undefined,
): P {
  if (!params || !object || params.objectPoint) return params;
  return { ...params, objectPoint: object };
}
