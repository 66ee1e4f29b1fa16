/**
 * On a grainy film (real bright-field crops), a particle 20 % darker than the film has no pixel
 * five σ of the film's fluctuation deep, but its summed darkness stands far out of it; patches of
 * the film's own grain do not.
 */
import { describe, expect, it } from 'vitest';
import { gaussianBlur } from '../../src/core/analysis/filters.ts';
import { resolveParams } from '../../src/core/analysis/params.ts';
import { correlationArea } from '../../src/core/analysis/seeds.ts';
import { segmentMask } from '../../src/core/analysis/segment.ts';
import { seededNormals } from '../helpers/seeded-noise.ts';

const SIZE = 256;

/** Film grain: white noise blurred by σ = 2 px, scaled to `fluctuation` of the film level. */
function grain(seed: number, fluctuation: number): Float32Array {
  const noise = seededNormals(seed);
  const white = new Float32Array(SIZE * SIZE);
  for (let i = 0; i < white.length; i++) white[i] = noise();
  const g = gaussianBlur(white, SIZE, SIZE, 2);
  let s2 = 0;
  for (const v of g) s2 += v * v;
  const scale = fluctuation / Math.sqrt(s2 / g.length);
  for (let i = 0; i < g.length; i++) g[i] *= scale;
  return g;
}

/** Six discs of radius 14 px, 20 % darker than the film, on an 8 % grain; or the film alone. */
function scene(withParticles: boolean, seed = 5) {
  const g = grain(seed, 0.08);
  const data = new Uint16Array(SIZE * SIZE);
  const centres = [
    [50, 50],
    [130, 60],
    [205, 55],
    [60, 180],
    [140, 190],
    [200, 170],
  ];
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const inside = withParticles && centres.some(([cx, cy]) => (x - cx) ** 2 + (y - cy) ** 2 < 14 * 14);
      data[y * SIZE + x] = Math.round(1000 * (1 + g[y * SIZE + x]) * (inside ? 0.8 : 1));
    }
  }
  return { width: SIZE, height: SIZE, data };
}

describe('seed test on a grainy film', () => {
  const particles = resolveParams({ particles: true });

  it('counts particles that no single pixel would seed', () => {
    const { result } = segmentMask(scene(true), particles, { frameIndex: 0 });
    expect(result.particles?.length).toBe(6);
  });

  it('finds nothing in the film alone', () => {
    for (const seed of [5, 6, 7]) {
      const { result } = segmentMask(scene(false, seed), particles, { frameIndex: 0 });
      expect(result.particles?.length ?? 0).toBe(0);
    }
  });

  it("measures the grain's correlation area (a σ = 2 px blur of white noise: 4πσ² ≈ 50 px)", () => {
    const film = grain(3, 0.08);
    for (let i = 0; i < film.length; i++) film[i] += 1;
    const area = correlationArea(film, SIZE, 0);
    expect(area).toBeGreaterThan(30);
    expect(area).toBeLessThan(80);
  });
});
