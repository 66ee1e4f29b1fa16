import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { FileFormatError } from '../../core/io/errors.ts';

/**
 * Where the ffmpeg and ffprobe binaries are. Defaults look them up on the PATH (Debian's
 * `ffmpeg` package puts both in /usr/bin); `OPERANDO_FFMPEG` / `OPERANDO_FFPROBE` override them,
 * which also lets tests simulate a machine without ffmpeg.
 */
export interface FfmpegPaths {
  ffmpeg: string;
  ffprobe: string;
}

export function defaultFfmpegPaths(): FfmpegPaths {
  return {
    ffmpeg: process.env.OPERANDO_FFMPEG || 'ffmpeg',
    ffprobe: process.env.OPERANDO_FFPROBE || 'ffprobe',
  };
}

export const INSTALL_HINT = 'decoding video needs ffmpeg; install it with `apt-get install ffmpeg`';

export function missingFfmpegError(fileName: string): FileFormatError {
  return new FileFormatError(fileName, 'unsupported', INSTALL_HINT);
}

/** The file's path on disk: ffmpeg reads files itself, so only a FileBlob (CLI, tests) will do. */
export function requirePath(blob: Blob, fileName: string): string {
  const path = (blob as unknown as { path?: unknown }).path;
  if (typeof path === 'string' && path.length > 0) return path;
  throw new FileFormatError(
    fileName,
    'unsupported',
    'video is decoded by the ffmpeg program, which reads files from disk: open it by path (a FileBlob)',
  );
}

/** Spawns a binary with piped stdio; a missing binary surfaces as an 'error' event (ENOENT). */
export function spawnTool(binary: string, args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end();
  // Without a listener the 'error' event would crash the process; callers add their own.
  child.on('error', () => {});
  return child;
}

/** True when a spawn failed because the binary does not exist. */
export function isMissingBinary(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** Runs a tool to completion and returns its stdout and stderr (rejects only when it cannot start). */
export function runTool(
  binary: string,
  args: string[],
  fileName: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnTool(binary, args);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.once('error', (error) => reject(isMissingBinary(error) ? missingFfmpegError(fileName) : error));
    child.once('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}

/**
 * The last meaningful lines of ffmpeg's stderr, as one short sentence for an error message; the
 * file's path is dropped (the message already starts with the file's name).
 */
export function lastErrorLines(stderr: string, path = '', max = 2): string {
  const lines = (path ? stderr.split(`${path}: `).join('') : stderr)
    .split('\n')
    .map((line) => line.replace(/^\[[^\]]+\]\s*/, '').trim())
    .filter((line) => line.length > 0);
  return lines.slice(-max).join('; ');
}
