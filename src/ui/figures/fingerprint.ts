const SAMPLE = 1024 * 1024;

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * SHA-256 identifying an input file in exports. Files up to 4 MiB (logs) are hashed whole; a
 * movie is fingerprinted by its size plus its first and last MiB, because hashing a 20 GB K2
 * recording would take minutes: the label says which one the header shows.
 */
export async function fileFingerprint(blob: Blob): Promise<string> {
  if (blob.size === 0) return 'empty';
  if (blob.size <= 4 * SAMPLE)
    return `sha256 ${hex(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()))}`;
  const parts = new Blob([String(blob.size), blob.slice(0, SAMPLE), blob.slice(blob.size - SAMPLE)]);
  return `sha256(size+first+last MiB) ${hex(await crypto.subtle.digest('SHA-256', await parts.arrayBuffer()))}`;
}
