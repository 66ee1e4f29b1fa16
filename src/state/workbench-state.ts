import type { ResolvedSegmentParams, SegmentParams } from '../core/analysis/params.ts';
import type { FrameResult, MaskEdit } from '../core/analysis/types.ts';
import type { ColumnGuess, ColumnMapping } from '../core/io/log/index.ts';
import type { LogSeries } from '../core/io/types.ts';
import type { MovieInfo } from '../core/run/frame-service.ts';
import type { Alignment } from '../core/series/alignment.ts';
import type { FigureSettings } from '../core/series/figure-settings.ts';
import type { SessionObject } from '../core/session/parts.ts';
import type { Corrections, FrameCorrection } from './corrections.ts';
import type { SavedAlignment } from './session-schema.ts';

/**
 * The shape of the workbench's one store (`store.ts`), slice by slice: the session as data (file
 * references, parameters, results, corrections, alignment, figure settings) and the view state.
 */
export interface LoadedMovie {
  /** Key into the file registry (`files.ts`). */
  fileId: string;
  fileName: string;
  fileSize: number;
  /**
   * The content fingerprint (`core/export/fingerprint.ts`): sessions are keyed by it, never by
   * name and size. Empty for a dataset known only from a session file or link (no movie open).
   */
  fingerprint: string;
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

/**
 * Why the results hold only part of the movie: the page was closed while the run went on (read
 * back from autosave), or the run stopped (cancelled, or failed). See `run-resume.ts`.
 */
export type RunInterruption = 'page-closed' | 'stopped';

export interface DatasetSlice {
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

export interface AlignmentSlice {
  /** How log time maps to movie time (logS = offsetS + rate × movieS); part of the session. */
  alignment: Alignment;
  setAlignment(alignment: Alignment): void;
}

export interface FigureSlice {
  /** Publication settings of the figures (part of the session: autosaved, written in exports). */
  figureSettings: FigureSettings;
  setFigureSettings(patch: Partial<FigureSettings>): void;
}

export interface ParamsSlice {
  /** Always resolved (every parameter present), whatever was passed in. */
  params: ResolvedSegmentParams | null;
  setParams(patch: SegmentParams): void;
  initParams(defaults: SegmentParams): void;
}

export interface RunSlice {
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
  /** Set while the results are those of an unfinished run, which can be resumed (`run-resume.ts`). */
  runInterruption: RunInterruption | null;
  /**
   * The outline edits the run applies, by frame, as placed when it started (an edit carried to
   * another frame is shifted by the drift of the results before the run): a resumed run applies
   * the same, as the uninterrupted run would have.
   */
  runEdits: Record<number, MaskEdit> | null;
  /**
   * `run.analysed`: the results an unfinished run left (resuming it), kept as they are; otherwise
   * every frame starts empty. `run.edits`: the outline edits the run applies.
   */
  startRun(
    frameCount: number,
    params: ResolvedSegmentParams,
    run?: { analysed?: (FrameResult | null)[]; edits?: Record<number, MaskEdit> },
  ): void;
  addResults(results: FrameResult[]): void;
  setProgress(done: number, total: number): void;
  endRun(status: RunStatus, message?: string): void;
}

export interface ReviewSlice {
  /** The user's review by frame index: accepted/rejected, and outline edits (see `corrections.ts`). */
  corrections: Corrections;
  setCorrection(frame: number, patch: FrameCorrection): void;
  /**
   * A session read back from autosave (see `autosave.ts`); `savedAt` (ms since the epoch) is
   * shown in the "Restored your corrections" notice.
   */
  restoreSession(session: RestoredSession): void;
  restoredAt: number | null;
  /** The restored session's unfinished run: how many of the movie's frames it had analysed. */
  restoredRun: { analysed: number; total: number; interrupted: RunInterruption } | null;
  dismissRestored(): void;
  /**
   * The object the user chose to follow (a point in frame pixels of the first analysed frame),
   * carried by sessions; null when none was chosen.
   */
  object: SessionObject;
  /** Forgets the review, the results and the tuned parameters of the open movie. */
  startFresh(defaults: SegmentParams): void;
}

export interface RestoredSession {
  savedAt: number;
  /** Read from an older autosave keyed by name, size and frame count: not checked against the content. */
  unverified?: boolean;
  object?: SessionObject;
  /** The user's time alignment and the log it belongs to (applied by autosave when that log is open). */
  alignment?: SavedAlignment;
  pinned?: number[];
  params?: ResolvedSegmentParams;
  corrections: Corrections;
  results?: (FrameResult | null)[];
  /** Set when `results` are those of an unfinished run (saved while it ran, or after it stopped). */
  interrupted?: RunInterruption;
  /** The unfinished run's outline edits (see `RunSlice.runEdits`). */
  runEdits?: Record<number, MaskEdit>;
  runParams?: ResolvedSegmentParams;
  figureSettings?: FigureSettings;
}

/** What a pointer drag on the viewer does: nothing, edit the outline, or paint the exclusion region. */
/** What a click or drag on the frame does: nothing, paint the outline or the exclusion, or choose the object. */
export type BrushTarget = 'off' | 'outline' | 'exclusion' | 'object';

export interface ToolSlice {
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

export interface ViewSlice {
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
