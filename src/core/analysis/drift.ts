/**
 * Sample drift by phase correlation of the whole frame against a fixed reference frame, and the
 * rules every drift estimate shares (which frame is the reference, what its cache key holds).
 *
 * Runs track drift with `DriftTracker` (`drift-tracker.ts`: masked correlation with the swelling
 * cluster left out, on the same preparation as here). Whole-frame phase correlation stays for
 * frames that are moved rigidly as a whole (its tests) and as the bench's point of comparison:
 * on a swelling cluster it follows the cluster (20–30 px median error on the low-dose development
 * movies), which is why tracking no longer uses it.
 *
 * Each frame is compared with the same reference (never with its neighbour), so errors do not
 * accumulate along the movie, and frames can be estimated in any order by any worker: build the
 * reference once with `createDriftReference`, pass it (a plain structured-clonable object) to the
 * workers, call `estimateDrift` per frame.
 *
 * Pipeline, identical for the reference and every frame:
 * 1. outliers (hot or dead detector pixels, NaN) are found against robust quantiles of a pixel
 *    sample and replaced by their row neighbours, so static hot pixels leave no fixed pattern;
 * 2. block-average (area binning) into a working image that fits a power-of-two square, so the
 *    cost after this single pass over the pixels does not depend on the frame size;
 * 3. subtract a heavily smoothed copy (high-pass): static illumination gradients and vignetting
 *    would otherwise pull the correlation toward zero shift;
 * 4. equalise strong local contrast (see `equaliseContrast`), so that a swelling cluster does not
 *    outvote the faint film texture that moves rigidly with the sample;
 * 5. apply a Tukey window over the image and zero-pad to the square;
 * 6. normalised cross-power spectrum (phase correlation), weighted by the reference's own
 *    signal-to-noise per frequency shell (Wiener-like) and a Gaussian low-pass, so that the
 *    noise-only frequencies of low-dose frames get no say;
 * 7. the correlation peak, refined to sub-pixel by a 3-point Gaussian fit along x and y, with
 *    wrap-around (indices beyond half the working size are negative shifts).
 *
 * What it measures when the sample deforms: a rigid shift of the whole field of view. When the
 * cluster swells, the static-on-sample texture (carbon film, needle, other particles) is what
 * pins the estimate; over a featureless background the drift of a swelling cluster is not
 * defined (a shift and a move of the swelling centre look the same) and the estimate follows
 * whichever part of the cluster matches best, with a low confidence.
 */

import type { Frame } from '../io/types.ts';
import { findPeak, lowPassWeight, signalWeight } from './drift-peak.ts';
import { geometryFor, preparedSpectrum } from './drift-prepare.ts';
import { inverseRealFft2d } from './fft.ts';
import type { ResolvedSegmentParams } from './params.ts';
import { workingFrameKey } from './working-frame.ts';

export interface DriftOptions {
  /** Working size in px (power of two, 16–4096), default 256. Frames smaller than it use the next power of two that holds them. */
  workingSizePx?: number;
}

/**
 * A precomputed reference for `estimateDrift`. Treat it as opaque; it is a plain object of numbers
 * and typed arrays, so it can be sent to workers (structured clone, or transfer the arrays).
 */
export interface DriftReference {
  /** Full-resolution frame size the reference was built from, in px. */
  readonly width: number;
  readonly height: number;
  /** Side of the square working image, in working px (a power of two). */
  readonly workingSizePx: number;
  /** Full-resolution px per working px (block size of the area binning). */
  readonly binFactor: number;
  /** Size of the binned image inside the working square, in working px. */
  readonly binnedWidth: number;
  readonly binnedHeight: number;
  /**
   * conj(F_ref)/|F_ref| × frequency weight, real and imaginary parts: the half spectrum of the
   * real working image, row-major, (workingSizePx / 2 + 1) columns × workingSizePx rows.
   */
  readonly spectrumRe: Float32Array;
  readonly spectrumIm: Float32Array;
}

/** Drift of a frame relative to the reference. */
export interface DriftEstimate {
  /** Shift of the frame's content along x, in full-resolution px (content moved right: positive). */
  x: number;
  /** Shift along y, in full-resolution px (content moved down: positive). */
  y: number;
  /**
   * Peak height over the correlation surface's noise: (peak − mean) / standard deviation of the
   * surface away from the peak (dimensionless). Measured on synthetic 512² movies: unrelated
   * frames 4–9, rigid matches at 4–25 counts/px 35–60, a cluster swollen by 30 % over a carbon
   * film 7–11. So ~5 is the noise floor, not a solid match: about 12 and up is.
   */
  confidence: number;
}

const DEFAULT_WORKING_SIZE_PX = 256;

/** The frame a movie's drift is measured against: `driftReferenceFrame`, clamped into the movie. */
export function driftReferenceIndex(params: ResolvedSegmentParams, frameCount: number): number {
  return Math.min(Math.max(0, params.driftReferenceFrame), frameCount - 1);
}

/**
 * Identifies the drift reference built from frame `driftReferenceIndex` with these parameters:
 * its working image (see `workingFrameKey`) and what is left out of it (`driftMasks`: dark
 * objects by the contrast step, the needle): equal keys, same reference.
 */
export function driftReferenceKey(params: ResolvedSegmentParams, frameCount: number): string {
  const { contrastStep, darkObject, excludeNeedle } = params;
  const masked = JSON.stringify({ contrastStep, darkObject, excludeNeedle });
  return `frame ${driftReferenceIndex(params, frameCount)} ${workingFrameKey(params)} ${masked}`;
}

/**
 * Builds the reference that `estimateDrift` compares frames with. `frame` is not modified.
 *
 * @param frame the reference frame (any dtype)
 * @param options working size: larger bins large frames less (finer sub-pixel precision, e.g.
 *   ±0.3 instead of ±0.75 px at 2048²) and costs about 4× per doubling
 */
export function createDriftReference(frame: Frame, options: DriftOptions = {}): DriftReference {
  const g = geometryFor(frame, options.workingSizePx ?? DEFAULT_WORKING_SIZE_PX);
  const { re, im } = preparedSpectrum(frame.data, g);
  const n = g.size;
  const hw = n / 2 + 1;
  const lowPass = lowPassWeight(n);
  const { shellOf, weightOfShell } = signalWeight(re, im, n);
  const spectrumRe = new Float32Array(hw * n);
  const spectrumIm = new Float32Array(hw * n);
  // k = 0 (the mean) stays zero: it carries no shift.
  for (let k = 1; k < hw * n; k++) {
    const mag = Math.sqrt(re[k] * re[k] + im[k] * im[k]);
    if (mag === 0) continue;
    const x = k % hw;
    const y = (k - x) / hw;
    const w = (weightOfShell[shellOf[k]] * lowPass[x] * lowPass[y]) / mag;
    spectrumRe[k] = re[k] * w;
    spectrumIm[k] = -im[k] * w;
  }
  return {
    width: g.width,
    height: g.height,
    workingSizePx: n,
    binFactor: g.bin,
    binnedWidth: g.binnedWidth,
    binnedHeight: g.binnedHeight,
    spectrumRe,
    spectrumIm,
  };
}

/**
 * Shift of `frame`'s content relative to the reference, in full-resolution pixels: content that
 * moved right/down gives positive x/y. `frame` must have the reference's size and is not
 * modified. Shifts up to about a quarter of the frame are found reliably; beyond half of the
 * working square they wrap around and cannot be told from the opposite shift.
 */
export function estimateDrift(reference: DriftReference, frame: Frame): DriftEstimate {
  const g = geometryFor(frame, reference.workingSizePx);
  if (g.width !== reference.width || g.height !== reference.height) {
    throw new RangeError(
      `frame is ${g.width} × ${g.height} px but the drift reference was built from ${reference.width} × ${reference.height} px`,
    );
  }
  const n = g.size;
  const { re, im } = preparedSpectrum(frame.data, g);
  const { spectrumRe, spectrumIm } = reference;
  // The normalised cross-power F_frame·conj(F_ref)/(|F_frame||F_ref|) × weight has its inverse
  // transform peak at +shift; both images are real, so half the spectrum holds all of it.
  for (let k = 0; k < re.length; k++) {
    const mag = Math.sqrt(re[k] * re[k] + im[k] * im[k]);
    const inv = mag > 0 ? 1 / mag : 0;
    const ar = re[k] * inv;
    const ai = im[k] * inv;
    const br = spectrumRe[k];
    const bi = spectrumIm[k];
    re[k] = ar * br - ai * bi;
    im[k] = ar * bi + ai * br;
  }
  const surface = inverseRealFft2d(re, im, n, n);
  const peak = findPeak(surface, n);
  return { x: peak.x * g.bin, y: peak.y * g.bin, confidence: peak.confidence };
}
