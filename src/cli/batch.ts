import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { logFormats, movieFormats } from '../core/io/registry.ts';
import { analysedTable } from './analyze.ts';
import { analyzeMovieFile } from './analyze-movie.ts';
import { describeFailure, EXIT, InputError, UsageError } from './errors.ts';
import { defaultNodePoolSize } from './node-pool.ts';
import { BATCH_USAGE } from './usage.ts';
import { nodeVideoFormats } from './video/formats.ts';

/**
 * `operando batch`: many movies, one results table each and a summary; a movie that fails is
 * reported in the summary (and on stderr) and the batch goes on. Exit 0 when every movie was
 * analysed, `EXIT.someFailed` (4) when at least one was not.
 */

interface BatchItem {
  movie: string;
  log?: string;
}

interface BatchOutcome {
  movie: string;
  frames: number | '';
  seconds: number;
  flagged: number | '';
  status: 'ok' | 'failed';
  error: string;
}

const extensionsOf = (formats: readonly { extensions: readonly string[] }[]) =>
  new Set(formats.flatMap((f) => f.extensions.map((e) => e.toLowerCase())));
const MOVIE_EXTENSIONS = extensionsOf([...movieFormats, ...nodeVideoFormats]);
const LOG_EXTENSIONS = extensionsOf(logFormats);
const extOf = (name: string) => extname(name).slice(1).toLowerCase();
export const stemOf = (name: string) => basename(name, extname(name));

/** The log beside a movie with the same stem (run1.tif → run1.csv), if there is one. */
export async function logBeside(moviePath: string): Promise<string | undefined> {
  const dir = dirname(moviePath);
  const stem = stemOf(basename(moviePath));
  const names = (await readdir(dir)).sort();
  const log = names.find((n) => stemOf(n) === stem && LOG_EXTENSIONS.has(extOf(n)));
  return log === undefined ? undefined : join(dir, log);
}

/** The movies of a folder, each with the log of the same stem when there is one. */
async function itemsOfFolder(dir: string): Promise<BatchItem[]> {
  const names = (await readdir(dir)).sort();
  const logs = new Map(names.filter((n) => LOG_EXTENSIONS.has(extOf(n))).map((n) => [stemOf(n), n]));
  const items = names
    .filter((n) => MOVIE_EXTENSIONS.has(extOf(n)))
    .map((n) => {
      const log = logs.get(stemOf(n));
      return { movie: join(dir, n), log: log === undefined ? undefined : join(dir, log) };
    });
  if (items.length === 0) {
    throw new InputError(
      dir,
      'the folder holds no movie (TIFF, DM3/DM4, MP4, WebM, AVI)',
      'give the folder of the movies',
    );
  }
  return items;
}

/** The rows of a list: `movie,log` (header line first; log may be empty), paths relative to the list. */
async function itemsOfList(path: string): Promise<BatchItem[]> {
  const lines = (await readFile(path, 'utf8')).split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((c) => c.trim().toLowerCase());
  const movieAt = header.indexOf('movie');
  const logAt = header.indexOf('log');
  if (movieAt < 0) {
    throw new InputError(
      path,
      'the list has no "movie" column',
      'first line: movie,log; then one movie per line',
    );
  }
  const base = dirname(path);
  return lines.slice(1).map((line) => {
    const cells = line.split(',').map((c) => c.trim());
    const log = logAt >= 0 ? cells[logAt] : '';
    return { movie: resolve(base, cells[movieAt] ?? ''), log: log ? resolve(base, log) : undefined };
  });
}

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function summaryCsv(outcomes: BatchOutcome[]): string {
  const columns = ['movie', 'frames', 'seconds', 'flagged', 'status', 'error'] as const;
  const rows = outcomes.map((o) =>
    columns.map((c) => csvCell(c === 'seconds' ? o.seconds.toFixed(2) : o[c])).join(','),
  );
  return `${[columns.join(','), ...rows].join('\n')}\n`;
}

async function runOne(item: BatchItem, out: string, workers: number, quiet: boolean): Promise<BatchOutcome> {
  const started = performance.now();
  const name = basename(item.movie);
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const analysed = await analyzeMovieFile(item.movie, item.log, { workers, quiet, label: name });
    await writeFile(
      join(out, `${stemOf(name)}.csv`),
      await analysedTable(item.movie, item.log, analysed, undefined),
    );
    const flagged = analysed.results.filter((r) => r.quality !== 'ok').length;
    return {
      movie: name,
      frames: analysed.info.frameCount,
      seconds: seconds(),
      flagged,
      status: 'ok',
      error: '',
    };
  } catch (error) {
    const { message } = describeFailure(error);
    process.stderr.write(`${message}\n`);
    const reason = message.split('\n')[0].replace(/^operando: /, '');
    return { movie: name, frames: '', seconds: seconds(), flagged: '', status: 'failed', error: reason };
  }
}

export async function batch(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, jobs: { type: 'string' }, quiet: { type: 'boolean' } },
  });
  const input = positionals[0];
  if (!input || positionals.length > 1 || !values.out) {
    process.stderr.write(`Usage:\n${BATCH_USAGE}\n`);
    return EXIT.usage;
  }
  const jobs = values.jobs === undefined ? 1 : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new UsageError(`--jobs takes a whole number ≥ 1, not "${values.jobs}"`);
  const info = await stat(input).catch(() => null);
  if (!info) throw new InputError(input, 'no such file or folder', 'give a folder of movies or a CSV list');
  const items = info.isDirectory() ? await itemsOfFolder(input) : await itemsOfList(input);
  await mkdir(values.out, { recursive: true });
  // The threads are shared: N movies at once, each on its part of the cores.
  const workers = Math.max(1, Math.floor(defaultNodePoolSize() / jobs));
  const outcomes: BatchOutcome[] = new Array(items.length);
  let next = 0;
  const pump = async () => {
    while (next < items.length) {
      const i = next++;
      outcomes[i] = await runOne(items[i], values.out as string, workers, values.quiet ?? false);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, pump));
  const summary = join(values.out, 'summary.csv');
  await writeFile(summary, summaryCsv(outcomes));
  const failed = outcomes.filter((o) => o.status === 'failed').length;
  process.stderr.write(
    `${items.length - failed} of ${items.length} movie(s) analysed${failed ? `, ${failed} failed` : ''}; summary in ${summary}\n`,
  );
  return failed > 0 ? EXIT.someFailed : EXIT.ok;
}
