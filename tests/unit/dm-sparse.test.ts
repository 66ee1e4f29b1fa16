import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileBlob } from '../../src/cli/file-blob.ts';
import { openDm } from '../../src/core/io/dm/index.ts';
import { writeSparseBigDm4 } from '../helpers/dm-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'operando-dm-sparse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a DM4 stack larger than 4 GiB (sparse file: tags real, pixels holes)', () => {
  it('opens by reading a few KB and decodes its first and last frame', async () => {
    const path = join(dir, 'big.dm4');
    const { size, frameBytes } = writeSparseBigDm4(path);
    expect(size).toBeGreaterThan(4 * 2 ** 30);
    const source = await openDm(openFileBlob(path), 'big.dm4');
    expect([source.width, source.height, source.frameCount, source.dtype]).toEqual([
      4096,
      4096,
      140,
      'uint16',
    ]);
    expect(source.bytesRead).toBeLessThan(64 * 1024);
    // The tags after the pixel data (ImageTags, Name) sit past 4 GiB: 64-bit offsets were followed.
    expect(source.metadata.title).toBe('sparse K2 stack');
    expect(source.metadata.beamEnergyKeV).toBe(300);
    expect(source.frameIntervalS).toBeCloseTo(0.0025, 9);
    expect(source.calibration?.pixelSizeNm).toBeCloseTo(0.1, 6);
    const first = await source.getFrame(0);
    const last = await source.getFrame(139);
    expect([first.data[0], first.data[1], last.data[0], last.data[last.data.length - 1]]).toEqual([
      1234, 0, 4321, 0,
    ]);
    expect(source.bytesRead).toBeLessThan(64 * 1024 + 2 * frameBytes);
    rmSync(path);
  }, 60_000);
});
