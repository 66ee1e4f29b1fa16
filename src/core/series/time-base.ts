import type { MovieInfo } from '../run/frame-service.ts';
import { formatSeconds } from './number-format.ts';

/**
 * The frame time base, defined once for every plot, table and export: seconds from the movie's
 * start taken from the file's own frame times, else frame index × frame interval. When the file
 * gives neither, the axis is the frame index and its unit is 'frame': a consumer must label it
 * "Frame" and must not compare it with log seconds (cycles and alignment refuse instead).
 */
export interface FrameTimeBase {
  /** 's': movie seconds (frame 0 = 0 s); 'frame': the value is the frame index. */
  unit: 's' | 'frame';
  /** One value per frame, in `unit`. */
  values: number[];
}

/** True when `frameTimesS` has one entry per frame (a partial list is not trusted). */
const hasFrameTimes = (info: MovieInfo): info is MovieInfo & { frameTimesS: number[] } =>
  info.frameTimesS !== undefined && info.frameTimesS.length === info.frameCount;

/** Seconds of frame `i` from the movie's start, or undefined when the movie has no time base. */
export function frameTimeS(info: MovieInfo, i: number): number | undefined {
  if (hasFrameTimes(info)) return info.frameTimesS[i];
  if (info.frameIntervalS !== undefined && info.frameIntervalS > 0) return i * info.frameIntervalS;
  return undefined;
}

export function frameTimeBase(info: MovieInfo): FrameTimeBase {
  if (hasFrameTimes(info)) return { unit: 's', values: info.frameTimesS };
  const known = info.frameIntervalS !== undefined && info.frameIntervalS > 0;
  const values = Array.from({ length: info.frameCount }, (_, i) => frameTimeS(info, i) ?? i);
  return { unit: known ? 's' : 'frame', values };
}

/** The axis title for a time base: "Time (s)", or "Frame" when the movie has no frame times. */
export const timeAxisTitle = (base: FrameTimeBase): string => (base.unit === 's' ? 'Time (s)' : 'Frame');

/** The refusal every log-matching computation gives on a movie without frame times. */
export const NO_FRAME_TIMES =
  'The movie has no frame times or frame interval, so its frames cannot be placed on the log’s clock in seconds.';

/** A frame's time as a label: "t = 12.00 s", or "frame 12" (numbered from 0, frame-number.ts) without frame times. */
export function frameTimeLabel(base: FrameTimeBase, frame: number): string {
  return base.unit === 's' ? `t = ${formatSeconds(base.values[frame] ?? 0)}` : `frame ${frame}`;
}
