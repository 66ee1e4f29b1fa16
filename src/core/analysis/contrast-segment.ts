/**
 * Segmentation v2 ('contrast'): the cluster is every pixel darker than its local background by
 * one contrast step, measured in transmission so the edge means the same at any dose, beam
 * brightness or illumination falloff.
 *
 *   bin (large frames) → hot pixels → illumination flattening → noise estimate → noise-aware
 *   smoothing → contrast threshold → needle and painted exclusions out → largest seeded
 *   component → pin-holes filled → user edit → mask, plus an area uncertainty.
 *
 * Pure: the frame is never modified and nothing is remembered between calls.
 */

import type { Frame } from '../io/types.ts';
import { type Background, fitBackground, flattenRow, transmissionNoiseSigma } from './background.ts';
import {
  appendRowRuns,
  fillRunHoles,
  labelRuns,
  maskToRuns,
  type Runs,
  rescanRows,
  runsToMask,
  selectRuns,
} from './components.ts';
import {
  boxRadiiForSigma,
  effectiveSigma,
  gaussianBlurRows,
  type RowSource,
  shortKernelFor,
} from './filters.ts';
import { applyMaskEdit, rasterizeStrokes, shiftStrokes } from './mask-edit.ts';
import { detectNeedle, NEEDLE_CORE_TRANSMISSION } from './needle.ts';
import { blurredNoiseSigma } from './noise.ts';
import type { BrushStroke, SegmentContext, SegmentParams } from './types.ts';
import { flattenBlurWasm } from './wasm/kernels.ts';
import { prepareWorkingFrame, type WorkingFrame } from './working-frame.ts';

/** Defaults of the contrast pipeline's parameters (see `SegmentParams` for their meaning). */
export const contrastDefaults = {
  contrastStep: 0.1,
  seedSigma: 5,
  hotPixelSigma: 8,
  /** Smoothing never exceeds this σ, in working pixels: beyond it, blur fills the gaps between particles. */
  maxSmoothPx: 4,
} as const;

/** Threshold offset, in noise σ of the smoothed frame (see `segmentByContrast`). */
const NOISE_OFFSET_SIGMA = 0.25;

/** Relative uncertainty of the contrast step that defines the edge (see `areaUncertainty`). */
const EDGE_LEVEL_TOLERANCE = 0.1;

export interface ContrastSegmentation {
  /** Cluster runs in working (binned) pixels. */
  runs: Runs;
  /** Working pixels per frame pixel along each axis is 1 / `bin`. */
  bin: number;
  workWidth: number;
  workHeight: number;
  /** Threshold on the smoothed transmission image (1 − contrast step), dimensionless. */
  threshold: number;
  /** Uncertainty of the area, in working pixels. */
  areaErrWorkPx: number;
  /** Mean beam level of the frame, in the frame's value units. */
  backgroundLevel: number;
  /** Noise σ of the smoothed transmission image, dimensionless. */
  smoothedNoise: number;
  /** Pixels excluded as needle or painted exclusion, in working pixels. */
  excludedPx: number;
  empty: boolean;
  edited: boolean;
  /**
   * True when the frame has no positive background to measure transmission against (data
   * stored with an offset, or processed to be centred on zero): the caller falls back to v1.
   */
  noTransmission?: boolean;
}

/** Smoothing σ (px) for a frame whose flattened noise is `noise`: noise after it ≈ step / (2√π·0.5). */
export function autoSmoothSigma(noise: number, step: number, minPx: number): number {
  const wanted = step > 0 ? (0.5 * noise) / step : 0;
  return Math.min(contrastDefaults.maxSmoothPx, Math.max(minPx, wanted));
}

/** The working frame of `frame` for these parameters (see `working-frame.ts`). */
export function workingFrameFor(frame: Frame, params: SegmentParams): WorkingFrame {
  return prepareWorkingFrame(frame, {
    hotPixelSigma: params.hotPixelSigma ?? contrastDefaults.hotPixelSigma,
    darkLevel: params.darkLevel ?? 0,
  });
}

export function segmentByContrast(
  frame: Frame,
  params: SegmentParams,
  context: SegmentContext,
): ContrastSegmentation {
  const dark = params.darkLevel ?? 0;
  const hotSigma = params.hotPixelSigma ?? contrastDefaults.hotPixelSigma;
  const given = context.working;
  const work =
    given && given.darkLevel === dark && given.hotPixelSigma === hotSigma
      ? given
      : workingFrameFor(frame, params);
  const { data: clean, width, height, bin, rawNoise } = work;
  const step = params.contrastStep ?? contrastDefaults.contrastStep;
  const sign = params.darkObject ? 1 : -1;

  const background = fitBackground(clean, width, height, undefined, params.darkObject);
  // A counting detector's film level is at least its own shot noise (σ = √dose, and dose ≥ 1
  // count/px): a level below one σ means the frame's zero is not at `darkLevel`.
  if (!(background.level > rawNoise)) {
    return {
      runs: { y: [], x0: [], x1: [] },
      bin,
      workWidth: width,
      workHeight: height,
      threshold: 1 - step,
      areaErrWorkPx: 0,
      backgroundLevel: background.level + dark,
      smoothedNoise: 0,
      excludedPx: 0,
      empty: true,
      edited: false,
      noTransmission: true,
    };
  }
  const noise = transmissionNoiseSigma(clean, background, 1 - step);
  const sigmaPx =
    params.autoSmooth === false
      ? params.smoothRadiusPx
      : autoSmoothSigma(noise, step, Math.max(0, params.smoothRadiusPx) / bin);
  const appliedSigma = sigmaPx > 0 ? effectiveSigma(sigmaPx) : 0;
  const smoothedNoise = blurredNoiseSigma(noise, appliedSigma);
  // Shot noise grows a connected, hole-filled region outward (noise pixels beyond the edge join
  // it; those inside it are filled): a quarter of the smoothed image's noise σ offsets that,
  // measured on the generator from 4 to 800 counts/px, so the area does not drift with the dose.
  const threshold = 1 - step - NOISE_OFFSET_SIGMA * smoothedNoise;

  const findNeedle = params.excludeNeedle !== false;
  const smoothedRuns = smoothAndFindRuns(clean, background, sigmaPx, sign < 0, threshold, findNeedle);
  const { smoothed, coreRuns } = smoothedRuns;
  let runs = smoothedRuns.runs;

  const base = {
    bin,
    workWidth: width,
    workHeight: height,
    threshold,
    backgroundLevel: background.level + dark,
    smoothedNoise,
  };
  const nothing = (excludedPx: number): ContrastSegmentation => ({
    ...base,
    runs: { y: [], x0: [], x1: [] },
    areaErrWorkPx: 0,
    excludedPx,
    empty: true,
    edited: false,
  });
  // Excluded pixels (needle, painted region) become brighter than any film: out of the cluster,
  // of the seeds, of the refit and of the uncertainty band alike.
  const excluded = exclusionMask(smoothed, width, height, params, context, bin, coreRuns);
  let excludedPx = 0;
  if (excluded) {
    const [x0, y0, x1, y1] = excluded.box;
    for (let y = y0; y < y1; y++) {
      for (let i = y * width + x0; i < y * width + x1; i++) {
        if (excluded.mask[i]) {
          smoothed[i] = Number.POSITIVE_INFINITY;
          excludedPx++;
        }
      }
    }
    runs = rescanRows(runs, smoothed, width, y0, y1, threshold);
  }
  const { labels, count, areas } = labelRuns(runs, 8);
  let best = 0;
  for (let l = 1; l <= count; l++) if (best === 0 || areas[l] > areas[best]) best = l;
  const seedLevel = 1 - Math.max(step, (params.seedSigma ?? contrastDefaults.seedSigma) * smoothedNoise);
  const minArea = Math.max(1, params.minAreaPx / (bin * bin));
  let cluster: Runs | null = null;
  if (best > 0 && areas[best] >= minArea) {
    const picked = selectRuns(runs, labels, best);
    if (hasSeed(picked, smoothed, width, seedLevel)) cluster = picked;
  }
  // Noise pin-holes are about a blur kernel in size; larger holes are real gaps between particles.
  const maxHole = params.fillHoles ? Math.max(4, 8 * Math.max(1, appliedSigma) ** 2) : 0;
  let finalRuns = cluster ? (maxHole > 0 ? fillRunHoles(cluster, undefined, maxHole) : cluster) : null;

  let edited = false;
  if (context.edit && context.edit.strokes.length > 0) {
    const mask = finalRuns ? runsToMask(finalRuns, width, height) : new Uint8Array(width * height);
    const loose = new Uint8Array(width * height);
    const looseLevel = 1 - step / 2;
    for (let i = 0; i < loose.length; i++) loose[i] = smoothed[i] < looseLevel ? 1 : 0;
    const scaled = { ...context.edit, strokes: scaleStrokes(context.edit.strokes, 1 / bin) };
    finalRuns = maskToRuns(applyMaskEdit(mask, width, height, scaled, loose), width, height);
    edited = true;
  }
  if (!finalRuns || finalRuns.y.length === 0) return { ...nothing(excludedPx), edited };

  return {
    ...base,
    runs: finalRuns,
    areaErrWorkPx: areaUncertainty(
      finalRuns,
      smoothed,
      width,
      height,
      threshold,
      smoothedNoise,
      step,
      appliedSigma,
    ),
    excludedPx,
    empty: false,
    edited,
  };
}

/**
 * The transmission image (`clean` / background) smoothed with σ = `sigmaPx` (mirrored around 1
 * for bright objects), the runs below `threshold` and, with `findNeedle`, those below the needle
 * core's level. The usual short kernel runs as one WebAssembly SIMD kernel (see kernels.ts);
 * otherwise flattening feeds the JS blur row by row and each smoothed row is scanned as soon as
 * it is done, while it is in cache.
 */
function smoothAndFindRuns(
  clean: Float32Array,
  background: Background,
  sigmaPx: number,
  mirror: boolean,
  threshold: number,
  findNeedle: boolean,
): { smoothed: Float32Array; runs: Runs; coreRuns: Runs } {
  const { width, height } = background;
  // No smoothing at all (σ below what a 3-px box gives) is the one-tap kernel [1].
  const half = boxRadiiForSigma(sigmaPx, 3).length === 0 ? Float64Array.of(1) : shortKernelFor(sigmaPx);
  const levels = findNeedle ? [threshold, NEEDLE_CORE_TRANSMISSION] : [threshold];
  const fast = half && flattenBlurWasm(clean, width, height, background.coefficients, half, mirror, levels);
  if (fast) {
    return {
      smoothed: fast.smoothed,
      runs: fast.runs[0],
      coreRuns: fast.runs[1] ?? { y: [], x0: [], x1: [] },
    };
  }
  const runs: Runs = { y: [], x0: [], x1: [] };
  const coreRuns: Runs = { y: [], x0: [], x1: [] };
  const source: RowSource = (y, out, offset) => flattenRow(clean, background, y, out, offset);
  const smoothed = gaussianBlurRows(source, width, height, sigmaPx, (y, row, offset) => {
    if (mirror) for (let x = offset; x < offset + width; x++) row[x] = 2 - row[x];
    const before = runs.y.length;
    appendRowRuns(row, offset, width, y, threshold, true, runs);
    // The needle core is far below the threshold: only rows with cluster runs can hold it.
    if (findNeedle && runs.y.length > before) {
      appendRowRuns(row, offset, width, y, NEEDLE_CORE_TRANSMISSION, true, coreRuns);
    }
  });
  return { smoothed, runs, coreRuns };
}

function hasSeed(runs: Runs, smoothed: Float32Array, width: number, seedLevel: number): boolean {
  for (let i = 0; i < runs.y.length; i++) {
    const row = runs.y[i] * width;
    for (let x = runs.x0[i]; x < runs.x1[i]; x++) if (smoothed[row + x] < seedLevel) return true;
  }
  return false;
}

function scaleStrokes(strokes: readonly BrushStroke[], f: number): BrushStroke[] {
  if (f === 1) return [...strokes];
  return strokes.map((s) => ({ ...s, radiusPx: s.radiusPx * f, points: s.points.map((v) => v * f) }));
}

/** Needle (detected) plus painted exclusion (shifted by the frame's drift), or undefined. */
function exclusionMask(
  smoothed: Float32Array,
  width: number,
  height: number,
  params: SegmentParams,
  context: SegmentContext,
  bin: number,
  coreRuns: Runs,
): { mask: Uint8Array; box: [number, number, number, number] } | undefined {
  let found: { mask: Uint8Array; box: [number, number, number, number] } | undefined;
  if (params.excludeNeedle !== false) {
    const contrastLevel = 1 - (params.contrastStep ?? contrastDefaults.contrastStep);
    found = detectNeedle(smoothed, width, height, { contrastLevel, coreRuns });
  }
  const strokes = params.exclusionStrokes;
  if (strokes && strokes.length > 0) {
    const drift = context.driftPx ?? { x: 0, y: 0 };
    const painted = rasterizeStrokes(
      scaleStrokes(shiftStrokes(strokes, drift.x, drift.y), 1 / bin),
      width,
      height,
    );
    if (found) for (let i = 0; i < painted.length; i++) found.mask[i] |= painted[i];
    // Painting is rare and anywhere: the whole frame is its box.
    found = { mask: found?.mask ?? painted, box: [0, 0, width, height] };
  }
  return found;
}

/**
 * One standard deviation of the area, from two sources added in quadrature:
 * - noise: moving the threshold by one noise σ of the smoothed image moves the outline through
 *   the pixels whose value lies within ±σ of it (half of them per direction); the noise is
 *   independent over about one blur width (2σ_blur) along the outline, so it averages down by
 *   √(outline length / 2σ_blur);
 * - the edge's definition: the soft rim has no sharp edge, so the step itself is uncertain by
 *   `EDGE_LEVEL_TOLERANCE` of its value, and the area moves with it (this term dominates above
 *   a few counts per pixel, and matches the spread of errors on the generator).
 */
function areaUncertainty(
  runs: Runs,
  smoothed: Float32Array,
  width: number,
  height: number,
  threshold: number,
  noise: number,
  step: number,
  blurSigmaPx: number,
): number {
  if (runs.y.length === 0) return 0;
  const margin = 3;
  let y0 = height;
  let y1 = 0;
  let x0 = width;
  let x1 = 0;
  for (let i = 0; i < runs.y.length; i++) {
    y0 = Math.min(y0, runs.y[i]);
    y1 = Math.max(y1, runs.y[i] + 1);
    x0 = Math.min(x0, runs.x0[i]);
    x1 = Math.max(x1, runs.x1[i]);
  }
  y0 = Math.max(0, y0 - margin);
  x0 = Math.max(0, x0 - margin);
  y1 = Math.min(height, y1 + margin);
  x1 = Math.min(width, x1 + margin);
  const levelTolerance = EDGE_LEVEL_TOLERANCE * step;
  let noiseBand = 0;
  let levelBand = 0;
  for (let y = y0; y < y1; y++) {
    const row = y * width;
    for (let x = x0; x < x1; x++) {
      const d = Math.abs(smoothed[row + x] - threshold);
      if (d < noise) noiseBand++;
      if (d < levelTolerance) levelBand++;
    }
  }
  // Outline length ≈ boundary pixels: run ends on every row plus the top and bottom rows.
  const outlinePx = Math.max(1, 2 * runs.y.length + (x1 - x0));
  const independent = Math.max(1, outlinePx / Math.max(1, 2 * blurSigmaPx));
  const noiseErr = noiseBand / 2 / Math.sqrt(independent);
  const levelErr = levelBand / 2;
  return Math.sqrt(noiseErr * noiseErr + levelErr * levelErr);
}
