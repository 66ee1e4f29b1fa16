import type { Calibration, Frame } from '../io/types.ts';

/** Parameters of segmentation v1. Defaults in `segment.ts`. */
export interface SegmentParams {
  /** Gaussian-ish smoothing radius before thresholding, in pixels (0 = none). */
  smoothRadiusPx: number;
  /** Threshold method: 'otsu' picks it from the histogram; 'manual' uses `threshold` (0–1 of the frame's range). */
  thresholdMethod: 'otsu' | 'manual';
  /** Manual threshold as a fraction of the frame's [min, max] range. */
  threshold: number;
  /** True when the cluster is darker than the background (bright-field). */
  darkObject: boolean;
  /** Connected components smaller than this many pixels are dropped. */
  minAreaPx: number;
  /** Fill holes inside the cluster. */
  fillHoles: boolean;
  /** Douglas–Peucker tolerance for the outline polygon, in pixels. */
  outlineTolerancePx: number;
}

export type QualityFlag = 'ok' | 'empty' | 'touches-border' | 'area-jump';

/** A frame's result: small enough to stream back from a worker (a few hundred bytes). */
export interface FrameResult {
  frame: number;
  areaPx: number;
  /** Area in nm², when the movie is calibrated in a length unit. */
  areaNm2?: number;
  centroidX: number;
  centroidY: number;
  /** Simplified outline polygon, flat [x0, y0, x1, y1, ...] in pixel coordinates. */
  outline: number[];
  threshold: number;
  quality: QualityFlag;
}

export interface SegmentContext {
  calibration?: Calibration;
  frameIndex: number;
}

export type SegmentFn = (frame: Frame, params: SegmentParams, context: SegmentContext) => FrameResult;
