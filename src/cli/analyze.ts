import { stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveParams } from '../core/analysis/params.ts';
import { defaultSegmentParams } from '../core/analysis/segment.ts';
import type { ResolvedSegmentParams } from '../core/analysis/types.ts';
import { fileFingerprint } from '../core/export/fingerprint.ts';
import { particlesToCsv } from '../core/export/particles-csv.ts';
import { resultsToCsv } from '../core/export/results-csv.ts';
import { type ShardIdentity, shardHeader, shardRows } from '../core/export/shard-csv.ts';
import { type FrameRange, parseFrameRange } from '../core/run/shards.ts';
import { type AnalyzedMovie, analyzeMovieFile, defaultChannels } from './analyze-movie.ts';
import { EXIT, UsageError } from './errors.ts';
import { openFileBlob } from './file-blob.ts';
import { defaultNodePoolSize } from './node-pool.ts';
import { readSession, reviewColumn, type SessionRun, sessionRun, writeSession } from './session.ts';
import { ANALYZE_USAGE } from './usage.ts';

const sha256 = (bytes: Uint8Array<ArrayBuffer>) => crypto.subtle.digest('SHA-256', bytes);

/** `--workers N`: a whole number ≥ 0, default one per core. */
export function parseWorkers(text: string | undefined): number {
  const workers = text === undefined ? defaultNodePoolSize() : Number(text);
  if (!Number.isInteger(workers) || workers < 0) {
    throw new UsageError(`--workers takes a whole number ≥ 0 (0 runs on the main thread), not "${text}"`);
  }
  return workers;
}

/** The fingerprint of an input path (a folder recording has none: its name and file count stand in). */
async function fingerprintOf(path: string): Promise<string> {
  if ((await stat(path)).isDirectory()) return `folder ${basename(path)}`;
  return fileFingerprint(openFileBlob(path), sha256);
}

/** What the parts of one run must share (checked by `operando merge`). */
export async function shardIdentity(
  moviePath: string,
  logPath: string | undefined,
  analysed: AnalyzedMovie,
  params: ResolvedSegmentParams = defaultSegmentParams,
): Promise<ShardIdentity> {
  return {
    movie: analysed.info.name,
    movieFingerprint: await fingerprintOf(moviePath),
    frameCount: analysed.info.frameCount,
    log: logPath ? basename(logPath) : 'none',
    logFingerprint: logPath ? await fingerprintOf(logPath) : 'none',
    params: JSON.stringify(params),
  };
}

/** The table of an analysed movie (of its range only, after the shard's `#` lines, for a shard). */
export async function analysedTable(
  moviePath: string,
  logPath: string | undefined,
  analysed: AnalyzedMovie,
  range: FrameRange | undefined,
  params: ResolvedSegmentParams = defaultSegmentParams,
): Promise<string> {
  const { info, results, log } = analysed;
  const table = resultsToCsv({ info, results, log, ...defaultChannels(log) });
  if (!range || !analysed.window) return table;
  const identity = await shardIdentity(moviePath, logPath, analysed, params);
  return shardHeader(identity, range, analysed.window) + shardRows(table, range);
}

/** The table of a rerun of a session: its review column, rejected frames empty, its alignment. */
function sessionTable(analysed: AnalyzedMovie, run: SessionRun): string {
  const { info, log } = analysed;
  const review = reviewColumn(run, info.frameCount);
  // Rejected frames are empty rows, marked in the review column, as in the browser's export.
  const results = analysed.results.map((r, i) => (review?.[i] === 'rejected' ? null : r));
  return resultsToCsv({ info, results, log, review, alignment: run.alignment, ...defaultChannels(log) });
}

/** `--object X,Y` as a point in frame pixels; null when not given. */
function parseObjectPoint(text: string | undefined): { x: number; y: number } | null {
  if (text === undefined) return null;
  const parts = text.split(',').map((v) => v.trim());
  const [x, y] = parts.map(Number);
  if (parts.length !== 2 || parts.some((v) => v === '') || !Number.isFinite(x) || !Number.isFinite(y)) {
    throw new UsageError(
      `--object takes a point as X,Y in frame pixels (e.g. --object 250,310), not "${text}"`,
    );
  }
  return { x, y };
}

/** The frame range of `--frames`, checked against the movie (which is opened for its frame count). */
function rangeFor(text: string, frameCount: number): FrameRange {
  try {
    return parseFrameRange(text, frameCount);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export async function analyze(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      log: { type: 'string' },
      out: { type: 'string' },
      workers: { type: 'string' },
      frames: { type: 'string' },
      quiet: { type: 'boolean' },
      object: { type: 'string' },
      particles: { type: 'boolean' },
      'particles-out': { type: 'string' },
      session: { type: 'string' },
      'session-out': { type: 'string' },
    },
  });
  const moviePath = positionals[0];
  if (!moviePath || positionals.length > 1) {
    process.stderr.write(`Usage:\n${ANALYZE_USAGE}\n`);
    return EXIT.usage;
  }
  const workers = parseWorkers(values.workers);
  const frames = values.frames;
  const particlesOut = values['particles-out'];
  const particles = values.particles === true || particlesOut !== undefined;
  if (particles && values.object !== undefined) {
    throw new UsageError('--object picks one object; --particles measures every one: give one or the other');
  }
  if (frames !== undefined && (values.session !== undefined || values['session-out'] !== undefined)) {
    throw new UsageError('--session and --session-out take the whole movie: leave out --frames');
  }
  const session = values.session ? await readSession(values.session) : undefined;
  const run = session && values.session ? await sessionRun(session, moviePath, values.session) : undefined;
  // The session's parameters (and object), with what the command line names laid over them.
  const base = resolveParams(run?.params ?? {});
  const objectPoint =
    parseObjectPoint(values.object) ?? (particles ? null : (base.objectPoint ?? run?.object ?? null));
  const params = resolveParams({ objectPoint, particles: particles || base.particles }, base);
  const analysed = await analyzeMovieFile(moviePath, values.log, {
    workers,
    quiet: values.quiet,
    params,
    edits: run?.edits,
    range: frames === undefined ? undefined : (frameCount) => rangeFor(frames, frameCount),
  });
  const csv = run
    ? sessionTable(analysed, run)
    : await analysedTable(moviePath, values.log, analysed, analysed.range, params);
  if (values['session-out']) {
    await writeSession(values['session-out'], moviePath, analysed, run && { ...run, params }, values.log);
    if (!values.quiet) process.stderr.write(`wrote the session to ${values['session-out']}\n`);
  }
  if (particlesOut !== undefined) {
    await writeFile(particlesOut, particlesToCsv(analysed.info, analysed.results));
    if (!values.quiet) process.stderr.write(`wrote one row per particle per frame to ${particlesOut}\n`);
  }
  if (values.out) {
    await writeFile(values.out, csv);
    if (!values.quiet) {
      const rows = analysed.range ? analysed.range.end - analysed.range.start : analysed.info.frameCount;
      process.stderr.write(`wrote ${rows} rows to ${values.out}\n`);
    }
  } else {
    process.stdout.write(csv);
  }
  return EXIT.ok;
}
