/** Pixel sizes and frame intervals are used only when finite and positive; otherwise dropped with a warning. */
import { describe, expect, it } from 'vitest';
import { openDm } from '../../src/core/io/dm/index.ts';
import { withPlausibleScales } from '../../src/core/io/plausible-scales.ts';
import type { FrameSourceInfo } from '../../src/core/io/types.ts';
import { dmImageFile, partsToBlob } from '../helpers/dm-writer.ts';

const info = (over: Partial<FrameSourceInfo>): FrameSourceInfo => ({
  name: 'm.tif',
  formatId: 'tiff',
  width: 4,
  height: 4,
  frameCount: 3,
  dtype: 'uint8',
  metadata: {},
  originalMetadata: {},
  ...over,
});

describe('withPlausibleScales', () => {
  it('keeps finite positive scales untouched', () => {
    const ok = info({
      calibration: { pixelSizeX: 0.5, pixelSizeY: 0.5, unit: 'nm', pixelSizeNm: 0.5, pixelSizeYNm: 0.5 },
      frameIntervalS: 0.04,
      frameTimesS: [0, 0.04, 0.08],
    });
    expect(withPlausibleScales(ok)).toBe(ok);
  });

  it('drops a negative frame interval, an infinite pixel size and non-finite frame times, saying why', () => {
    const out = withPlausibleScales(
      info({
        calibration: { pixelSizeX: Number.POSITIVE_INFINITY, pixelSizeY: 1, unit: 'nm' },
        frameIntervalS: -0.5,
        frameTimesS: [0, Number.NaN, 1],
        metadata: { warning: 'ImageJ declares 9 frames' },
      }),
    );
    expect(out.calibration).toBeUndefined();
    expect(out.frameIntervalS).toBeUndefined();
    expect(out.frameTimesS).toBeUndefined();
    const warning = String(out.metadata.warning);
    expect(warning).toMatch(/^ImageJ declares 9 frames; the pixel size in the file \(Infinity × 1 nm\)/);
    expect(warning).toMatch(/frame interval in the file \(-0\.5 s\) is not a finite positive number/);
    expect(warning).toMatch(/frame times in the file are not finite/);
  });

  it('a pixel size that overflows in nanometres is dropped too', () => {
    const out = withPlausibleScales(
      info({ calibration: { pixelSizeX: 1e300, pixelSizeY: 1e300, unit: 'm', pixelSizeNm: 1e300 * 1e9 } }),
    );
    expect(out.calibration).toBeUndefined();
  });
});

describe('a damaged DM file', () => {
  it('opens uncalibrated and untimed, with a warning, when its scales are infinite or negative', async () => {
    const blob = partsToBlob(
      dmImageFile({
        dtype: 'uint8',
        dims: [4, 4, 2],
        pixels: new Uint8Array(32),
        axes: [
          { scale: Number.POSITIVE_INFINITY, origin: 0, units: 'nm' },
          { scale: 1, origin: 0, units: 'nm' },
          { scale: -0.5, origin: 0, units: 's' },
        ],
      }),
    );
    const source = await openDm(blob, 'damaged.dm4');
    expect(source.calibration).toBeUndefined();
    expect(source.frameIntervalS).toBeUndefined();
    expect(source.metadata.warning).toMatch(/pixel size in the file \(Infinity × 1 nm\)/);
    expect(source.metadata.warning).toMatch(/frame interval in the file \(-0\.5 s\)/);
  });
});
