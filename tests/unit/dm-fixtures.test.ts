import { describe, expect, it } from 'vitest';
import { openDm } from '../../src/core/io/dm/index.ts';
import { FileFormatError } from '../../src/core/io/errors.ts';
import type { FrameSource, PixelArray } from '../../src/core/io/types.ts';
import { fixtureBlob } from '../helpers/paths.ts';

// Reference values: ../shared/fixtures/SOURCES.md sections 1–3 and 6 ("asserted" come from the
// origin projects' tests: RosettaSciIO, ncempy, SciFiReaders; "computed" from an independent parser).

const open = async (relative: string) => openDm(await fixtureBlob(relative), relative);
const sum = (data: PixelArray) => {
  let total = 0;
  for (let i = 0; i < data.length; i++) total += data[i];
  return total;
};
const max = (data: PixelArray) => {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < data.length; i++) m = Math.max(m, data[i]);
  return m;
};
async function totalSum(source: FrameSource): Promise<number> {
  let total = 0;
  for (let i = 0; i < source.frameCount; i++) total += sum((await source.getFrame(i)).data);
  return total;
}

const DTYPES: Record<number, string> = {
  1: 'int16',
  2: 'float32',
  6: 'uint8',
  7: 'int32',
  9: 'int8',
  10: 'uint16',
  11: 'uint32',
  12: 'float64',
  14: 'uint8',
};

describe('DM dtype matrix (RosettaSciIO 2D/ and 3D/, written by DigitalMicrograph)', () => {
  for (const dim of ['2D', '3D'] as const) {
    for (const ext of ['dm3', 'dm4']) {
      for (const [key, dtype] of Object.entries(DTYPES)) {
        it(`${dim}/test-${key}.${ext} is ${dtype}, thumbnail skipped, values ${key === '14' ? 'all 1 (bool)' : '1…'}`, async () => {
          const source = await open(`rosettasciio/dm/${dim}/test-${key}.${ext}`);
          expect([source.width, source.height, source.frameCount, source.dtype]).toEqual([
            2,
            2,
            dim === '2D' ? 1 : 2,
            dtype,
          ]);
          expect(source.metadata.dmVersion).toBe(ext === 'dm3' ? 3 : 4);
          for (let z = 0; z < source.frameCount; z++) {
            const expected = key === '14' ? [1, 1, 1, 1] : [1, 2, 3, 4].map((v) => v + 4 * z);
            expect(Array.from((await source.getFrame(z)).data)).toEqual(expected);
          }
        });
      }
      for (const [key, what] of [
        ['3', 'complex64'],
        ['13', 'complex128'],
        ['23', 'RGBA'],
      ]) {
        it(`${dim}/test-${key}.${ext} (${what}) is refused with a clear message`, async () => {
          const error = await open(`rosettasciio/dm/${dim}/test-${key}.${ext}`).catch((e) => e);
          expect(error).toBeInstanceOf(FileFormatError);
          expect(error.kind).toBe('unsupported');
          expect(error.message).toContain(what);
          expect(error.message).toContain(`test-${key}.${ext}`);
        });
      }
    }
  }
});

describe('real DM acquisitions (RosettaSciIO)', () => {
  it('multi_signal.dm3: the 512×512 HAADF image, not the plot or thumbnail', async () => {
    const s = await open('rosettasciio/dm/multi_signal.dm3');
    expect([s.width, s.height, s.frameCount, s.dtype]).toEqual([512, 512, 1, 'uint16']);
    const frame = await s.getFrame(0);
    expect(sum(frame.data)).toBe(949490255);
    expect(frame.data[0]).toBe(195);
    expect(max(frame.data)).toBe(9739);
    expect(s.calibration?.unit).toBe('nm');
    expect(s.calibration?.pixelSizeNm).toBeCloseTo(0.0177516, 6);
    expect(s.metadata).toMatchObject({
      title: 'HAADF',
      microscope: 'Example Microscope',
      beamEnergyKeV: 300,
    });
    expect(s.metadata.magnification).toBe(1e7);
    expect(s.metadata.acquisitionStart).toBe('2019-12-10T15:32:41');
    expect(s.metadata.imageInFile).toBe('2 of 3');
  });

  it('test_STEM_image.dm3: uint32 68×68, nm, negative origins, FEI Titan', async () => {
    const s = await open('rosettasciio/dm/test_STEM_image.dm3');
    expect([s.width, s.height, s.dtype]).toEqual([68, 68, 'uint32']);
    expect(s.calibration?.pixelSizeNm).toBeCloseTo(0.248538, 5);
    expect(s.calibration?.offsetX).toBeCloseTo(207 * 0.248538, 3);
    expect(s.calibration?.offsetY).toBeCloseTo(171 * 0.248538, 3);
    expect(await totalSum(s)).toBe(150998555);
    expect((await s.getFrame(0)).data[0]).toBe(33121);
    expect(s.metadata).toMatchObject({ microscope: 'FEI Titan', beamEnergyKeV: 200, magnification: 225000 });
    expect(s.metadata.acquisitionStart).toBe('2016-08-08T16:26:37');
  });

  it('test_diffraction_pattern.dm3: int32, reciprocal units have no nm size', async () => {
    const s = await open('rosettasciio/dm/test_diffraction_pattern.dm3');
    expect([s.width, s.height, s.dtype]).toEqual([87, 87, 'int32']);
    expect(s.calibration?.unit).toBe('1/nm');
    expect(s.calibration?.pixelSizeX).toBeCloseTo(0.1744329, 6);
    expect(s.calibration?.pixelSizeNm).toBeUndefined();
    expect(await totalSum(s)).toBe(9459771);
    expect((await s.getFrame(0)).data[0]).toBe(834);
    expect(s.metadata).toMatchObject({ microscope: 'FEI Tecnai', beamEnergyKeV: 200, exposureS: 0.2 });
    expect(s.metadata.acquisitionStart).toBe('2014-07-09T18:56:37');
  });

  it('test_dm_image_um_unit.dm3: µm calibration with offsets, US date and 12-hour time', async () => {
    const s = await open('rosettasciio/dm/test_dm_image_um_unit.dm3');
    expect([s.width, s.height, s.dtype]).toEqual([68, 68, 'int32']);
    expect(s.calibration?.unit).toBe('µm');
    expect(s.calibration?.pixelSizeX).toBeCloseTo(0.16867, 5);
    expect(s.calibration?.pixelSizeNm).toBeCloseTo(168.67469, 4);
    expect(s.calibration?.offsetX).toBeCloseTo(139.66264, 4);
    expect(s.calibration?.offsetY).toBeCloseTo(128.19276, 4);
    const frame = await s.getFrame(0);
    expect(sum(frame.data)).toBe(15422830);
    expect([-max(frame.data.map((v) => -v)), max(frame.data), frame.data[0]]).toEqual([2866, 3774, 3465]);
    expect(s.metadata).toMatchObject({
      microscope: 'FEI Tecnai',
      beamEnergyKeV: 200,
      magnification: 51,
      exposureS: 0.5,
    });
    expect(s.metadata.title).toBe('test_dm_image_um_unit');
    expect(s.metadata.acquisitionStart).toBe('2015-07-20T18:48:25');
    const tags = s.originalMetadata.ImageList as Record<string, unknown>[];
    expect((tags[1].ImageTags as { DataBar: Record<string, unknown> }).DataBar['Acquisition Date']).toBe(
      '7/20/2015',
    );
  });

  it('test_stackbuilder_imagestack.dm3: 3 frames of 16×2 uint32 with per-frame times', async () => {
    const s = await open('rosettasciio/dm/test_stackbuilder_imagestack.dm3');
    expect([s.width, s.height, s.frameCount, s.dtype]).toEqual([16, 2, 3, 'uint32']);
    const sums = [];
    for (let i = 0; i < 3; i++) sums.push(sum((await s.getFrame(i)).data));
    expect(sums).toEqual([19414405, 19603178, 19559156]);
    expect((await s.getFrame(0)).data[0]).toBe(606491);
    expect(s.calibration?.unit).toBe('µm');
    expect(s.calibration?.pixelSizeX).toBeCloseTo(0.0599829, 6);
    expect(s.frameIntervalS).toBeUndefined();
    // "added @ tick" is the OS millisecond counter; "added @ time" says 17:00:27, :29, :32.
    expect(s.frameTimesS).toEqual([0, 2.137, 4.275]);
    expect(s.metadata).toMatchObject({
      microscope: 'JEM-ARM200F',
      beamEnergyKeV: 200,
      magnification: 200000,
    });
    expect(s.metadata.title).toBe('stackbuilder_test4_16x2');
    expect(s.metadata.acquisitionStart).toBe('2015-05-17T17:00:16');
  });

  it('EELS_SI.dm4: a spectrum image opens with its 2048 energy channels as frames', async () => {
    const s = await open('rosettasciio/dm/EELS_SI.dm4');
    expect([s.width, s.height, s.frameCount, s.dtype]).toEqual([2, 2, 2048, 'float32']);
    expect(s.calibration?.pixelSizeX).toBeCloseTo(0.0019921, 6);
    expect(s.calibration?.unit).toBe('µm');
    expect(s.metadata).toMatchObject({ frameAxisUnit: 'eV', frameAxisScale: 1, frameAxisOrigin: -300 });
    expect(s.frameIntervalS).toBeUndefined();
    expect(await totalSum(s)).toBeCloseTo(7169069.07, 0);
  });

  for (const [loc, time] of [
    ['DE', '20:54:33'],
    ['FR', '20:55:20'],
    ['MX', '20:55:59'],
    ['UK', '20:52:30'],
  ]) {
    it(`Fei_HAADF-${loc}_location.dm3: the ${loc} locale date and time`, async () => {
      const s = await open(`rosettasciio/dm/Fei_HAADF-${loc}_location.dm3`);
      expect([s.width, s.height, s.dtype]).toEqual([16, 4, 'uint16']);
      expect(s.calibration?.pixelSizeX).toBeCloseTo(0.0055061, 6);
      expect(s.metadata.acquisitionStart).toBe(`2016-08-27T${time}`);
    });
  }
});

describe('ncempy DM3/DM4 pairs', () => {
  for (const ext of ['dm3', 'dm4']) {
    it(`dmTest_3D_int16_64-65-66.${ext}: 66 frames of 64×65, data[z,y,x] = x, pm × nm × um`, async () => {
      const s = await open(`openncem/dmTest_3D_int16_64-65-66.${ext}`);
      expect([s.width, s.height, s.frameCount, s.dtype]).toEqual([64, 65, 66, 'int16']);
      expect(await totalSum(s)).toBe(8648640);
      const last = await s.getFrame(65);
      expect([last.data[0], last.data[63], last.data[64 * 64 + 5]]).toEqual([0, 63, 5]);
      // x 2 pm, y 3 nm: the y size is expressed in x's unit.
      expect(s.calibration).toMatchObject({
        unit: 'pm',
        pixelSizeX: 2,
        pixelSizeY: 3000,
        offsetX: 0,
        offsetY: 0,
      });
      expect(s.calibration?.pixelSizeNm).toBeCloseTo(0.002, 9);
      expect(s.calibration?.pixelSizeYNm).toBeCloseTo(3, 9);
      expect(s.metadata).toMatchObject({ frameAxisUnit: 'um', frameAxisScale: 4 });
    });

    it(`dmTest_float32_nonSquare_diffPixelSize.${ext}: 128×64, x 1 nm, y 2 Å`, async () => {
      const s = await open(`openncem/dmTest_float32_nonSquare_diffPixelSize.${ext}`);
      expect([s.width, s.height, s.frameCount, s.dtype]).toEqual([128, 64, 1, 'float32']);
      const frame = await s.getFrame(0);
      expect(sum(frame.data)).toBe(520192);
      expect([frame.data[0], frame.data[127], frame.data[128 * 63 + 7]]).toEqual([0, 127, 7]);
      expect(s.calibration?.unit).toBe('nm');
      expect(s.calibration?.pixelSizeNm).toBeCloseTo(1, 9);
      expect(s.calibration?.pixelSizeYNm).toBeCloseTo(0.2, 7);
    });
  }

  it('08_carbon.dm3: a 1-D EELS spectrum opens as one 2048-pixel row, origin −2400 × 0.1 eV', async () => {
    const s = await open('openncem/08_carbon.dm3');
    expect([s.width, s.height, s.frameCount, s.dtype]).toEqual([2048, 1, 1, 'float32']);
    expect(Math.trunc((await s.getFrame(0)).data[0])).toBe(21281);
    expect(s.calibration?.unit).toBe('eV');
    expect(Math.round(s.calibration?.offsetX ?? 0)).toBe(240);
    expect((s.calibration?.offsetX ?? 0) + 2047 * (s.calibration?.pixelSizeX ?? 0)).toBeCloseTo(444.7, 1);
    expect(s.metadata.device).toBe('EF-CCD');
  });
});

describe('SciFiDatasets DM files', () => {
  it('DMReader_Image_SI-Survey.dm3: uint32 512×512 without calibration', async () => {
    const s = await open('scifidatasets/DMReader_Image_SI-Survey.dm3');
    expect([s.width, s.height, s.dtype]).toEqual([512, 512, 'uint32']);
    expect(s.calibration).toBeUndefined();
    const frame = await s.getFrame(0);
    expect(frame.data[200 * 512 + 3]).toBe(2940122);
    expect(frame.data[0]).toBe(2884032);
    expect(sum(frame.data)).toBe(766802786491);
    expect(s.metadata).toMatchObject({ dmVersion: 3, title: '06-SI Survey Image' });
  });

  it('DMReader_SpectrumImage_SI-EELS.dm3: 1024 energy frames of 6×49', async () => {
    const s = await open('scifidatasets/DMReader_SpectrumImage_SI-EELS.dm3');
    expect([s.width, s.height, s.frameCount, s.dtype]).toEqual([6, 49, 1024, 'float32']);
    expect((await s.getFrame(200)).data[3 * 6 + 0]).toBe(2304);
    const { frameAxisScale: scale, frameAxisOrigin: origin } = s.metadata as {
      frameAxisScale: number;
      frameAxisOrigin: number;
    };
    expect((200 - origin) * scale).toBe(450);
    expect(s.metadata).toMatchObject({ exposureS: 0.2, title: '06-EELS Spectrum Image' });
  });

  for (const [ext, title] of [
    ['dm3', '01-EELS Acquire_STO'],
    ['dm4', 'EELS_STO'],
  ]) {
    it(`DMReader_EELS_STO.${ext}: the same spectrum in DM${ext[2]}`, async () => {
      const s = await open(`scifidatasets/DMReader_EELS_STO.${ext}`);
      expect([s.width, s.height, s.frameCount, s.dtype]).toEqual([2048, 1, 1, 'float32']);
      const frame = await s.getFrame(0);
      expect(frame.data[200]).toBe(135727);
      expect(sum(frame.data)).toBe(162759720);
      expect((s.calibration?.offsetX ?? 0) + 200 * (s.calibration?.pixelSizeX ?? 0)).toBe(400);
      expect(s.metadata).toMatchObject({ exposureS: 2, title, dmVersion: Number(ext[2]) });
    });
  }
});
