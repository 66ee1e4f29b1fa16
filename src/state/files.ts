import type { SequenceFile } from '../core/io/dm/sequence.ts';

/**
 * Files the user dropped, by id. Kept out of the store because a File is a handle, not data:
 * the store refers to it by id, and a restored session asks the user to drop the file again.
 * A movie is one file, or an in-situ recording of many per-frame DM files: there is no single
 * Blob for a recording, so it is registered (and read back) as its files.
 */
type Registered = { kind: 'file'; blob: Blob } | { kind: 'recording'; files: readonly SequenceFile[] };

const registry = new Map<string, Registered>();
let counter = 0;

function register(entry: Registered, name: string): string {
  const id = `${++counter}:${name}`;
  registry.set(id, entry);
  return id;
}

export function registerFile(file: Blob, name: string): string {
  return register({ kind: 'file', blob: file }, name);
}

/** An in-situ recording (a dropped folder of per-frame DM files), under its display name. */
export function registerRecording(files: readonly SequenceFile[], name: string): string {
  return register({ kind: 'recording', files }, name);
}

/** The file registered under `id`; undefined for a recording (see `getRecording`) or an unknown id. */
export function getFile(id: string): Blob | undefined {
  const entry = registry.get(id);
  return entry?.kind === 'file' ? entry.blob : undefined;
}

/** The files of the recording registered under `id`; undefined for a single file or an unknown id. */
export function getRecording(id: string): readonly SequenceFile[] | undefined {
  const entry = registry.get(id);
  return entry?.kind === 'recording' ? entry.files : undefined;
}

export function forgetFile(id: string): void {
  registry.delete(id);
}
