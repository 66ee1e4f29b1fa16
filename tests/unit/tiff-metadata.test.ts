import { describe, expect, it } from 'vitest';
import {
  calibrationFromNm,
  makeCalibration,
  normaliseUnit,
  secondsPerUnit,
} from '../../src/core/io/tiff/units.ts';
import {
  feiDateTime,
  parseImageJDescription,
  parseIni,
  tiffDateTime,
} from '../../src/core/io/tiff/vendor.ts';

describe('TIFF metadata helpers', () => {
  it('normalises the spellings of micrometre and friends', () => {
    for (const raw of ['micron', 'microns', 'um', 'µm', '\u03bcm', '\\u00B5m', ' micrometer ']) {
      expect(normaliseUnit(raw), raw).toBe('µm');
    }
    expect(normaliseUnit('nm')).toBe('nm');
    expect(normaliseUnit('A')).toBe('Å');
    expect(normaliseUnit('\u212b')).toBe('Å');
    expect(normaliseUnit('1/nm')).toBe('1/nm');
    for (const none of ['pixel', 'pixels', '', '  ', undefined]) expect(normaliseUnit(none)).toBeUndefined();
  });

  it('converts time units to seconds', () => {
    expect(secondsPerUnit('sec')).toBe(1);
    expect(secondsPerUnit('s')).toBe(1);
    expect(secondsPerUnit('ms')).toBe(1e-3);
    expect(secondsPerUnit('\\u00B5s')).toBe(1e-6);
    expect(secondsPerUnit('min')).toBe(60);
    expect(secondsPerUnit('micron')).toBeUndefined();
  });

  it('fills nanometres for length units only', () => {
    expect(makeCalibration(0.5, 0.5, 'µm')).toEqual({
      pixelSizeX: 0.5,
      pixelSizeY: 0.5,
      unit: 'µm',
      pixelSizeNm: 500,
      pixelSizeYNm: 500,
    });
    expect(makeCalibration(0.2, 0.2, '1/nm')).toEqual({ pixelSizeX: 0.2, pixelSizeY: 0.2, unit: '1/nm' });
    // Kept as the file gives it: withPlausibleScales drops it, with a warning, for every reader.
    expect(makeCalibration(0, 1, 'nm')).toMatchObject({ pixelSizeX: 0, pixelSizeNm: 0 });
    expect(makeCalibration(1, 1, 'nm', -0, 2)).toMatchObject({ offsetX: 0, offsetY: 2 });
    expect(Object.is(makeCalibration(1, 1, 'nm', -0)?.offsetX, 0)).toBe(true);
  });

  it('picks a readable unit for sizes given in metres or centimetres', () => {
    expect(calibrationFromNm(1.4208, 1.4208)).toMatchObject({ unit: 'nm', pixelSizeX: 1.4208 });
    expect(calibrationFromNm(3372.4, 3372.4)?.unit).toBe('µm');
    expect(calibrationFromNm(3372.4, 3372.4)?.pixelSizeX).toBeCloseTo(3.3724, 12);
    expect(calibrationFromNm(2.5e6, 2.5e6)).toMatchObject({ unit: 'mm', pixelSizeX: 2.5 });
  });

  it('parses ImageJ descriptions, FEI INI text and dates', () => {
    expect(parseImageJDescription('ImageJ=1.54f\nimages=10\nfinterval=40\ntunit=ms\n')).toEqual({
      ImageJ: '1.54f',
      images: '10',
      finterval: '40',
      tunit: 'ms',
    });
    expect(parseImageJDescription('not imagej')).toBeUndefined();
    expect(parseIni('[Scan]\r\nPixelWidth=3.3724e-006\r\n[User]\r\nUser=me\r\n')).toEqual({
      Scan: { PixelWidth: '3.3724e-006' },
      User: { User: 'me' },
    });
    expect(feiDateTime('06/13/2016', '05:06:40 PM')).toBe('2016-06-13T17:06:40');
    expect(feiDateTime('06/13/2016', '12:06:40 AM')).toBe('2016-06-13T00:06:40');
    expect(feiDateTime('06/13/2016', '17:06:40')).toBe('2016-06-13T17:06:40');
    expect(tiffDateTime('2021:03:04 05:06:07')).toBe('2021-03-04T05:06:07');
    expect(tiffDateTime('yesterday')).toBeUndefined();
  });
});
