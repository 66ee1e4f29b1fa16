import { describeFailure, EXIT } from './errors.ts';
import { USAGE } from './usage.ts';

/**
 * The command line: a thin dispatcher. Each command's module is imported when it runs, so that
 * `operando --help` (and a SLURM task's start) loads no more than it needs.
 */
const COMMANDS: Record<string, () => Promise<(args: string[]) => Promise<number>>> = {
  analyze: async () => (await import('./analyze.ts')).analyze,
  merge: async () => (await import('./merge.ts')).merge,
  batch: async () => (await import('./batch.ts')).batch,
  slurm: async () => (await import('./slurm.ts')).slurm,
  figures: async () => {
    const { figures } = await import('./figures.ts');
    return (args) => figures(args, (line) => process.stderr.write(`${line}\n`));
  },
  align: async () => (await import('./align.ts')).align,
  link: async () => (await import('./link.ts')).link,
};

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
    const load = command === undefined ? undefined : COMMANDS[command];
    if (load && Object.hasOwn(COMMANDS, command)) return await (await load())(rest);
    process.stderr.write(`${USAGE}\n`);
    return command === undefined || command === '--help' || command === '-h' ? EXIT.ok : EXIT.usage;
  } catch (error) {
    const { message, code } = describeFailure(error);
    process.stderr.write(`${message}\n`);
    return code;
  }
}
