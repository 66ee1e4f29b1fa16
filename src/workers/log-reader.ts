// The page's side of log.worker.ts: one worker per log read, ended when it is done.
import { wrap } from 'comlink';
import type { ColumnMapping, ReadLog } from '../core/io/log/index.ts';
import type { LogWorkerApi } from './log.worker.ts';

/**
 * Reads `blob` as a bias/current log (`readLog`) in a worker of its own, so a long log does not
 * freeze the page. Rejects with the reader's `FileFormatError` (named across the worker), or when
 * the worker itself dies (out of memory), naming the file.
 */
export async function readLogInWorker(
  blob: Blob,
  fileName: string,
  mapping?: ColumnMapping,
): Promise<ReadLog> {
  const worker = new Worker(new URL('./log.worker.ts', import.meta.url), { type: 'module', name: 'log' });
  const died = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      reject(new Error(`${fileName}: the log reader stopped (${event.message || 'out of memory?'})`));
    });
  });
  try {
    return await Promise.race([wrap<LogWorkerApi>(worker).read(blob, fileName, mapping), died]);
  } finally {
    worker.terminate();
  }
}
