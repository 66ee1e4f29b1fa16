// Inputs of the edge redraw (edge-outline.ts) and its profile for test images on a flat beam.
import type { Background } from '../../src/core/analysis/background.ts';
import type { EdgeOutlineInput } from '../../src/core/analysis/edge-outline.ts';
import { type EdgeProfile, sampleEdgeProfile, smoothOutline } from '../../src/core/analysis/edge-profile.ts';

/** A beam of `level` counts everywhere: the background surface's constant term, the rest zero. */
export function flatBeam(level: number, size: number): Background {
  const coefficients = Float64Array.from({ length: 10 }, (_, i) => (i === 0 ? level : 0));
  return { coefficients, width: size, height: size, level };
}

/** A size × size image on a flat beam of `beam` counts, dark objects, nothing excluded. */
export function edgeInputOn(
  image: Float32Array,
  size: number,
  beam: number,
  smoothedNoise: number,
  grainAreaPx: number,
): EdgeOutlineInput {
  return {
    image,
    width: size,
    height: size,
    background: flatBeam(beam, size),
    mirror: false,
    smoothedNoise,
    excluded: undefined,
    grainAreaPx: () => grainAreaPx,
  };
}

/** The profile across the outline of `mask` in `image`, on a flat beam of `beam` counts. */
export function profileOnFlatBeam(
  mask: Uint8Array,
  image: Float32Array,
  size: number,
  beam: number,
): EdgeProfile {
  return sampleEdgeProfile(smoothOutline(mask, size, size), undefined, size, size, image, () => beam, false);
}
