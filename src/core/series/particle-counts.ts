/** Particles mode over time: how many particles each frame's area totals. */

import type { FrameResult } from '../analysis/types.ts';
import type { AreaSeries } from './area-series.ts';

export interface CountPoint {
  frame: number;
  /**
   * Particles found on the frame; undefined where the frame has no particle measurement (an empty
   * or unreadable frame, as in the `particle_count` column of the results table): a gap, not a 0.
   */
  count?: number;
}

/** Whether the run measured particles (particles mode): some frame carries its particles. */
export const measuresParticles = (results: readonly (FrameResult | null | undefined)[]): boolean =>
  results.some((r) => r?.particles !== undefined);

/**
 * The particle count of every frame the area series includes (the one inclusion rule of
 * `area-series.ts`: rejected and unanalysed frames are out), on the same time base, so count
 * and total area are plotted over the same frames. Undefined when no frame was measured in
 * particles mode: there is nothing to count.
 */
export function particleCounts(
  series: AreaSeries,
  results: readonly (FrameResult | null | undefined)[],
): CountPoint[] | undefined {
  if (!measuresParticles(results)) return undefined;
  return series.points.map(({ frame }) => ({ frame, count: results[frame]?.particles?.length }));
}
