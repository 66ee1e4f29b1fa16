/** Particles mode: each separate particle or cluster of a frame's segmentation, measured on its own. */

import { labelRuns } from './components.ts';
import type { Runs } from './runs.ts';
import type { ParticleMeasure } from './types.ts';

/**
 * Area and centroid of every 8-connected component of `runs` (working pixels binned `bin`×), in
 * frame pixels, largest first. A pixel's centre is x + ½, as for the cluster's centroid.
 */
export function measureParticles(runs: Runs, bin: number): ParticleMeasure[] {
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
  for (let l = 1; l <= count; l++) {
    if (area[l] === 0) continue;
    out.push({
      areaPx: area[l] * bin * bin,
      centroidX: (sx[l] / area[l]) * bin,
      centroidY: (sy[l] / area[l]) * bin,
    });
  }
  return out.sort((a, b) => b.areaPx - a.areaPx);
}

/** The diameter of the disc with a particle's area, in the area's length unit. */
export const equivalentDiameter = (area: number): number => 2 * Math.sqrt(area / Math.PI);
