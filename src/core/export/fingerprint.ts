import { strToU8 } from 'fflate';

/** SHA-256 of some bytes, as the platform provides it (`crypto.subtle.digest` in browsers and Node). */
export type Sha256 = (bytes: Uint8Array<ArrayBuffer>) => Promise<ArrayBuffer>;

/** One sampled block: 64 KiB. */
const BLOCK = 64 * 1024;
/** Blocks spread through the file between the first and the last. */
const INNER_BLOCKS = 16;
/** Files up to this size are hashed whole (it costs no more than sampling them). */
const WHOLE_UP_TO = (INNER_BLOCKS + 2) * BLOCK;

/** The label a sampled fingerprint carries, so a reader knows it is not a hash of the whole file. */
export const SAMPLED_LABEL = `sha256(size+first+${INNER_BLOCKS} spread+last 64 KiB)`;

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return bytes;
}

/** Start offsets of the sampled blocks: the first, `INNER_BLOCKS` evenly spread, and the last. */
export function sampleOffsets(size: number): number[] {
  const last = size - BLOCK;
  const offsets = [0];
  for (let i = 1; i <= INNER_BLOCKS; i++) offsets.push(Math.floor((last * i) / (INNER_BLOCKS + 1)));
  offsets.push(last);
  return offsets;
}

/** The bytes a fingerprint covers: the whole file when small, else its size and the sampled blocks. */
async function sampledBytes(blob: Blob): Promise<Uint8Array[]> {
  if (blob.size <= WHOLE_UP_TO) return [new Uint8Array(await blob.arrayBuffer())];
  const blocks = await Promise.all(
    sampleOffsets(blob.size).map(
      async (at) => new Uint8Array(await blob.slice(at, at + BLOCK).arrayBuffer()),
    ),
  );
  // The size in decimal digits first: two files differing only in length never share a hash.
  return [ascii(String(blob.size)), ...blocks];
}

/**
 * SHA-256 identifying an input file, the same in the browser and the CLI: exports record it,
 * and sessions are keyed by it (autosave, session files, reviewer links). Files up to 1.1 MiB
 * are hashed whole; a larger one by its size, its first and last 64 KiB and 16 blocks of 64 KiB
 * spread evenly between (≈ 1.1 MiB read whatever the size: a 20 GB K2 recording is
 * fingerprinted in milliseconds). Two stacks from one camera with the same name, size and
 * frame count share their header but not their pixels, which the spread blocks sample.
 */
export async function fileFingerprint(blob: Blob, sha256: Sha256): Promise<string> {
  if (blob.size === 0) return 'empty';
  const whole = blob.size <= WHOLE_UP_TO;
  const digest = hex(await sha256(concat(await sampledBytes(blob))));
  return whole ? `sha256 ${digest}` : `${SAMPLED_LABEL} ${digest}`;
}

/**
 * The fingerprint of an in-situ recording (one DM file per frame): SHA-256 over every file's path
 * and size, and the fingerprints of the first, the last and 16 files spread between (a
 * recording may hold thousands of frames of tens of MB: ≈ 20 MiB read, not all of it).
 */
export async function recordingFingerprint(
  files: readonly { blob: Blob; path: string }[],
  sha256: Sha256,
): Promise<string> {
  const parts: Uint8Array[] = [ascii(`recording of ${files.length} files\n`)];
  for (const file of files) parts.push(strToU8(`${file.path} ${file.blob.size}\n`));
  const picked = new Set<number>();
  const n = files.length;
  for (let i = 0; i < INNER_BLOCKS + 2 && n > 0; i++)
    picked.add(Math.round(((n - 1) * i) / (INNER_BLOCKS + 1)));
  for (const i of [...picked].sort((a, b) => a - b))
    parts.push(ascii(`${await fileFingerprint(files[i].blob, sha256)}\n`));
  return `sha256(recording) ${hex(await sha256(concat(parts)))}`;
}
