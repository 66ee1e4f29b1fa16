import { create } from 'zustand';
import { type ResolvedSegmentParams, resolveParams, type SegmentParams } from '../core/analysis/params.ts';
import type { FrameResult } from '../core/analysis/types.ts';
import type { ColumnGuess, ColumnMapping } from '../core/io/log/index.ts';
import type { LogSeries } from '../core/io/types.ts';
import type { MovieInfo } from '../core/run/frame-service.ts';
import { type Alignment, noAlignment, startingAlignment } from '../core/series/alignment.ts';
import { defaultFigureSettings, type FigureSettings } from '../core/series/figure-settings.ts';
import { type Corrections, type FrameCorrection, withCorrection } from './corrections.ts';
import type { SavedAlignment } from './session-schema.ts';

/**
 * The session, as data: file references, parameters, results and view state. Everything here
 * can be structured-cloned (autosave, session files and share links are this same data);
 * Files, workers and pixel buffers live outside the store (see `files.ts`, `movie-controller.ts`).
 */

export interface LoadedMovie {
  /** Key into the file registry (`files.ts`). */
  fileId: string;
  fileName: string;
  fileSize: number;
  info: MovieInfo;
}

export interface LoadedLog {
  fileId: string;
  fileName: string;
  series: LogSeries;
  /** Each column with its detected (or user-chosen) role and unit, for the column dialog. */
  columns: ColumnGuess[];
  /** The user's re-mapping of columns; undefined while the detected roles are used. */
  mapping?: ColumnMapping;
}

export interface UserError {
  id: number;
  fileName?: string;
  message: string;
}

export type RunStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

interface DatasetSlice {
  movie: LoadedMovie | null;
  log: LoadedLog | null;
  /** Files being opened right now, by name, so the UI can say so. */
  opening: string[];
  errors: UserError[];
  setMovie(movie: LoadedMovie | null): void;
  /** Which log channels the plots use as bias and current (ids of `LogChannel`). */
  channelChoice: { voltage?: string; current?: string };
  setLog(log: LoadedLog | null): void;
  setChannelChoice(choice: { voltage?: string; current?: string }): void;
  setOpening(names: string[]): void;
  addError(error: Omit<UserError, 'id'>): void;
  dismissError(id: number): void;
}

interface AlignmentSlice {
  /** How log time maps to movie time (logS = offsetS + rate × movieS); part of the session. */
  alignment: Alignment;
  setAlignment(alignment: Alignment): void;
}

/** Both files carry a clock: align on it unless the user already chose an alignment. */
function clockAlignment(movie: LoadedMovie | null, log: LoadedLog | null, current: Alignment): Alignment {
  if (current.source === 'manual' || current.source === 'proposed') return current;
  return startingAlignment(movie?.info.metadata ?? {}, log?.series.startClock);
}

interface FigureSlice {
  /** Publication settings of the figures (part of the session: autosaved, written in exports). */
  figureSettings: FigureSettings;
  setFigureSettings(patch: Partial<FigureSettings>): void;
}

interface ParamsSlice {
  /** Always resolved (every parameter present), whatever was passed in. */
  params: ResolvedSegmentParams | null;
  setParams(patch: SegmentParams): void;
  initParams(defaults: SegmentParams): void;
}

interface RunSlice {
  runStatus: RunStatus;
  progress: { done: number; total: number };
  /** One entry per frame; null until that frame is analysed. */
  results: (FrameResult | null)[];
  /**
   * The parameters the results were made with: an edited frame is re-segmented with these, not
   * with parameters the user is still trying out, so it stays comparable with its neighbours.
   */
  runParams: ResolvedSegmentParams | null;
  runMessage: string;
  startRun(frameCount: number, params: ResolvedSegmentParams): void;
  addResults(results: FrameResult[]): void;
  setProgress(done: number, total: number): void;
  endRun(status: RunStatus, message?: string): void;
}

interface ReviewSlice {
  /** The user's review by frame index: accepted/rejected, and outline edits (see `corrections.ts`). */
  corrections: Corrections;
  setCorrection(frame: number, patch: FrameCorrection): void;
  /**
   * A session read back from autosave (see `autosave.ts`); `savedAt` (ms since the epoch) is
   * shown in the "Restored your corrections" notice.
   */
  restoreSession(session: RestoredSession): void;
  restoredAt: number | null;
  dismissRestored(): void;
  /** Forgets the review, the results and the tuned parameters of the open movie. */
  startFresh(defaults: SegmentParams): void;
}

export interface RestoredSession {
  savedAt: number;
  /** The user's time alignment and the log it belongs to (applied by autosave when that log is open). */
  alignment?: SavedAlignment;
  pinned?: number[];
  params?: ResolvedSegmentParams;
  corrections: Corrections;
  results?: (FrameResult | null)[];
  runParams?: ResolvedSegmentParams;
  figureSettings?: FigureSettings;
}

/** What a pointer drag on the viewer does: nothing, edit the outline, or paint the exclusion region. */
export type BrushTarget = 'off' | 'outline' | 'exclusion';

interface ToolSlice {
  brush: { target: BrushTarget; mode: 'add' | 'erase'; radiusPx: number };
  setBrush(patch: Partial<ToolSlice['brush']>): void;
  /** Frames shown as small live previews while tuning (at most `MAX_PINNED`). */
  pinned: number[];
  togglePinned(frame: number): void;
  /** Latest preview segmentation by frame (current frame and pinned ones), with the current params. */
  previews: Record<number, FrameResult>;
  setPreviews(previews: Record<number, FrameResult>): void;
  /** A short status line of the last edit ("Re-segmented in 85 ms", "Applying to 4 frames…"). */
  editStatus: string;
  setEditStatus(status: string): void;
}

export const MAX_PINNED = 4;

interface ViewSlice {
  frameIndex: number;
  playing: boolean;
  /** Display window as quantiles of the frame's histogram (0–1). */
  contrast: { low: number; high: number };
  setFrameIndex(index: number): void;
  setPlaying(playing: boolean): void;
  setContrast(contrast: { low: number; high: number }): void;
}

export type WorkbenchState = DatasetSlice &
  AlignmentSlice &
  FigureSlice &
  ParamsSlice &
  RunSlice &
  ReviewSlice &
  ToolSlice &
  ViewSlice;

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
      corrections: {},
      restoredAt: null,
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
  startRun: (frameCount, params) =>
    set((s) => ({
      runStatus: 'running',
      runParams: params,
      results: new Array(frameCount).fill(null),
      progress: { done: 0, total: frameCount },
      runMessage: '',
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
  endRun: (runStatus, runMessage = '') => set({ runStatus, runMessage }),

  corrections: {},
  setCorrection: (frame, patch) => set((s) => ({ corrections: withCorrection(s.corrections, frame, patch) })),
  restoredAt: null,
  restoreSession: (session) =>
    set((s) => {
      const analysed = session.results?.filter((r) => r !== null).length ?? 0;
      const withResults = session.results && s.runStatus !== 'running' && analysed > 0;
      return {
        restoredAt: session.savedAt,
        corrections: session.corrections,
        pinned: session.pinned ?? s.pinned,
        figureSettings: session.figureSettings ?? s.figureSettings,
        params: session.params ?? s.params,
        ...(withResults
          ? {
              results: session.results,
              runParams: session.runParams ?? session.params ?? s.params,
              runStatus: 'done' as const,
              runMessage: `${analysed} frames analysed (restored)`,
              progress: { done: analysed, total: session.results?.length ?? 0 },
            }
          : {}),
      };
    }),
  dismissRestored: () => set({ restoredAt: null }),
  startFresh: (defaults) =>
    set({
      restoredAt: null,
      corrections: {},
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
