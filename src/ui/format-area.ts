import type { FrameResult } from '../core/analysis/types.ts';
import { formatAreaNm2, formatWithUncertainty } from '../core/series/number-format.ts';

/**
 * A frame's area with its one-σ uncertainty, in nm² (µm² from 1 µm²) when the movie is
 * calibrated, else px²: "12 350 ± 210 nm²". Written by core's one number format.
 */
export function formatArea(result: FrameResult, calibrated: boolean): string {
  return calibrated && result.areaNm2 !== undefined
    ? formatAreaNm2(result.areaNm2, result.areaErrNm2)
    : formatWithUncertainty(result.areaPx, result.areaErrPx, 'px²');
}
