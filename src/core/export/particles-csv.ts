/** The per-particle table of particles mode: one row per particle per frame, with its track. */

import { equivalentDiameter } from '../analysis/particles.ts';
import type { FrameResult } from '../analysis/types.ts';
import type { MovieInfo } from '../run/frame-service.ts';
import { trackParticles } from '../series/particle-tracks.ts';

const cell = (value: number | undefined): string =>
  value === undefined || !Number.isFinite(value) ? '' : String(Number(value.toPrecision(6)));

/**
 * `frame,track,area_px,area_nm2,equivalent_diameter_px,equivalent_diameter_nm,centroid_x_px,centroid_y_px`;
 * the nm columns are empty without a length calibration. Frames are numbered as in the results table.
 */
export function particlesToCsv(
  info: MovieInfo,
  results: readonly (FrameResult | null | undefined)[],
): string {
  const px = info.calibration?.pixelSizeNm;
  const nm = px !== undefined && px > 0 ? px : undefined;
  const lines = [
    'frame,track,area_px,area_nm2,equivalent_diameter_px,equivalent_diameter_nm,centroid_x_px,centroid_y_px',
  ];
  for (const p of trackParticles(results)) {
    const d = equivalentDiameter(p.areaPx);
    lines.push(
      [
        p.frame,
        p.track,
        cell(p.areaPx),
        cell(nm === undefined ? undefined : p.areaPx * nm * nm),
        cell(d),
        cell(nm === undefined ? undefined : d * nm),
        cell(p.centroidX),
        cell(p.centroidY),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
