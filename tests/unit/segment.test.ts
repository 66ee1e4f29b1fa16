/**
 * Known-answer segmentation on generated movies: default parameters, no tuning per movie.
 * The seeds differ from the ones the defaults were chosen on.
 */
import { describe, expect, it } from 'vitest';
import { defaultSegmentParams, polygonArea, segmentMask } from '../../src/core/analysis/index.ts';
import type { ResolvedSegmentParams } from '../../src/core/analysis/types.ts';
import { createSyntheticMovie, type SyntheticMovie } from '../../src/core/synth/index.ts';

interface Score {
  meanAbsError: number;
  meanSignedError: number;
  worstError: number;
  meanIoU: number;
  worstCentroidPx: number;
  maxOutlinePoints: number;
  worstOutlineAreaError: number;
}

function score(movie: SyntheticMovie, params: ResolvedSegmentParams, frames = 20): Score {
  let abs = 0;
  let signed = 0;
  let worst = 0;
  let iou = 0;
  let centroid = 0;
  let points = 0;
  let outlineErr = 0;
  for (let k = 0; k < frames; k++) {
    const i = Math.round((k * (movie.frameCount - 1)) / (frames - 1));
    const truth = movie.renderFrame(i);
    const frame = { width: movie.width, height: movie.height, data: truth.data };
    const { result, mask } = segmentMask(frame, params, { frameIndex: i });
    expect(result.frame).toBe(i);
    expect(result.quality).toBe('ok');
    const e = (result.areaPx - truth.truthAreaPx) / truth.truthAreaPx;
    abs += Math.abs(e);
    signed += e;
    worst = Math.max(worst, Math.abs(e));
    let inter = 0;
    let union = 0;
    let sx = 0;
    let sy = 0;
    for (let p = 0; p < mask.length; p++) {
      inter += mask[p] & truth.truthMask[p];
      union += mask[p] | truth.truthMask[p];
      if (truth.truthMask[p]) {
        sx += (p % movie.width) + 0.5;
        sy += Math.floor(p / movie.width) + 0.5;
      }
    }
    iou += inter / union;
    const tx = sx / truth.truthAreaPx;
    const ty = sy / truth.truthAreaPx;
    centroid = Math.max(centroid, Math.hypot(result.centroidX - tx, result.centroidY - ty));
    points = Math.max(points, result.outline.length / 2);
    outlineErr = Math.max(outlineErr, Math.abs(polygonArea(result.outline) / result.areaPx - 1));
  }
  return {
    meanAbsError: abs / frames,
    meanSignedError: signed / frames,
    worstError: worst,
    meanIoU: iou / frames,
    worstCentroidPx: centroid,
    maxOutlinePoints: points,
    worstOutlineAreaError: outlineErr,
  };
}

describe.each([
  { dose: 200, seed: 7, particleCount: 18 },
  { dose: 50, seed: 7, particleCount: 18 },
  { dose: 200, seed: 11, particleCount: 24 },
  { dose: 50, seed: 42, particleCount: 14 },
])('segmentation of a generated 512² movie at dose $dose (seed $seed)', ({ dose, seed, particleCount }) => {
  const movie = createSyntheticMovie({ dose, seed, particleCount });

  it('measures the area within 3 % on average (6 % worst), IoU ≥ 0.9, with default parameters', () => {
    const s = score(movie, defaultSegmentParams);
    expect(s.meanAbsError).toBeLessThanOrEqual(0.03);
    expect(s.worstError).toBeLessThanOrEqual(0.06);
    expect(s.meanIoU).toBeGreaterThanOrEqual(0.9);
    // What v1 actually achieves here, so a regression shows before the spec limits are hit.
    expect(s.meanAbsError).toBeLessThan(0.025);
    expect(s.meanIoU).toBeGreaterThan(0.955);
    expect(s.worstCentroidPx).toBeLessThan(1.5);
    expect(s.maxOutlinePoints).toBeLessThanOrEqual(200);
    expect(s.worstOutlineAreaError).toBeLessThan(0.03);
  });
});

describe('the edge threshold', () => {
  it('recovers the soft rim that plain Otsu loses', () => {
    const movie = createSyntheticMovie({ dose: 200, seed: 7 });
    const otsu = score(movie, { ...defaultSegmentParams, thresholdMethod: 'otsu' }, 6);
    const edge = score(movie, defaultSegmentParams, 6);
    expect(otsu.meanSignedError).toBeLessThan(-0.04);
    expect(Math.abs(edge.meanSignedError)).toBeLessThan(0.025);
  });

  it('tracks the swelling: segmented area follows the truth through the schedule', () => {
    const movie = createSyntheticMovie({ dose: 100, seed: 13, frameCount: 80 });
    const ratios: number[] = [];
    for (let i = 0; i < movie.frameCount; i += 8) {
      const f = movie.renderFrame(i);
      const { result } = segmentMask({ width: 512, height: 512, data: f.data }, defaultSegmentParams);
      ratios.push(result.areaPx / f.truthAreaPx);
    }
    // A constant bias would cancel in area-vs-time plots; the spread is what matters.
    expect(Math.max(...ratios) - Math.min(...ratios)).toBeLessThan(0.03);
  });
});
