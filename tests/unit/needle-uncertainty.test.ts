/**
 * The needle's share of the area uncertainty: where the cluster meets the needle its boundary is
 * the needle's edge, placed by one coating measurement, so the contact moves as one.
 */
import { describe, expect, it } from 'vitest';
import { areaUncertainty } from '../../src/core/analysis/area-uncertainty.ts';
import { type Exclusion, needleContactPx, PAINTED_EXCLUSION } from '../../src/core/analysis/exclusion.ts';
import { detectNeedle, NEEDLE_BODY } from '../../src/core/analysis/needle.ts';
import { maskToRuns } from '../../src/core/analysis/runs.ts';

const W = 64;
const H = 64;

/** A needle body over rows 0–9 and a 20 × 10 px cluster right below it (columns 20–39). */
function touching(bodyValue = NEEDLE_BODY) {
  const mask = new Uint8Array(W * H);
  const cluster = new Uint8Array(W * H);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      if (y < 10) mask[y * W + x] = bodyValue;
      if (y >= 10 && y < 20 && x >= 20 && x < 40) cluster[y * W + x] = 1;
    }
  const exclusion: Exclusion = { mask, box: [0, 0, W, H], needleEdgeSigmaPx: 0.5 };
  return { exclusion, runs: maskToRuns(cluster, W, H) };
}

/** A smoothed transmission image with a needle entering from the left: core rows 28–35, its coating above and below. */
function needleImage(coatingAbove: number, coatingBelow: number): Float32Array {
  const image = new Float32Array(W * H).fill(1);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < 40; x++) {
      if (y >= 28 && y < 36) image[y * W + x] = 0.05;
      else if ((y >= 28 - coatingAbove && y < 28) || (y >= 36 && y < 36 + coatingBelow))
        image[y * W + x] = 0.6;
    }
  return image;
}

describe('the needle boundary in the area uncertainty', () => {
  it('measures the contact as the cluster sides that face the needle body, and none where the user painted', () => {
    const { exclusion, runs } = touching();
    expect(needleContactPx(runs, exclusion, W, H)).toBe(20);
    const painted = touching(PAINTED_EXCLUSION);
    expect(needleContactPx(painted.runs, { ...painted.exclusion }, W, H)).toBe(0);
    expect(needleContactPx(runs, undefined, W, H)).toBe(0);
  });

  it('adds contact × the edge σ, in quadrature with the other terms', () => {
    const { exclusion, runs } = touching();
    const smoothed = new Float32Array(W * H).fill(1);
    const input = {
      smoothed,
      width: W,
      height: H,
      threshold: 0.9,
      noise: 0.01,
      blurSigmaPx: 1,
      rule: 'rim' as const,
    };
    const without = areaUncertainty(runs, input);
    const contactPx = needleContactPx(runs, exclusion, W, H);
    const withNeedle = areaUncertainty(runs, { ...input, needle: { contactPx, edgeSigmaPx: 0.5 } });
    expect(withNeedle ** 2 - without ** 2).toBeCloseTo((contactPx * 0.5) ** 2, 6);
  });

  it("places the needle's edge to a pixel's ±½ where its coating is even, and to its spread where it is not", () => {
    const even = detectNeedle(needleImage(3, 3), W, H, { contrastLevel: 0.9, minCorePx: 20 });
    expect(even?.coatingPx).toBe(3);
    expect(even?.coatingSigmaPx).toBeCloseTo(1 / Math.sqrt(12), 3);
    const uneven = detectNeedle(needleImage(2, 6), W, H, { contrastLevel: 0.9, minCorePx: 20 });
    // Half the lines read 2 px, half 6: the edge is uncertain by about their difference's half.
    expect(uneven?.coatingSigmaPx).toBeGreaterThan(1.5);
    expect(uneven?.coatingSigmaPx).toBeLessThan(4);
  });

  it('finds the same needle entering by any edge (the border lines it crosses are the ones read)', () => {
    // 160² px, a needle along rows 76–83 from the left edge to x = 100, its transmission rising
    // along it: its core is cut where the ramp passes a level set by the border lines it crosses
    // (those within 32 px of the edge), so a line left unread moves the cut. Then mirrored and
    // transposed: the same needle entering by each edge.
    const n = 160;
    const left = new Float32Array(n * n).fill(1);
    for (let y = 74; y < 86; y++)
      for (let x = 0; x < 100; x++) left[y * n + x] = y < 76 || y >= 84 ? 0.6 : 0.02 + 0.002 * x;
    const orient = (f: (x: number, y: number) => number) =>
      Float32Array.from({ length: n * n }, (_, i) => left[f(i % n, Math.floor(i / n))]);
    const images = [
      left,
      orient((x, y) => y * n + (n - 1 - x)),
      orient((x, y) => x * n + y),
      orient((x, y) => (n - 1 - x) * n + y),
    ];
    const found = images.map((image) => detectNeedle(image, n, n, { contrastLevel: 0.9, minCorePx: 20 }));
    const corePx = found[0]?.corePx ?? 0;
    expect(corePx).toBeGreaterThan(8 * 32);
    expect(corePx).toBeLessThan(8 * 100);
    for (const needle of found)
      expect([needle?.corePx, needle?.coatingPx]).toEqual([corePx, found[0]?.coatingPx]);
  });
});
