import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { type FrameRange, formatRange, planShards } from '../core/run/shards.ts';
import { logBeside, stemOf } from './batch.ts';
import { repoRoot } from './bundle.ts';
import { EXIT, InputError, UsageError } from './errors.ts';
import { openNodeMoviePool } from './node-pool.ts';
import { requireMovieInput } from './open-input.ts';
import { SLURM_USAGE } from './usage.ts';

/**
 * `operando slurm`: a job array with one `analyze --frames` shard per task (every movie split in
 * K ranges), and a merge job per run that starts when the whole array succeeded
 * (`--dependency=afterok`). The scripts call this installation's node and bin by absolute path,
 * so the cluster's nodes must see the same file system (as SLURM clusters' home and work do).
 */

interface ShardTask {
  movie: string;
  log?: string;
  range: FrameRange;
  part: string;
}

interface MovieRun {
  movie: string;
  parts: string[];
  out: string;
}

/** A word for bash: single-quoted, a quote inside closed, escaped and reopened. */
export const shellQuote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

const bashArray = (name: string, words: string[]) =>
  `${name}=(\n${words.map((w) => `  ${shellQuote(w)}`).join('\n')}\n)`;

function sbatchOptions(options: { partition?: string; time?: string }): string[] {
  return [
    ...(options.partition ? [`#SBATCH --partition=${options.partition}`] : []),
    ...(options.time ? [`#SBATCH --time=${options.time}`] : []),
  ];
}

export function shardScript(
  tasks: ShardTask[],
  logs: string,
  options: { partition?: string; time?: string },
): string {
  const bin = [process.execPath, resolve(repoRoot, 'bin/operando.mjs')];
  return `#!/bin/bash
# Written by "operando slurm": one shard of one movie per array task.
#SBATCH --job-name=operando-shards
#SBATCH --array=0-${tasks.length - 1}
#SBATCH --output=${logs}/shard-%A_%a.log
${sbatchOptions(options).join('\n')}
set -euo pipefail
${bashArray(
  'MOVIES',
  tasks.map((t) => t.movie),
)}
${bashArray(
  'LOGS',
  tasks.map((t) => t.log ?? ''),
)}
${bashArray(
  'RANGES',
  tasks.map((t) => formatRange(t.range)),
)}
${bashArray(
  'PARTS',
  tasks.map((t) => t.part),
)}
i=$SLURM_ARRAY_TASK_ID
log=()
if [ -n "\${LOGS[$i]}" ]; then log=(--log "\${LOGS[$i]}"); fi
exec ${bin.map(shellQuote).join(' ')} analyze "\${MOVIES[$i]}" "\${log[@]}" --frames "\${RANGES[$i]}" --out "\${PARTS[$i]}"
`;
}

export function mergeScript(
  runs: MovieRun[],
  logs: string,
  options: { partition?: string; time?: string },
): string {
  const bin = [process.execPath, resolve(repoRoot, 'bin/operando.mjs')].map(shellQuote).join(' ');
  return `#!/bin/bash
# Written by "operando slurm": joins each movie's shards once every array task succeeded.
#SBATCH --job-name=operando-merge
#SBATCH --output=${logs}/merge-%j.log
${sbatchOptions(options).join('\n')}
set -euo pipefail
${runs.map((run) => `${bin} merge ${run.parts.map(shellQuote).join(' ')} --out ${shellQuote(run.out)}`).join('\n')}
`;
}

/** Runs sbatch --parsable and returns the job id it prints. */
async function sbatch(args: string[]): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)('sbatch', ['--parsable', ...args]);
    return stdout.trim().split(';')[0];
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new InputError(
        'sbatch',
        'not found',
        'run --submit on a SLURM login node, or submit the scripts yourself',
      );
    }
    throw new InputError(
      'sbatch',
      `failed: ${(e.stderr ?? e.message).trim()}`,
      'check the partition and time limit',
    );
  }
}

async function frameCountOf(movie: string): Promise<number> {
  await requireMovieInput(movie);
  const pool = await openNodeMoviePool(movie, 0);
  try {
    return pool.info.frameCount;
  } finally {
    await pool.close();
  }
}

export async function slurm(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      shards: { type: 'string' },
      out: { type: 'string' },
      partition: { type: 'string' },
      time: { type: 'string' },
      submit: { type: 'boolean' },
    },
  });
  if (positionals.length === 0 || !values.out || !values.shards) {
    process.stderr.write(`Usage:\n${SLURM_USAGE}\n`);
    return EXIT.usage;
  }
  const shards = Number(values.shards);
  if (!Number.isInteger(shards) || shards < 1)
    throw new UsageError(`--shards takes a whole number ≥ 1, not "${values.shards}"`);
  const out = resolve(values.out);
  const stems = new Set<string>();
  for (const movie of positionals) {
    const stem = stemOf(basename(movie));
    if (stems.has(stem))
      throw new UsageError(`two movies are named "${stem}": their results would overwrite each other`);
    stems.add(stem);
  }
  const parts = join(out, 'parts');
  const logs = join(out, 'logs');
  await mkdir(parts, { recursive: true });
  await mkdir(logs, { recursive: true });
  const tasks: ShardTask[] = [];
  const runs: MovieRun[] = [];
  for (const given of positionals) {
    const movie = resolve(given);
    const log = await logBeside(movie);
    const stem = stemOf(basename(movie));
    const ranges = planShards(await frameCountOf(movie), shards);
    const movieTasks = ranges.map((range, k) => ({
      movie,
      log,
      range,
      part: join(parts, `${stem}.part${k}.csv`),
    }));
    tasks.push(...movieTasks);
    runs.push({ movie, parts: movieTasks.map((t) => t.part), out: join(out, `${stem}.csv`) });
  }
  const shardFile = join(out, 'operando-shards.sbatch');
  const mergeFile = join(out, 'operando-merge.sbatch');
  await writeFile(shardFile, shardScript(tasks, logs, values), { mode: 0o755 });
  await writeFile(mergeFile, mergeScript(runs, logs, values), { mode: 0o755 });
  process.stderr.write(`wrote ${shardFile} (${tasks.length} array tasks) and ${mergeFile}\n`);
  if (!values.submit) {
    process.stdout.write(
      `submit with:\n  jobid=$(sbatch --parsable ${shellQuote(shardFile)})\n  sbatch --dependency=afterok:$jobid ${shellQuote(mergeFile)}\n`,
    );
    return EXIT.ok;
  }
  const array = await sbatch([shardFile]);
  const merged = await sbatch([`--dependency=afterok:${array}`, mergeFile]);
  process.stdout.write(`shards_job=${array}\nmerge_job=${merged}\n`);
  return EXIT.ok;
}
