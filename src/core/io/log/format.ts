/** The descriptor that lets the registry recognise and open text logs. */

import { FileFormatError, throwIfAborted } from '../errors.ts';
import type { LogFormat, LogSeries } from '../types.ts';
import { parseLog } from './parse-log.ts';

/** Logs are small; a text file this big is a mistake (or not a log) and would freeze the tab. */
export const MAX_LOG_BYTES = 200 * 1024 * 1024;

/** UTF-16 with a byte-order mark (some Windows tools write it); else UTF-8, else Latin-1. */
function decode(bytes: Uint8Array, lenient: boolean): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // A sniffed head may end inside a multi-byte character: drop up to three bytes and retry.
    if (lenient && bytes.length > 3) {
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - 3));
      } catch {
        // not UTF-8 at all: fall through to Latin-1
      }
    }
    return new TextDecoder('latin1').decode(bytes);
  }
}

function isUtf16(head: Uint8Array): boolean {
  return (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
}

/**
 * Text, not binary: no NUL byte (every TIFF, DM and MP4 header has some), at least 95 %
 * printable characters, a digit and a line break.
 */
export function sniffText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  if (!isUtf16(head) && head.includes(0)) return false;
  const text = decode(head, true);
  if (!/\d/.test(text) || !/[\r\n]/.test(text)) return false;
  let printable = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (
      code === 9 ||
      code === 10 ||
      code === 13 ||
      (code >= 32 && code !== 127 && (code < 128 || code >= 160))
    ) {
      printable++;
    }
  }
  return printable >= 0.95 * text.length;
}

/**
 * Reads a log file's text (size-checked; UTF-8, else Latin-1 so a µ written by an old Windows
 * program survives). The UI keeps only the File and calls this again when the user re-maps columns.
 */
export async function readLogText(blob: Blob, fileName: string, signal?: AbortSignal): Promise<string> {
  throwIfAborted(signal, `reading ${fileName}`);
  if (blob.size === 0) throw new FileFormatError(fileName, 'empty', 'the log is empty');
  if (blob.size > MAX_LOG_BYTES) {
    throw new FileFormatError(
      fileName,
      'too-large',
      `${(blob.size / 1024 / 1024).toFixed(0)} MB is too large for a bias/current log (limit ${MAX_LOG_BYTES / 1024 / 1024} MB)`,
    );
  }
  const bytes = new Uint8Array(await blob.arrayBuffer());
  throwIfAborted(signal, `reading ${fileName}`);
  return decode(bytes, false);
}

export const textLogFormat: LogFormat = {
  id: 'log-text',
  label: 'bias/current log (CSV/TSV/text)',
  kind: 'log',
  extensions: ['csv', 'tsv', 'txt', 'log', 'dat'],
  sniff: (head) => sniffText(head),
  async open(blob: Blob, fileName: string, signal?: AbortSignal): Promise<LogSeries> {
    return parseLog(await readLogText(blob, fileName, signal), fileName);
  },
};
