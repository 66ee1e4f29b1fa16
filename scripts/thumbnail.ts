// A gallery picture for each bundled example: the movie's first frame, contrast-stretched
// (0.5–99.5 % of its values), at most 240 px a side, as an 8-bit grey PNG written next to it.

import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { zlibSync } from 'fflate';
import { openFileBlob } from '../src/cli/file-blob.ts';
import { detectFormat, movieFormats } from '../src/core/io/registry.ts';
import type { FrameSource } from '../src/core/io/types.ts';

const SIDE = 240;

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  let crc = 0xffffffff;
  for (let i = 4; i < 8 + data.length; i++) crc = CRC[(crc ^ out[i]) & 0xff] ^ (crc >>> 8);
  view.setUint32(8 + data.length, (crc ^ 0xffffffff) >>> 0);
  return out;
}

function png(width: number, height: number, grey: Uint8Array): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const rows = new Uint8Array(height * (width + 1));
  for (let y = 0; y < height; y++) rows.set(grey.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const parts = [
    Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlibSync(rows)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export async function writeThumbnail(moviePath: string, pngPath: string): Promise<void> {
  const blob = openFileBlob(moviePath);
  const format = await detectFormat(blob, basename(moviePath), movieFormats);
  const source = (await format.open(blob, basename(moviePath))) as FrameSource;
  try {
    const frame = await source.getFrame(0);
    const sorted = Float64Array.from(frame.data).sort();
    const lo = sorted[Math.floor(sorted.length * 0.005)];
    const hi = sorted[Math.floor(sorted.length * 0.995)];
    const scale = Math.max(frame.width, frame.height) / SIDE;
    const w = Math.round(frame.width / Math.max(1, scale));
    const h = Math.round(frame.height / Math.max(1, scale));
    const grey = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const v =
          frame.data[Math.floor((y * frame.height) / h) * frame.width + Math.floor((x * frame.width) / w)];
        grey[y * w + x] = Math.max(0, Math.min(255, Math.round((255 * (v - lo)) / Math.max(hi - lo, 1e-12))));
      }
    }
    writeFileSync(pngPath, png(w, h, grey));
  } finally {
    source.close();
  }
}
