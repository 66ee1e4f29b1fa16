const SAMPLE = 1024 * 1024;

/** SHA-256 of some bytes, as the platform provides it (`crypto.subtle.digest` in browsers and Node). */
export type Sha256 = (bytes: Uint8Array<ArrayBuffer>) => Promise<ArrayBuffer>;

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * SHA-256 identifying an input file in exports, the same in the browser and the CLI. Files up
 * to 4 MiB (logs) are hashed whole; a movie is fingerprinted by its size plus its first and last
 * MiB, because hashing a 20 GB K2 recording would take minutes: the label says which one it is.
 */
export async function fileFingerprint(blob: Blob, sha256: Sha256): Promise<string> {
  if (blob.size === 0) return 'empty';
  if (blob.size <= 4 * SAMPLE) return `sha256 ${hex(await sha256(new Uint8Array(await blob.arrayBuffer())))}`;
  const parts = [
    // The size in decimal digits: ASCII, so one byte per character.
    Uint8Array.from(String(blob.size), (c) => c.charCodeAt(0)),
    new Uint8Array(await blob.slice(0, SAMPLE).arrayBuffer()),
    new Uint8Array(await blob.slice(blob.size - SAMPLE).arrayBuffer()),
  ];
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return `sha256(size+first+last MiB) ${hex(await sha256(bytes))}`;
}
