import { stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultSegmentParams } from '../core/analysis/segment.ts';
import { resultsToCsv } from '../core/export/results-csv.ts';
import { detectFormat, logFormats } from '../core/io/registry.ts';
import type { LogSeries } from '../core/io/types.ts';
import { analyzeMovie } from '../core/run/analyze-movie.ts';
import { FIGURES_USAGE, figures } from './figures.ts';
import { openFileBlob } from './file-blob.ts';
import { defaultNodePoolSize, openNodeMoviePool } from './node-pool.ts';
import { requireMovieInput } from './open-input.ts';

const USAGE = `Usage:
  operando analyze MOVIE|FOLDER [--log LOG] [--out results.csv] [--workers N]

  Segments the cluster in every frame of MOVIE with default parameters and writes one row per
  frame (frame,time_s,area_px,area_nm2,...; bias_V and current_A when --log is given).
  Without --out the table goes to standard output. Progress goes to standard error.
  --workers N   worker threads (default: one per core; 0 runs on the main thread)

${FIGURES_USAGE}`;

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

function progressPrinter(total: number): (done: number) => void {
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

async function analyze(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { log: { type: 'string' }, out: { type: 'string' }, workers: { type: 'string' } },
  });
  const moviePath = positionals[0];
  if (!moviePath || positionals.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  await requireMovieInput(moviePath);
  if (values.log) await requireFile(values.log);
  const workers = values.workers === undefined ? defaultNodePoolSize() : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 0) {
    throw new Error(
      `--workers takes a whole number ≥ 0 (0 runs on the main thread), not "${values.workers}"`,
    );
  }
  const log = values.log ? await readLog(values.log) : undefined;
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
    const csv = resultsToCsv({
      info,
      results,
      log,
      voltage: log?.channels.find((c) => c.quantity === 'voltage'),
      current: log?.channels.find((c) => c.quantity === 'current'),
    });
    if (values.out) {
      await writeFile(values.out, csv);
      process.stderr.write(`wrote ${info.frameCount} rows to ${values.out}\n`);
    } else {
      process.stdout.write(csv);
    }
    return 0;
  } finally {
    await pool.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'analyze') return await analyze(rest);
    if (command === 'figures') return await figures(rest, (line) => process.stderr.write(`${line}\n`));
    process.stderr.write(`${USAGE}\n`);
    return command === undefined || command === '--help' || command === '-h' ? 0 : 2;
  } catch (error) {
    process.stderr.write(`operando: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
