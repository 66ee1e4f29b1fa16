/**
 * A small seeded byte mutator for the readers' fuzz test: each mutant is reproducible from its
 * seed, and its recipe says in words what was changed. Generic mutations (bit flips, interesting
 * values, truncation) are mixed with TIFF-aware ones (a directory entry's field type, count or
 * value) because a TIFF's few critical bytes are rarely hit by chance.
 */

/** mulberry32: a tiny, fast PRNG with a 32-bit state, plenty for picking mutations. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Mutant {
  bytes: Uint8Array;
  recipe: string[];
}

const INTERESTING_32 = [0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff];
/** TIFF field types worth trying: RATIONAL, FLOAT, DOUBLE, ASCII, SRATIONAL, unknown (0, 99). */
const ODD_FIELD_TYPES = [0, 2, 5, 10, 11, 12, 16, 99];

/** Byte positions of every entry of a classic TIFF's first directory (empty when not found). */
function tiffEntries(bytes: Uint8Array): { at: number; le: boolean }[] {
  if (bytes.length < 8) return [];
  const le = bytes[0] === 0x49;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint16(2, le) !== 42) return [];
  const ifd = dv.getUint32(4, le);
  if (ifd + 2 > bytes.length) return [];
  const count = dv.getUint16(ifd, le);
  const out: { at: number; le: boolean }[] = [];
  for (let i = 0; i < count && ifd + 2 + (i + 1) * 12 <= bytes.length; i++)
    out.push({ at: ifd + 2 + i * 12, le });
  return out;
}

/** Applies 1–3 seeded mutations to a copy of `seed`. */
export function mutate(seed: Uint8Array, seedNumber: number): Mutant {
  const random = prng(seedNumber);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const position = (n: number, room = 1) => Math.floor(random() * Math.max(1, n - room + 1));
  let bytes = seed.slice();
  const recipe: string[] = [];
  const rounds = 1 + Math.floor(random() * 3);
  for (let k = 0; k < rounds; k++) {
    const dv = new DataView(bytes.buffer);
    const entries = tiffEntries(bytes);
    const kind = random();
    if (kind < 0.3 && entries.length > 0) {
      const { at, le } = pick(entries);
      const field = pick(['type', 'count', 'value'] as const);
      if (field === 'type') {
        const type = pick(ODD_FIELD_TYPES);
        dv.setUint16(at + 2, type, le);
        recipe.push(`tag ${dv.getUint16(at, le)}: field type → ${type}`);
      } else {
        const value = pick(INTERESTING_32);
        dv.setUint32(at + (field === 'count' ? 4 : 8), value, le);
        recipe.push(`tag ${dv.getUint16(at, le)}: ${field} → ${value}`);
      }
    } else if (kind < 0.55) {
      const at = position(bytes.length, 4);
      const value = pick(INTERESTING_32);
      dv.setUint32(at, value, random() < 0.5);
      recipe.push(`uint32 at ${at} → ${value}`);
    } else if (kind < 0.85) {
      const flips = 1 + Math.floor(random() * 8);
      for (let i = 0; i < flips; i++) {
        const at = position(bytes.length);
        bytes[at] ^= 1 << Math.floor(random() * 8);
      }
      recipe.push(`${flips} bit flip(s)`);
    } else {
      const length = Math.floor(random() * bytes.length);
      bytes = bytes.slice(0, length);
      recipe.push(`truncated to ${length} bytes`);
    }
  }
  return { bytes, recipe };
}
