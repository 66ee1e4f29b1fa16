import { driftReferenceIndex } from '../analysis/drift.ts';
import type { ResolvedSegmentParams } from '../analysis/params.ts';
import { fitDriftSeries } from '../analysis/quality.ts';
import type { FrameResult, QualityFlag } from '../analysis/types.ts';
import { type FrameRange, formatRange } from '../run/shards.ts';
import { driftCell, driftErrCell } from './results-csv.ts';

/**
 * A shard's table (written by `operando analyze --frames`) and the merge of shards into the
 * table of one run. A shard is that table's header line and the rows of its range, after `#`
 * lines naming what it was computed from; the merge checks those, then concatenates the rows.
 */

/** What every part of one movie's run must share. */
export interface ShardIdentity {
  movie: string;
  movieFingerprint: string;
  frameCount: number;
  /** The log's name, or 'none'. */
  log: string;
  logFingerprint: string;
  /** The resolved segmentation parameters, as JSON. */
  params: string;
}

export interface ShardPart {
  /** The file it came from, for messages. */
  name: string;
  identity: ShardIdentity;
  range: FrameRange;
  /** The table's column header line. */
  columns: string;
  rows: string[];
}

/** A part that can't be merged, or a set of parts that don't make one table: says why. */
export class ShardError extends Error {
  override readonly name = 'ShardError';
}

const PREFIX = '# operando shard: frames ';

/** The `#` lines a shard starts with. `window`: the frames analysed for it (range and overlap). */
export function shardHeader(identity: ShardIdentity, range: FrameRange, window: FrameRange): string {
  return [
    `${PREFIX}${formatRange(range)} of ${identity.frameCount} (frames from 0, end exclusive; analysed ${formatRange(window)})`,
    `# movie: ${identity.movie}`,
    `# movie fingerprint: ${identity.movieFingerprint}`,
    `# log: ${identity.log}`,
    `# log fingerprint: ${identity.logFingerprint}`,
    `# segmentation parameters: ${identity.params}`,
    '',
  ].join('\n');
}

/** The rows of `range` from a whole-movie table (`resultsToCsv`): its header line, then those rows. */
export function shardRows(table: string, range: FrameRange): string {
  const lines = table.split('\n');
  return `${[lines[0], ...lines.slice(1 + range.start, 1 + range.end)].join('\n')}\n`;
}

/** Reads a shard file's text; `name` is used in messages. */
export function parseShard(text: string, name: string): ShardPart {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const notes = new Map<string, string>();
  let range: FrameRange | undefined;
  let frameCount = Number.NaN;
  let i = 0;
  for (; i < lines.length && lines[i].startsWith('#'); i++) {
    const line = lines[i];
    const head = /^# operando shard: frames (\d+):(\d+) of (\d+)/.exec(line);
    if (head) {
      range = { start: Number(head[1]), end: Number(head[2]) };
      frameCount = Number(head[3]);
      continue;
    }
    const colon = line.indexOf(': ');
    if (colon > 0) notes.set(line.slice(2, colon), line.slice(colon + 2));
  }
  if (!range) {
    throw new ShardError(
      `${name}: not a shard (no "${PREFIX}…" line): write parts with "operando analyze MOVIE --frames START:END"`,
    );
  }
  const note = (key: string): string => {
    const value = notes.get(key);
    if (value === undefined) throw new ShardError(`${name}: the shard header has no "# ${key}:" line`);
    return value;
  };
  const identity: ShardIdentity = {
    movie: note('movie'),
    movieFingerprint: note('movie fingerprint'),
    frameCount,
    log: note('log'),
    logFingerprint: note('log fingerprint'),
    params: note('segmentation parameters'),
  };
  const columns = lines[i] ?? '';
  if (!columns.startsWith('frame,')) throw new ShardError(`${name}: no table header after the "#" lines`);
  const rows = lines.slice(i + 1);
  rows.forEach((row, k) => {
    const frame = row.slice(0, row.indexOf(','));
    if (frame !== String(range.start + k)) {
      throw new ShardError(
        `${name}: row ${k + 1} is frame "${frame}", expected ${range.start + k} (the part is damaged or was edited)`,
      );
    }
  });
  if (rows.length !== range.end - range.start) {
    throw new ShardError(
      `${name}: holds ${rows.length} rows but its header says frames ${formatRange(range)} (${range.end - range.start}); the part is incomplete`,
    );
  }
  return { name, identity, range, columns, rows };
}

const DIFFERENCES: { key: keyof ShardIdentity; what: string }[] = [
  { key: 'movieFingerprint', what: 'movie (input fingerprint)' },
  { key: 'frameCount', what: 'frame count' },
  { key: 'logFingerprint', what: 'log (input fingerprint)' },
  { key: 'params', what: 'segmentation parameters' },
];

/**
 * The table of one run from its parts (in any order): refused with a `ShardError` saying why
 * when they are of different movies, logs or parameters, or leave a gap, or overlap.
 */
export function mergeShards(parts: readonly ShardPart[]): string {
  if (parts.length === 0) throw new ShardError('no parts to merge');
  const [first] = parts;
  for (const part of parts.slice(1)) {
    for (const { key, what } of DIFFERENCES) {
      if (part.identity[key] !== first.identity[key]) {
        throw new ShardError(
          `${part.name} and ${first.name} differ in ${what}: ${part.identity[key]} ≠ ${first.identity[key]}; parts of one run must share it`,
        );
      }
    }
    if (part.columns !== first.columns) {
      throw new ShardError(`${part.name} and ${first.name} have different columns (was one run with a log?)`);
    }
  }
  const sorted = [...parts].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  const { frameCount } = first.identity;
  let next = 0;
  let previous: ShardPart | undefined;
  for (const part of sorted) {
    if (part.range.start > next) {
      throw new ShardError(`frames ${next}:${part.range.start} are in no part (a gap before ${part.name})`);
    }
    if (part.range.start < next && previous) {
      throw new ShardError(
        `${previous.name} (${formatRange(previous.range)}) and ${part.name} (${formatRange(part.range)}) overlap on frames ${part.range.start}:${Math.min(next, part.range.end)}`,
      );
    }
    next = part.range.end;
    previous = part;
  }
  if (next !== frameCount) {
    throw new ShardError(`frames ${next}:${frameCount} are in no part (the movie has ${frameCount} frames)`);
  }
  const rows = sorted.flatMap((part) => part.rows);
  refitDrift(first.columns, rows, first.identity);
  return `${[first.columns, ...rows].join('\n')}\n`;
}

/**
 * Rewrites the drift columns and drift flags of the merged `rows` (in place) as a single run
 * has them (`fitDriftSeries` over every frame): a shard fits the drift curve through its own
 * window's measurements only, and the curve at a frame depends on measurements up to a
 * bandwidth away, which no fixed overlap bounds. The measurements themselves are per frame
 * and exact in the table (`drift_measured_*`, `drift_confidence`).
 */
function refitDrift(columns: string, rows: string[], identity: ShardIdentity): void {
  const names = columns.split(',');
  const [frame, quality, dx, dy, err, mx, my, confidence] = [
    'frame',
    'quality',
    'drift_x_px',
    'drift_y_px',
    'drift_err_px',
    'drift_measured_x_px',
    'drift_measured_y_px',
    'drift_confidence',
  ].map((name) => names.indexOf(name));
  if ([frame, quality, dx, dy, err, mx, my, confidence].some((i) => i < 0)) return;
  const cells = rows.map((row) => row.split(','));
  const value = (text: string): number | undefined => (text === '' ? undefined : Number(text));
  // What the drift series needs of each frame; the rest of a result does not enter it.
  const results: FrameResult[] = cells.map((c) => ({
    frame: Number(c[frame]),
    quality: c[quality] as QualityFlag,
    areaPx: 0,
    centroidX: 0,
    centroidY: 0,
    outline: [],
    driftMeasuredXPx: value(c[mx]),
    driftMeasuredYPx: value(c[my]),
    driftConfidence: value(c[confidence]),
  }));
  const params = JSON.parse(identity.params) as ResolvedSegmentParams;
  const fitted = fitDriftSeries(results, driftReferenceIndex(params, identity.frameCount));
  cells.forEach((c, i) => {
    const r = fitted[i];
    if (r.driftXPx === undefined) return;
    c[dx] = driftCell(r.driftXPx);
    c[dy] = driftCell(r.driftYPx);
    c[err] = driftErrCell(r.driftErrPx);
    c[quality] = r.quality;
    rows[i] = c.join(',');
  });
}
