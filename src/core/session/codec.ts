import { Gunzip, gzipSync, strFromU8, strToU8 } from 'fflate';
import {
  type LoadedSession,
  type SessionDocument,
  SessionError,
  sessionFromJson,
  sessionToJson,
} from './document.ts';

/**
 * The session file (`.operando`): the session's JSON, gzip-compressed with fflate. Reading is
 * bounded: the compressed file and what it inflates to are capped before any of it is parsed,
 * so a "zip bomb" or a 2 GB file is refused without the memory it would take.
 */

export const SESSION_FILE_EXTENSION = '.operando';
/** The largest session file read (a session of 100 000 frames with outlines is ≈ 30 MB). */
export const MAX_SESSION_FILE_BYTES = 64 * 1024 * 1024;
/** The most JSON a session file may inflate to. */
export const MAX_SESSION_JSON_BYTES = 256 * 1024 * 1024;

export function encodeSessionFile(doc: SessionDocument): Uint8Array {
  return gzipSync(strToU8(sessionToJson(doc)), { level: 6, mtime: 0 });
}

/** Inflates `bytes` (gzip, or raw deflate with `raw`), refusing output over `maxBytes`. */
export function inflateBounded(bytes: Uint8Array, maxBytes: number, what: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const gunzip = new Gunzip((chunk, final) => {
    total += chunk.length;
    if (total > maxBytes)
      throw new SessionError(`${what} expands to more than ${Math.round(maxBytes / 1048576)} MB: refused`);
    chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    // Fed in slices, so the cap is checked as the output grows rather than after it is all there.
    for (let at = 0; at < bytes.length; at += 65536)
      gunzip.push(bytes.subarray(at, at + 65536), at + 65536 >= bytes.length);
  } catch (error) {
    if (error instanceof SessionError) throw error;
    throw new SessionError(`${what} is damaged (the compressed data is corrupt or cut short)`);
  }
  if (!ended) throw new SessionError(`${what} is cut short (the compressed data ends early)`);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Reads a session file; every problem is a `SessionError` naming what is wrong. */
export function decodeSessionFile(bytes: Uint8Array): LoadedSession {
  if (bytes.length > MAX_SESSION_FILE_BYTES)
    throw new SessionError(`it is ${Math.round(bytes.length / 1048576)} MB, more than a session file can be`);
  if (bytes.length < 18 || bytes[0] !== 0x1f || bytes[1] !== 0x8b)
    throw new SessionError(`it is not a session file (${SESSION_FILE_EXTENSION} files are gzip-compressed)`);
  const json = inflateBounded(bytes, MAX_SESSION_JSON_BYTES, 'the session');
  return sessionFromJson(strFromU8(json));
}
