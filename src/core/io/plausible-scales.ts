import type { Calibration, FrameSourceInfo } from './types.ts';

/**
 * The one rule for a movie's physical scales, applied to every reader's output by
 * `FrameSourceBase`: a pixel size or a frame interval is used only when it is a finite positive
 * number, and frame times only when every one is finite. A damaged header (a negative frame
 * interval, an infinite pixel size) then shows an uncalibrated movie with a warning that says
 * why, instead of areas in nm² of nonsense or a time axis running backwards.
 */

const finitePositive = (value: number | undefined): boolean =>
  value === undefined || (Number.isFinite(value) && value > 0);

function calibrationProblem(c: Calibration): string | undefined {
  const sizes = [c.pixelSizeX, c.pixelSizeY, c.pixelSizeNm, c.pixelSizeYNm];
  if (sizes.every(finitePositive) && c.pixelSizeX !== undefined && c.pixelSizeY !== undefined)
    return undefined;
  return `the pixel size in the file (${c.pixelSizeX} × ${c.pixelSizeY} ${c.unit}) is not a finite positive number, so the frames are shown uncalibrated (in px)`;
}

/** The reader's info with implausible scales dropped and each drop named in `metadata.warning`. */
export function withPlausibleScales(info: FrameSourceInfo): FrameSourceInfo {
  const warnings: string[] = [];
  let { calibration, frameIntervalS, frameTimesS } = info;
  const badCalibration = calibration && calibrationProblem(calibration);
  if (badCalibration) {
    warnings.push(badCalibration);
    calibration = undefined;
  }
  if (frameIntervalS !== undefined && !finitePositive(frameIntervalS)) {
    warnings.push(
      `the frame interval in the file (${frameIntervalS} s) is not a finite positive number, so frames are numbered, not timed`,
    );
    frameIntervalS = undefined;
  }
  if (frameTimesS?.some((t) => !Number.isFinite(t))) {
    warnings.push(
      'some frame times in the file are not finite numbers, so the file’s frame times are not used',
    );
    frameTimesS = undefined;
  }
  if (warnings.length === 0) return info;
  const warning = [info.metadata.warning, ...warnings].filter(Boolean).join('; ');
  return { ...info, calibration, frameIntervalS, frameTimesS, metadata: { ...info.metadata, warning } };
}
