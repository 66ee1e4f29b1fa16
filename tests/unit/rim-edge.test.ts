/**
 * In-focus rims. A weakly scattering sphere's projected thickness falls to zero at its rim, so
 * its geometric outline lies a fraction of its contrast below the film, however dark it is. The
 * images here come from their own model, independent of the segmentation and of the generator:
 * spheres attenuating exponentially with their projected thickness, supersampled, blurred by a
 * Gaussian PSF of 1.25 px, with shot noise.
 */
import { describe, expect, it } from 'vitest';
import { moveToRimEdges } from '../../src/core/analysis/edge-outline.ts';
import { RIM_CONTRAST_FRACTION, rimEdgeLevel } from '../../src/core/analysis/edge-profile.ts';
import { effectiveSigma, gaussianBlur } from '../../src/core/analysis/filters.ts';
import { defaultSegmentParams } from '../../src/core/analysis/params.ts';
import { maskToRuns, runsArea, runsToMask } from '../../src/core/analysis/runs.ts';
import { segmentMask } from '../../src/core/analysis/segment.ts';
import { edgeInputOn, profileOnFlatBeam } from '../helpers/edge-input.ts';
import { seededNormals } from '../helpers/seeded-noise.ts';

const SIZE = 256;
const PSF_PX = 1.25;
const SUPERSAMPLE = 4;

/** A sphere of `radius` px at the image's centre transmitting `centreT` through its middle, on a film of `counts` per px. */
function sphere(radius: number, centreT: number, counts: number, seed: number) {
  const mu = -Math.log(centreT) / (2 * radius);
  const transmission = new Float32Array(SIZE * SIZE);
  let trueArea = 0;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let sum = 0;
      for (let j = 0; j < SUPERSAMPLE; j++) {
        for (let i = 0; i < SUPERSAMPLE; i++) {
          const r2 =
            (x + (i + 0.5) / SUPERSAMPLE - SIZE / 2) ** 2 + (y + (j + 0.5) / SUPERSAMPLE - SIZE / 2) ** 2;
          const inside = r2 < radius * radius;
          sum += inside ? Math.exp(-2 * mu * Math.sqrt(radius * radius - r2)) : 1;
          if (inside) trueArea += 1 / SUPERSAMPLE ** 2;
        }
      }
      transmission[y * SIZE + x] = sum / SUPERSAMPLE ** 2;
    }
  }
  const blurred = gaussianBlur(transmission, SIZE, SIZE, PSF_PX);
  const noise = seededNormals(seed);
  const data = new Uint16Array(SIZE * SIZE);
  for (let i = 0; i < data.length; i++) {
    const mean = counts * blurred[i];
    data[i] = Math.max(0, Math.round(mean + Math.sqrt(mean) * noise()));
  }
  return { frame: { width: SIZE, height: SIZE, data }, trueArea, blurred };
}

function areaError(radius: number, centreT: number, counts: number, seed: number): number {
  const { frame, trueArea } = sphere(radius, centreT, counts, seed);
  const { result } = segmentMask(frame, defaultSegmentParams, { frameIndex: 0 });
  return (result.areaPx - trueArea) / trueArea;
}

describe('in-focus rims', () => {
  it('measures dark spheres at their geometric outline (the 10 % step alone: +5 % at r = 30, +14 % at r = 15, +12–14 % at r = 15 and 12 counts/px)', () => {
    for (const seed of [1, 2, 3]) {
      expect(Math.abs(areaError(30, 0.2, 80, seed))).toBeLessThan(0.03);
      expect(Math.abs(areaError(15, 0.2, 80, seed))).toBeLessThan(0.06);
      expect(Math.abs(areaError(15, 0.2, 12, seed))).toBeLessThan(0.09);
    }
  });

  it('reads the rim level from the profile: a fifth of the contrast below the far film', () => {
    const { blurred } = sphere(30, 0.2, 80, 1);
    const mask = new Uint8Array(SIZE * SIZE);
    for (let i = 0; i < mask.length; i++) mask[i] = blurred[i] < 0.9 ? 1 : 0;
    const image = Float32Array.from(blurred, (v) => 1000 * v);
    const profile = profileOnFlatBeam(mask, image, SIZE, 1000);
    const level = rimEdgeLevel(profile);
    // 12 px in, a sphere of r = 30 and centre transmission 0.2 transmits ~0.3; far out, the film 1.
    const deep = profile.values[0];
    expect(deep).toBeGreaterThan(0.25);
    expect(deep).toBeLessThan(0.4);
    expect(level).toBeCloseTo(1 - RIM_CONTRAST_FRACTION * (1 - deep), 2);
  });

  it('only shrinks an object, and leaves one of low contrast as the step drew it', () => {
    const step = 0.9;
    for (const [centreT, shrinks] of [
      [0.2, true],
      [0.75, false],
    ] as const) {
      const { frame } = sphere(30, centreT, 1000, 4);
      const image = Float32Array.from(frame.data);
      const smoothed = gaussianBlur(
        Float32Array.from(image, (v) => v / 1000),
        SIZE,
        SIZE,
        1,
      );
      const stepMask = new Uint8Array(SIZE * SIZE);
      for (let i = 0; i < stepMask.length; i++) stepMask[i] = smoothed[i] < step ? 1 : 0;
      const object = maskToRuns(stepMask, SIZE, SIZE);
      const input = edgeInputOn(image, SIZE, 1000, 0.02, 4);
      const moved = moveToRimEdges(object, input, smoothed, step, 0, { sigmaPx: 1, referenceSigmaPx: 1 });
      const movedMask = runsToMask(moved, SIZE, SIZE);
      let outside = 0;
      for (let i = 0; i < movedMask.length; i++) if (movedMask[i] && !stepMask[i]) outside++;
      expect(outside).toBe(0);
      if (shrinks) expect(runsArea(moved)).toBeLessThan(runsArea(object));
      else expect(moved).toEqual(object);
    }
  });

  it('does not move out with the smoothing that noise asks for: the extra blur is taken out of the level', () => {
    const step = 0.9;
    const reference = effectiveSigma(1);
    const wide = effectiveSigma(3);
    for (const centreT of [0.3, 0.6]) {
      const { frame } = sphere(30, centreT, 20_000, 5);
      const image = Float32Array.from(frame.data);
      const areaAt = (sigma: number, blur: { sigmaPx: number; referenceSigmaPx: number }) => {
        const smoothed = gaussianBlur(
          Float32Array.from(image, (v) => v / 20_000),
          SIZE,
          SIZE,
          sigma,
        );
        const stepMask = new Uint8Array(SIZE * SIZE);
        for (let i = 0; i < stepMask.length; i++) stepMask[i] = smoothed[i] < step ? 1 : 0;
        const input = edgeInputOn(image, SIZE, 20_000, 0.002, 4);
        const object = maskToRuns(stepMask, SIZE, SIZE);
        return runsArea(moveToRimEdges(object, input, smoothed, step, 0, blur));
      };
      const least = areaAt(1, { sigmaPx: reference, referenceSigmaPx: reference });
      const uncorrected = areaAt(3, { sigmaPx: wide, referenceSigmaPx: wide });
      const corrected = areaAt(3, { sigmaPx: wide, referenceSigmaPx: reference });
      // Smoothed 3 px instead of 1, the dark sphere's outline grows by 5 % of its area; with the
      // extra blur taken out, both stay within 1.2 % of where the least smoothing puts them.
      if (centreT < 0.5) expect((uncorrected - least) / least).toBeGreaterThan(0.04);
      expect(Math.abs(corrected - least) / least).toBeLessThan(0.012);
    }
  });
});
