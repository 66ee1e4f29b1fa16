import type { MovieInfo } from '../core/run/frame-service.ts';

/**
 * Seconds of each frame from the movie's start. When the file gives neither frame times nor an
 * interval, time is the frame index and `known` is false, so plots label the axis honestly.
 */
export function frameTimesS(info: MovieInfo): { times: number[]; known: boolean } {
  if (info.frameTimesS && info.frameTimesS.length === info.frameCount) {
    return { times: info.frameTimesS, known: true };
  }
  const interval = info.frameIntervalS;
  const known = interval !== undefined && interval > 0;
  const step = known ? (interval as number) : 1;
  return { times: Array.from({ length: info.frameCount }, (_, i) => i * step), known };
}

export function formatSeconds(t: number): string {
  return `${t.toFixed(t < 100 ? 2 : 1)} s`;
}
