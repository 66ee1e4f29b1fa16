/** Small statistics and formatting helpers for the benchmark (medians, fixed-width tables). */

/** Median of a non-empty list (mean of the two middle values for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Runs `fn` and returns its result and the wall time it took, in milliseconds. */
export async function timed<T>(fn: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

/** A number with `digits` decimals, or '–' when it is not finite. */
export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** As `fixed`, with a sign always shown (+0.42, −1.30): for errors whose direction matters. */
export function signedFixed(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return '–';
  const text = Math.abs(value).toFixed(digits);
  return value < 0 && Number(text) !== 0 ? `−${text}` : `+${text}`;
}

/** Frames per second from milliseconds per frame. */
export function perSecond(msPerFrame: number): number {
  return msPerFrame > 0 ? 1000 / msPerFrame : Number.NaN;
}

/** Bytes as a human-readable size (B, KiB, MiB, GiB). */
export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** A fixed-width text table: first column left-aligned, the others right-aligned. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((row) => (row[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** The columns of every accuracy table (the generator's presets, ../shared/dev), in one order. */
export const ACCURACY_HEADERS = [
  'mean |err| %',
  'bias %',
  'RMS %',
  'worst %',
  'mean IoU',
  'reported σ %',
  'within 1σ %',
  'within 2σ %',
];
