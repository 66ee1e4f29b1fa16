/**
 * `sampleEdgeProfile` looks for outline pixels only within the mask's bounding box: a mask's blur
 * is below 0.5 everywhere outside it (at most the kernel's far half lies on the mask). The
 * profile must be the one a search of the whole image finds.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_OUTLINE_SMOOTHING_PX,
  MIN_OUTLINE_SMOOTHING_PX,
  sampleEdgeProfile,
  smoothOutline,
} from '../../src/core/analysis/edge-profile.ts';
import { maskToRuns, runsBounds } from '../../src/core/analysis/runs.ts';
import { createRng } from '../../src/core/synth/index.ts';

/** Overlapping discs (a cluster), some touching the image's edge, and a noisy image of them. */
function scene(seed: number, size: number) {
  const rng = createRng(seed);
  const mask = new Uint8Array(size * size);
  const discs = Array.from({ length: 6 }, () => ({
    x: size * (0.1 + 0.8 * rng.next()),
    y: size * (0.1 + 0.8 * rng.next()),
    r: 6 + 14 * rng.next(),
  }));
  // One disc cut by the image's edge: the bounding box then reaches it.
  discs.push({ x: 2, y: size / 2, r: 10 });
  const image = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = discs.some((d) => (x - d.x) ** 2 + (y - d.y) ** 2 < d.r ** 2);
      mask[y * size + x] = inside ? 1 : 0;
      image[y * size + x] = (inside ? 60 : 100) + 8 * (rng.next() - 0.5);
    }
  }
  return { mask, image };
}

describe('edge profile: the outline search within the mask bounds', () => {
  it.each([MIN_OUTLINE_SMOOTHING_PX, MAX_OUTLINE_SMOOTHING_PX])(
    'finds what a whole-image search finds (σ %f px)',
    (sigma) => {
      for (const seed of [1, 2, 3]) {
        const size = 96;
        const { mask, image } = scene(seed, size);
        const soft = smoothOutline(mask, size, size, sigma);
        const bounds = runsBounds(maskToRuns(mask, size, size));
        if (!bounds) throw new Error('empty scene');
        const profile = (within?: [number, number, number, number]) =>
          sampleEdgeProfile(soft, undefined, size, size, image, () => 100, false, within);
        const bounded = profile(bounds);
        expect(bounded.lines).toBeGreaterThan(40);
        expect(bounded).toEqual(profile());
        // A box that misses part of the outline does change it: the comparison can fail.
        const cut: [number, number, number, number] = [bounds[0] + 10, bounds[1], bounds[2], bounds[3]];
        expect(profile(cut).lines).not.toBe(bounded.lines);
      }
    },
  );
});
