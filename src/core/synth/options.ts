/**
 * Options of the synthetic movie generator. The acquisition effects (drift, needle, hot pixels,
 * flicker, vignetting, film texture, lattice fringes) are all optional: a movie without them is
 * bit-identical to what earlier versions of the generator rendered for the same seed.
 */

import type { BiasPhase, ChargeModelOptions } from './schedule.ts';

/** The frame edge a biasing needle enters through. */
export type NeedleSide = 'left' | 'right' | 'top' | 'bottom';

/**
 * The biasing probe of an operando holder: a tungsten needle whose tip is coated with Li/Li₂O,
 * seen in projection as a capsule (a thick segment with a round tip) over the cluster's edge.
 */
export interface NeedleOptions {
  /** Edge of the frame the needle comes in through. */
  side: NeedleSide;
  /**
   * Distance from the coating surface at the tip to the nearest pristine particle surface, in
   * pixels: 0 touches the cluster, a negative value overlaps it by that depth (the needle hides
   * part of the cluster, so the visible area is smaller than the particles' union).
   */
  tipGapPx: number;
  /** Radius of the dark tungsten core, in pixels. Default 14 × min(width, height)/512. */
  coreRadiusPx?: number;
  /** Thickness of the pale Li/Li₂O coating around the core, in pixels. Default 6 × min(width, height)/512. */
  coatingPx?: number;
  /** Fraction of the beam the core transmits (0–1]; 0.08 makes it far darker than any particle. Default 0.08. */
  coreTransmission?: number;
  /** Fraction the coating alone transmits (0–1]; paler than a particle's centre. Default 0.75. */
  coatingTransmission?: number;
  /** Tilt of the needle axis from the normal of `side`, in degrees (|angle| < 45). Default 6. */
  angleDeg?: number;
}

/** Frames where the gun's emission dips or spikes, as seen in long K2 recordings. */
export interface FlickerOptions {
  /** Share of frames affected (0–1); round(fraction × frameCount) frames are chosen at random. */
  fraction: number;
  /** Range of the beam brightness multiplier of an affected frame, [lo, hi] (e.g. [0.55, 0.75]; >1 brightens). */
  factorRange: [number, number];
}

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
  /**
   * RMS over frames of the specimen drift, in nanometres (÷ pixelSizeNm gives pixels). The whole
   * specimen (particles, needle, carbon film) moves along a smooth random path starting at 0;
   * illumination, vignetting and hot pixels stay put because they belong to the microscope.
   * The cluster is placed smaller so it stays in the frame at the largest excursion. Default 0.
   */
  driftRmsNm?: number;
  /** Biasing needle over one edge of the cluster. Default none. */
  needle?: NeedleOptions;
  /** Number of stuck detector pixels reading 8–30 × dose counts in every frame. Default 0. */
  hotPixels?: number;
  /** Beam brightness flicker on a few random frames. Default none. */
  flicker?: FlickerOptions;
  /** Fraction by which the dose falls linearly from the first to the last frame (0–1). Default 0. */
  beamDecay?: number;
  /** Relative illumination loss in the frame corners, factor 1 − v·(r / r_corner)² (0–1). Default 0. */
  vignetting?: number;
  /**
   * RMS relative transmission modulation of the amorphous carbon film (e.g. 0.04), with
   * correlation lengths of ~3–15 px at 512² (scaled with the frame); moves with the drift. Default 0.
   */
  filmTexture?: number;
  /**
   * Peak relative transmission modulation by lattice fringes in each particle's crystalline core
   * (e.g. 0.06); period 4–9 px and orientation random per particle. Default 0.
   */
  latticeFringes?: number;
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

/** True when any acquisition effect is on, i.e. when the frames differ from a plain movie's. */
export function hasAcquisitionEffects(o: SyntheticMovieOptions): boolean {
  return Boolean(
    o.driftRmsNm ||
      o.needle ||
      o.hotPixels ||
      (o.flicker && o.flicker.fraction > 0) ||
      o.beamDecay ||
      o.vignetting ||
      o.filmTexture ||
      o.latticeFringes,
  );
}

/** Rejects effect settings that would make a meaningless movie, with a message naming the option. */
export function validateEffects(o: SyntheticMovieOptions): void {
  const check = (ok: boolean, message: string) => {
    if (!ok) throw new RangeError(message);
  };
  const inRange = (v: number | undefined, lo: number, hi: number) => v === undefined || (v >= lo && v < hi);
  check(inRange(o.driftRmsNm, 0, Number.POSITIVE_INFINITY), 'driftRmsNm must be a finite number ≥ 0');
  check(
    o.hotPixels === undefined || (Number.isInteger(o.hotPixels) && o.hotPixels >= 0),
    'hotPixels must be a whole number ≥ 0',
  );
  check(inRange(o.beamDecay, 0, 1), 'beamDecay must be in [0, 1)');
  check(inRange(o.vignetting, 0, 1), 'vignetting must be in [0, 1)');
  check(inRange(o.filmTexture, 0, 0.25), 'filmTexture must be in [0, 0.25)');
  check(inRange(o.latticeFringes, 0, 1), 'latticeFringes must be in [0, 1)');
  if (o.flicker) {
    const [lo, hi] = o.flicker.factorRange;
    check(inRange(o.flicker.fraction, 0, 1.000001), 'flicker.fraction must be in [0, 1]');
    check(lo > 0 && hi >= lo, 'flicker.factorRange must be [lo, hi] with 0 < lo ≤ hi');
  }
  if (o.needle) {
    const n = o.needle;
    check(
      ['left', 'right', 'top', 'bottom'].includes(n.side),
      'needle.side must be left, right, top or bottom',
    );
    check(Number.isFinite(n.tipGapPx), 'needle.tipGapPx must be a finite number');
    check(inRange(n.coreRadiusPx, 0.5, Number.POSITIVE_INFINITY), 'needle.coreRadiusPx must be ≥ 0.5');
    check(inRange(n.coatingPx, 0, Number.POSITIVE_INFINITY), 'needle.coatingPx must be ≥ 0');
    check(inRange(n.coreTransmission, 1e-6, 1.000001), 'needle.coreTransmission must be in (0, 1]');
    check(inRange(n.coatingTransmission, 1e-6, 1.000001), 'needle.coatingTransmission must be in (0, 1]');
    check(inRange(n.angleDeg, -45, 45), 'needle.angleDeg must be in (−45, 45)');
  }
}
