import type { Calibration, Frame } from '../io/types.ts';

/**
 * Parameters of segmentation v1. Defaults (`defaultSegmentParams` in `segment.ts`) are tuned on
 * the synthetic generator and need no tuning for ordinary bright-field movies.
 *
 * Coordinates everywhere follow the canvas convention: pixel (x, y) covers [x, x+1) × [y, y+1).
 */
export interface SegmentParams {
  /**
   * Smoothing before thresholding: standard deviation of a near-Gaussian blur (3 box passes),
   * in pixels. 0 = none. Raise it for noisier (low-dose) movies.
   */
  smoothRadiusPx: number;
  /**
   * How the intensity threshold is chosen:
   * - 'edge' (default): Otsu splits background from cluster, then the threshold sits
   *   `edgeFraction` of the way from the background level toward the cluster level, which
   *   keeps the soft, thin rim of the particles that plain Otsu cuts off;
   * - 'otsu': Otsu's threshold as is (underestimates the area of soft-edged particles);
   * - 'manual': `threshold` as a fraction of the smoothed frame's [min, max] range.
   */
  thresholdMethod: 'edge' | 'otsu' | 'manual';
  /** Manual threshold as a fraction (0–1) of the smoothed frame's [min, max] range; 'manual' only. */
  threshold: number;
  /**
   * Where the edge threshold sits between the background level (0, median of the bright Otsu
   * class for a dark cluster) and the cluster level (1, median of the dark class), dimensionless;
   * 'edge' only. Default 0.25 when absent, tuned with `smoothRadiusPx` 1.5 for spheres, whose
   * projected thickness (and contrast) fades to zero at the rim; 0.5 suits hard-edged objects.
   */
  edgeFraction?: number;
  /** True when the cluster is darker than the background (bright-field). */
  darkObject: boolean;
  /** Connected components smaller than this many pixels are dropped. */
  minAreaPx: number;
  /** Fill holes inside the cluster. */
  fillHoles: boolean;
  /** Douglas–Peucker tolerance for the outline polygon, in pixels. */
  outlineTolerancePx: number;
  /**
   * Upper bound on outline vertices; when the simplified outline has more, the tolerance is
   * raised (×1.5 per step) until it fits. Keeps results small for large frames. Default 200.
   */
  maxOutlinePoints?: number;
  /**
   * The frame counts as empty when background and cluster levels differ by less than this many
   * robust standard deviations of the background, dimensionless (0 disables). Default 4.
   */
  minContrastSigma?: number;
}

/**
 * 'unreadable': the frame could not be decoded (a damaged video); its area and centroid are NaN
 * and the run went on without it.
 */
export type QualityFlag = 'ok' | 'empty' | 'touches-border' | 'area-jump' | 'unreadable';

/**
 * A frame's result: small enough to stream back from a worker (a few hundred bytes). The
 * cluster is the largest 8-connected component of the thresholded frame, holes filled.
 */
export interface FrameResult {
  frame: number;
  /** Cluster area, in pixels. */
  areaPx: number;
  /** Area in nm², when the movie is calibrated in a length unit. */
  areaNm2?: number;
  /** Centroid x of the cluster's pixels, in pixels (a pixel's centre is x + ½); 0 when empty. */
  centroidX: number;
  /** Centroid y, in pixels; 0 when empty. */
  centroidY: number;
  /**
   * Simplified outer outline, flat [x0, y0, x1, y1, ...] in pixels, traced along pixel edges
   * (closed; the first vertex is not repeated). Empty when nothing was found.
   */
  outline: number[];
  /** Intensity threshold applied to the smoothed frame, in the frame's own value units; absent when the frame is flat. */
  threshold?: number;
  quality: QualityFlag;
}

export interface SegmentContext {
  calibration?: Calibration;
  frameIndex: number;
}

export type SegmentFn = (frame: Frame, params: SegmentParams, context: SegmentContext) => FrameResult;
