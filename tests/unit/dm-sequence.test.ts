import { describe, expect, it } from 'vitest';
import { naturalCompare, openDmSequence } from '../../src/core/io/dm/sequence.ts';
import { FileFormatError } from '../../src/core/io/errors.ts';
import { dmImageFile, group, partsToBlob, pixelBytes, str, tag } from '../helpers/dm-writer.ts';

const FILETIME_2024 = 133_500_000_000_000_000; // 100 ns ticks since 1601, early 2024

/** One GMS-style per-frame file whose pixels all equal `value`. */
function frameFile(value: number, timeS?: number, size = 8) {
  const dataBar: [string, ReturnType<typeof tag>][] = [['Acquisition Date', str('1/2/2024')]];
  if (timeS !== undefined) dataBar.push(['Acquisition Time (OS)', tag('u64', FILETIME_2024 + timeS * 1e7)]);
  return partsToBlob(
    dmImageFile({
      dtype: 'uint16',
      dims: [size, size],
      pixels: pixelBytes('uint16', new Array(size * size).fill(value), true),
      axes: [
        { scale: 2, origin: 0, units: 'nm' },
        { scale: 2, origin: 0, units: 'nm' },
      ],
      imageTags: [['DataBar', group(...dataBar)]],
    }),
  );
}

/** Hour_00/Minute_00/Second_SS/rec_Frame_N.dm4, 4 frames a second, frame numbers 1..n. */
const pathOf = (n: number) =>
  `rec/Hour_00/Minute_00/Second_${String(Math.floor((n - 1) / 4)).padStart(2, '0')}/rec_Frame_${n}.dm4`;

describe('in-situ recordings: a folder tree of per-frame DM files as one movie', () => {
  it('natural order puts Frame_2 before Frame_10', () => {
    const names = ['a/Frame_10.dm4', 'a/Frame_2.dm4', 'a/Frame_1.dm4', 'b/Frame_0.dm4'];
    expect(names.sort(naturalCompare)).toEqual([
      'a/Frame_1.dm4',
      'a/Frame_2.dm4',
      'a/Frame_10.dm4',
      'b/Frame_0.dm4',
    ]);
  });

  it('without recorded times, orders by tree and natural name order', async () => {
    const files = [12, 3, 10, 1, 2, 11, 4, 5, 6, 7, 8, 9].map((n) => ({
      blob: frameFile(n),
      path: pathOf(n),
    }));
    files.push({ blob: new Blob(['notes']), path: 'rec/notes.txt' });
    const source = await openDmSequence(files);
    expect([source.width, source.height, source.frameCount, source.dtype]).toEqual([8, 8, 12, 'uint16']);
    const firsts = [];
    for (let i = 0; i < 12; i++) firsts.push((await source.getFrame(i)).data[0]);
    expect(firsts).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(source.frameTimesS).toBeUndefined();
    expect(source.metadata).toMatchObject({ sequenceFiles: 12, order: 'file name' });
    expect(source.calibration?.pixelSizeNm).toBe(2);
    expect(source.name).toBe('rec/ (12 files)');
  });

  it('with recorded times, orders by time and reports frame times; reuses the first layout cheaply', async () => {
    // Recorded times disagree with the names on purpose: time wins.
    const times = [0.5, 0, 0.25, 1, 0.75];
    const files = times.map((t, i) => ({ blob: frameFile(100 + Math.round(t * 4), t), path: pathOf(i + 1) }));
    const source = await openDmSequence(files);
    const values = [];
    for (let i = 0; i < files.length; i++) values.push((await source.getFrame(i)).data[0]);
    expect(values).toEqual([100, 101, 102, 103, 104]);
    expect(source.frameTimesS?.map((t) => Math.round(t * 1000) / 1000)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(source.metadata.order).toBe('recorded time');
    const frameBytes = 8 * 8 * 2 * files.length;
    // Tags of the first file, then about a hundred bytes per further file.
    expect(source.bytesRead - frameBytes).toBeLessThan(30_000 + 200 * (files.length - 1));
  });

  it('refuses a file whose frame size differs, naming it', async () => {
    const files = [1, 2, 3].map((n) => ({
      blob: frameFile(n, undefined, n === 3 ? 16 : 8),
      path: pathOf(n),
    }));
    const error = await openDmSequence(files).catch((e) => e);
    expect(error).toBeInstanceOf(FileFormatError);
    expect(error.message).toContain('rec_Frame_3.dm4');
    expect(error.message).toMatch(/16 × 16 uint16 but .* 8 × 8 uint16/);
  });

  it('a selection without DM files is an error', async () => {
    const error = await openDmSequence([{ blob: new Blob(['x']), path: 'a.txt' }]).catch((e) => e);
    expect(error).toBeInstanceOf(FileFormatError);
  });
});
