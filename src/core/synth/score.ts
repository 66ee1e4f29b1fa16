/** Scoring a segmentation against the generator's ground truth (tests and benchmarks). */

import type { SyntheticFrame } from './movie.ts';

export interface TruthScore {
  /** (measured − true) / true area, signed, dimensionless. */
  areaError: number;
  /** Intersection over union of the mask and the truth mask (0–1). */
  iou: number;
  /** Pixels of the mask that lie on the needle's footprint (0 without a needle). */
  needlePx: number;
}

/**
 * Compares a cluster mask (width × height, non-zero inside) and its reported area with a
 * rendered frame's truth: the visible cluster, not what the needle hides.
 */
export function scoreAgainstTruth(
  mask: ArrayLike<number>,
  areaPx: number,
  truth: SyntheticFrame,
): TruthScore {
  let inter = 0;
  let union = 0;
  let needlePx = 0;
  const needle = truth.needleMask;
  for (let p = 0; p < mask.length; p++) {
    const m = mask[p] ? 1 : 0;
    inter += m & truth.truthMask[p];
    union += m | truth.truthMask[p];
    if (m && needle?.[p]) needlePx++;
  }
  return {
    areaError: (areaPx - truth.truthAreaPx) / truth.truthAreaPx,
    iou: union > 0 ? inter / union : 1,
    needlePx,
  };
}
