// The one video sniffer (core/io/video) and the formats both platforms build on it (the browser's
// formats are built by the same `createVideoFormats`; they are exercised in tests/e2e/video.spec.ts).

import { describe, expect, it } from 'vitest';
import { nodeVideoFormats } from '../../src/cli/video/formats.ts';
import { detectFormat } from '../../src/core/io/registry.ts';
import type { MovieFormat } from '../../src/core/io/types.ts';
import { createVideoFormats } from '../../src/core/io/video/formats.ts';
import { sniffVideoContainer } from '../../src/core/io/video/sniff.ts';

/** Bytes from ASCII text and byte values, padded with zeros to `length` (a sniff reads ≥ 512). */
function head(parts: (string | number[])[], length = 512): Uint8Array {
  const bytes: number[] = [];
  for (const part of parts) {
    if (typeof part === 'string') for (const c of part) bytes.push(c.charCodeAt(0));
    else bytes.push(...part);
  }
  const out = new Uint8Array(Math.max(length, bytes.length));
  out.set(bytes);
  return out;
}

const BOX_SIZE = [0, 0, 0, 0x20];
const EBML = [0x1a, 0x45, 0xdf, 0xa3];
const RIFF_SIZE = [0x24, 0x10, 0, 0];

/** The first bytes of each container as real muxers write them. */
const VIDEOS: [string, Uint8Array, string][] = [
  ['MP4 (isom)', head([BOX_SIZE, 'ftypisom', [0, 0, 2, 0], 'isomiso2avc1mp41']), 'iso-media'],
  ['MOV (qt)', head([[0, 0, 0, 0x14], 'ftypqt  ', [0, 0, 2, 0], 'qt  ']), 'iso-media'],
  ['M4V', head([BOX_SIZE, 'ftypM4V ', [0, 0, 0, 1]]), 'iso-media'],
  ['3GP', head([BOX_SIZE, 'ftyp3gp4', [0, 0, 2, 0]]), 'iso-media'],
  ['WebM', head([EBML, [0x9f, 0x42, 0x86, 0x81, 0x01], [0x42, 0x82, 0x84], 'webm']), 'matroska'],
  ['MKV', head([EBML, [0xa3, 0x42, 0x86, 0x81, 0x01], [0x42, 0x82, 0x88], 'matroska']), 'matroska'],
  ['AVI', head(['RIFF', RIFF_SIZE, 'AVI LIST']), 'avi'],
];

/** QuickTime files written before `ftyp` existed start with one of these top-level boxes. */
const PRE_FTYP = ['moov', 'mdat', 'wide', 'free', 'skip'];

describe('sniffVideoContainer', () => {
  it.each(VIDEOS)('%s: recognised by its magic bytes, whatever the name', (_, bytes, container) => {
    for (const name of ['clip.mp4', 'clip.webm', 'clip.avi', 'renamed.bin', 'no-extension']) {
      expect(sniffVideoContainer(bytes, name)).toBe(container);
    }
  });

  it.each(PRE_FTYP)('a QuickTime file opening with %s is a video when its name says so', (box) => {
    const bytes = head([[0, 0, 0, 8], box]);
    for (const name of ['old.mov', 'OLD.MOV', 'old.mp4', 'old.m4v', 'old.3gp']) {
      expect(sniffVideoContainer(bytes, name)).toBe('iso-media');
    }
    for (const name of ['notes.txt', 'old.bin', 'old'])
      expect(sniffVideoContainer(bytes, name)).toBeUndefined();
  });

  it('a head cut short before the magic ends is not a video', () => {
    for (const [, bytes] of VIDEOS) {
      const magicEnd = bytes[0] === EBML[0] ? 4 : 12;
      for (let length = 0; length < magicEnd; length++) {
        expect(sniffVideoContainer(bytes.subarray(0, length), 'clip.mp4')).toBeUndefined();
      }
      expect(sniffVideoContainer(bytes.subarray(0, magicEnd), 'clip.mp4')).toBeDefined();
    }
    expect(sniffVideoContainer(head([[0, 0, 0, 8], 'moov'], 8), 'old.mov')).toBeUndefined();
  });

  it('other files are not videos', () => {
    const others: [string, Uint8Array][] = [
      ['movie.tif', head(['II*', [0, 8, 0, 0, 0]])],
      ['movie.tif', head(['MM', [0, 42, 0, 0, 0, 8]])],
      ['image.dm4', head([[0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 1, 1, 0]])],
      ['picture.png', head([[0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'])],
      ['sound.wav', head(['RIFF', RIFF_SIZE, 'WAVEfmt '])],
      ['log.csv', head(['Time (s),Voltage (V),Current (A)\n0,0.1,1e-9\n'])],
      ['notes.txt', head(['The wide field of view; free of drift.\n'])],
      ['empty.mp4', new Uint8Array(0)],
      ['zeros.mp4', new Uint8Array(512)],
    ];
    for (const [name, bytes] of others) expect(sniffVideoContainer(bytes, name), name).toBeUndefined();
  });
});

describe('video formats built on the sniffer', () => {
  const claims = (formats: MovieFormat[], bytes: Uint8Array, name: string) =>
    formats.filter((format) => format.sniff(bytes, name)).map((format) => format.id.replace(/-ffmpeg$/, ''));

  it('every platform claims exactly the files the sniffer names, once', () => {
    const browserLike = createVideoFormats(() => Promise.reject(new Error('unused')));
    const heads: [Uint8Array, string][] = [
      ...VIDEOS.map(([, bytes]): [Uint8Array, string] => [bytes, 'x.bin']),
      ...PRE_FTYP.flatMap((box): [Uint8Array, string][] => [
        [head([[0, 0, 0, 8], box]), 'old.mov'],
        [head([[0, 0, 0, 8], box]), 'old.txt'],
      ]),
      [head(['RIFF', RIFF_SIZE, 'WAVEfmt ']), 'x.avi'],
    ];
    const ids = { 'iso-media': ['mp4'], matroska: ['webm'], avi: ['avi'] };
    for (const [bytes, name] of heads) {
      const container = sniffVideoContainer(bytes, name);
      const expected = container ? ids[container] : [];
      expect(claims(browserLike, bytes, name)).toEqual(expected);
      expect(claims(nodeVideoFormats, bytes, name)).toEqual(expected);
    }
  });

  it('ids name the decoder where the platform asks, and open passes the container and the id', async () => {
    expect(nodeVideoFormats.map((f) => f.id)).toEqual(['mp4-ffmpeg', 'webm-ffmpeg', 'avi-ffmpeg']);
    const opened: string[] = [];
    const formats = createVideoFormats(async ({ container, formatId }, _blob, fileName) => {
      opened.push(`${container} ${formatId} ${fileName}`);
      throw new Error('not decoded in this test');
    }, '-test');
    for (const [label, bytes] of VIDEOS.slice(0, 1).concat(VIDEOS.slice(4))) {
      const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
      const format = await detectFormat(blob, `${label}.bin`, formats);
      await expect(format.open(blob, `${label}.bin`)).rejects.toThrow('not decoded');
    }
    expect(opened).toEqual([
      'iso-media mp4-test MP4 (isom).bin',
      'matroska webm-test WebM.bin',
      'matroska webm-test MKV.bin',
      'avi avi-test AVI.bin',
    ]);
  });
});
