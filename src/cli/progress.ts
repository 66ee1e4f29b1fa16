/**
 * Progress of a long run on standard error: frames done, frames per second and the time left.
 * On a terminal one line is redrawn; in a log (SLURM, batch) a line per 5 % at most.
 */
export function progressPrinter(total: number, label = 'analysing'): (done: number) => void {
  const interactive = process.stderr.isTTY;
  const step = interactive ? 1 : 5;
  const started = performance.now();
  let last = -1;
  return (done) => {
    const percent = Math.floor((100 * done) / Math.max(1, total));
    if (done !== total && (percent === last || percent < last + step)) return;
    last = percent;
    const seconds = (performance.now() - started) / 1000;
    const rate = done > 0 && seconds > 0 ? done / seconds : 0;
    const pace =
      rate > 0
        ? done === total
          ? `, ${rate.toFixed(1)} frames/s, ${formatDuration(seconds)}`
          : `, ${rate.toFixed(1)} frames/s, ETA ${formatDuration((total - done) / rate)}`
        : '';
    const text = `${label}: ${done}/${total} frames (${percent}%)${pace}`;
    process.stderr.write(interactive ? `\r${text}\x1b[K${done === total ? '\n' : ''}` : `${text}\n`);
  };
}

/** 42 s, 3 min 05 s, 2 h 07 min. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** A run's `onProgress`: a new count (and rate) each time the total changes (a shard's widened pass). */
export function runProgress(label: string): (progress: { done: number; total: number }) => void {
  let current: { total: number; print: (done: number) => void } | undefined;
  return ({ done, total }) => {
    if (current?.total !== total) current = { total, print: progressPrinter(total, label) };
    current.print(done);
  };
}
