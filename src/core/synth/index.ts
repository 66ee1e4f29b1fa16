/** Synthetic operando movies with ground truth, for tests, benchmarks and the example gallery. */

import type { FrameSource } from '../io/types.ts';
import type { SyntheticMovie } from './movie.ts';

export { createDriftPath, type DriftPath } from './drift.ts';
export type { Disc } from './geometry.ts';
export {
  createSyntheticMovie,
  defaultSyntheticOptions,
  type SyntheticFrame,
  type SyntheticMovie,
  type SyntheticMovieOptions,
} from './movie.ts';
export type { NeedleCapsule } from './needle.ts';
export type { FlickerOptions, NeedleOptions, NeedleSide } from './options.ts';
export {
  createPresetMovie,
  type PresetOverrides,
  type SyntheticPresetName,
  syntheticPresets,
} from './presets.ts';
export {
  createRng,
  fillPoisson,
  fillPoissonFast,
  mixSeed,
  normalQuantile,
  POISSON_NORMAL_MIN_MEAN,
  type Rng,
} from './rng.ts';
export {
  type BiasModel,
  type BiasPhase,
  type BiasState,
  buildBiasSchedule,
  type ChargeModelOptions,
  createBiasModel,
  defaultChargeModel,
  logToCsv,
  type PhaseKind,
  type ScheduleOptions,
  type SyntheticLog,
  sampleLog,
} from './schedule.ts';
export { scoreAgainstTruth, type TruthScore } from './score.ts';

/**
 * Presents a synthetic movie through the readers' `FrameSource` contract, so the rest of the
 * workbench (workers, CLI, UI) can run on it exactly as on a file. Frames are rendered on request.
 */
export function syntheticFrameSource(movie: SyntheticMovie, name = 'synthetic'): FrameSource {
  const { options } = movie;
  return {
    name,
    formatId: 'synthetic',
    width: movie.width,
    height: movie.height,
    frameCount: movie.frameCount,
    dtype: 'uint16',
    calibration: {
      pixelSizeX: movie.pixelSizeNm,
      pixelSizeY: movie.pixelSizeNm,
      unit: 'nm',
      pixelSizeNm: movie.pixelSizeNm,
      pixelSizeYNm: movie.pixelSizeNm,
    },
    frameIntervalS: movie.frameIntervalS,
    metadata: { software: 'Operando Workbench synthetic generator', exposureS: movie.frameIntervalS },
    originalMetadata: {
      seed: options.seed,
      dose: options.dose,
      particleCount: options.particleCount,
      radiusGrowth: options.radiusGrowth,
      cycles: options.cycles,
    },
    async getFrame(index: number, signal?: AbortSignal) {
      signal?.throwIfAborted();
      return { width: movie.width, height: movie.height, data: movie.renderFrame(index).data };
    },
    close() {},
  };
}
