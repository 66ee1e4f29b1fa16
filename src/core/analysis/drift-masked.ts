/**
 * Drift by masked cross-correlation: what does not move rigidly with the specimen (the swelling
 * cluster, given as an "ignore" mask per frame, see `drift-mask.ts`) is left out of both images,
 * so the support film, the needle and any other static structure pin the estimate however much
 * the cluster changes between the reference and the frame.
 *
 * Each image is made zero-mean over its kept pixels by a local mean taken over kept pixels only
 * (normalised convolution) and is zero where ignored. The correlation Σ f₁(x)·f₂(x+u) then sums
 * kept pixels of both frames only: Padfield's masked correlation ("Masked object registration in
 * the Fourier domain", IEEE TIP 2012) without its division by the overlap Σ m₁(x)·m₂(x+u), which
 * on the development movies added noise and moved the median error from 0.2 to 0.5 px (the
 * overlap changes little over the few tens of pixels a specimen drifts).
 *
 * The cross-power spectrum is weighted by the reference's signal-to-noise per frequency shell
 * and a Gaussian low-pass (as in `drift.ts`) but not whitened: at a few counts per pixel the
 * film's strong low frequencies carry the match, and whitening raised the error 1.5–2×.
 */

import type { Frame } from '../io/types.ts';
import type { DriftEstimate } from './drift.ts';
import type { DriftMaskGrid } from './drift-mask.ts';
import { findPeak, lowPassWeight, signalWeight } from './drift-peak.ts';
import {
  type Geometry,
  geometryFor,
  geometryOfSize,
  maskedKernelInput,
  maskedSpectrum,
} from './drift-prepare.ts';
import { inverseRealFft2d, planFor } from './fft.ts';
import { maskedCorrelationWasm, withCorrelationWasm } from './wasm/drift-kernels.ts';

/** The reference of `estimateMaskedDrift`: plain numbers and typed arrays, structured-clonable. */
export interface MaskedDriftReference {
  readonly width: number;
  readonly height: number;
  readonly workingSizePx: number;
  /** conj(F_ref) × frequency weight, half spectrum as in `DriftReference`. */
  readonly spectrumRe: Float32Array;
  readonly spectrumIm: Float32Array;
}

/** The grid on which a frame of this size takes its ignore mask, at this working size. */
export function driftMaskGrid(
  frame: { width: number; height: number },
  workingSizePx: number,
): DriftMaskGrid {
  const g = geometryOfSize(frame.width, frame.height, workingSizePx);
  return { width: g.binnedWidth, height: g.binnedHeight, scale: g.bin };
}

/** Builds the masked reference from `frame` and its ignore mask (on `driftMaskGrid`, 1 = ignore). */
export function createMaskedDriftReference(
  frame: Frame,
  ignore: Uint8Array,
  workingSizePx: number,
): MaskedDriftReference {
  const g = geometryFor(frame, workingSizePx);
  checkMask(ignore, g);
  const { re, im } = maskedSpectrum(frame.data, g, ignore);
  const n = g.size;
  const hw = n / 2 + 1;
  const lowPass = lowPassWeight(n);
  const { shellOf, weightOfShell } = signalWeight(re, im, n);
  const spectrumRe = new Float32Array(hw * n);
  const spectrumIm = new Float32Array(hw * n);
  // k = 0 (the mean) stays zero: it carries no shift.
  for (let k = 1; k < hw * n; k++) {
    const x = k % hw;
    const y = (k - x) / hw;
    const w = weightOfShell[shellOf[k]] * lowPass[x] * lowPass[y];
    spectrumRe[k] = re[k] * w;
    spectrumIm[k] = -im[k] * w;
  }
  return { width: g.width, height: g.height, workingSizePx: n, spectrumRe, spectrumIm };
}

/**
 * Shift of `frame`'s content against the reference, in `frame`'s px (content moved right/down:
 * positive), leaving out the pixels `ignore` marks in this frame and those the reference's mask
 * marked in it. Confidence as in `DriftEstimate`.
 */
export function estimateMaskedDrift(
  reference: MaskedDriftReference,
  frame: Frame,
  ignore: Uint8Array,
): DriftEstimate {
  const g = geometryFor(frame, reference.workingSizePx);
  checkMask(ignore, g);
  checkSize(reference, g);
  // In the kernels the frame's spectrum goes straight on to the correlation, never copied out.
  const input = maskedKernelInput(frame.data, g);
  const weighted = { re: reference.spectrumRe, im: reference.spectrumIm };
  const n = g.size;
  const peak =
    input &&
    maskedCorrelationWasm(
      input.values,
      ignore,
      g.binnedWidth,
      g.binnedHeight,
      input.steps,
      weighted,
      (surface) => findPeak(surface, n),
    );
  if (!peak) return matchMaskedFrame(reference, maskedFrame(frame, ignore, reference.workingSizePx));
  return { x: peak.x * g.bin, y: peak.y * g.bin, confidence: peak.confidence };
}

/** A frame prepared for `matchMaskedFrame`: its masked half spectrum and how it maps onto the working square. */
export interface MaskedFrame {
  readonly g: Geometry;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/**
 * `frame` with the pixels `ignore` marks left out (on `driftMaskGrid`, 1 = ignore), prepared
 * once for matching against one reference or several (a drift template's leave-one-out
 * references: see `drift-template.ts`).
 */
export function maskedFrame(frame: Frame, ignore: Uint8Array, workingSizePx: number): MaskedFrame {
  const g = geometryFor(frame, workingSizePx);
  checkMask(ignore, g);
  return { g, ...maskedSpectrum(frame.data, g, ignore) };
}

/**
 * Shift of the prepared frame's content against the reference, in the frame's px (content moved
 * right/down: positive), leaving out what its mask and the reference's marked. Confidence as in
 * `DriftEstimate`. The prepared frame is not changed.
 */
export function matchMaskedFrame(reference: MaskedDriftReference, frame: MaskedFrame): DriftEstimate {
  const { g } = frame;
  checkSize(reference, g);
  const n = g.size;
  const weighted = { re: reference.spectrumRe, im: reference.spectrumIm };
  const peak =
    withCorrelationWasm(frame, weighted, n, planFor(n), (surface) => findPeak(surface, n)) ??
    findPeak(inverseRealFft2d(...crossPower(frame, weighted), n, n), n);
  return { x: peak.x * g.bin, y: peak.y * g.bin, confidence: peak.confidence };
}

/**
 * (re + i·im) × (br + i·bi), as new arrays (the JS twin of the kernels' `crossPower`). A loop of
 * its own: inline in the function that matches, which runs once a frame, V8 ran it in
 * on-stack-replaced code that took 4 ms at 512² instead of 0.8.
 */
function crossPower(
  { re, im }: { re: Float64Array; im: Float64Array },
  { re: br, im: bi }: { re: Float32Array; im: Float32Array },
): [Float64Array, Float64Array] {
  const outRe = new Float64Array(re.length);
  const outIm = new Float64Array(re.length);
  for (let k = 0; k < re.length; k++) {
    const ar = re[k];
    const ai = im[k];
    outRe[k] = ar * br[k] - ai * bi[k];
    outIm[k] = ar * bi[k] + ai * br[k];
  }
  return [outRe, outIm];
}

function checkSize(reference: MaskedDriftReference, g: Geometry): void {
  if (g.width !== reference.width || g.height !== reference.height || g.size !== reference.workingSizePx) {
    throw new RangeError(
      `frame is ${g.width} × ${g.height} px but the drift reference was built from ${reference.width} × ${reference.height} px`,
    );
  }
}

function checkMask(ignore: Uint8Array, g: Geometry): void {
  if (ignore.length !== g.binnedWidth * g.binnedHeight) {
    throw new RangeError(
      `the ignore mask has ${ignore.length} px, the drift image ${g.binnedWidth} × ${g.binnedHeight}`,
    );
  }
}
