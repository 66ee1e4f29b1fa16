import { describe, expect, it } from 'vitest';
import type { PixelArray } from '../../src/core/io/types.ts';
import { openFixture } from '../helpers/tiff-fixtures.ts';

// Reference values: ../shared/fixtures/SOURCES.md section 4 ("asserted" values come from
// RosettaSciIO's test_tiff.py, "computed" ones from an independent parser).

const sum = (data: PixelArray) => {
  let total = 0;
  for (let i = 0; i < data.length; i++) total += data[i];
  return total;
};

describe('real TIFF files (RosettaSciIO fixtures)', () => {
  it('DM export: int32 68×68, µm calibration with offsets from the Gatan tags', async () => {
    const source = await openFixture('test_loading_image_saved_with_DM.tif');
    expect([source.width, source.height, source.frameCount, source.dtype]).toEqual([68, 68, 1, 'int32']);
    const cal = source.calibration;
    expect(cal?.unit).toBe('µm');
    expect(cal?.pixelSizeX).toBeCloseTo(0.16867, 5);
    expect(cal?.pixelSizeY).toBeCloseTo(0.16867, 5);
    expect(cal?.pixelSizeNm).toBeCloseTo(168.67, 2);
    expect(cal?.offsetX).toBeCloseTo(139.66264, 5);
    expect(cal?.offsetY).toBeCloseTo(128.19276, 5);
    expect(source.frameIntervalS).toBeUndefined();
    expect(source.frameTimesS).toBeUndefined();
    expect(source.metadata.software).toBe('DigitalMicrograph');
    expect(source.originalMetadata['DM unit x (65003)']).toBe('µm');
    expect(source.originalMetadata['SampleFormat (339)']).toBe(2);
    expect(source.originalMetadata['Tag 65027']).toBe('<10585 bytes>');
    const frame = await source.getFrame(0);
    expect(frame.data).toBeInstanceOf(Int32Array);
    expect(sum(frame.data)).toBe(15422830);
    expect(frame.data[0]).toBe(3465);
  });

  it('DM stack: 2 float32 frames, x 0.16867 µm, y 1.68674 µm, 2.5 s per frame', async () => {
    const source = await openFixture('test_loading_image_saved_with_DM_stack.tif');
    expect([source.width, source.height, source.frameCount, source.dtype]).toEqual([68, 68, 2, 'float32']);
    expect(source.calibration?.unit).toBe('µm');
    expect(source.calibration?.pixelSizeX).toBeCloseTo(0.16867, 5);
    expect(source.calibration?.pixelSizeY).toBeCloseTo(1.68674, 5);
    expect(source.calibration?.pixelSizeYNm).toBeCloseTo(1686.74, 2);
    expect(source.frameIntervalS).toBeCloseTo(2.5, 5);
    for (const index of [0, 1]) {
      const frame = await source.getFrame(index);
      expect(frame.data).toBeInstanceOf(Float32Array);
      expect(sum(frame.data)).toBe(15422830);
      expect(frame.data[0]).toBe(3465);
    }
  });

  it('ImageJ, big-endian float32: µm from "unit=micron" and XResolution', async () => {
    const source = await openFixture('test_loading_image_saved_with_imageJ.tif');
    expect([source.width, source.height, source.frameCount, source.dtype]).toEqual([68, 68, 1, 'float32']);
    expect(source.calibration?.unit).toBe('µm');
    expect(source.calibration?.pixelSizeX).toBeCloseTo(0.16867, 5);
    expect(source.calibration?.pixelSizeY).toBeCloseTo(0.16867, 5);
    expect(source.metadata.software).toBe('ImageJ 1.51a');
    expect(String(source.originalMetadata['ImageDescription (270)'])).toContain('unit=micron');
    expect(source.originalMetadata['IJMetadata (50839)']).toBe('<38004 bytes>');
    const frame = await source.getFrame(0);
    expect(sum(frame.data)).toBe(15422830);
    expect(frame.data[0]).toBe(3465);
  });

  it('ImageJ stack, big-endian: 2 frames, µm, z spacing 2.5 kept as metadata (not a frame interval)', async () => {
    const source = await openFixture('test_loading_image_saved_with_imageJ_stack.tif');
    expect([source.width, source.height, source.frameCount, source.dtype]).toEqual([68, 68, 2, 'float32']);
    expect(source.calibration?.unit).toBe('µm');
    expect(source.calibration?.pixelSizeX).toBeCloseTo(0.16867, 5);
    expect(source.calibration?.pixelSizeY).toBeCloseTo(0.16867, 5);
    expect(source.metadata.imagej_spacing).toBe(2.5);
    expect(source.metadata.imagej_slices).toBe(2);
    expect(source.frameIntervalS).toBeUndefined();
    for (const index of [0, 1]) {
      const frame = await source.getFrame(index);
      expect(sum(frame.data)).toBe(15422830);
      expect(frame.data[0]).toBe(3465);
    }
  });

  it('TVIPS camera image: uint8 1024², 1.42080 nm from pixels per centimetre, header metadata', async () => {
    const source = await openFixture('TVIPS_bin4.tif');
    expect([source.width, source.height, source.frameCount, source.dtype]).toEqual([1024, 1024, 1, 'uint8']);
    expect(source.calibration?.unit).toBe('nm');
    expect(source.calibration?.pixelSizeNm).toBeCloseTo(1.4208, 4);
    expect(Math.abs((source.calibration?.pixelSizeX ?? 0) / 1.4208 - 1)).toBeLessThan(1e-5);
    expect(source.metadata).toMatchObject({
      camera: 'F416',
      beamEnergyKeV: 99,
      magnification: 32000,
      acquisitionStart: '2017-04-12T09:01:17',
    });
    expect(source.metadata.exposureS).toBeCloseTo(0.4, 6);
    const frame = await source.getFrame(0);
    expect(sum(frame.data)).toBe(109550672);
    expect(frame.data[0]).toBe(255);
  });

  it('FEI Helios SEM image: uint16 512 wide × 471 high, 3.3724 µm from the INI tag', async () => {
    const source = await openFixture('FEI-Helios-Ebeam-16bits.tif');
    expect([source.width, source.height, source.frameCount, source.dtype]).toEqual([512, 471, 1, 'uint16']);
    expect(source.calibration?.unit).toBe('µm');
    expect(Math.abs((source.calibration?.pixelSizeX ?? 0) / 3.3724 - 1)).toBeLessThan(1e-5);
    expect(source.calibration?.pixelSizeNm).toBeCloseTo(3372.4, 6);
    expect(source.metadata).toMatchObject({
      microscope: 'Helios NanoLab" 660',
      beamEnergyKeV: 5,
      dwellTimeS: 1e-5,
      user: 'supervisor',
      acquisitionStart: '2016-06-13T17:06:40',
    });
    expect(source.metadata.beamCurrentA).toBeCloseTo(6.25e-12, 18);
    expect(source.metadata.workingDistanceMm).toBeCloseTo(4.03466, 6);
    const frame = await source.getFrame(0);
    expect(frame.data).toHaveLength(512 * 471);
    expect(frame.data.filter((v) => v !== 0).length).toBe(3420);
  });

  it('reads only a few kilobytes to open, then about one frame per frame', async () => {
    const source = await openFixture('TVIPS_bin4.tif');
    // The 37706 header (6 KB) and the 1024-entry strip arrays are the biggest reads.
    expect(source.bytesRead).toBeLessThan(32 * 1024);
    const before = source.bytesRead;
    await source.getFrame(0);
    expect(source.bytesRead - before).toBeLessThan(1024 * 1024 + 16 * 1024);
  });
});
