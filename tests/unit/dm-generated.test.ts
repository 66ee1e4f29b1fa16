import { describe, expect, it } from 'vitest';
import { dmFormat, openDm } from '../../src/core/io/dm/index.ts';
import { detectFormat } from '../../src/core/io/registry.ts';
import type { Dtype } from '../../src/core/io/types.ts';
import { dmImageFile, group, partsToBlob, partsToBytes, pixelBytes, str, tag } from '../helpers/dm-writer.ts';

const DTYPES: Dtype[] = ['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'float32', 'float64'];
/** Values that use each type's range (negative for signed types, fractions for floats). */
function valuesFor(dtype: Dtype, count: number): number[] {
  const span: Record<Dtype, (i: number) => number> = {
    int8: (i) => (i % 2 ? -128 + i : 127 - i),
    uint8: (i) => 255 - i,
    int16: (i) => (i % 2 ? -32768 + i : 32767 - i),
    uint16: (i) => 65535 - i,
    int32: (i) => (i % 2 ? -2147483648 + i : 2147483647 - i),
    uint32: (i) => 4294967295 - i,
    float32: (i) => -1.5 + i * 0.25,
    float64: (i) => Math.PI * (i - 3),
  };
  return Array.from({ length: count }, (_, i) => span[dtype](i));
}

describe('generated DM files: every dtype × 2-D/3-D × byte order × version', () => {
  for (const version of [3, 4] as const) {
    for (const littleEndian of [true, false]) {
      for (const dtype of DTYPES) {
        for (const dims of [
          [3, 2],
          [3, 2, 4],
        ]) {
          const label = `DM${version} ${littleEndian ? 'LE' : 'BE'} ${dtype} ${dims.join('×')}`;
          it(label, async () => {
            const count = dims.reduce((a, b) => a * b, 1);
            const values = valuesFor(dtype, count);
            const parts = dmImageFile(
              { dtype, dims, pixels: pixelBytes(dtype, values, littleEndian) },
              version,
              littleEndian,
            );
            const bytes = partsToBytes(parts);
            expect(dmFormat.sniff(bytes.subarray(0, 4096), 'x')).toBe(true);
            expect((await detectFormat(new Blob([bytes as Uint8Array<ArrayBuffer>]), 'x.bin')).id).toBe('dm');
            const s = await openDm(partsToBlob(parts), `${label}.dm${version}`);
            expect([s.width, s.height, s.frameCount, s.dtype]).toEqual([3, 2, dims[2] ?? 1, dtype]);
            const got: number[] = [];
            for (let i = 0; i < s.frameCount; i++) got.push(...(await s.getFrame(i)).data);
            const expected = dtype === 'float32' ? values.map((v) => Math.fround(v)) : values;
            expect(got).toEqual(expected);
          });
        }
      }
    }
  }

  it('reads calibrations, a time axis, plane times and metadata written in either byte order', async () => {
    for (const littleEndian of [true, false]) {
      const parts = dmImageFile(
        {
          dtype: 'uint16',
          dims: [4, 4, 3],
          pixels: pixelBytes(
            'uint16',
            Array.from({ length: 48 }, (_, i) => i),
            littleEndian,
          ),
          axes: [
            { scale: 0.5, origin: -2, units: 'nm' },
            { scale: 0.5, origin: 0, units: 'nm' },
            { scale: 0.25, origin: 0, units: 's' },
          ],
          imageTags: [
            [
              'DataBar',
              group(['Acquisition Date', str('2/3/2024')], ['Acquisition Time', str('1:02:03 AM')]),
            ],
            [
              'Microscope Info',
              group(['Voltage', tag('f64', 300000)], ['Indicated Magnification', tag('f64', 5e5)]),
            ],
          ],
        },
        4,
        littleEndian,
      );
      const s = await openDm(partsToBlob(parts), 'cal.dm4');
      expect(s.calibration).toMatchObject({ unit: 'nm', pixelSizeNm: 0.5, offsetX: 1, offsetY: 0 });
      expect(s.frameIntervalS).toBe(0.25);
      expect(s.metadata).toMatchObject({
        beamEnergyKeV: 300,
        magnification: 5e5,
        acquisitionStart: '2024-02-03T01:02:03',
      });
      expect(Array.from((await s.getFrame(2)).data).slice(0, 2)).toEqual([32, 33]);
    }
  });

  it('reads only the tags and one frame, never the whole file', async () => {
    const pixels = pixelBytes('uint16', new Array(256 * 256 * 8).fill(7), true);
    const s = await openDm(
      partsToBlob(dmImageFile({ dtype: 'uint16', dims: [256, 256, 8], pixels })),
      'lazy.dm4',
    );
    const opened = s.bytesRead;
    expect(opened).toBeLessThan(16 * 1024);
    await s.getFrame(7);
    expect(s.bytesRead - opened).toBe(256 * 256 * 2);
  });
});
