/**
 * The frame budget: the most memory one decoded frame, or one strip or tile on its way to a
 * frame, may take. Every reader checks its sizes in bytes against it before allocating, so a
 * damaged header that claims a 46336² float64 tile (17 GB) is refused in one sentence instead of
 * failing inside a typed-array constructor or exhausting a worker's memory. 1 GiB is eight
 * times the largest frame a TEM camera writes today (a 8k × 8k float32 K3 super-resolution frame
 * is 256 MiB) and still fits in a browser worker.
 */
export const FRAME_BUDGET_BYTES = 2 ** 30;

/** Why `bytes` of decoded `what` can't be allocated, or undefined when they fit the budget. */
export function frameBudgetProblem(what: string, bytes: number): string | undefined {
  if (bytes <= FRAME_BUDGET_BYTES) return undefined;
  const gb = (bytes / 1e9).toPrecision(3);
  return `${what} needs ${gb} GB of decoded bytes, more than the frame budget of 1 GiB (the file is damaged or not a movie frame)`;
}
