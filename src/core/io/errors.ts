/**
 * Every failure a user can cause with a file is a `FileFormatError`: it names the file and,
 * where known, the byte offset, so the UI and the CLI can print one clear sentence.
 */
export type FileErrorKind =
  | 'unknown-format'
  | 'truncated'
  | 'corrupt'
  | 'unsupported'
  | 'too-large'
  | 'empty'
  | 'no-columns';

export class FileFormatError extends Error {
  override readonly name = 'FileFormatError';
  constructor(
    readonly fileName: string,
    readonly kind: FileErrorKind,
    readonly detail: string,
    readonly byteOffset?: number,
  ) {
    super(`${fileName}: ${detail}${byteOffset === undefined ? '' : ` (at byte ${byteOffset})`}`);
  }
}

/**
 * True for a `FileFormatError`, also after it crossed from a worker (comlink sends an error's
 * name and message, not its class): the file is at fault, not the program.
 */
export function isFileFormatError(error: unknown): boolean {
  return (
    error instanceof FileFormatError ||
    (error instanceof Error && (error as { name?: string }).name === 'FileFormatError')
  );
}

/** Thrown (or rejected with) when an `AbortSignal` fires during long work. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor(what = 'operation') {
    super(`${what} cancelled`);
  }
}

export function isCancelled(error: unknown): boolean {
  return (
    error instanceof CancelledError ||
    (typeof error === 'object' && error !== null && (error as { name?: string }).name === 'AbortError')
  );
}

export function throwIfAborted(signal: AbortSignal | undefined, what?: string): void {
  if (signal?.aborted) throw new CancelledError(what);
}
