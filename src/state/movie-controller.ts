import { defaultSegmentParams } from '../core/analysis/segment.ts';
import type { FrameResult, MaskEdit, SegmentParams } from '../core/analysis/types.ts';
import { fileFingerprint, recordingFingerprint } from '../core/export/fingerprint.ts';
import { isCancelled } from '../core/io/errors.ts';
import type { ColumnMapping, ReadLog } from '../core/io/log/index.ts';
import { allFormats, detectFormat } from '../core/io/registry.ts';
import type { Frame } from '../core/io/types.ts';
import { analyzeMovie } from '../core/run/analyze-movie.ts';
import { describeWorkerLoss, type WorkerLoss } from '../core/run/respawning-analyzer.ts';
import { runDoneMessage } from '../core/run/unreadable.ts';
import { readLogInWorker } from '../workers/log-reader.ts';
import { type MovieInput, type MoviePool, openMoviePool } from '../workers/pool.ts';
import { browserVideoFormats } from '../workers/video/formats.ts';
import { maskEdits } from './corrections.ts';
import { forgetFile, getFile, registerFile, registerRecording } from './files.ts';
import { askAboutLog } from './log-pairing.ts';
import { framesLeft } from './run-resume.ts';
import { acceptMovie, checkMovieForSession, importSessionFile, useImported } from './session-io.ts';
import { useWorkbench } from './store.ts';

const sha256 = (bytes: Uint8Array<ArrayBuffer>) => crypto.subtle.digest('SHA-256', bytes);

/** The movie's content fingerprint, which keys its session (see `core/export/fingerprint.ts`). */
export function movieFingerprint(input: MovieInput): Promise<string> {
  return input.kind === 'file'
    ? fileFingerprint(input.blob, sha256)
    : recordingFingerprint(input.files, sha256);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Names the file in the message unless the reader already did. */
function reportError(fileName: string, error: unknown): void {
  const message = errorMessage(error);
  useWorkbench.getState().addError({
    fileName,
    message: message.startsWith(fileName) ? message : `${fileName}: ${message}`,
  });
}

export interface DroppedFile {
  blob: Blob;
  name: string;
  /** Path inside a dropped or picked folder ("Hour_00/Minute_00/…_Frame_0001.dm4"), when known. */
  path?: string;
}

const isDm = (f: DroppedFile) => /\.dm[34]$/i.test(f.name);

/** "Hour_00/…" → "Hour_00": the top folder of a dropped recording, for its name. */
function recordingName(files: DroppedFile[]): string {
  const top = files[0].path?.split('/')[0];
  return `${top && top !== files[0].name ? top : 'DM recording'} (${files.length} frames)`;
}

/**
 * Actions that touch things the store must not hold (Files, workers, AbortControllers). The app
 * creates one (`app-controller.ts`); UI components call it, and it updates the store with plain
 * data.
 */
export class MovieController {
  private pool: MoviePool | null = null;
  private run: AbortController | null = null;
  /** Workers that stopped during the current run (their frames retried, some marked unreadable). */
  private losses: WorkerLoss[] = [];

  /** `poolSize`: analysis workers per movie (0 runs everything inline on this thread). */
  constructor(private readonly poolSize: number) {}

  /**
   * Opens dropped files, movie and log in either order; a bad file leaves the session as it was.
   * Several DM files at once (a dropped folder, or a multi-selection) are one in-situ recording.
   */
  async openFiles(dropped: DroppedFile[]): Promise<void> {
    const store = useWorkbench.getState();
    store.setOpening(dropped.length > 3 ? [`${dropped.length} files`] : dropped.map((f) => f.name));
    const dm = dropped.filter(isDm);
    const rest = dm.length >= 2 ? dropped.filter((f) => !isDm(f)) : dropped;
    const hadMovie = store.movie !== null;
    // A session waiting for its movie brought its own log: the movie it takes keeps that log unasked.
    const forSession = useImported.getState().session !== null;
    const movieBefore = store.movie?.fileId;
    let logOpened = false;
    try {
      if (dm.length >= 2) {
        const name = recordingName(dm);
        try {
          const files = dm.map((f) => ({ blob: f.blob, path: f.path ?? f.name }));
          const size = dm.reduce((sum, f) => sum + f.blob.size, 0);
          await this.openMovie({ kind: 'sequence', files, name }, size);
        } catch (error) {
          reportError(name, error);
        }
      }
      for (const file of rest) {
        try {
          if (/\.operando$/i.test(file.name)) {
            await importSessionFile(file.blob, file.name);
            continue;
          }
          // Video formats only sniff here; their decoders load in the workers that open the movie.
          const format = await detectFormat(file.blob, file.name, [...browserVideoFormats, ...allFormats]);
          if (format.kind === 'log') {
            await openLog(file);
            logOpened = true;
          } else await this.openMovie({ kind: 'file', blob: file.blob, name: file.name }, file.blob.size);
        } catch (error) {
          reportError(file.name, error);
        }
      }
    } finally {
      useWorkbench.getState().setOpening([]);
    }
    const movieAfter = useWorkbench.getState().movie?.fileId;
    askAboutLog(hadMovie && !forSession && movieAfter !== movieBefore, logOpened);
  }

  /** Re-reads the open log with the user's column roles and units; a bad mapping keeps the old reading. */
  async remapLog(mapping: ColumnMapping): Promise<void> {
    const log = useWorkbench.getState().log;
    const blob = log && getFile(log.fileId);
    if (!log || !blob) return;
    try {
      const read = await readLatestLog(blob, log.fileName, mapping);
      const current = useWorkbench.getState().log;
      if (!read || current?.fileId !== log.fileId) return;
      useWorkbench.getState().setLog({ ...current, series: read.series, columns: read.columns, mapping });
    } catch (error) {
      reportError(log.fileName, error);
    }
  }

  private async openMovie(input: MovieInput, sizeBytes: number): Promise<void> {
    // Open the new movie fully before dropping the old one, so a corrupt file loses nothing.
    const [next, fingerprint] = await Promise.all([
      openMoviePool(input, this.poolSize, { onWorkerLost: (loss) => this.workerLost(loss) }),
      movieFingerprint(input),
    ]);
    // An imported session waiting for its movie takes that movie only (its outlines belong to it).
    const refusal = checkMovieForSession(fingerprint, input.name);
    if (refusal) {
      next.close();
      throw new Error(refusal);
    }
    this.cancelRun();
    const previous = useWorkbench.getState().movie;
    this.pool?.close();
    this.pool = next;
    const fileId =
      input.kind === 'file'
        ? registerFile(input.blob, input.name)
        : registerRecording(input.files, input.name);
    const store = useWorkbench.getState();
    store.initParams(defaultSegmentParams);
    store.setMovie({ fileId, fileName: input.name, fileSize: sizeBytes, fingerprint, info: next.info });
    if (previous) forgetFile(previous.fileId);
    acceptMovie();
    // Readers open damaged files as far as they can and say what they left out.
    const warning = next.info.metadata.warning;
    if (typeof warning === 'string')
      store.addError({ fileName: input.name, message: `${input.name}: ${warning}` });
  }

  /** Closes the open movie (its workers and file): a session shown without its movie has no frames. */
  closeMovie(): void {
    this.cancelRun();
    this.pool?.close();
    this.pool = null;
    const movie = useWorkbench.getState().movie;
    if (movie) forgetFile(movie.fileId);
  }

  getViewerFrame(index: number): Promise<Frame> | null {
    return this.pool ? this.pool.viewer.getFrame(index) : null;
  }

  /**
   * Segments a few frames on the viewer worker (live preview while tuning, re-analysis after an
   * edit), so it never waits behind a running analysis. Null when no movie is open.
   */
  analyzeOnViewer(
    indices: number[],
    params: SegmentParams,
    edits?: Record<number, MaskEdit>,
  ): Promise<FrameResult[]> | null {
    return this.pool ? this.pool.viewer.analyzeFrames(indices, params, edits) : null;
  }

  /**
   * Segments every frame with the current parameters, streaming results into the store. The
   * user's corrections survive: accept/reject statuses stay as they are, and outline edits are
   * applied again (carried edits re-placed with the drift the previous results measured).
   */
  startRun(): Promise<void> {
    return this.analyze(false);
  }

  /**
   * Resumes an unfinished run (the page was closed during it, or it was cancelled): only the
   * frames it did not get to are analysed, with its parameters, and the series checks then run
   * over the whole movie, as at the end of an uninterrupted run (see `run-resume.ts`).
   */
  resumeRun(): Promise<void> {
    return framesLeft(useWorkbench.getState()) === null ? Promise.resolve() : this.analyze(true);
  }

  private async analyze(resume: boolean): Promise<void> {
    const store = useWorkbench.getState();
    const { movie } = store;
    const params = resume ? store.runParams : store.params;
    const pool = this.pool;
    if (!pool || !movie || !params) return;
    this.cancelRun();
    const controller = new AbortController();
    this.run = controller;
    this.losses = [];
    // Built before `startRun` clears the results whose drift places the carried edits. A resumed
    // run applies the edits as its start placed them (the kept results have no drift yet between
    // measured frames); edits made since, on frames it had not covered, are added.
    const current = maskEdits(store.corrections, store.results);
    const edits = resume && store.runEdits ? { ...current, ...store.runEdits } : current;
    const analysed = resume ? store.results : undefined;
    store.startRun(movie.info.frameCount, params, { analysed, edits });
    try {
      const results = await analyzeMovie({
        frameCount: movie.info.frameCount,
        params,
        analysed,
        edits,
        analyzers: pool.analyzers,
        signal: controller.signal,
        onResults: (batch) => useWorkbench.getState().addResults(batch),
        onProgress: ({ done, total }) => useWorkbench.getState().setProgress(done, total),
      });
      useWorkbench.getState().addResults(results);
      useWorkbench.getState().endRun('done', runDoneMessage(results, this.losses));
    } catch (error) {
      if (isCancelled(error)) {
        const { done, total } = useWorkbench.getState().progress;
        useWorkbench.getState().endRun('cancelled', `Cancelled after ${done} of ${total} frames`);
      } else {
        useWorkbench.getState().endRun('failed', errorMessage(error));
        reportError(movie.fileName, error);
      }
    } finally {
      if (this.run === controller) this.run = null;
    }
  }

  cancelRun(): void {
    this.run?.abort();
    this.run = null;
  }

  private workerLost(loss: WorkerLoss): void {
    this.losses.push(loss);
    console.warn(describeWorkerLoss(loss));
  }
}

/** Log reads run in workers and can end out of order (a remap per keystroke): the latest one wins. */
let latestLogRead = 0;

/** `readLogInWorker`, or null when another log read began meanwhile (its errors dropped too). */
async function readLatestLog(blob: Blob, fileName: string, mapping?: ColumnMapping): Promise<ReadLog | null> {
  const ticket = ++latestLogRead;
  try {
    const read = await readLogInWorker(blob, fileName, mapping);
    return ticket === latestLogRead ? read : null;
  } catch (error) {
    if (ticket === latestLogRead) throw error;
    return null;
  }
}

async function openLog(file: DroppedFile): Promise<void> {
  const read = await readLatestLog(file.blob, file.name);
  if (!read) return;
  const { series, columns } = read;
  const previous = useWorkbench.getState().log;
  const fileId = registerFile(file.blob, file.name);
  useWorkbench.getState().setLog({ fileId, fileName: file.name, series, columns });
  if (previous) forgetFile(previous.fileId);
}
