/// <reference lib="webworker" />
// Reads a bias/current log off the page's thread: a long log (a million rows at 1 kHz) takes
// seconds to split and parse, and the page must stay responsive meanwhile. The series' arrays
// are transferred, not copied.
import { expose, transfer } from 'comlink';
import { type ColumnMapping, type ReadLog, readLog, readLogText } from '../core/io/log/index.ts';

const api = {
  async read(blob: Blob, fileName: string, mapping?: ColumnMapping): Promise<ReadLog> {
    const result = readLog(await readLogText(blob, fileName), fileName, mapping);
    const { timeS, channels } = result.series;
    return transfer(result, [
      timeS.buffer as ArrayBuffer,
      ...channels.map((c) => c.values.buffer as ArrayBuffer),
    ]);
  },
};

export type LogWorkerApi = typeof api;

expose(api);
