import type { AreaSeries } from './area-series.ts';

/**
 * The two frames figure S6 draws unless the user picks others:
 * - the reference (red, "before lithiation"): the last frame before the first lithiation starts
 *   (`firstLithiationS`, movie seconds), preferring an unflagged one; the first frame with an
 *   area when the log shows no lithiation or none before it;
 * - the chosen one (yellow): the last unflagged frame, else the last frame with an area.
 * Only frames the series includes count (rejected frames are out of it), and only frames with
 * an area. Undefined when the series has none.
 */
export function defaultOutlineFrames(
  series: AreaSeries,
  firstLithiationS: number | undefined,
): { reference?: number; chosen?: number } {
  const withArea = series.points.filter((p) => p.area !== undefined);
  if (withArea.length === 0) return {};
  const lastOf = (points: typeof withArea) => points[points.length - 1]?.frame;
  const preferUnflagged = (points: typeof withArea) =>
    lastOf(points.filter((p) => !p.flagged)) ?? lastOf(points);
  const before =
    firstLithiationS === undefined || series.time.unit !== 's'
      ? []
      : withArea.filter((p) => series.time.values[p.frame] < firstLithiationS);
  return {
    reference: before.length > 0 ? preferUnflagged(before) : withArea[0].frame,
    chosen: preferUnflagged(withArea),
  };
}
