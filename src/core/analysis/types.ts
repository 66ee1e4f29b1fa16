import type { Calibration, Frame } from '../io/types.ts';
import type { ResolvedSegmentParams } from './params.ts';
import type { WorkingFrame } from './working-frame.ts';

export type { ResolvedSegmentParams, SegmentParams } from './params.ts';

/**
 * 'unreadable': the frame could not be decoded (a damaged video or file); its area and centroid
 * are NaN and the run went on without it.
 */
export type QualityFlag =
  | 'ok'
  | 'empty'
  | 'touches-border'
  | 'area-jump'
  | 'unreadable'
  /** The frame's background brightness departs from its neighbours' (beam flicker or decay). */
  | 'flicker'
  /**
   * The frame's drift could not be measured with confidence (or lies beyond the last frame
   * that could): its drift is interpolated from the frames around it, and painted exclusions
   * may sit beside their target.
   */
  | 'drift-uncertain'
  /**
   * The object the user pointed at (`objectPoint`) was not found near its drift-shifted point:
   * no area (like 'empty'), and it says why.
   */
  | 'object-lost';

/**
 * Whether a flag puts the frame's AREA in doubt (circled on the plots, its outline drawn as
 * flagged). 'drift-uncertain' does not: the area was measured as usual, only the drift that
 * places painted exclusions and carried edits is interpolated. (On a featureless film every
 * frame is drift-uncertain; circling every point would hide the flags that matter.)
 */
export const questionsArea = (quality: QualityFlag): boolean =>
  quality !== 'ok' && quality !== 'drift-uncertain';

/** Whether the frame has pixels to paint an outline on: every frame but an unreadable one. */
export const canEditOutline = (quality: QualityFlag): boolean => quality !== 'unreadable';

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
/** One particle of a frame in particles mode, in frame pixels. */
export interface ParticleMeasure {
  areaPx: number;
  centroidX: number;
  centroidY: number;
  /** Its outer outline, flat [x0, y0, x1, y1, ...] as `FrameResult.outline`; absent in older sessions. */
  outline?: number[];
}

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
  /**
   * Threshold applied to the smoothed image: a transmission (dimensionless, 1 = bare film) for
   * 'contrast', in the frame's own value units for the v1 methods; absent when the frame is flat.
   */
  threshold?: number;
  quality: QualityFlag;
  /**
   * Uncertainty of `areaPx`, in pixels (one standard deviation): half the change of area when
   * the threshold moves by ± its noise-derived tolerance. Absent for empty/unreadable frames.
   */
  areaErrPx?: number;
  /** `areaErrPx` in nm², when calibrated. */
  areaErrNm2?: number;
  /**
   * Particles mode (`params.particles`): every particle or cluster found, largest first; `areaPx`
   * is their total. Absent otherwise.
   */
  particles?: ParticleMeasure[];
  /**
   * Drift of the sample against the drift reference frame, in pixels (+x right, +y down): after
   * a run, the smooth curve through the frames' measurements (`drift-smooth.ts`); on a frame
   * analysed alone, its own measurement.
   */
  driftXPx?: number;
  driftYPx?: number;
  /** One-σ uncertainty of `driftXPx` and of `driftYPx` (each), in px, when the run's curve gives one. */
  driftErrPx?: number;
  /**
   * The drift measured on this frame itself (confident measurements only), in pixels, rounded to
   * `DRIFT_MEASURE_STEP_PX` so that a table carries it exactly: what the run's curve is fitted to.
   */
  driftMeasuredXPx?: number;
  driftMeasuredYPx?: number;
  /**
   * Peak-to-noise ratio of the drift measurement (dimensionless), on frames whose drift was
   * measured; below `MIN_DRIFT_CONFIDENCE` the frame is 'drift-uncertain'.
   */
  driftConfidence?: number;
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

export type SegmentFn = (frame: Frame, params: ResolvedSegmentParams, context: SegmentContext) => FrameResult;
