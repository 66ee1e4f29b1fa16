import { type FileErrorKind, FileFormatError, isCancelled } from '../core/io/errors.ts';

/**
 * How the command-line tool ends, and what it says when it fails: every message names the file
 * and the problem and says what to do. The codes are documented in the usage text and the README.
 */
export const EXIT = {
  ok: 0,
  /** A file could not be read or analysed: missing, damaged, unsupported, too large. */
  badInput: 1,
  /** The command line itself is wrong. */
  usage: 2,
  /** `batch`: the batch ran to the end but at least one movie failed (listed in summary.csv). */
  someFailed: 4,
  /** A bug in the tool (sysexits' EX_SOFTWARE). */
  internal: 70,
  /** Ctrl-C (128 + SIGINT), as shells report it. */
  interrupted: 130,
} as const;

/** The command line is wrong: exit 2 with the usage text. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** An input path that can't be used (missing, a folder where a file is needed): exit 1. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly path: string,
    detail: string,
    readonly advice: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

/** What to do about each kind of damaged or unreadable file. */
const ADVICE: Record<FileErrorKind, string> = {
  'unknown-format':
    'operando reads TIFF, DM3/DM4, MP4/WebM/AVI movies and CSV/TXT holder logs; convert the file to one of these',
  truncated: 'the file is incomplete: copy it again from the acquisition computer',
  corrupt: 'the file is damaged: export it again from the acquisition software, or use another copy',
  unsupported: 'export the movie again as a grey-scale TIFF (uncompressed, LZW or Deflate) or as DM3/DM4',
  'too-large': 'bin or crop the movie before analysing it (or check that the file is not damaged)',
  empty: 'the file is empty: copy it again',
  'no-columns': 'the log needs a time column and at least one numeric column (see the README, Logs)',
};

function isUsageError(error: unknown): boolean {
  if (error instanceof UsageError) return true;
  // node:util parseArgs: an unknown option or a missing value.
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/** The lines to print on stderr and the exit code for an error that ended a command. */
export function describeFailure(error: unknown): { message: string; code: number } {
  if (isCancelled(error)) return { message: 'operando: interrupted', code: EXIT.interrupted };
  if (isUsageError(error)) {
    const text = (error as Error).message;
    return { message: `operando: ${text}\nRun "operando --help" for the usage.`, code: EXIT.usage };
  }
  if (error instanceof FileFormatError) {
    return { message: `operando: ${error.message}\n  → ${ADVICE[error.kind]}`, code: EXIT.badInput };
  }
  if (error instanceof InputError) {
    return { message: `operando: ${error.message}\n  → ${error.advice}`, code: EXIT.badInput };
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    message:
      `operando: internal error: ${text}\n` +
      '  → this is a bug in operando, not a problem with your file: please report it with the command line and the file',
    code: EXIT.internal,
  };
}
