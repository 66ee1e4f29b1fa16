import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDm } from '../../src/core/io/dm/index.ts';
import { FileFormatError } from '../../src/core/io/errors.ts';
import { openMovie } from '../../src/core/io/registry.ts';
import {
  dmImageFile,
  group,
  type Part,
  partsToBytes,
  pixelBytes,
  type TagNode,
  writeDmParts,
} from '../helpers/dm-writer.ts';
import { fixturePath } from '../helpers/paths.ts';

const blob = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);
async function failure(bytes: Uint8Array | Part[], name = 'bad.dm4'): Promise<FileFormatError> {
  const data = bytes instanceof Uint8Array ? bytes : partsToBytes(bytes);
  const error = await openDm(blob(data), name).catch((e) => e);
  expect(error).toBeInstanceOf(FileFormatError);
  expect(error.message).toContain(name);
  return error;
}
const small = (version: 3 | 4 = 4) =>
  dmImageFile({ dtype: 'uint8', dims: [2, 2], pixels: pixelBytes('uint8', [1, 2, 3, 4], true) }, version);

describe('bad DM input gives typed errors naming the file and the byte', () => {
  it('an empty file', async () => {
    expect((await failure(new Uint8Array(0))).kind).toBe('empty');
  });

  it('a file shorter than the header', async () => {
    const error = await failure(new Uint8Array([0, 0, 0, 4, 0, 0]));
    expect(error.kind).toBe('truncated');
  });

  it('a wrong magic / version', async () => {
    const bytes = partsToBytes(small());
    bytes.set([0x89, 0x50, 0x4e, 0x47], 0);
    const error = await failure(bytes);
    expect(error.kind).toBe('corrupt');
    expect(error.byteOffset).toBe(0);
  });

  it('an unknown newer version names the version found', async () => {
    const bytes = partsToBytes(small());
    bytes[3] = 5;
    const error = await failure(bytes, 'future.dm5');
    expect(error.kind).toBe('unsupported');
    expect(error.message).toMatch(/version 5 is not supported/);
    // Routed to the DM reader by content, so the user sees the version, not "unrecognised".
    const routed = await openMovie(blob(bytes), 'future.dm4').catch((e) => e);
    expect(routed.message).toMatch(/version 5/);
  });

  it('a bad byte-order flag', async () => {
    const bytes = partsToBytes(small(3));
    bytes[11] = 7;
    const error = await failure(bytes, 'order.dm3');
    expect([error.kind, error.byteOffset]).toEqual(['corrupt', 8]);
  });

  for (const version of [3, 4] as const) {
    for (const keep of [0.3, 0.6, 0.95]) {
      it(`a DM${version} file truncated to ${keep * 100}% fails cleanly`, async () => {
        const bytes = partsToBytes(
          dmImageFile({ dtype: 'uint16', dims: [64, 64, 2], pixels: new Uint8Array(64 * 64 * 4) }, version),
        );
        const error = await failure(bytes.subarray(0, Math.floor(bytes.length * keep)), `cut.dm${version}`);
        expect(error.kind).toBe('truncated');
        expect(error.byteOffset).toBeGreaterThan(0);
      });
    }
  }

  it('a real file cut short inside its tag tree', async () => {
    const bytes = readFileSync(fixturePath('rosettasciio/dm/test_STEM_image.dm3'));
    const error = await failure(new Uint8Array(bytes.subarray(0, 3000)), 'cut.dm3');
    expect(error.kind).toBe('truncated');
  });

  it('a DM4 tag whose size points past the end of the file', async () => {
    const bytes = partsToBytes(small());
    // First tag: type(1) + label length(2) + "ImageList"(9), then its 8-byte size at byte 16 + 2 + 8 + 12.
    const at = 16 + 2 + 8 + 12;
    new DataView(bytes.buffer).setBigUint64(at, 10n ** 15n, false);
    const error = await failure(bytes);
    expect(error.kind).toBe('truncated');
    expect(error.message).toMatch(/past the end/);
  });

  it('a group claiming 2^40 tags', async () => {
    const bytes = partsToBytes(small());
    new DataView(bytes.buffer).setBigUint64(18, 2n ** 40n, false);
    const error = await failure(bytes);
    expect([error.kind, error.byteOffset]).toEqual(['corrupt', 16]);
  });

  it('a header claiming 10^12 pixels against a small Data tag', async () => {
    const bytes = partsToBytes(small());
    const view = new DataView(bytes.buffer);
    // Patch both Dimensions values (uint32 2 → 1e6): find them after the "Dimensions" label of the image.
    const text = new TextDecoder('latin1').decode(bytes);
    const dimsAt = text.lastIndexOf('Dimensions');
    const twos = [] as number[];
    for (let i = dimsAt; i < bytes.length - 4 && twos.length < 2; i++) {
      if (view.getUint32(i, true) === 2 && view.getUint32(i - 4, false) === 5) twos.push(i);
    }
    for (const i of twos) view.setUint32(i, 1_000_000, true);
    const error = await failure(bytes);
    expect(error.kind).toBe('corrupt');
    expect(error.message).toMatch(/1000000 × 1000000.*claim 1000000000000 pixels/);
  });

  it('a Data tag claiming 10^12 elements runs past the end and allocates nothing', async () => {
    const parts = dmImageFile({ dtype: 'uint8', dims: [1_000_000, 1_000_000] });
    const error = await failure(parts.filter((p) => p instanceof Uint8Array));
    expect(error.kind).toBe('truncated');
  });

  it('groups nested 100 deep', async () => {
    let node: TagNode = group();
    for (let i = 0; i < 100; i++) node = group(['g', node]);
    const error = await failure(writeDmParts([['deep', node]]));
    expect(error.kind).toBe('corrupt');
    expect(error.message).toMatch(/deeper than 64/);
  });

  it('a file with no ImageList', async () => {
    const error = await failure(writeDmParts([['Other', group()]]));
    expect(error.message).toMatch(/no image/);
  });
});
