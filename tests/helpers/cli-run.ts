import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The repository root: the CLI is run from here, as `node bin/operando.mjs`, the way `npx operando` runs it. */
export const repoRoot = resolve(import.meta.dirname, '../..');

export interface CliRun {
  /** Exit code (null when the process was killed, e.g. on timeout). */
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node bin/operando.mjs ...args` in the repository root with piped (non-TTY) stdio;
 * `env` adds to (or overrides) this process's environment. The bin must run the built CLI
 * (dist-cli/, what users run; `npm run test:unit` and vitest's global setup build it), so a
 * stale bundle fails the test instead of quietly falling back to the sources.
 */
export function runCli(
  args: string[],
  timeoutMs = 60_000,
  env: Record<string, string> = {},
): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['bin/operando.mjs', ...args], {
      cwd: repoRoot,
      env: { ...process.env, OPERANDO_CLI: 'built', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** A results table as written by the CLI: header names and rows of raw cells, keyed by column. */
export interface CsvTable {
  header: string[];
  rows: Record<string, string>[];
}

/** Parses the CLI's plain CSV (no quoting: every cell is a number, a flag or empty). */
export function parseResultsCsv(text: string): CsvTable {
  const lines = text.split('\n').filter((line) => line.length > 0);
  const header = (lines[0] ?? '').split(',');
  const rows = lines.slice(1).map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']));
  });
  return { header, rows };
}
