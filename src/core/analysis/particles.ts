/** Particles mode: each separate particle or cluster of a frame's segmentation, measured on its own. */

import { labelRuns, selectRuns } from './components.ts';
import { simplifyClosedPolygon, traceOuterBoundary } from './contour.ts';
import type { ResolvedSegmentParams } from './params.ts';
import { type Runs, runsBounds, runsToMask } from './runs.ts';
import type { ParticleMeasure } from './types.ts';

/**
 * Area, centroid and outline of every 8-connected component of `runs` (working pixels binned
 * `bin`×), in frame pixels, largest first. A pixel's centre is x + ½, as for the cluster's centroid.
 */
export function measureParticles(runs: Runs, bin: number, params: ResolvedSegmentParams): ParticleMeasure[] {
  const { labels, count } = labelRuns(runs, 8);
  const area = new Float64Array(count + 1);
  const sx = new Float64Array(count + 1);
  const sy = new Float64Array(count + 1);
  for (let i = 0; i < runs.y.length; i++) {
    const l = labels[i];
    const len = runs.x1[i] - runs.x0[i];
    area[l] += len;
    sx[l] += (len * (runs.x0[i] + runs.x1[i])) / 2;
    sy[l] += len * (runs.y[i] + 0.5);
  }
  const out: ParticleMeasure[] = [];
  // The frame's particles share one outline budget, so a frame of many keeps a result as small
  // as a cluster's (results of every frame stay in memory and in the session).
  const budget = Math.max(
    MIN_PARTICLE_OUTLINE_POINTS,
    Math.floor(params.maxOutlinePoints / Math.max(1, count)),
  );
  for (let l = 1; l <= count; l++) {
    if (area[l] === 0) continue;
    const outline = runsOutline(selectRuns(runs, labels, l), params, budget);
    out.push({
      areaPx: area[l] * bin * bin,
      centroidX: (sx[l] / area[l]) * bin,
      centroidY: (sy[l] / area[l]) * bin,
      outline: bin === 1 ? outline : outline.map((v) => v * bin),
    });
  }
  return out.sort((a, b) => b.areaPx - a.areaPx);
}

/** Fewest vertices a particle's outline may be simplified to: an octagon still shows its shape. */
const MIN_PARTICLE_OUTLINE_POINTS = 8;

/**
 * The outer outline of one component's runs, in the runs' pixels: traced on a mask cropped to its
 * bounding box, then simplified (`outlineTolerancePx`) until it has at most `maxPoints` vertices.
 */
export function runsOutline(
  runs: Runs,
  params: ResolvedSegmentParams,
  maxPoints = params.maxOutlinePoints,
): number[] {
  const [bx0, by0, bx1, by1] = runsBounds(runs) as [number, number, number, number];
  const w = bx1 - bx0;
  const h = by1 - by0;
  const crop = runsToMask(runs, w, h, bx0, by0);
  const traced = traceOuterBoundary(crop, w, h, bx0, by0);
  const limit = Math.max(4, maxPoints);
  let tolerance = Math.max(0, params.outlineTolerancePx);
  let outline = simplifyClosedPolygon(traced, tolerance);
  while (outline.length / 2 > limit) {
    tolerance = tolerance > 0 ? tolerance * 1.5 : 0.5;
    outline = simplifyClosedPolygon(traced, tolerance);
  }
  return outline;
}

/** The diameter of the disc with a particle's area, in the area's length unit. */
export const equivalentDiameter = (area: number): number => 2 * Math.sqrt(area / Math.PI);
