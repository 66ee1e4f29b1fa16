/**
 * A defocused bright-field image rings at every edge (a bright Fresnel fringe outside, a dark one
 * inside); the particle's edge is then half-way down the blurred step, not at the foot where a
 * fixed contrast step lands. In focus the step's outline is kept.
 */
import { describe, expect, it } from 'vitest';
import { defocusedEdge, sampleEdgeProfile, smoothOutline } from '../../src/core/analysis/edge-profile.ts';
import { gaussianBlur } from '../../src/core/analysis/filters.ts';
import { defaultSegmentParams } from '../../src/core/analysis/params.ts';
import { segmentMask } from '../../src/core/analysis/segment.ts';

const SIZE = 256;
const RADIUS = 40;
const FILM = 1000;

/** A seeded normal deviate (Box–Muller on a small LCG), so the noise is the same every run. */
function normals(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/**
 * A dark disk (transmission 0.6) blurred by σ = 3 px, with a defocus fringe of relative strength
 * `fringe` (the Laplacian of the blurred image: bright outside the edge, dark inside) and 2 %
 * white noise. Returns the frame and the disk's true area (pixel centres inside the circle).
 */
function disk(fringe: number, seed = 1) {
  const object = new Float32Array(SIZE * SIZE);
  let trueArea = 0;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const inside = (x - 128) ** 2 + (y - 128) ** 2 < RADIUS * RADIUS;
      object[y * SIZE + x] = inside ? 0.4 : 0;
      if (inside) trueArea++;
    }
  }
  const blurred = gaussianBlur(object, SIZE, SIZE, 3);
  const wide = gaussianBlur(object, SIZE, SIZE, 5);
  const noise = normals(seed);
  const data = new Uint16Array(SIZE * SIZE);
  for (let i = 0; i < data.length; i++) {
    // Difference of Gaussians: a band-pass ring, positive just outside the edge, negative inside.
    const ring = fringe * (blurred[i] - wide[i]);
    data[i] = Math.round(FILM * (1 - blurred[i] - ring) * (1 + 0.02 * noise()));
  }
  return { frame: { width: SIZE, height: SIZE, data }, trueArea };
}

describe('defocused edges', () => {
  it('puts a fringed edge half-way down the ramp: the area within 2 % (the step alone: +5 % or more)', () => {
    const { frame, trueArea } = disk(2.5);
    const { result } = segmentMask(frame, defaultSegmentParams, { frameIndex: 0 });
    expect(Math.abs(result.areaPx - trueArea) / trueArea).toBeLessThan(0.02);
  });

  it('finds the fringe in the averaged profile, and none on an in-focus edge', () => {
    for (const [fringe, expected] of [
      [2.5, true],
      [0, false],
    ] as const) {
      const { frame } = disk(fringe, 7);
      const image = new Float32Array(frame.data);
      const mask = new Uint8Array(SIZE * SIZE);
      // The outline a step would draw: 1.5 px outside the disk.
      for (let y = 0; y < SIZE; y++) {
        for (let x = 0; x < SIZE; x++)
          mask[y * SIZE + x] = (x - 128) ** 2 + (y - 128) ** 2 < (RADIUS + 1.5) ** 2 ? 1 : 0;
      }
      const profile = sampleEdgeProfile(
        smoothOutline(mask, SIZE, SIZE),
        undefined,
        SIZE,
        SIZE,
        image,
        () => FILM,
        false,
      );
      const edge = defocusedEdge(profile, 0.005);
      expect(edge !== null).toBe(expected);
      // Half-way down a blurred step is the edge itself: 1.5 px inside the outline it was measured from.
      if (edge) expect(edge.edgePx).toBeCloseTo(-1.5, 0);
    }
  });

  it('keeps the step outline on an in-focus blurred edge', () => {
    const { frame, trueArea } = disk(0);
    const { result } = segmentMask(frame, defaultSegmentParams, { frameIndex: 0 });
    // A 10 % step on a 40 % deep edge blurred by 3 px lands ~2 px outside it: about +10 %.
    expect(result.areaPx / trueArea).toBeGreaterThan(1.05);
  });
});
