/**
 * Where the needle touches the cluster, the cluster reaches the needle's own edge (core and
 * measured coating), not the safety margin drawn around it.
 */
import { describe, expect, it } from 'vitest';
import { chamferDistance } from '../../src/core/analysis/chamfer.ts';
import { type Exclusion, PAINTED_EXCLUSION, reachNeedleEdge } from '../../src/core/analysis/exclusion.ts';
import { NEEDLE_BODY, NEEDLE_MARGIN, NEEDLE_MARGIN_PX } from '../../src/core/analysis/needle.ts';
import { resolveParams } from '../../src/core/analysis/params.ts';
import { maskToRuns, runsArea, runsToMask } from '../../src/core/analysis/runs.ts';
import { segmentMask } from '../../src/core/analysis/segment.ts';
import { createPresetMovie } from '../../src/core/synth/index.ts';

const W = 64;
const H = 32;

/** A needle along the left half (rows 12–19), its 2-px margin, and a cluster right of its tip. */
function scene(): { exclusion: Exclusion; cluster: Uint8Array } {
  const mask = new Uint8Array(W * H);
  const cluster = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const body = x < 30 && y >= 12 && y < 20;
      const margin =
        !body && x < 30 + NEEDLE_MARGIN_PX && y >= 12 - NEEDLE_MARGIN_PX && y < 20 + NEEDLE_MARGIN_PX;
      mask[y * W + x] = body ? NEEDLE_BODY : margin ? NEEDLE_MARGIN : 0;
      // The cluster starts where the margin ends, beside the tip.
      if (x >= 30 + NEEDLE_MARGIN_PX && x < 50 && y >= 8 && y < 24) cluster[y * W + x] = 1;
    }
  }
  return { exclusion: { mask, box: [0, 0, W, H] }, cluster };
}

describe("the cluster's boundary with the needle", () => {
  it('gives the margin between the cluster and the needle tip to the cluster, and no margin along the needle', () => {
    const { exclusion, cluster } = scene();
    const before = maskToRuns(cluster, W, H);
    const { runs, addedPx } = reachNeedleEdge(before, exclusion, W);
    const after = runsToMask(runs, W, H);
    expect(addedPx).toBeGreaterThan(0);
    expect(runsArea(runs)).toBe(runsArea(before) + addedPx);
    // The gap before the tip (columns 30–31, needle rows) is filled up to the needle's body.
    for (let y = 12; y < 20; y++)
      for (let x = 30; x < 32; x++) expect(after[y * W + x], `(${x}, ${y})`).toBe(1);
    // Along the needle, far from the cluster, the margin stays out; the needle's body always does.
    for (let x = 0; x < 25; x++) {
      expect(after[10 * W + x], `margin (${x}, 10)`).toBe(0);
      expect(after[15 * W + x], `body (${x}, 15)`).toBe(0);
    }
  });

  it('never gives back a painted exclusion, nor anything without a needle', () => {
    const { exclusion, cluster } = scene();
    // The same pixels painted out by the user as well (margin | PAINTED_EXCLUSION): no longer only the needle's margin.
    const painted = {
      ...exclusion,
      mask: exclusion.mask.map((v) => (v === NEEDLE_MARGIN ? v | PAINTED_EXCLUSION : v)),
    };
    const runs = maskToRuns(cluster, W, H);
    expect(reachNeedleEdge(runs, painted, W).addedPx).toBe(0);
    expect(reachNeedleEdge(runs, undefined, W).runs).toBe(runs);
  });

  it("finds the generator's cluster pixels beside its needle (74–94 % of those within 4 px; 26–57 % with the margin kept out)", () => {
    for (const preset of ['operando', 'low-dose'] as const) {
      for (const seed of [3, 7]) {
        const movie = createPresetMovie(preset, { seed, frameCount: 240 });
        const frame = movie.renderFrame(120);
        const needle = frame.needleMask;
        expect(needle, `${preset} ${seed}`).toBeDefined();
        if (!needle) continue;
        const { mask } = segmentMask(
          { width: movie.width, height: movie.height, data: frame.data },
          resolveParams(),
          { frameIndex: 120 },
        );
        const distance = chamferDistance(needle, movie.width, movie.height);
        let near = 0;
        let found = 0;
        for (let p = 0; p < mask.length; p++) {
          if (!frame.truthMask[p] || distance[p] > 4) continue;
          near++;
          if (mask[p]) found++;
        }
        expect(near, `${preset} ${seed}`).toBeGreaterThan(50);
        expect(found / near, `${preset} seed ${seed}`).toBeGreaterThan(0.7);
      }
    }
  }, 60_000);
});

describe('chamferDistance', () => {
  /** The chamfer metric (steps of 1 and √2) to the nearest set pixel inside the box, by brute force. */
  function reference(mask: Uint8Array, width: number, box: [number, number, number, number]) {
    const [x0, y0, x1, y1] = box;
    const out: number[] = [];
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        let best = 1e9;
        for (let v = y0; v < y1; v++) {
          for (let u = x0; u < x1; u++) {
            if (!mask[v * width + u]) continue;
            const long = Math.max(Math.abs(u - x), Math.abs(v - y));
            const short = Math.min(Math.abs(u - x), Math.abs(v - y));
            best = Math.min(best, short * Math.SQRT2 + (long - short));
          }
        }
        out.push(best);
      }
    }
    return out;
  }

  it('is the chamfer distance to the nearest pixel in the box, on any shape of box', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (const [width, height] of [
      [23, 17],
      [1, 9],
      [9, 1],
      [2, 2],
    ]) {
      const mask = Uint8Array.from({ length: width * height }, () => (random() < 0.08 ? 1 : 0));
      mask[Math.floor(random() * mask.length)] = 1;
      const boxes: [number, number, number, number][] = [
        [0, 0, width, height],
        [Math.min(1, width - 1), 0, width, height],
        [0, Math.min(2, height - 1), Math.max(1, width - 1), height],
      ];
      for (const box of boxes) {
        const got = chamferDistance(mask, width, height, box);
        const want = reference(mask, width, box);
        // The passes add single-precision steps one at a time: equal to a few ulps.
        const off = want.map((d, i) => Math.abs(got[i] - d));
        expect(Math.max(...off), `${width}×${height} box ${box}`).toBeLessThan(1e-5);
      }
    }
  });
});
