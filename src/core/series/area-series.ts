import { type FrameResult, questionsArea } from '../analysis/types.ts';
import type { MovieInfo } from '../run/frame-service.ts';
import { type FrameTimeBase, frameTimeBase } from './time-base.ts';

/**
 * The per-frame cluster area, with the ONE inclusion rule every figure, table and proposal uses:
 *
 * - a frame the user rejected is out: no point at all (as if it had not been analysed);
 * - a frame not analysed (null) is out;
 * - an 'empty' frame (no cluster found) and an 'unreadable' one (not decoded) are kept as a
 *   frame with NO area: a gap in a plot, skipped by the cycle table and the onset search;
 * - a flagged frame ('touches-border', 'area-jump', 'flicker'; not 'drift-uncertain', see
 *   `questionsArea`) keeps its area and is marked `flagged`: the flag asks the user to look, and rejecting the frame is how it leaves.
 *   (Dropping flagged frames silently would hide real, fast area changes, which `area-jump`
 *   flags by design.)
 *
 * Areas are in nm² when the movie is calibrated, else in px².
 */

/** The user's review of a frame as exports write it; only 'rejected' changes the series. */
export type FrameReview = 'accepted' | 'rejected' | 'edited' | '';

export interface AreaPoint {
  frame: number;
  /** Area in `AreaSeries.unit`; undefined for an empty or unreadable frame (a gap). */
  area?: number;
  /** One-σ uncertainty of the area, same unit; undefined when not measured. */
  areaErr?: number;
  /** A quality flag other than 'ok' on a frame that has an area. */
  flagged: boolean;
}

export interface AreaSeries {
  unit: 'nm²' | 'px²';
  /** The movie's time base (seconds, or frame index when it has no frame times). */
  time: FrameTimeBase;
  /** Included frames in frame order. */
  points: AreaPoint[];
}

const NO_AREA = new Set(['empty', 'unreadable', 'object-lost']);

/** The area of one frame under the rule above, or undefined when it has none. */
export function frameArea(r: FrameResult, calibrated: boolean): number | undefined {
  if (NO_AREA.has(r.quality)) return undefined;
  const area = calibrated ? r.areaNm2 : r.areaPx;
  return area !== undefined && Number.isFinite(area) ? area : undefined;
}

export function areaSeries(
  info: MovieInfo,
  results: readonly (FrameResult | null | undefined)[],
  review?: readonly (FrameReview | undefined)[],
): AreaSeries {
  const calibrated = info.calibration?.pixelSizeNm !== undefined;
  const points: AreaPoint[] = [];
  results.forEach((r, frame) => {
    if (!r || review?.[frame] === 'rejected') return;
    const area = frameArea(r, calibrated);
    const err = calibrated ? r.areaErrNm2 : r.areaErrPx;
    points.push({
      frame,
      area,
      areaErr: err !== undefined && Number.isFinite(err) ? err : undefined,
      flagged: area !== undefined && questionsArea(r.quality),
    });
  });
  return { unit: calibrated ? 'nm²' : 'px²', time: frameTimeBase(info), points };
}

/** Area per frame index (NaN where a frame is out or has no area), for per-frame computations. */
export function areaByFrame(series: AreaSeries, frameCount: number): number[] {
  const out = new Array<number>(frameCount).fill(Number.NaN);
  for (const p of series.points) if (p.area !== undefined) out[p.frame] = p.area;
  return out;
}
