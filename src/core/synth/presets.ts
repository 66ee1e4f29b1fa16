/** Named synthetic movies: a clean one, and two with the defects of real operando recordings. */

import { createSyntheticMovie, type SyntheticMovie } from './movie.ts';
import {
  defaultSyntheticOptions,
  type FlickerOptions,
  type NeedleOptions,
  type SyntheticMovieOptions,
} from './options.ts';

export type SyntheticPresetName = 'clean' | 'operando' | 'low-dose';

/**
 * Preset options as they apply to a 512 × 512 frame. `createPresetMovie` scales them to other
 * frame sizes; use it rather than spreading these into `createSyntheticMovie` directly.
 */
export const syntheticPresets: Record<SyntheticPresetName, Partial<SyntheticMovieOptions>> = {
  /** The generator's defaults: bright, still, uniform; for tests of the pipeline itself. */
  clean: {},
  /** A typical K2 operando recording: low dose, drift, the biasing needle touching the cluster. */
  operando: {
    dose: 25,
    pixelSizeNm: 1,
    driftRmsNm: 25,
    needle: {
      side: 'right',
      tipGapPx: 0,
      coreRadiusPx: 14,
      coatingPx: 6,
      coreTransmission: 0.08,
      coatingTransmission: 0.75,
      angleDeg: 6,
    },
    hotPixels: 200,
    vignetting: 0.2,
    filmTexture: 0.04,
    latticeFringes: 0.06,
    illuminationTilt: 0.03,
  },
  /** Dose-limited imaging: 4 counts/px, a flickering gun, and a needle pressed into the cluster. */
  'low-dose': {
    dose: 4,
    pixelSizeNm: 1,
    driftRmsNm: 10,
    needle: {
      side: 'left',
      tipGapPx: -12,
      coreRadiusPx: 14,
      coatingPx: 6,
      coreTransmission: 0.08,
      coatingTransmission: 0.75,
      angleDeg: -8,
    },
    flicker: { fraction: 0.05, factorRange: [0.55, 0.75] },
    hotPixels: 200,
    vignetting: 0.2,
    filmTexture: 0.04,
    latticeFringes: 0.06,
    illuminationTilt: 0.03,
  },
};

/** Caller overrides of a preset; the needle and flicker may be overridden field by field. */
export type PresetOverrides = Omit<Partial<SyntheticMovieOptions>, 'needle' | 'flicker'> & {
  needle?: Partial<NeedleOptions>;
  flicker?: Partial<FlickerOptions>;
};

/**
 * Creates a preset movie at any frame size (width, height, frameCount, seed… from `overrides`).
 * Lengths in pixels scale with min(width, height)/512 and the hot-pixel count with the frame
 * area, so a 256² 'operando' movie looks like the 512² one seen with coarser pixels; for the
 * same reason the preset's pixel size scales by 512/min(width, height), which keeps the drift,
 * given in nanometres, the same fraction of the frame. Overrides are taken as given (unscaled);
 * `needle: undefined` removes the needle.
 */
export function createPresetMovie(
  name: SyntheticPresetName,
  overrides: PresetOverrides = {},
): SyntheticMovie {
  const preset = syntheticPresets[name];
  if (!preset) throw new RangeError(`unknown synthetic preset "${name}": use clean, operando or low-dose`);
  const width = overrides.width ?? preset.width ?? defaultSyntheticOptions.width;
  const height = overrides.height ?? preset.height ?? defaultSyntheticOptions.height;
  const scale = Math.min(width, height) / 512;
  const scaled: Partial<SyntheticMovieOptions> = { ...preset };
  if (preset.pixelSizeNm !== undefined) scaled.pixelSizeNm = preset.pixelSizeNm / scale;
  if (preset.hotPixels) scaled.hotPixels = Math.round((preset.hotPixels * width * height) / (512 * 512));
  if (preset.needle) {
    const n = preset.needle;
    scaled.needle = {
      ...n,
      tipGapPx: n.tipGapPx * scale,
      coreRadiusPx: n.coreRadiusPx === undefined ? undefined : n.coreRadiusPx * scale,
      coatingPx: n.coatingPx === undefined ? undefined : n.coatingPx * scale,
    };
  }
  const { needle, flicker, ...rest } = overrides;
  const options: Partial<SyntheticMovieOptions> = { ...scaled, ...rest };
  if ('needle' in overrides) {
    options.needle = needle && ({ ...scaled.needle, ...needle } as NeedleOptions);
  }
  if ('flicker' in overrides) {
    options.flicker = flicker && ({ ...scaled.flicker, ...flicker } as FlickerOptions);
  }
  return createSyntheticMovie(options);
}
