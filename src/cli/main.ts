import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { resultsToCsv } from '../core/export/results-csv.ts';
import { ALIGN_USAGE, align } from './align.ts';
import { analyzeMovieFile, defaultChannels } from './analyze-movie.ts';
import { describeFailure, EXIT, EXIT_CODES_USAGE, UsageError } from './errors.ts';
import { FIGURES_USAGE, figures } from './figures.ts';
import { LINK_USAGE, link } from './link.ts';
import { defaultNodePoolSize } from './node-pool.ts';
import { readSession, reviewColumn, sessionRun, writeSession } from './session.ts';

const USAGE = `Usage:
  operando analyze MOVIE|FOLDER [--log LOG] [--out results.csv] [--workers N]
                   [--session S.operando] [--session-out S.operando]

  Segments the cluster in every frame of MOVIE with default parameters and writes one row per
  frame (frame,time_s,area_px,area_nm2,...; bias_V and current_A when --log is given).
  Without --out the table goes to standard output. Progress goes to standard error.
  --workers N   worker threads (default: one per core; 0 runs on the main thread)
  --session S   run with the parameters, outline edits, review and time alignment of a session
                file saved by the workbench (MOVIE must be the session's movie, by content)
  --session-out S   also write the run as a session file the workbench opens (see operando link)

${LINK_USAGE}

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
      session: { type: 'string' },
      'session-out': { type: 'string' },
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
  const session = values.session ? await readSession(values.session) : undefined;
  const run = session && values.session ? await sessionRun(session, moviePath, values.session) : undefined;
  const analysed = await analyzeMovieFile(moviePath, values.log, workers, run ?? {});
  const { info, log } = analysed;
  const review = reviewColumn(run, info.frameCount);
  // Rejected frames are empty rows, marked in the review column, as in the browser's export.
  const results = analysed.results.map((r, i) => (review?.[i] === 'rejected' ? null : r));
  const csv = resultsToCsv({
    info,
    results,
    log,
    review,
    alignment: run?.alignment,
    ...defaultChannels(log),
  });
  if (values['session-out']) {
    await writeSession(values['session-out'], moviePath, analysed, run, values.log);
    process.stderr.write(`wrote the session to ${values['session-out']}\n`);
  }
  if (values.out) {
    await writeFile(values.out, csv);
    process.stderr.write(`wrote ${info.frameCount} rows to ${values.out}\n`);
  } else {
    process.stdout.write(csv);
  }
  return EXIT.ok;
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
    if (command === 'link') return await link(rest);
    process.stderr.write(`${USAGE}\n`);
    return command === undefined || command === '--help' || command === '-h' ? EXIT.ok : EXIT.usage;
  } catch (error) {
    const { message, code } = describeFailure(error);
    process.stderr.write(`${message}\n`);
    return code;
  }
}
