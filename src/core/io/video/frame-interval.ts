/**
 * The frame interval a video reports: the step between its frame times when they are evenly
 * spaced, to the container's precision (WebCodecs times are whole microseconds), else undefined.
 * One rule for every decoder, so the browser and the CLI state the same interval for a file.
 */
export function uniformInterval(timesS: readonly number[]): number | undefined {
  if (timesS.length < 2) return undefined;
  const step = (timesS[timesS.length - 1] - timesS[0]) / (timesS.length - 1);
  if (!(step > 0)) return undefined; // frames without times: no interval either
  const uniform = timesS.every((t, i) => Math.abs(t - timesS[0] - i * step) < 1e-4 + step * 1e-3);
  return uniform ? Number(step.toPrecision(6)) : undefined;
}
