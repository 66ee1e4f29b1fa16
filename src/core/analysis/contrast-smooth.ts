/**
 * The smoothing and threshold stage of segmentation v2 ('contrast'): how much to smooth the
 * transmission image, and the smoothing itself fused with flattening and the threshold scan.
 */

import { type Background, flattenRow } from './background.ts';
import { boxRadiiForSigma, gaussianBlurRows, type RowSource, shortKernelFor } from './filters.ts';
import { NEEDLE_CORE_TRANSMISSION } from './needle.ts';
import { appendRowRuns, type Runs } from './runs.ts';
import { flattenBlurWasm, flattenBoxBlurWasm } from './wasm/kernels.ts';

/** Smoothing never exceeds this σ, in working pixels: beyond it, blur fills the gaps between particles. */
export const MAX_SMOOTH_SIGMA_PX = 4;

/**
 * Smoothing σ, in working pixels, for a transmission image whose unsmoothed noise σ is `noise`:
 * 0.5 × `noise` / `step`, held within [`minSigmaPx`, `MAX_SMOOTH_SIGMA_PX`]. A Gaussian of σ
 * divides white noise by 2√π σ, so uncapped the smoothed noise is `step` / √π ≈ 0.56 × `step`.
 */
export function autoSmoothSigma(noise: number, step: number, minSigmaPx: number): number {
  const wanted = step > 0 ? (0.5 * noise) / step : 0;
  return Math.min(MAX_SMOOTH_SIGMA_PX, Math.max(minSigmaPx, wanted));
}

/**
 * The transmission image (`clean` / background) smoothed with σ = `sigmaPx` (mirrored around 1
 * for bright objects), the runs below `threshold` and, with `findNeedle`, those below the needle
 * core's level, in WebAssembly (see kernels.ts): the usual short kernel as one SIMD kernel, the
 * wider box blurs of low doses with the JS's operations. Without WebAssembly, flattening feeds the
 * JS blur row by row and each smoothed row is scanned as soon as it is done, while it is in cache.
 */
export function smoothAndFindRuns(
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
  const c = background.coefficients;
  const fast = half
    ? flattenBlurWasm(clean, width, height, c, half, mirror, levels)
    : flattenBoxBlurWasm(clean, width, height, c, boxRadiiForSigma(sigmaPx, 3), mirror, levels);
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
