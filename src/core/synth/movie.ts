/**
 * Synthetic bright-field operando movie with ground truth: a dark agglomerate of Si spheres on a
 * bright carbon film, swelling while lithiated. Frames are rendered on demand from the seed, so
 * memory stays bounded whatever the frame count.
 *
 * Image model: counts = Poisson(dose · illumination(x, y) · exp(-Σ κᵢ · tᵢ(x, y))) where tᵢ is
 * the projected thickness of sphere i at the pixel centre (2·√(r² − d²)). The rim is therefore
 * soft: thickness, and contrast, go to zero at the edge. The truth mask is every pixel whose
 * centre lies inside at least one sphere's disc (thickness > 0) and outside the needle, if any.
 * Optional acquisition effects (see `SyntheticMovieOptions`) add drift, a biasing needle, hot
 * pixels, beam flicker and decay, vignetting, carbon film texture and lattice fringes.
 */

import { createDriftPath } from './drift.ts';
import {
  addFringes,
  createBeamPlan,
  createFilmTexture,
  createFringes,
  createHotPixels,
  expectedCounts,
} from './effects.ts';
import { type Disc, placeParticles } from './geometry.ts';
import { type NeedleCapsule, placeNeedle, rasteriseNeedle, shiftCapsule } from './needle.ts';
import {
  defaultSyntheticOptions,
  hasAcquisitionEffects,
  type SyntheticMovieOptions,
  validateEffects,
} from './options.ts';
import { plainExpectedCounts, rasteriseDiscs, unionAreaPx } from './render.ts';
import { createRng, fillPoisson, fillPoissonFast, mixSeed } from './rng.ts';
import {
  type BiasModel,
  buildBiasSchedule,
  createBiasModel,
  defaultChargeModel,
  logToCsv,
  type SyntheticLog,
  sampleLog,
} from './schedule.ts';

export { defaultSyntheticOptions, type SyntheticMovieOptions } from './options.ts';

/** Seed streams of the effects: far above any frame index, whose noise uses mixSeed(seed, i + 1). */
const STREAM = {
  drift: 0x8d41f701,
  fringes: 0x8d41f702,
  hot: 0x8d41f703,
  beam: 0x8d41f704,
  film: 0x8d41f705,
};

/** One rendered frame and its ground truth. */
export interface SyntheticFrame {
  /** Detector counts, row-major, width × height. */
  data: Uint16Array;
  /** 1 where the pixel centre is inside any particle's disc and outside the needle, else 0. */
  truthMask: Uint8Array;
  /** Number of truth pixels. */
  truthAreaPx: number;
  /** With a needle: 1 where the pixel centre is inside its footprint (core + coating), else 0. */
  needleMask?: Uint8Array;
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
  /** Indices of the frames whose beam flickers, ascending (empty without `flicker`). */
  readonly flickerFrames: readonly number[];
  /** Row-major indices of the hot pixels, ascending (empty without `hotPixels`). */
  readonly hotPixelIndices: readonly number[];
  /** Largest drift magnitude over the movie, in pixels. */
  readonly maxDriftPx: number;
  /** Time of frame `i`, in seconds. */
  frameTimeS(i: number): number;
  /** Lithiation state (0–1) at frame `i`. */
  lithiation(i: number): number;
  /** Specimen drift at frame `i`, in pixels (x right, y down); (0, 0) at frame 0. */
  driftPx(i: number): { x: number; y: number };
  /** Beam brightness of frame `i` relative to `dose` (flicker × decay; 1 without either). */
  beamFactor(i: number): number;
  /** The particles' discs at frame `i`, drift included, in pixels: the truth before the needle. */
  particleDiscs(i: number): Disc[];
  /** The needle's capsule at frame `i`, drift included, or undefined without a needle. */
  needleCapsule(i: number): NeedleCapsule | undefined;
  /** Renders frame `i` alone (deterministic; no other frame is rendered). */
  renderFrame(i: number): SyntheticFrame;
  /** Truth area of frame `i`, in pixels, without rendering the image. */
  truthAreaPx(i: number): number;
  /** The log as CSV with header `time_s,voltage_V,current_A`. */
  toCsv(): string;
}

export function createSyntheticMovie(overrides: Partial<SyntheticMovieOptions> = {}): SyntheticMovie {
  const options: SyntheticMovieOptions = { ...defaultSyntheticOptions, ...overrides };
  const { width, height, frameCount, frameIntervalS, seed } = options;
  if (!(width > 0 && height > 0 && frameCount > 0 && frameIntervalS > 0)) {
    throw new RangeError('width, height, frameCount and frameIntervalS must be positive');
  }
  validateEffects(options);
  const durationS = frameCount * frameIntervalS;
  const phases = options.schedule ?? buildBiasSchedule({ durationS, cycles: options.cycles });
  const bias = createBiasModel(phases, options.charge ?? defaultChargeModel);
  const log = sampleLog(bias, durationS, options.logIntervalS, options.currentNoiseA, seed);

  const geomRng = createRng(mixSeed(seed, 0x6e0));
  const scale = Math.min(width, height) / 512;
  const [rMin, rMax] = options.particleRadiusPx ?? [10 * scale, 25 * scale];
  // The drift is known before placement so the cluster can be made to fit at its largest excursion.
  const drift = createDriftPath(
    mixSeed(seed, STREAM.drift),
    frameCount,
    (options.driftRmsNm ?? 0) / options.pixelSizeNm,
  );
  if (
    drift.maxPx > 0 &&
    0.46 * Math.min(width, height) - drift.maxPx < 2 * rMax * (1 + 1.15 * options.radiusGrowth)
  ) {
    throw new RangeError(
      `a drift of up to ${drift.maxPx.toFixed(1)} px leaves no room for the cluster in a ${width}×${height} frame: lower driftRmsNm`,
    );
  }
  const particles = placeParticles(geomRng, options, rMin, rMax, drift.maxPx);
  const cx = width / 2 + geomRng.uniform(-0.03, 0.03) * width;
  const cy = height / 2 + geomRng.uniform(-0.03, 0.03) * height;
  const tiltAngle = geomRng.uniform(0, 2 * Math.PI);
  const kappa0 = -Math.log(options.centerTransmission) / (rMin + rMax);

  const effects = hasAcquisitionEffects(options);
  const pristine = particles.map((p) => ({ cx: cx + p.dx, cy: cy + p.dy, r: p.r }));
  const needle = options.needle && placeNeedle(options.needle, pristine, width, height, scale);
  const fringeAmplitude = options.latticeFringes ?? 0;
  const fringes =
    fringeAmplitude > 0 ? createFringes(mixSeed(seed, STREAM.fringes), particles.length) : undefined;
  const hot = createHotPixels(
    mixSeed(seed, STREAM.hot),
    width * height,
    options.hotPixels ?? 0,
    options.dose,
  );
  const beam = createBeamPlan(
    mixSeed(seed, STREAM.beam),
    frameCount,
    options.flicker,
    options.beamDecay ?? 0,
  );
  const vignetting = options.vignetting ?? 0;
  // The film is padded by the largest drift so every frame's shifted view stays on the canvas.
  const filmPad = Math.ceil(drift.maxPx) + 2;
  const filmSeed = mixSeed(seed, STREAM.film);
  const film = options.filmTexture
    ? createFilmTexture(filmSeed, width, height, filmPad, options.filmTexture, scale)
    : undefined;

  const checkFrame = (i: number) => {
    if (!Number.isInteger(i) || i < 0 || i >= frameCount) {
      throw new RangeError(`frame ${i} does not exist: the movie has ${frameCount} frames`);
    }
  };
  const frameTimeS = (i: number) => i * frameIntervalS;
  const lithiation = (i: number) => bias.stateAt(frameTimeS(i)).lithiation;

  const discsAt = (i: number): Disc[] => {
    checkFrame(i);
    const q = lithiation(i);
    const spread = 1 + options.radiusGrowth * q;
    const ox = cx + drift.x[i];
    const oy = cy + drift.y[i];
    return particles.map((p) => {
      const s = 1 + p.growth * q;
      // Li_xSi is less dense than Si: with κ ∝ 1/s a swollen sphere keeps its central contrast
      // while its soft rim widens, which is what makes the edge harder to place late in lithiation.
      return { cx: ox + p.dx * spread, cy: oy + p.dy * spread, r: p.r * s, kappa: kappa0 / s };
    });
  };
  const needleAt = (i: number) => {
    checkFrame(i);
    return needle && shiftCapsule(needle.capsule, drift.x[i], drift.y[i]);
  };

  const renderFrame = (i: number): SyntheticFrame => {
    const n = width * height;
    const depth = new Float32Array(n);
    const truthMask = new Uint8Array(n);
    const discs = discsAt(i);
    rasteriseDiscs(discs, width, height, depth, truthMask);
    if (fringes) {
      discs.forEach((d, j) => {
        const core = { cx: d.cx, cy: d.cy, r: particles[j].r, kappa: 0 };
        addFringes(depth, core, fringes[j], fringeAmplitude, width, height);
      });
    }
    const capsule = needleAt(i);
    let needleMask: Uint8Array | undefined;
    if (needle && capsule) {
      needleMask = new Uint8Array(n);
      rasteriseNeedle(capsule, width, height, needleMask, depth, needle.tauCore, needle.tauCoating);
      for (let k = 0; k < n; k++) if (needleMask[k]) truthMask[k] = 0;
    }
    let truthAreaPx = 0;
    for (let k = 0; k < n; k++) truthAreaPx += truthMask[k];

    // Reuse the depth buffer for the expected counts: one pass, no second full-frame array.
    const expected = depth;
    const gx = (Math.cos(tiltAngle) * 2 * options.illuminationTilt) / width;
    const gy = (Math.sin(tiltAngle) * 2 * options.illuminationTilt) / height;
    const data = new Uint16Array(n);
    if (!effects) {
      plainExpectedCounts(expected, width, height, options.dose, gx, gy);
      fillPoisson(expected, data, mixSeed(seed, i + 1));
      return { data, truthMask, truthAreaPx };
    }
    const dose = options.dose * beam.factor[i];
    const [driftX, driftY] = [drift.x[i], drift.y[i]];
    expectedCounts(expected, { width, height, dose, gx, gy, vignetting, film, driftX, driftY });
    fillPoissonFast(expected, data, mixSeed(seed, i + 1));
    for (let j = 0; j < hot.index.length; j++) data[hot.index[j]] = hot.value[j];
    return needleMask ? { data, truthMask, truthAreaPx, needleMask } : { data, truthMask, truthAreaPx };
  };

  const truthAreaPx = (i: number): number => {
    const discs = discsAt(i);
    const capsule = needleAt(i);
    // The needle hides part of the cluster: subtract its footprint on a mask, still without an image.
    const hidden = capsule && new Uint8Array(width * height);
    if (capsule && hidden) rasteriseNeedle(capsule, width, height, hidden);
    return unionAreaPx(discs, width, height, hidden);
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
    flickerFrames: beam.flickerFrames,
    hotPixelIndices: Array.from(hot.index),
    maxDriftPx: drift.maxPx,
    frameTimeS,
    lithiation,
    driftPx: (i) => {
      checkFrame(i);
      return { x: drift.x[i], y: drift.y[i] };
    },
    beamFactor: (i) => {
      checkFrame(i);
      return beam.factor[i];
    },
    particleDiscs: discsAt,
    needleCapsule: needleAt,
    renderFrame,
    truthAreaPx,
    toCsv: () => logToCsv(log),
  };
}
