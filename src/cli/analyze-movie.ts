import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { defaultSegmentParams } from '../core/analysis/segment.ts';
import type { FrameResult } from '../core/analysis/types.ts';
import { detectFormat, logFormats } from '../core/io/registry.ts';
import type { LogChannel, LogSeries } from '../core/io/types.ts';
import { analyzeMovie } from '../core/run/analyze-movie.ts';
import type { MovieInfo } from '../core/run/frame-service.ts';
import { openFileBlob } from './file-blob.ts';
import { openNodeMoviePool } from './node-pool.ts';
import { requireMovieInput } from './open-input.ts';

/**
 * The analysis every CLI command runs: open the movie (file or folder of DM frames) on a pool of
 * worker threads, segment every frame with the default parameters, flag the series over time and
 * fill drift gaps, exactly as the browser's run does; read the log when one is given.
 */

export interface AnalyzedMovie {
  info: MovieInfo;
  results: FrameResult[];
  log?: LogSeries;
}

/** A missing or unreadable input is named plainly, before any worker starts. */
async function requireFile(path: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new Error(`${path}: no such file`);
  if (!info.isFile()) throw new Error(`${path}: not a file (folders of frames are not supported yet)`);
}

async function readLog(path: string): Promise<LogSeries> {
  const blob = openFileBlob(path);
  const name = basename(path);
  const format = await detectFormat(blob, name);
  if (!logFormats.some((f) => f.id === format.id)) {
    throw new Error(`${name}: this is a ${format.label} file, not a bias/current log`);
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

export function progressPrinter(total: number): (done: number) => void {
  let last = -1;
  const interactive = process.stderr.isTTY;
  return (done) => {
    const percent = Math.floor((100 * done) / Math.max(1, total));
    if (percent === last && done !== total) return;
    last = percent;
    const text = `analysing: ${done}/${total} frames (${percent}%)`;
    process.stderr.write(interactive ? `\r${text}${done === total ? '\n' : ''}` : `${text}\n`);
  };
}

/** Analyses `moviePath` with `workers` threads (0: inline), describing the movie and progress on stderr. */
export async function analyzeMovieFile(
  moviePath: string,
  logPath: string | undefined,
  workers: number,
): Promise<AnalyzedMovie> {
  await requireMovieInput(moviePath);
  if (logPath) await requireFile(logPath);
  const log = logPath ? await readLog(logPath) : undefined;
  const pool = await openNodeMoviePool(moviePath, workers);
  try {
    const { info } = pool;
    const cal = info.calibration;
    process.stderr.write(
      `${info.name}: ${info.width}×${info.height} px, ${info.frameCount} frames, ${info.dtype}` +
        `${cal ? `, ${cal.pixelSizeX.toPrecision(5)} ${cal.unit}/px` : ', no calibration'}` +
        `; ${pool.size === 0 ? 'inline (no worker threads)' : `${pool.size} worker thread(s)`}\n`,
    );
    const printProgress = progressPrinter(info.frameCount);
    const results = await analyzeMovie({
      frameCount: info.frameCount,
      params: defaultSegmentParams,
      analyzers: pool.analyzers,
      onProgress: ({ done }) => printProgress(done),
    });
    return { info, results, log };
  } finally {
    await pool.close();
  }
}
