import { create } from 'zustand';
import type { FrameResult, SegmentParams } from '../core/analysis/types.ts';
import type { ColumnGuess, ColumnMapping } from '../core/io/log/index.ts';
import type { LogSeries } from '../core/io/types.ts';
import type { MovieInfo } from '../core/run/frame-service.ts';
import { type Alignment, alignFromClocks, noAlignment } from '../core/series/alignment.ts';

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
  const start = movie?.info.metadata.acquisitionStart;
  return (
    alignFromClocks(typeof start === 'string' ? start : undefined, log?.series.startClock) ?? noAlignment
  );
}

interface ParamsSlice {
  params: SegmentParams | null;
  setParams(patch: Partial<SegmentParams>): void;
  initParams(defaults: SegmentParams): void;
}

interface RunSlice {
  runStatus: RunStatus;
  progress: { done: number; total: number };
  /** One entry per frame; null until that frame is analysed. */
  results: (FrameResult | null)[];
  runMessage: string;
  startRun(frameCount: number): void;
  addResults(results: FrameResult[]): void;
  setProgress(done: number, total: number): void;
  endRun(status: RunStatus, message?: string): void;
}

interface ViewSlice {
  frameIndex: number;
  playing: boolean;
  /** Display window as quantiles of the frame's histogram (0–1). */
  contrast: { low: number; high: number };
  setFrameIndex(index: number): void;
  setPlaying(playing: boolean): void;
  setContrast(contrast: { low: number; high: number }): void;
}

export type WorkbenchState = DatasetSlice & AlignmentSlice & ParamsSlice & RunSlice & ViewSlice;

let nextErrorId = 1;

export const useWorkbench = create<WorkbenchState>()((set) => ({
  movie: null,
  log: null,
  opening: [],
  errors: [],
  setMovie: (movie) =>
    set((s) => ({
      movie,
      alignment: clockAlignment(movie, s.log, noAlignment),
      results: [],
      runStatus: 'idle',
      runMessage: '',
      progress: { done: 0, total: 0 },
      frameIndex: 0,
    })),
  channelChoice: {},
  setLog: (log) =>
    set((s) => ({
      log,
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
  addError: (error) => set((s) => ({ errors: [...s.errors, { ...error, id: nextErrorId++ }] })),
  dismissError: (id) => set((s) => ({ errors: s.errors.filter((e) => e.id !== id) })),

  params: null,
  setParams: (patch) => set((s) => (s.params ? { params: { ...s.params, ...patch } } : {})),
  initParams: (defaults) => set((s) => (s.params ? {} : { params: defaults })),

  runStatus: 'idle',
  progress: { done: 0, total: 0 },
  results: [],
  runMessage: '',
  startRun: (frameCount) =>
    set({
      runStatus: 'running',
      results: new Array(frameCount).fill(null),
      progress: { done: 0, total: frameCount },
      runMessage: '',
    }),
  addResults: (incoming) =>
    set((s) => {
      const results = s.results.slice();
      for (const r of incoming) results[r.frame] = r;
      return { results };
    }),
  setProgress: (done, total) => set({ progress: { done, total } }),
  endRun: (runStatus, runMessage = '') => set({ runStatus, runMessage }),

  frameIndex: 0,
  playing: false,
  contrast: { low: 0.005, high: 0.995 },
  setFrameIndex: (frameIndex) => set({ frameIndex }),
  setPlaying: (playing) => set({ playing }),
  setContrast: (contrast) => set({ contrast }),
}));
