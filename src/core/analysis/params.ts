/**
 * Segmentation parameters: their meaning, their defaults and `resolveParams`, the one place a
 * missing parameter gets its default. Everything downstream (segmentation, drift tracking, the
 * temporal checks, the parameter form) reads resolved parameters and applies no defaults itself.
 *
 * Coordinates everywhere follow the canvas convention: pixel (x, y) covers [x, x+1) × [y, y+1).
 * "Frame pixels" are the movie's own; 'contrast' works on a working image binned until its
 * shorter side is at most 512 px (see `working-frame.ts`), so frames up to 1024 px a side are
 * not binned at all.
 */

import type { BrushStroke } from './types.ts';

/** Every segmentation parameter, present. Defaults in `defaultSegmentParams`. */
export interface ResolvedSegmentParams {
  /**
   * How the cluster's edge is found. Default 'contrast'.
   * - 'contrast' (segmentation v2): transmission (the frame divided by its fitted illumination)
   *   below 1 − `contrastStep`; see `contrast-segment.ts`;
   * - 'edge' (v1): Otsu splits the smoothed frame's histogram into background and cluster, and
   *   the threshold sits `edgeFraction` of the way from the background level to the cluster's;
   * - 'otsu' (v1): Otsu's threshold as is (underestimates soft-edged particles);
   * - 'manual' (v1): `threshold` of the way through the smoothed frame's [min, max] range.
   */
  thresholdMethod: 'contrast' | 'edge' | 'otsu' | 'manual';
  /**
   * Standard deviation σ of the near-Gaussian smoothing (3 box passes) before thresholding, in
   * frame pixels (divided by the bin factor on the working image); 0 = none. With 'contrast' and
   * `autoSmooth` it is the least σ applied. Default 1.
   */
  smoothSigmaPx: number;
  /**
   * 'contrast' only: smoothing chosen from the noise. σ (in working pixels) is raised to
   * 0.5 × noise / `contrastStep`, where noise is the σ of the unsmoothed transmission, and held
   * between `smoothSigmaPx` and 4 working pixels (beyond that blur closes the gaps between
   * particles). Uncapped, that leaves a smoothed noise of `contrastStep` / √π ≈ 0.56 ×
   * `contrastStep`; the seed test (`seedSigma`) rejects the noise blobs it still lets through.
   * When false, σ is `smoothSigmaPx`. Default true.
   */
  autoSmooth: boolean;
  /**
   * 'contrast' only: the cluster edge is where the smoothed transmission is this fraction below
   * the film's (0.1 = 10 % less transmitted), dimensionless; one projected-thickness level, so
   * the edge means the same at any dose and brightness. The threshold sits a further quarter of
   * the smoothed noise σ lower (offsets noise growing the region outward). Default 0.1.
   */
  contrastStep: number;
  /**
   * 'contrast' only: the largest region is kept only if some pixel of it is darker than the film
   * by max(`contrastStep`, this many noise σ of the smoothed transmission), dimensionless
   * (hysteresis seeds). Rejects noise blobs at low dose. Default 5.
   */
  seedSigma: number;
  /**
   * 'contrast' only: a working pixel brighter than every one of its 8 neighbours by more than
   * this many noise σ is a detector hot pixel and is replaced by their mean, dimensionless;
   * 0 keeps every pixel. Also applies to the images drift is measured on. Default 8.
   */
  hotPixelSigma: number;
  /**
   * 'contrast' only: the value a pixel reads with no electrons, in the frame's value units.
   * Transmission is (value − darkLevel) / (background − darkLevel), so frames stored with an
   * offset need it. Default 0 (counting detectors).
   */
  darkLevel: number;
  /** 'contrast' only: find the biasing needle (dark, entering from an image edge) and leave it out. Default true. */
  excludeNeedle: boolean;
  /**
   * 'contrast' only: regions the user painted to leave out (e.g. a needle the detector misses),
   * in frame pixels of `driftReferenceFrame`; they follow the sample's drift to every other
   * frame. Default none.
   */
  exclusionStrokes: readonly BrushStroke[];
  /**
   * The object to measure: a point on it in the drift reference frame, in frame pixels (x right,
   * y down), followed through the movie by the measured drift (see `object-choice.ts`). null: the
   * largest region touching the needle, else the largest. Default null.
   */
  objectPoint: { readonly x: number; readonly y: number } | null;
  /**
   * 'contrast' only: measure every separate particle or cluster instead of one object: the area is
   * their total, and each one's area and centroid are reported (`FrameResult.particles`) for a
   * per-particle table over time. Default false.
   */
  particles: boolean;
  /** 'contrast' only: measure each frame's drift on the film and needle, the cluster left out (`drift-tracker.ts`). Default true. */
  trackDrift: boolean;
  /**
   * 'contrast' only: the frame every other frame's drift is measured against, as a frame index
   * (clamped into the movie). Default 0.
   */
  driftReferenceFrame: number;
  /**
   * 'contrast' only: drift is measured on every this-many-th frame and interpolated in between (drift is slow; a
   * measurement costs 2–3 segmentations at 512²), in frames (rounded, at least 1). Frames
   * are always measured while painted exclusions have to follow the drift. Default 4: at 8 the
   * curve's median error grew 2–3× (generator's operando preset 0.23 → 0.69 px, dev_overlap_flicker
   * 0.25 → 0.81 px, its worst frame 2.2 px).
   */
  driftStrideFrames: number;
  /**
   * After a run: a frame whose background level departs from its neighbours' median by more
   * than this fraction of it is flagged 'flicker', dimensionless (0.1 = 10 %). Default 0.1.
   */
  flickerTolerance: number;
  /** 'manual' only: the threshold as a fraction (0–1) of the smoothed frame's [min, max] range. Default 0.5. */
  threshold: number;
  /**
   * 'edge' only: where the threshold sits between the background level (0, median of the bright
   * Otsu class for a dark cluster) and the cluster level (1, median of the dark class),
   * dimensionless. 0.25 keeps the soft rim of spheres, whose projected thickness fades to zero
   * there; 0.5 suits hard-edged objects. Default 0.25.
   */
  edgeFraction: number;
  /**
   * 'edge' and 'otsu' only: the frame counts as empty when background and cluster levels differ
   * by less than this many robust σ of the background, dimensionless; 0 disables. Default 4.
   */
  minContrastSigma: number;
  /** True when the cluster is darker than the background (bright-field). Default true. */
  darkObject: boolean;
  /** The largest connected region is dropped when smaller than this, in frame pixels. Default 50. */
  minAreaPx: number;
  /**
   * Fill holes inside the cluster. v1 fills every hole; 'contrast' fills only noise pin-holes
   * (up to max(4, 8 σ²) working pixels, σ the applied smoothing, at least 1) and leaves the real
   * gaps between particles open. Default true.
   */
  fillHoles: boolean;
  /**
   * Douglas–Peucker tolerance for the outline polygon, in pixels of the segmented image
   * (working pixels for 'contrast'). Default 1.
   */
  outlineTolerancePx: number;
  /**
   * Upper bound on outline vertices (at least 4); when the simplified outline has more, the
   * tolerance is raised (×1.5 per step) until it fits. Keeps results small. In particles mode
   * the frame's particles share it (at least 8 each). Default 200.
   */
  maxOutlinePoints: number;
}

/**
 * Parameters as callers, sessions and the form give them: any may be missing (or undefined), and
 * `resolveParams` fills it from `defaultSegmentParams`.
 */
export type SegmentParams = { [K in keyof ResolvedSegmentParams]?: ResolvedSegmentParams[K] | undefined };

/**
 * Every parameter's default: the 'contrast' pipeline. On the synthetic generator, clean or with
 * the operando effects (dose 4–1000 counts/px, drift, needle, hot pixels, flicker, vignetting,
 * film texture), these keep the area within ~1–2 % without per-movie tuning.
 */
export const defaultSegmentParams: Readonly<ResolvedSegmentParams> = Object.freeze({
  thresholdMethod: 'contrast',
  smoothSigmaPx: 1,
  autoSmooth: true,
  contrastStep: 0.1,
  seedSigma: 5,
  hotPixelSigma: 8,
  darkLevel: 0,
  excludeNeedle: true,
  exclusionStrokes: Object.freeze([]),
  objectPoint: null,
  particles: false,
  trackDrift: true,
  driftReferenceFrame: 0,
  driftStrideFrames: 4,
  flickerTolerance: 0.1,
  threshold: 0.5,
  edgeFraction: 0.25,
  minContrastSigma: 4,
  darkObject: true,
  minAreaPx: 50,
  fillHoles: true,
  outlineTolerancePx: 1,
  maxOutlinePoints: 200,
} as const);

/** Segmentation v1 (global histogram split), kept for comparison and for unusual contrast. */
export const edgeSegmentParams: Readonly<ResolvedSegmentParams> = Object.freeze({
  ...defaultSegmentParams,
  thresholdMethod: 'edge',
} as const);

/**
 * `params` with every missing parameter taken from `base`: by default the defaults, or e.g. the
 * current parameters when `params` is a change to them. A key present with the value undefined
 * counts as missing. Keys that are not parameters are dropped. The result shares no array with
 * `params` or `base`, so it can be kept while either changes.
 */
export function resolveParams(
  params: SegmentParams = {},
  base: Readonly<ResolvedSegmentParams> = defaultSegmentParams,
): ResolvedSegmentParams {
  const resolved = { ...base } as Record<string, unknown>;
  for (const key of Object.keys(defaultSegmentParams)) {
    const value = (params as Record<string, unknown>)[key];
    if (value !== undefined) resolved[key] = value;
  }
  const out = resolved as unknown as ResolvedSegmentParams;
  out.exclusionStrokes = out.exclusionStrokes.map((s) => ({ ...s, points: [...s.points] }));
  out.objectPoint = out.objectPoint ? { x: out.objectPoint.x, y: out.objectPoint.y } : null;
  return out;
}
