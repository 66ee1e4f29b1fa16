import type { Calibration, Frame } from '../io/types.ts';
import type { WorkingFrame } from './working-frame.ts';

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
  thresholdMethod: 'contrast' | 'edge' | 'otsu' | 'manual';
  /**
   * 'contrast' only: the cluster edge is where the frame is darker than its local background
   * (illumination flattened) by this fraction, dimensionless (0.06 = 6 % less transmitted).
   * One projected-thickness level, so the edge means the same at any dose and brightness.
   */
  contrastStep?: number;
  /**
   * 'contrast' only: a region is kept only if it contains pixels this many noise standard
   * deviations (of the smoothed, flattened frame) darker than the background (hysteresis
   * seeds), dimensionless. Rejects noise blobs at low dose. Default 5.
   */
  seedSigma?: number;
  /**
   * Smoothing chosen from the noise: when true, `smoothRadiusPx` is a lower bound and σ grows
   * until the noise of the smoothed frame is at most `contrastStep` / 3. Default true.
   */
  autoSmooth?: boolean;
  /**
   * Hot-pixel rejection: a pixel brighter than every one of its 8 neighbours by more than this
   * many noise standard deviations is replaced by their mean, dimensionless. 0 disables. Default 8.
   */
  hotPixelSigma?: number;
  /** Detect the biasing needle (dark, entering from an image edge) and leave it out. Default true. */
  excludeNeedle?: boolean;
  /**
   * Region the user painted to leave out (e.g. a needle the detector misses), in the pixel
   * coordinates of `driftReferenceFrame`; it follows the sample's drift to every other frame.
   */
  exclusionStrokes?: BrushStroke[];
  /** Estimate the drift of every frame against this frame (phase correlation). Default 0. */
  driftReferenceFrame?: number;
  /** Track drift at all. Default true. */
  trackDrift?: boolean;
  /**
   * Drift is measured on every this-many-th frame and interpolated in between (drift is slow;
   * a measurement costs about as much as a segmentation), in frames. Frames that carry a painted
   * exclusion or an edit are always measured. Default 4.
   */
  driftStrideFrames?: number;
  /**
   * A frame whose background level departs from its neighbours' median by more than this
   * fraction is flagged 'flicker', dimensionless. Default 0.1.
   */
  flickerTolerance?: number;
  /** Manual threshold as a fraction (0–1) of the smoothed frame's [min, max] range; 'manual' only. */
  threshold: number;
  /**
   * Where the edge threshold sits between the background level (0, median of the bright Otsu
   * class for a dark cluster) and the cluster level (1, median of the dark class), dimensionless;
   * 'edge' only. Default 0.25 when absent, tuned with `smoothRadiusPx` 1.5 for spheres, whose
   * projected thickness (and contrast) fades to zero at the rim; 0.5 suits hard-edged objects.
   */
  edgeFraction?: number;
  /**
   * 'contrast' only: the value a pixel reads with no electrons, in the frame's value units
   * (default 0, as for counting detectors). Transmission is (value − darkLevel) / (background −
   * darkLevel), so frames stored with an offset need it.
   */
  darkLevel?: number;
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
export type QualityFlag =
  | 'ok'
  | 'empty'
  | 'touches-border'
  | 'area-jump'
  | 'unreadable'
  /** The frame's background brightness departs from its neighbours' (beam flicker or decay). */
  | 'flicker';

/**
 * One brush stroke on a frame, in that frame's pixel coordinates: a chain of discs of radius
 * `radiusPx` swept along `points` (flat [x0, y0, x1, y1, ...]). 'add' puts pixels into the
 * cluster, 'erase' takes them out.
 */
export interface BrushStroke {
  mode: 'add' | 'erase';
  radiusPx: number;
  points: number[];
}

/**
 * A user's edit of one frame's outline, already placed in the coordinates of the frame it is
 * applied to (an edit carried to a neighbour frame is shifted by the drift between the two).
 */
export interface MaskEdit {
  strokes: BrushStroke[];
  /**
   * False on the frame the user drew on: strokes apply exactly as painted. True on frames the
   * edit was carried to: 'add' only takes pixels under the brush that are darker than the
   * background by half the contrast step (the edit is re-fitted to that frame); 'erase' is exact.
   */
  refit: boolean;
}

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
  /**
   * Uncertainty of `areaPx`, in pixels (one standard deviation): half the change of area when
   * the threshold moves by ± its noise-derived tolerance. Absent for empty/unreadable frames.
   */
  areaErrPx?: number;
  /** `areaErrPx` in nm², when calibrated. */
  areaErrNm2?: number;
  /** Drift of the sample against the drift reference frame, in pixels (+x right, +y down). */
  driftXPx?: number;
  driftYPx?: number;
  /** Background (illumination) level of the frame, in the frame's value units. */
  backgroundLevel?: number;
  /** True when the area comes from a user-edited mask. */
  edited?: boolean;
}

export interface SegmentContext {
  calibration?: Calibration;
  frameIndex: number;
  /** The user's outline edit for this frame, in this frame's coordinates. */
  edit?: MaskEdit;
  /**
   * Drift of this frame against the drift reference frame, in pixels, when already known
   * (exclusion regions painted on the reference frame are shifted by it).
   */
  driftPx?: { x: number; y: number };
  /**
   * This frame's working image (see `working-frame.ts`), when the caller already built it for
   * drift tracking with the same parameters: segmentation then does not bin the frame again.
   */
  working?: WorkingFrame;
}

export type SegmentFn = (frame: Frame, params: SegmentParams, context: SegmentContext) => FrameResult;
