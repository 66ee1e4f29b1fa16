import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { mergeShards, parseShard, ShardError } from '../core/export/shard-csv.ts';
import { EXIT, InputError } from './errors.ts';
import { MERGE_USAGE } from './usage.ts';

/** Reads and merges shard files; a refusal is an `InputError` naming the part and the reason. */
export async function mergeFiles(paths: string[]): Promise<string> {
  try {
    const parts = await Promise.all(
      paths.map(async (path) => {
        const text = await readFile(path, 'utf8').catch(() => {
          throw new InputError(path, 'no such file', 'check the path of the part');
        });
        return parseShard(text, path);
      }),
    );
    return mergeShards(parts);
  } catch (error) {
    if (error instanceof ShardError) {
      throw new InputError(
        'merge',
        `refused: ${error.message}`,
        'give every part of one run, each once (operando analyze MOVIE --frames START:END)',
      );
    }
    throw error;
  }
}

/** `operando merge PART.csv... --out FILE`: the parts' rows as one run's table. */
export async function merge(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, quiet: { type: 'boolean' } },
  });
  if (positionals.length === 0 || !values.out) {
    process.stderr.write(`Usage:\n${MERGE_USAGE}\n`);
    return EXIT.usage;
  }
  const table = await mergeFiles(positionals);
  await writeFile(values.out, table);
  if (!values.quiet) {
    process.stderr.write(`merged ${positionals.length} part(s) into ${values.out}\n`);
  }
  return EXIT.ok;
}
