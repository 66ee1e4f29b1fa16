import type { MovieFormat } from '../types.ts';
import { openDm } from './dm-source.ts';

export { DmSource, inspectDm, openDm } from './dm-source.ts';
export { openDmSequence, type SequenceFile } from './sequence.ts';

/**
 * True for a DM header: a big-endian version, then (DM3) a 4-byte or (DM4) an 8-byte size, then a
 * byte-order flag of 0 or 1 and the root group's sorted/open flags (0 or 1). Versions other than
 * 3 and 4 are claimed too, so that opening them says which version was found.
 */
export function isDmHeader(head: Uint8Array): boolean {
  if (head.length < 18) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const version = view.getUint32(0, false);
  if (version < 1 || version > 15) return false;
  const flagsAt = (order: number) =>
    view.getUint32(order, false) <= 1 && head[order + 4] <= 1 && head[order + 5] <= 1;
  if (version === 3) return flagsAt(8);
  if (version === 4) return flagsAt(12);
  return flagsAt(8) || flagsAt(12);
}

/** Gatan DigitalMicrograph images, stacks and spectra (DM3 with 32-bit, DM4 with 64-bit offsets). */
export const dmFormat: MovieFormat = {
  id: 'dm',
  label: 'Gatan DM3/DM4',
  kind: 'movie',
  extensions: ['dm3', 'dm4'],
  sniff: (head) => isDmHeader(head),
  open: (blob, fileName, signal) => openDm(blob, fileName, signal),
};
