import { defaultSegmentParams } from '../core/analysis/segment.ts';
import { defaultFigureSettings } from '../core/series/figure-settings.ts';
import { idbDelete, idbGet, idbSet } from './idb.ts';
import {
  logIdentity,
  parseStoredSession,
  type SavedAlignment,
  SESSION_VERSION,
  type StoredSession,
  savedAlignment,
} from './session-schema.ts';
import { type LoadedMovie, useWorkbench, type WorkbenchState } from './store.ts';

/**
 * Autosave: the session of each movie (parameters, corrections, results, pinned preview frames,
 * figure settings, the chosen object, and the time alignment the user chose for its log) is kept
 * in this browser's IndexedDB under the movie's content fingerprint, and comes back only when a
 * movie with the same content is opened again (a reload reopens the example): two stacks from
 * one camera with the same name, size and frame count no longer share a session. Nothing leaves the
 * machine. Saving waits ~500 ms after the last change. During a run, results stream in every
 * few frames: the partial results are saved at most every `RUN_SAVE_MS`, marked as an unfinished
 * run, so closing the tab mid-run loses at most that much work (`run-resume.ts`); the run's end
 * is a change like any other.
 */

const DEBOUNCE_MS = 500;
/** At most one save per this while a run streams results: a structured clone of every result. */
export const RUN_SAVE_MS = 2000;
/**
 * A save of a long movie's results takes longer (120 frames of the operando example: ~190 kB,
 * ~100 ms to write): the run's saves are spaced at least this many times their last duration
 * apart, so they never take more than a tenth of the run's time.
 */
const RUN_SAVE_SPACING = 10;

export function sessionKey(movie: Pick<LoadedMovie, 'fingerprint'>): string {
  return `session-v2:${movie.fingerprint}`;
}

/**
 * Where version 1 kept a movie's session (name, size, frame count). Such a session is adopted
 * once, by the first movie that opens under that key and has no session of its own, then
 * deleted: an older autosave still loads, and a second movie with the same name cannot get it.
 */
export function legacySessionKey(movie: LoadedMovie): string {
  return `session:${movie.fileName}:${movie.fileSize}:${movie.info.frameCount}`;
}

/** The session of `movie` stored in this browser: its own, else an older one it adopts. */
async function readSaved(movie: LoadedMovie): Promise<{ raw: unknown; key: string } | undefined> {
  const key = sessionKey(movie);
  const raw = await idbGet(key);
  if (raw !== undefined) return { raw, key };
  const legacyKey = legacySessionKey(movie);
  const legacy = await idbGet(legacyKey);
  if (legacy === undefined) return undefined;
  await idbDelete(legacyKey);
  return { raw: legacy, key: legacyKey };
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The open log, named as the session knows it across reloads. */
const openLog = (s: WorkbenchState) =>
  s.log ? logIdentity(s.log.fileName, s.log.series.timeS.length) : undefined;

/**
 * True when there is nothing worth keeping: no corrections, no results, default parameters and
 * figure settings, no alignment of the user's, no pinned frames.
 */
function isBlank(s: WorkbenchState): boolean {
  return (
    savedAlignment(s.alignment, openLog(s)) === undefined &&
    s.pinned.length === 0 &&
    s.object === null &&
    Object.keys(s.corrections).length === 0 &&
    !s.results.some((r) => r !== null) &&
    sameJson(s.params, defaultSegmentParams) &&
    sameJson(s.figureSettings, defaultFigureSettings)
  );
}

export function startAutosave(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The next save of a running analysis's results (throttled, see `RUN_SAVE_MS`). */
  let runTimer: ReturnType<typeof setTimeout> | undefined;
  /** How long the last save took, in ms (see `RUN_SAVE_SPACING`). */
  let lastSaveMs = 0;
  /** Key of the movie whose saved session has been read: saving before that would overwrite it. */
  let readyKey: string | null = null;
  let warned = false;
  let stopped = false;
  /** A restored alignment waiting for its log to be open (the log may load after the movie). */
  let pendingAlignment: SavedAlignment | undefined;

  const applyPendingAlignment = (): void => {
    const s = useWorkbench.getState();
    if (!pendingAlignment || openLog(s) !== pendingAlignment.log) return;
    const { offsetS, rate, source } = pendingAlignment;
    pendingAlignment = undefined;
    s.setAlignment({ offsetS, rate, source });
  };

  const save = async (): Promise<void> => {
    const s = useWorkbench.getState();
    // A dataset known only from a session file has no content to key it by: nothing to save.
    if (stopped || !s.movie?.fingerprint || !s.params) return;
    const key = sessionKey(s.movie);
    if (readyKey !== key) return;
    try {
      if (isBlank(s)) {
        await idbDelete(key);
        return;
      }
      const stored: StoredSession = {
        version: SESSION_VERSION,
        key,
        fingerprint: s.movie.fingerprint,
        savedAt: Date.now(),
        params: s.params,
        corrections: s.corrections,
      };
      if (s.runParams) stored.runParams = s.runParams;
      const alignment = savedAlignment(s.alignment, openLog(s));
      if (alignment) stored.alignment = alignment;
      if (s.pinned.length > 0) stored.pinned = s.pinned;
      if (s.object) stored.object = s.object;
      if (!sameJson(s.figureSettings, defaultFigureSettings)) stored.figureSettings = s.figureSettings;
      if (s.results.some((r) => r !== null)) {
        stored.results = s.results;
        // Read back, results saved while the run goes on are those of a page closed mid-run.
        const interrupted = s.runStatus === 'running' ? 'page-closed' : s.runInterruption;
        if (interrupted) stored.interrupted = interrupted;
        if (interrupted && s.runEdits) stored.runEdits = s.runEdits;
      }
      const started = performance.now();
      await idbSet(key, stored);
      lastSaveMs = performance.now() - started;
    } catch (error) {
      // Said once: a full disk or a private window would otherwise repeat it on every change.
      if (!warned) {
        warned = true;
        s.addError({
          message: `Your corrections could not be saved in this browser (autosave): ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
  };

  const restore = async (movie: LoadedMovie): Promise<void> => {
    const key = sessionKey(movie);
    if (!movie.fingerprint) return;
    try {
      const saved = await readSaved(movie);
      // A session opened from a file or link for this movie meanwhile wins over its autosave.
      if (stopped || useWorkbench.getState().movie !== movie || useWorkbench.getState().restoredAt !== null)
        return;
      if (saved !== undefined) {
        const session = parseStoredSession(saved.raw, saved.key, movie.info.frameCount);
        if (session) {
          useWorkbench.getState().restoreSession(session);
          pendingAlignment = session.alignment;
          applyPendingAlignment();
        }
      }
    } catch (error) {
      console.warn(`Autosaved session of ${movie.fileName} could not be read:`, error);
    } finally {
      if (useWorkbench.getState().movie === movie) readyKey = key;
    }
  };

  const unsubscribe = useWorkbench.subscribe((s, prev) => {
    if (s.movie !== prev.movie) {
      clearTimeout(timer);
      clearTimeout(runTimer);
      runTimer = undefined;
      readyKey = null;
      pendingAlignment = undefined;
      if (s.movie) void restore(s.movie);
      return;
    }
    if (s.log !== prev.log) applyPendingAlignment();
    if (s.runStatus === 'running' && prev.runStatus === 'running') {
      // Throttled, not debounced: results change every few frames until the run ends.
      if (s.results !== prev.results && runTimer === undefined) {
        runTimer = setTimeout(
          () => {
            runTimer = undefined;
            void save();
          },
          Math.max(RUN_SAVE_MS, RUN_SAVE_SPACING * lastSaveMs),
        );
      }
      return;
    }
    if (
      s.alignment !== prev.alignment ||
      s.pinned !== prev.pinned ||
      s.object !== prev.object ||
      s.figureSettings !== prev.figureSettings ||
      s.params !== prev.params ||
      s.corrections !== prev.corrections ||
      s.results !== prev.results ||
      s.runStatus !== prev.runStatus
    ) {
      clearTimeout(timer);
      timer = setTimeout(() => void save(), DEBOUNCE_MS);
    }
  });
  const open = useWorkbench.getState().movie;
  if (open) void restore(open);
  return () => {
    stopped = true;
    clearTimeout(timer);
    clearTimeout(runTimer);
    unsubscribe();
  };
}

/** "Start fresh": forget the restored review and results of the open movie, here and on disk. */
export async function startFresh(): Promise<void> {
  const { movie, startFresh: reset, addError } = useWorkbench.getState();
  reset(defaultSegmentParams);
  if (!movie?.fingerprint) return;
  try {
    await idbDelete(sessionKey(movie));
  } catch (error) {
    addError({ message: `The saved session could not be deleted: ${String(error)}` });
  }
}
