import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileBlob } from '../../src/cli/file-blob.ts';
import { openDm } from '../../src/core/io/dm/index.ts';
import { writeDm4Stack, writeSparseBigDm4 } from '../helpers/dm-writer.ts';

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

describe('writeDm4Stack: a DM4 stack written frame by frame to disk', () => {
  it('reads back every frame, its size, dtype, calibration and frame interval', async () => {
    const path = join(dir, 'stream.dm4');
    const [width, height, frameCount] = [5, 3, 4];
    const pixel = (i: number, k: number) => 1000 * i + 7 * k + 1;
    const asked: number[] = [];
    const { size, dataOffset } = writeDm4Stack(path, {
      width,
      height,
      frameCount,
      dtype: 'uint16',
      pixelSizeNm: 0.25,
      frameIntervalS: 0.04,
      name: 'streamed',
      frame: (i) => {
        asked.push(i);
        return Uint16Array.from({ length: width * height }, (_, k) => pixel(i, k));
      },
    });
    expect(asked).toEqual([0, 1, 2, 3]);
    expect(size).toBeGreaterThan(dataOffset + frameCount * width * height * 2);
    const source = await openDm(openFileBlob(path), 'stream.dm4');
    expect([source.width, source.height, source.frameCount, source.dtype]).toEqual([5, 3, 4, 'uint16']);
    expect(source.calibration?.pixelSizeNm).toBeCloseTo(0.25, 6);
    // DM stores calibrations as float32.
    expect(source.frameIntervalS).toBe(Math.fround(0.04));
    expect(source.metadata.title).toBe('streamed');
    for (let i = 0; i < frameCount; i++) {
      const { data } = await source.getFrame(i);
      expect(Array.from(data)).toEqual(Array.from({ length: width * height }, (_, k) => pixel(i, k)));
    }
  });

  it('refuses a frame of the wrong size', () => {
    expect(() =>
      writeDm4Stack(join(dir, 'bad.dm4'), {
        width: 4,
        height: 4,
        frameCount: 2,
        dtype: 'uint16',
        frame: () => new Uint16Array(15),
      }),
    ).toThrow(/frame 0 has 30 bytes, expected 32/);
  });
});
