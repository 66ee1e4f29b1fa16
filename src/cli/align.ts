import { parseArgs } from 'node:util';
import { describeMatch, proposeAlignmentFor } from '../core/series/propose.ts';
import { analyzeMovieFile, defaultChannels } from './analyze-movie.ts';
import { EXIT, UsageError } from './errors.ts';
import { defaultNodePoolSize } from './node-pool.ts';
import { ALIGN_USAGE } from './usage.ts';

/**
 * `operando align`: the movie ↔ log offset the data support (`core/series/propose.ts`, the same
 * proposal the workbench offers), as one machine-readable line, or "no reliable proposal".
 */

/** Exit code of a run that worked but found no reliable offset. */
export const NO_PROPOSAL = 3;

export async function align(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { log: { type: 'string' }, workers: { type: 'string' } },
  });
  const moviePath = positionals[0];
  if (!moviePath || positionals.length > 1 || !values.log) {
    process.stderr.write(`Usage:\n${ALIGN_USAGE}\n`);
    return EXIT.usage;
  }
  const workers = values.workers === undefined ? defaultNodePoolSize() : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 0) {
    throw new UsageError(`--workers takes a whole number ≥ 0, not "${values.workers}"`);
  }
  const { info, results, log } = await analyzeMovieFile(moviePath, values.log, workers);
  if (!log) throw new UsageError('align needs --log');
  const { voltage, current } = defaultChannels(log);
  const outcome = proposeAlignmentFor(info, results, undefined, log, voltage, current);
  if (!outcome.ok) {
    process.stdout.write('no reliable proposal\n');
    process.stderr.write(`${outcome.reason}\n`);
    return NO_PROPOSAL;
  }
  const { match } = outcome;
  process.stdout.write(
    `offset_s=${match.offsetS.toFixed(3)} uncertainty_s=${match.uncertaintyS.toFixed(3)}\n`,
  );
  process.stderr.write(`evidence: ${describeMatch(match)}\n`);
  return EXIT.ok;
}
