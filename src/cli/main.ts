import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { resolveParams } from '../core/analysis/params.ts';
import { particlesToCsv } from '../core/export/particles-csv.ts';
import { resultsToCsv } from '../core/export/results-csv.ts';
import { ALIGN_USAGE, align } from './align.ts';
import { analyzeMovieFile, defaultChannels } from './analyze-movie.ts';
import { describeFailure, EXIT, EXIT_CODES_USAGE, UsageError } from './errors.ts';
import { FIGURES_USAGE, figures } from './figures.ts';
import { defaultNodePoolSize } from './node-pool.ts';

const USAGE = `Usage:
  operando analyze MOVIE|FOLDER [--log LOG] [--out results.csv] [--workers N] [--object X,Y]

  Segments the cluster in every frame of MOVIE with default parameters and writes one row per
  frame (frame,time_s,area_px,area_nm2,...; bias_V and current_A when --log is given).
  Without --out the table goes to standard output. Progress goes to standard error.
  --workers N   worker threads (default: one per core; 0 runs on the main thread)
  --object X,Y  measure the object under this point of the first frame (frame pixels, x right,
                y down), followed through the movie by the drift; default: the largest region
                touching the needle, else the largest
  --particles   measure every separate particle or cluster: area_px is their total and a
                particle_count column is added
  --particles-out FILE  also write one row per particle per frame, tracked across frames
                (frame,track,area_px,...,equivalent_diameter_px,centroid_x_px,centroid_y_px)

${FIGURES_USAGE}

${ALIGN_USAGE}

${EXIT_CODES_USAGE}`;

async function analyze(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      log: { type: 'string' },
      out: { type: 'string' },
      workers: { type: 'string' },
      object: { type: 'string' },
      particles: { type: 'boolean' },
      'particles-out': { type: 'string' },
    },
  });
  const moviePath = positionals[0];
  if (!moviePath || positionals.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return EXIT.usage;
  }
  const workers = values.workers === undefined ? defaultNodePoolSize() : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 0) {
    throw new UsageError(
      `--workers takes a whole number ≥ 0 (0 runs on the main thread), not "${values.workers}"`,
    );
  }
  const particlesOut = values['particles-out'];
  const particles = values.particles === true || particlesOut !== undefined;
  if (particles && values.object !== undefined) {
    throw new UsageError('--object picks one object; --particles measures every one: give one or the other');
  }
  const params = resolveParams({ objectPoint: parseObjectPoint(values.object), particles });
  const { info, results, log } = await analyzeMovieFile(moviePath, values.log, workers, params);
  const csv = resultsToCsv({ info, results, log, ...defaultChannels(log) });
  if (particlesOut !== undefined) {
    await writeFile(particlesOut, particlesToCsv(info, results));
    process.stderr.write(`wrote one row per particle per frame to ${particlesOut}\n`);
  }
  if (values.out) {
    await writeFile(values.out, csv);
    process.stderr.write(`wrote ${info.frameCount} rows to ${values.out}\n`);
  } else {
    process.stdout.write(csv);
  }
  return EXIT.ok;
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

/** Ctrl-C ends the run at once: nothing is written (tables are written only when complete). */
function exitOnInterrupt(): void {
  process.once('SIGINT', () => {
    process.stderr.write('\noperando: interrupted; no results were written\n');
    process.exit(EXIT.interrupted);
  });
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    exitOnInterrupt();
    if (command === 'analyze') return await analyze(rest);
    if (command === 'figures') return await figures(rest, (line) => process.stderr.write(`${line}\n`));
    if (command === 'align') return await align(rest);
    process.stderr.write(`${USAGE}\n`);
    return command === undefined || command === '--help' || command === '-h' ? EXIT.ok : EXIT.usage;
  } catch (error) {
    const { message, code } = describeFailure(error);
    process.stderr.write(`${message}\n`);
    return code;
  }
}
