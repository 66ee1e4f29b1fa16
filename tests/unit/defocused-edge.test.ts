/**
 * A defocused bright-field image rings at every edge (a bright Fresnel fringe outside, a dark one
 * inside); the particle's edge is then half-way down the blurred step, not at the foot where a
 * fixed contrast step lands. In focus the step's outline is kept.
 */
import { describe, expect, it } from 'vitest';
import type { Background } from '../../src/core/analysis/background.ts';
import { moveToDefocusedEdge } from '../../src/core/analysis/edge-outline.ts';
import { defocusedEdge, sampleEdgeProfile, smoothOutline } from '../../src/core/analysis/edge-profile.ts';
import { gaussianBlur } from '../../src/core/analysis/filters.ts';
import { defaultSegmentParams } from '../../src/core/analysis/params.ts';
import { maskToRuns, runsToMask } from '../../src/core/analysis/runs.ts';
import { segmentMask } from '../../src/core/analysis/segment.ts';
import { seededNormals } from '../helpers/seeded-noise.ts';

const SIZE = 256;
const RADIUS = 40;
const FILM = 1000;

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
  const noise = seededNormals(seed);
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

  it('smooths a fringed outline over the film grain it spikes into', () => {
    const { frame, trueArea } = disk(2.5, 9);
    const image = new Float32Array(frame.data);
    // The step's outline: the disk 1.5 px out, with eight 3-px-wide spikes 5 px long.
    const mask = new Uint8Array(SIZE * SIZE);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const r = Math.hypot(x - 128, y - 128);
        const angle = Math.atan2(y - 128, x - 128);
        // sin 4θ ≈ 4 × the angle from the nearest spoke: r |sin 4θ| / 4 is the distance to its axis.
        const spoke = (r * Math.abs(Math.sin(4 * angle))) / 4 < 1.5 && r < RADIUS + 6.5;
        mask[y * SIZE + x] = r < RADIUS + 1.5 || spoke ? 1 : 0;
      }
    }
    const object = maskToRuns(mask, SIZE, SIZE);
    const background: Background = {
      coefficients: Float64Array.of(FILM, 0, 0, 0, 0, 0),
      width: SIZE,
      height: SIZE,
      level: FILM,
    };
    const measure = (grainAreaPx: number) => {
      const input = {
        image,
        width: SIZE,
        height: SIZE,
        background,
        mirror: false,
        smoothedNoise: 0.005,
        excluded: undefined,
        grainAreaPx: () => grainAreaPx,
      };
      const out = runsToMask(
        moveToDefocusedEdge(object, input)?.runs ?? { y: [], x0: [], x1: [] },
        SIZE,
        SIZE,
      );
      let area = 0;
      let spikes = 0;
      for (let i = 0; i < out.length; i++) {
        if (!out[i]) continue;
        area++;
        if (Math.hypot((i % SIZE) - 128, Math.floor(i / SIZE) - 128) > RADIUS + 3) spikes++;
      }
      return { error: Math.abs(area - trueArea) / trueArea, spikes };
    };
    // Smoothed over a grain of 30 px² (the real crops'), the disk is measured within 2.5 %;
    // smoothed at the narrowest, the spikes' sideways profiles pull the edge in (3 %).
    const grainy = measure(30);
    expect(grainy.spikes).toBe(0);
    expect(grainy.error).toBeLessThan(0.025);
    expect(measure(1).error).toBeGreaterThan(0.025);
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
