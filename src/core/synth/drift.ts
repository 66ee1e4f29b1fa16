/** Specimen drift of the synthetic movie: a smooth random path, fixed by the seed. */

import { createRng } from './rng.ts';

/** Drift of every frame, in pixels (x right, y down), with d(0) = (0, 0). */
export interface DriftPath {
  x: Float64Array;
  y: Float64Array;
  /** Largest |d(i)| over the movie, in pixels. */
  maxPx: number;
}

/**
 * Thermal and mechanical holder drift is slow and persistent: velocity follows an AR(1) process
 * (correlation 0.9 per frame) and is integrated to a position, then a Gaussian low-pass (σ = 2
 * frames) removes frame-to-frame jitter. The path is then shifted so d(0) = 0 and scaled so the
 * RMS of |d(i)| over all frames is exactly `rmsPx`. Steps stay well below a pixel per frame for
 * a few hundred frames at tens of pixels RMS; very short movies with a large RMS step further.
 */
export function createDriftPath(seed: number, frameCount: number, rmsPx: number): DriftPath {
  const x = new Float64Array(frameCount);
  const y = new Float64Array(frameCount);
  if (!(rmsPx > 0) || frameCount < 2) return { x, y, maxPx: 0 };
  const rng = createRng(seed);
  const rawX = new Float64Array(frameCount);
  const rawY = new Float64Array(frameCount);
  let vx = 0;
  let vy = 0;
  let px = 0;
  let py = 0;
  for (let i = 0; i < frameCount; i++) {
    vx = 0.9 * vx + rng.normal();
    vy = 0.9 * vy + rng.normal();
    px += vx;
    py += vy;
    rawX[i] = px;
    rawY[i] = py;
  }
  smooth(rawX, x, 2);
  smooth(rawY, y, 2);
  const x0 = x[0];
  const y0 = y[0];
  let sum2 = 0;
  for (let i = 0; i < frameCount; i++) {
    x[i] -= x0;
    y[i] -= y0;
    sum2 += x[i] * x[i] + y[i] * y[i];
  }
  const rms = Math.sqrt(sum2 / frameCount);
  // A path that happens to be flat cannot be scaled to any RMS: keep it still rather than divide by 0.
  const k = rms > 0 ? rmsPx / rms : 0;
  let maxPx = 0;
  for (let i = 0; i < frameCount; i++) {
    x[i] *= k;
    y[i] *= k;
    maxPx = Math.max(maxPx, Math.hypot(x[i], y[i]));
  }
  return { x, y, maxPx };
}

/** Gaussian smoothing with renormalised weights at the ends (no padding that would bend the path). */
function smooth(src: Float64Array, dst: Float64Array, sigma: number): void {
  const half = Math.ceil(3 * sigma);
  const w = Array.from({ length: 2 * half + 1 }, (_, j) =>
    Math.exp(-((j - half) ** 2) / (2 * sigma * sigma)),
  );
  for (let i = 0; i < src.length; i++) {
    let s = 0;
    let ws = 0;
    for (let j = -half; j <= half; j++) {
      const k = i + j;
      if (k < 0 || k >= src.length) continue;
      s += w[j + half] * src[k];
      ws += w[j + half];
    }
    dst[i] = s / ws;
  }
}
