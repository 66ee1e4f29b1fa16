import type { FrameResult } from '../core/analysis/types.ts';

/** "12 345" with thin spaces between thousands: readable at a glance, unambiguous in any locale. */
export function groupDigits(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}

/**
 * A frame's area with its one-σ uncertainty, in nm² when the movie is calibrated, else px²:
 * "12 345 nm² ± 210". A dash when the frame has no area (unreadable).
 */
export function formatArea(result: FrameResult, calibrated: boolean): string {
  const area = calibrated ? result.areaNm2 : result.areaPx;
  if (area === undefined || !Number.isFinite(area)) return '–';
  const err = calibrated ? result.areaErrNm2 : result.areaErrPx;
  const unit = calibrated ? 'nm²' : 'px²';
  return err !== undefined && Number.isFinite(err)
    ? `${groupDigits(area)} ${unit} ± ${groupDigits(err)}`
    : `${groupDigits(area)} ${unit}`;
}
