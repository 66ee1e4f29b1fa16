import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { MIN_DRIFT_SIDE_PX, tooSmallForDrift } from '../core/analysis/drift-prepare.ts';
import { defaultSegmentParams } from '../core/analysis/segment.ts';
import type { FrameResult, MaskEdit, ResolvedSegmentParams } from '../core/analysis/types.ts';
import { detectFormat, logFormats } from '../core/io/registry.ts';
import type { LogChannel, LogSeries } from '../core/io/types.ts';
import { analyzeMovie } from '../core/run/analyze-movie.ts';
import { analyzeShard } from '../core/run/analyze-shard.ts';
import type { MovieInfo } from '../core/run/frame-service.ts';
import { type FrameRange, formatRange } from '../core/run/shards.ts';
import { describeUnreadable, unreadableFrames } from '../core/run/unreadable.ts';
import { InputError, UsageError } from './errors.ts';
import { openFileBlob } from './file-blob.ts';
import { openNodeMoviePool } from './node-pool.ts';
import { requireMovieInput } from './open-input.ts';
import { runProgress } from './progress.ts';

/**
 * The analysis every CLI command runs: open the movie (file or folder of DM frames) on a pool of
 * worker threads, segment every frame with the default parameters, flag the series over time and
 * fill drift gaps, exactly as the browser's run does; read the log when one is given.
 */

export interface AnalyzedMovie {
  info: MovieInfo;
  results: FrameResult[];
  log?: LogSeries;
  /** A shard's range, and the frames analysed for it (the range and the overlap). */
  range?: FrameRange;
  window?: FrameRange;
}

/** A missing or unreadable input is named plainly, before any worker starts. */
async function requireFile(path: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new InputError(path, 'no such file', 'check the path (and the current folder)');
  if (!info.isFile()) throw new InputError(path, 'not a file', 'give the log file itself, not its folder');
}

async function readLog(path: string): Promise<LogSeries> {
  const blob = openFileBlob(path);
  const name = basename(path);
  const format = await detectFormat(blob, name);
  if (!logFormats.some((f) => f.id === format.id)) {
    throw new InputError(
      name,
      `this is a ${format.label} file, not a bias/current log`,
      'give the holder log (CSV or TXT) after --log, and the movie as the first argument',
    );
  }
  return (await format.open(blob, name)) as LogSeries;
}

/** The log's first voltage and current channels: the ones the workbench picks when a log opens. */
export function defaultChannels(log: LogSeries | undefined): { voltage?: LogChannel; current?: LogChannel } {
  return {
    voltage: log?.channels.find((c) => c.quantity === 'voltage'),
    current: log?.channels.find((c) => c.quantity === 'current'),
  };
}

/** How many of the log's metadata notes are shown (its warnings are all shown: they are few). */
const MAX_LOG_NOTES = 5;

function printLogNotes(log: LogSeries): void {
  for (const warning of log.warnings ?? []) process.stderr.write(`warning: ${log.name}: ${warning}\n`);
  for (const note of log.notes.slice(0, MAX_LOG_NOTES)) process.stderr.write(`note: ${log.name}: ${note}\n`);
  const more = log.notes.length - MAX_LOG_NOTES;
  if (more > 0) process.stderr.write(`note: ${log.name}: … and ${more} more remarks\n`);
}

/** What the user should know before the run: what the reader noted, and drift that can't be measured. */
function movieWarnings(info: MovieInfo): string[] {
  const lines = info.metadata.warning ? [String(info.metadata.warning)] : [];
  if (defaultSegmentParams.trackDrift && tooSmallForDrift(info.width, info.height)) {
    lines.push(
      `frames of ${info.width} × ${info.height} px are smaller than the ${MIN_DRIFT_SIDE_PX} × ${MIN_DRIFT_SIDE_PX} px drift tracking needs: analysed without drift`,
    );
  }
  return lines;
}

export interface AnalyzeOptions {
  /** Worker threads (0: inline). */
  workers: number;
  /**
   * Only these frames (a shard), analysed with the overlap `shards.ts` describes; given the
   * movie's frame count once it is open (it may throw, e.g. a range beyond the end).
   */
  range?: (frameCount: number) => FrameRange;
  /** No progress and no description of the movie; warnings still show. */
  quiet?: boolean;
  /** Prefix for progress lines (the batch names the movie). */
  label?: string;
  /** Segmentation parameters (default: the defaults), e.g. the object `--object` names. */
  params?: ResolvedSegmentParams;
  /** The user's outline edits by frame (a session's, `--session`); whole-movie runs only. */
  edits?: Record<number, MaskEdit>;
}

/**
 * Analyses `moviePath`, describing the movie and progress on stderr. With a range, `results`
 * hold that range's frames at their indices (the rest undefined) and `window` the frames analysed.
 */
export async function analyzeMovieFile(
  moviePath: string,
  logPath: string | undefined,
  workersOrOptions: number | AnalyzeOptions,
): Promise<AnalyzedMovie> {
  const options = typeof workersOrOptions === 'number' ? { workers: workersOrOptions } : workersOrOptions;
  const say = (line: string) => {
    if (!options.quiet) process.stderr.write(`${line}\n`);
  };
  await requireMovieInput(moviePath);
  if (logPath) await requireFile(logPath);
  const log = logPath ? await readLog(logPath) : undefined;
  if (log) printLogNotes(log);
  const pool = await openNodeMoviePool(moviePath, options.workers);
  try {
    const { info } = pool;
    const cal = info.calibration;
    say(
      `${info.name}: ${info.width}×${info.height} px, ${info.frameCount} frames, ${info.dtype}` +
        `${cal ? `, ${cal.pixelSizeX.toPrecision(5)} ${cal.unit}/px` : ', no calibration'}` +
        `; ${pool.size === 0 ? 'inline (no worker threads)' : `${pool.size} worker thread(s)`}`,
    );
    for (const line of movieWarnings(info)) process.stderr.write(`warning: ${info.name}: ${line}\n`);
    const params = options.params ?? defaultSegmentParams;
    const point = params.objectPoint;
    if (point && !(point.x >= 0 && point.y >= 0 && point.x < info.width && point.y < info.height)) {
      throw new UsageError(
        `--object ${point.x},${point.y} lies outside the ${info.width} × ${info.height} px frames of ${info.name}`,
      );
    }
    const label = options.label ?? 'analysing';
    const range = options.range?.(info.frameCount);
    const run = range
      ? {
          range,
          ...(await analyzeShard({
            frameCount: info.frameCount,
            params,
            analyzers: pool.analyzers,
            range,
            onProgress: options.quiet ? undefined : runProgress(label),
            onWiden: options.quiet
              ? undefined
              : (window) =>
                  process.stderr.write(
                    `widening the overlap to frames ${formatRange(window)} to interpolate the drift\n`,
                  ),
          })),
        }
      : {
          results: await analyzeMovie({
            frameCount: info.frameCount,
            params,
            edits: options.edits,
            analyzers: pool.analyzers,
            onProgress: options.quiet ? undefined : runProgress(label),
          }),
        };
    const unreadable = unreadableFrames(run.results);
    if (unreadable.length > 0) {
      const rows = unreadable.length === 1 ? 'its row says' : 'their rows say';
      process.stderr.write(
        `warning: ${info.name}: ${describeUnreadable(unreadable)}; ${rows} "unreadable"\n`,
      );
    }
    return { info, log, ...run };
  } finally {
    await pool.close();
  }
}
