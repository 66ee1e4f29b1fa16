import type { MovieFormat } from '../types.ts';
import { isTiffMagic } from './ifd.ts';
import { openTiff } from './tiff-source.ts';

export { openTiff, TiffSource } from './tiff-source.ts';
export { type EncodeTiffOptions, encodeTiff, encodeTiffChunks, type TiffPage } from './write-tiff.ts';

/** TIFF and BigTIFF movies: multi-page stacks, ImageJ hyperstacks, DM/FEI/TVIPS exports. */
export const tiffFormat: MovieFormat = {
  id: 'tiff',
  label: 'TIFF',
  kind: 'movie',
  extensions: ['tif', 'tiff'],
  sniff: (head) => isTiffMagic(head),
  open: (blob, fileName, signal) => openTiff(blob, fileName, signal),
};
