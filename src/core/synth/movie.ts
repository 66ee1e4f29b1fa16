/**
 * Synthetic bright-field operando movie with ground truth: a dark agglomerate of Si spheres on a
 * bright carbon film, swelling while lithiated. Frames are rendered on demand from the seed, so
 * memory stays bounded whatever the frame count.
 *
 * Image model: counts = Poisson(dose · illumination(x, y) · exp(-Σ κᵢ · tᵢ(x, y))) where tᵢ is
 * the projected thickness of sphere i at the pixel centre (2·√(r² − d²)). The rim is therefore
 * soft: thickness, and contrast, go to zero at the edge. The truth mask is every pixel whose
 * centre lies inside at least one sphere's disc (thickness > 0).
 */

import { type Disc, forEachDiscRow, placeParticles } from './geometry.ts';
import { createRng, fillPoisson, mixSeed } from './rng.ts';
import {
  type BiasModel,
  type BiasPhase,
  buildBiasSchedule,
  type ChargeModelOptions,
  createBiasModel,
  defaultChargeModel,
  logToCsv,
  type SyntheticLog,
  sampleLog,
} from './schedule.ts';

export interface SyntheticMovieOptions {
  /** Frame width, in pixels. */
  width: number;
  /** Frame height, in pixels. */
  height: number;
  frameCount: number;
  /** Time between frames, in seconds. */
  frameIntervalS: number;
  /** Pixel size, in nanometres per pixel (square pixels). */
  pixelSizeNm: number;
  /** Mean counts per pixel on the bare carbon background (electrons/pixel/frame); sets the Poisson noise. */
  dose: number;
  /** Seed of every random choice (geometry, noise, log noise); any 32-bit integer. */
  seed: number;
  /** Number of particles in the agglomerate (~12–25); fewer may be placed if the frame is crowded. */
  particleCount: number;
  /** Pristine particle radius range [min, max], in pixels. Default [10, 25] scaled by min(width, height)/512. */
  particleRadiusPx?: [number, number];
  /** Fraction of the background transmitted through the centre of a pristine mean-radius particle (0–1). */
  centerTransmission: number;
  /** Illumination tilt: relative brightness change from the frame centre to an edge (e.g. 0.03 = ±3 %). */
  illuminationTilt: number;
  /** Linear swelling of a particle at full lithiation, as a fraction of its radius (0.35 → ×1.35, area ×1.8). */
  radiusGrowth: number;
  /** Number of lithiation / delithiation cycles in the default schedule. */
  cycles: number;
  /** Explicit bias schedule; overrides `cycles`. Durations in seconds. */
  schedule?: BiasPhase[];
  /** Current and charge model of the phases. */
  charge?: ChargeModelOptions;
  /** Interval of the electrical log, in seconds. */
  logIntervalS: number;
  /** Standard deviation of the current noise in the log, in amperes. */
  currentNoiseA: number;
}

export const defaultSyntheticOptions: SyntheticMovieOptions = {
  width: 512,
  height: 512,
  frameCount: 240,
  frameIntervalS: 0.5,
  pixelSizeNm: 0.5,
  dose: 200,
  seed: 1,
  particleCount: 18,
  centerTransmission: 0.45,
  illuminationTilt: 0.03,
  radiusGrowth: 0.35,
  cycles: 2,
  logIntervalS: 0.1,
  currentNoiseA: 0.05e-9,
};

/** One rendered frame and its ground truth. */
export interface SyntheticFrame {
  /** Detector counts, row-major, width × height. */
  data: Uint16Array;
  /** 1 where the pixel centre is inside any particle's disc, else 0. */
  truthMask: Uint8Array;
  /** Number of truth pixels. */
  truthAreaPx: number;
}

export interface SyntheticMovie {
  readonly width: number;
  readonly height: number;
  readonly frameCount: number;
  /** Seconds between frames. */
  readonly frameIntervalS: number;
  /** Nanometres per pixel. */
  readonly pixelSizeNm: number;
  readonly options: Readonly<SyntheticMovieOptions>;
  readonly bias: BiasModel;
  /** The holder log over the movie's duration. */
  readonly log: SyntheticLog;
  /** Time of frame `i`, in seconds. */
  frameTimeS(i: number): number;
  /** Lithiation state (0–1) at frame `i`. */
  lithiation(i: number): number;
  /** Renders frame `i` alone (deterministic; no other frame is rendered). */
  renderFrame(i: number): SyntheticFrame;
  /** Truth area of frame `i`, in pixels, without rendering the image. */
  truthAreaPx(i: number): number;
  /** The log as CSV with header `time_s,voltage_V,current_A`. */
  toCsv(): string;
}

export function createSyntheticMovie(overrides: Partial<SyntheticMovieOptions> = {}): SyntheticMovie {
  const options: SyntheticMovieOptions = { ...defaultSyntheticOptions, ...overrides };
  const { width, height, frameCount, frameIntervalS } = options;
  if (!(width > 0 && height > 0 && frameCount > 0 && frameIntervalS > 0)) {
    throw new RangeError('width, height, frameCount and frameIntervalS must be positive');
  }
  const durationS = frameCount * frameIntervalS;
  const phases = options.schedule ?? buildBiasSchedule({ durationS, cycles: options.cycles });
  const bias = createBiasModel(phases, options.charge ?? defaultChargeModel);
  const log = sampleLog(bias, durationS, options.logIntervalS, options.currentNoiseA, options.seed);

  const geomRng = createRng(mixSeed(options.seed, 0x6e0));
  const scale = Math.min(width, height) / 512;
  const [rMin, rMax] = options.particleRadiusPx ?? [10 * scale, 25 * scale];
  const particles = placeParticles(geomRng, options, rMin, rMax);
  const cx = width / 2 + geomRng.uniform(-0.03, 0.03) * width;
  const cy = height / 2 + geomRng.uniform(-0.03, 0.03) * height;
  const tiltAngle = geomRng.uniform(0, 2 * Math.PI);
  const kappa0 = -Math.log(options.centerTransmission) / (rMin + rMax);

  const frameTimeS = (i: number) => i * frameIntervalS;
  const lithiation = (i: number) => bias.stateAt(frameTimeS(i)).lithiation;

  const discsAt = (i: number): Disc[] => {
    if (!Number.isInteger(i) || i < 0 || i >= frameCount) {
      throw new RangeError(`frame ${i} does not exist: the movie has ${frameCount} frames`);
    }
    const q = lithiation(i);
    const spread = 1 + options.radiusGrowth * q;
    return particles.map((p) => {
      const s = 1 + p.growth * q;
      // Li_xSi is less dense than Si: with κ ∝ 1/s a swollen sphere keeps its central contrast
      // while its soft rim widens, which is what makes the edge harder to place late in lithiation.
      return { cx: cx + p.dx * spread, cy: cy + p.dy * spread, r: p.r * s, kappa: kappa0 / s };
    });
  };

  const renderFrame = (i: number): SyntheticFrame => {
    const n = width * height;
    const depth = new Float32Array(n);
    const truthMask = new Uint8Array(n);
    for (const d of discsAt(i)) {
      forEachDiscRow(d, width, height, (y, x0, x1, rem) => {
        const row = y * width;
        for (let x = x0; x <= x1; x++) {
          const dx = x + 0.5 - d.cx;
          const t2 = rem - dx * dx;
          depth[row + x] += t2 > 0 ? 2 * d.kappa * Math.sqrt(t2) : 0;
          truthMask[row + x] = 1;
        }
      });
    }
    let truthAreaPx = 0;
    for (let k = 0; k < n; k++) truthAreaPx += truthMask[k];

    // Reuse the depth buffer for the expected counts: one pass, no second full-frame array.
    const expected = depth;
    const gx = (Math.cos(tiltAngle) * 2 * options.illuminationTilt) / width;
    const gy = (Math.sin(tiltAngle) * 2 * options.illuminationTilt) / height;
    for (let y = 0; y < height; y++) {
      const rowBase = options.dose * (1 + gy * (y + 0.5 - height / 2) + gx * (0.5 - width / 2));
      const dRow = options.dose * gx;
      const row = y * width;
      for (let x = 0; x < width; x++) {
        const od = expected[row + x];
        const bg = rowBase + dRow * x;
        expected[row + x] = od > 0 ? bg * Math.exp(-od) : bg;
      }
    }
    const data = new Uint16Array(n);
    fillPoisson(expected, data, mixSeed(options.seed, i + 1));
    return { data, truthMask, truthAreaPx };
  };

  // Counts the union of discs row by row, with the same pixel test as renderFrame.
  const truthAreaPx = (i: number): number => {
    const rowMark = new Uint8Array(width);
    const discs = discsAt(i);
    let area = 0;
    for (let y = 0; y < height; y++) {
      let touched = false;
      for (const d of discs) {
        forEachDiscRow(
          d,
          width,
          height,
          (_y, x0, x1) => {
            rowMark.fill(1, x0, x1 + 1);
            touched = true;
          },
          y,
        );
      }
      if (!touched) continue;
      for (let x = 0; x < width; x++) area += rowMark[x];
      rowMark.fill(0);
    }
    return area;
  };

  return {
    width,
    height,
    frameCount,
    frameIntervalS,
    pixelSizeNm: options.pixelSizeNm,
    options,
    bias,
    log,
    frameTimeS,
    lithiation,
    renderFrame,
    truthAreaPx,
    toCsv: () => logToCsv(log),
  };
}
