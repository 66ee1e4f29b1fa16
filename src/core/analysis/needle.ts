/**
 * Detection of the biasing needle: a tungsten tip coated with Li/Li₂O that enters the field of
 * view from an image edge and touches or overlaps the cluster. Its core is far darker than any
 * particle; its coating is a paler band of roughly constant thickness around the core. Both
 * must stay out of the cluster's area.
 */

import { chamferBands } from './chamfer.ts';
import { labelRuns } from './components.ts';
import { blurShiftPx, type SmoothingBlur } from './edge-blur.ts';
import { fillRunHoles } from './holes.ts';
import { type Runs, runsArea, runsBeyond, runsBounds, runsToMask } from './runs.ts';

/** Transmission below which a pixel can be needle core (particles stay well above it). */
export const NEEDLE_CORE_TRANSMISSION = 0.25;

/**
 * Growth of the needle beyond its measured coating, in working px: the soft edge its blur leaves
 * darker than the film, which would otherwise join the cluster as a sliver along the needle.
 */
export const NEEDLE_MARGIN_PX = 2;
/** `NeedleDetection.mask`'s value on the needle itself (core and coating). */
export const NEEDLE_BODY = 1;
/** `NeedleDetection.mask`'s value on the safety margin around it (`NEEDLE_MARGIN_PX`). */
export const NEEDLE_MARGIN = 2;

export interface NeedleDetection {
  /**
   * Non-zero on the needle, in the image's pixels: `NEEDLE_BODY` on its core and coating,
   * `NEEDLE_MARGIN` on the safety margin around them.
   */
  mask: Uint8Array;
  /** Core pixels found. */
  corePx: number;
  /** Coating thickness measured where the needle enters the frame, in pixels. */
  coatingPx: number;
  /**
   * How well the needle's edge is placed, in pixels (one σ): the spread of the coating over the
   * lines it was measured on, and a pixel's ±½ (each line's coating is a whole number of pixels),
   * in quadrature. Where the cluster meets the needle, its boundary is this edge.
   */
  coatingSigmaPx: number;
  /** [x0, y0, x1, y1): the mask is 0 outside this box. */
  box: Box;
}

export interface NeedleOptions {
  /** Transmission below which a pixel is darker than bare film (e.g. 1 − step). */
  contrastLevel?: number;
  /** Extra growth beyond the measured coating, in pixels (the soft edge of the blur). */
  marginPx?: number;
  /** Smallest core, in pixels. */
  minCorePx?: number;
  /** The runs of pixels below `NEEDLE_CORE_TRANSMISSION`, when the caller already has them. */
  coreRuns?: Runs;
  /**
   * How much `smoothed` was smoothed beyond the least σ: the coating's outer edge, read at
   * `contrastLevel`, is moved back by what the extra blur carried it outward (`blurShiftPx`).
   */
  blur?: SmoothingBlur;
}

/**
 * Finds the needle in a smoothed transmission image (1 = bare film): dark components below
 * `NEEDLE_CORE_TRANSMISSION` that touch the image border and are at least `minCorePx` large.
 * The coating's thickness is measured on the few rows (or columns) next to the border where
 * the needle enters, far from the cluster: there, the dark band around the core is coating
 * only. The needle is the core grown by that thickness plus `marginPx`.
 */
export function detectNeedle(
  smoothed: Float32Array,
  width: number,
  height: number,
  options: NeedleOptions = {},
): NeedleDetection | undefined {
  const contrastLevel = options.contrastLevel ?? 0.88;
  const marginPx = options.marginPx ?? NEEDLE_MARGIN_PX;
  const minCorePx = options.minCorePx ?? Math.max(20, (width * height) / 5000);
  const runs = options.coreRuns ?? runsBeyond(smoothed, width, height, NEEDLE_CORE_TRANSMISSION);
  const { labels, count, areas } = labelRuns(runs, 8);
  const touches = new Uint8Array(count + 1);
  for (let i = 0; i < runs.y.length; i++) {
    if (runs.y[i] === 0 || runs.y[i] === height - 1 || runs.x0[i] === 0 || runs.x1[i] === width) {
      touches[labels[i]] = 1;
    }
  }
  const candidate = new Uint8Array(width * height);
  for (let i = 0; i < runs.y.length; i++) {
    const l = labels[i];
    if (!touches[l] || areas[l] < minCorePx) continue;
    const row = runs.y[i] * width;
    candidate.fill(1, row + runs.x0[i], row + runs.x1[i]);
  }
  const candidateRuns: Runs = { y: [], x0: [], x1: [] };
  for (let i = 0; i < runs.y.length; i++) {
    if (!touches[labels[i]] || areas[labels[i]] < minCorePx) continue;
    candidateRuns.y.push(runs.y[i]);
    candidateRuns.x0.push(runs.x0[i]);
    candidateRuns.x1.push(runs.x1[i]);
  }
  const { mask: core, runs: coreRunsFound } = opaqueCore(
    candidate,
    candidateRuns,
    smoothed,
    width,
    height,
    minCorePx,
  );
  const corePx = runsArea(coreRunsFound);
  // Bounding box of the needle cores, to limit the distance transform to where it matters.
  const [bx0, by0, bx1, by1] = runsBounds(coreRunsFound) ?? [0, 0, 0, 0];
  if (corePx === 0) return undefined;
  const { coatingPx, coatingSigmaPx } = measureCoating(
    core,
    smoothed,
    width,
    height,
    contrastLevel,
    options.blur,
  );
  const reach = coatingPx + marginPx;
  const pad = Math.ceil(reach) + 1;
  const box: Box = [
    Math.max(0, bx0 - pad),
    Math.max(0, by0 - pad),
    Math.min(width, bx1 + pad),
    Math.min(height, by1 + pad),
  ];
  const bands = chamferBands(core, width, height, box, [coatingPx, NEEDLE_BODY], [reach, NEEDLE_MARGIN]);
  const mask = new Uint8Array(width * height);
  const [x0, y0, x1, y1] = box;
  const bw = x1 - x0;
  for (let y = y0; y < y1; y++) mask.set(bands.subarray((y - y0) * bw, (y - y0 + 1) * bw), y * width + x0);
  return { mask, corePx, coatingPx, coatingSigmaPx, box };
}

/** [x0, y0, x1, y1): a pixel box. */
type Box = [number, number, number, number];

/** Robust σ of the needle's own values a core pixel may lie above their median. */
const CORE_SPREAD_SIGMA = 4;

/**
 * How deep from the image edge the needle's own level is sampled, in working pixels: deep enough
 * to average the shot noise along its length at a few counts per pixel (a few border lines alone
 * can sit well below the rest of the needle), shallow enough to stay clear of the cluster.
 */
const LEVEL_DEPTH_PX = 32;

/**
 * The needle's opaque tungsten core inside `candidate` (pixels below `NEEDLE_CORE_TRANSMISSION`
 * connected to the border). The fixed level can also take in the thickest part of a cluster the
 * needle touches (overlapping particles can transmit less than a quarter of the beam), so the
 * core is narrowed to the needle's own level, measured where it enters the frame, far from the
 * cluster: the median of the central half of every core span on the lines within
 * `LEVEL_DEPTH_PX` of the edge, plus
 * `CORE_SPREAD_SIGMA` robust σ of those values and never less than twice the median (an opaque
 * core transmits only its residual level, a particle stack fades gradually). The parts still
 * connected to the border and large enough are the core.
 */
function opaqueCore(
  candidate: Uint8Array,
  candidateRuns: Runs,
  smoothed: Float32Array,
  width: number,
  height: number,
  minCorePx: number,
): { mask: Uint8Array; runs: Runs } {
  const values: number[] = [];
  // Only lines that some candidate run reaches hold any of its pixels: the others (most, the
  // needle entering by one edge) are not scanned, pixel by pixel and mostly across rows.
  const reached = linesReached(candidateRuns, width, height, LEVEL_DEPTH_PX);
  for (const line of borderLines(width, height, LEVEL_DEPTH_PX)) {
    if (!reached(line)) continue;
    const { n, start: first, step } = line;
    let i = 0;
    while (i < n) {
      if (!candidate[first + i * step]) {
        i++;
        continue;
      }
      const start = i;
      while (i < n && candidate[first + i * step]) i++;
      const quarter = Math.floor((i - start) / 4);
      for (let k = start + quarter; k < i - quarter; k++) values.push(smoothed[first + k * step]);
    }
  }
  if (values.length === 0) return { mask: candidate, runs: candidateRuns };
  const sorted = Float32Array.from(values).sort();
  const median = sorted[sorted.length >> 1];
  const deviations = sorted.map((v) => Math.abs(v - median)).sort();
  const sigma = 1.4826 * deviations[deviations.length >> 1];
  const level = Math.min(NEEDLE_CORE_TRANSMISSION, median + Math.max(CORE_SPREAD_SIGMA * sigma, median));
  // The candidate's pixels below the level, as runs (split wherever a pixel rises above it).
  const runs: Runs = { y: [], x0: [], x1: [] };
  for (let i = 0; i < candidateRuns.y.length; i++) {
    const row = candidateRuns.y[i] * width;
    let start = -1;
    for (let x = candidateRuns.x0[i]; x <= candidateRuns.x1[i]; x++) {
      const below = x < candidateRuns.x1[i] && smoothed[row + x] < level;
      if (below && start < 0) start = x;
      if (!below && start >= 0) {
        runs.y.push(candidateRuns.y[i]);
        runs.x0.push(start);
        runs.x1.push(x);
        start = -1;
      }
    }
  }
  const { labels, count, areas } = labelRuns(runs, 8);
  const keep = new Uint8Array(count + 1);
  for (let i = 0; i < runs.y.length; i++) {
    const onBorder = runs.y[i] === 0 || runs.y[i] === height - 1 || runs.x0[i] === 0 || runs.x1[i] === width;
    if (onBorder && areas[labels[i]] >= minCorePx) keep[labels[i]] = 1;
  }
  const kept: Runs = { y: [], x0: [], x1: [] };
  for (let i = 0; i < runs.y.length; i++) {
    if (!keep[labels[i]]) continue;
    kept.y.push(runs.y[i]);
    kept.x0.push(runs.x0[i]);
    kept.x1.push(runs.x1[i]);
  }
  // The tungsten is solid: noise pixels above the level inside it are core too (left as holes,
  // they would read as a one-pixel coating and shrink the measured coating).
  const filled = fillRunHoles(kept);
  return { mask: runsToMask(filled, width, height), runs: filled };
}

/**
 * Lines parallel to each image edge, up to `depth` deep: pixel i of a line (0 ≤ i < n) is
 * `start + i * step`. (Plain numbers, not a function per line: the loops over them then compile
 * to array reads.)
 */
function borderLines(width: number, height: number, depth = 8): BorderLine[] {
  const lines: BorderLine[] = [];
  for (let d = 0; d < depth; d++) {
    lines.push({ n: width, start: d * width, step: 1, row: d });
    lines.push({ n: width, start: (height - 1 - d) * width, step: 1, row: height - 1 - d });
    lines.push({ n: height, start: d, step: width, column: d });
    lines.push({ n: height, start: width - 1 - d, step: width, column: width - 1 - d });
  }
  return lines;
}

/** A line of `borderLines`: pixel i (0 ≤ i < n) is `start + i * step`; it is `row` or `column`. */
interface BorderLine {
  n: number;
  start: number;
  step: number;
  row?: number;
  column?: number;
}

/**
 * Whether any of `runs` has a pixel on a line of `borderLines(width, height, depth)`: the rows
 * they lie on, and the columns within `depth` of the left and right edges they cover.
 */
function linesReached(runs: Runs, width: number, height: number, depth: number) {
  const rows = new Uint8Array(height);
  const columns = new Uint8Array(width);
  for (let r = 0; r < runs.y.length; r++) {
    rows[runs.y[r]] = 1;
    const [x0, x1] = [runs.x0[r], runs.x1[r]];
    for (let x = x0; x < Math.min(x1, depth); x++) columns[x] = 1;
    for (let x = Math.max(x0, width - depth); x < x1; x++) columns[x] = 1;
  }
  return (line: BorderLine) => (line.row !== undefined ? rows[line.row] : columns[line.column ?? 0]) === 1;
}

/** The σ of a whole-pixel measurement of an edge that can lie anywhere within its pixel: 1/√12. */
const PIXEL_SIGMA = 1 / Math.sqrt(12);
/** The interquartile range of a normal distribution, in σ. */
const IQR_PER_SIGMA = 1.349;

/**
 * The coating: median over the border lines the core crosses (up to 8 lines parallel to each
 * edge it touches) of the dark band's overhang beyond the core on each side, in pixels, less what
 * `blur` carried its outer edge outward (a sharp edge, from the film down to the band's median
 * transmission); and its σ (`NeedleDetection.coatingSigmaPx`), the overhangs' interquartile
 * range as a σ.
 */
function measureCoating(
  core: Uint8Array,
  smoothed: Float32Array,
  width: number,
  height: number,
  contrastLevel: number,
  blur: SmoothingBlur | undefined,
): { coatingPx: number; coatingSigmaPx: number } {
  const samples: number[] = [];
  const band: number[] = [];
  for (const { n, start: first, step } of borderLines(width, height)) {
    let i = 0;
    while (i < n) {
      if (!core[first + i * step]) {
        i++;
        continue;
      }
      const start = i;
      while (i < n && core[first + i * step]) i++;
      const end = i; // core span [start, end)
      let a = start;
      while (a > 0 && smoothed[first + (a - 1) * step] < contrastLevel && !core[first + (a - 1) * step]) a--;
      let b = end;
      while (b < n && smoothed[first + b * step] < contrastLevel && !core[first + b * step]) b++;
      // A side that runs into the frame's end tells nothing about the coating.
      if (a > 0) samples.push(start - a);
      if (b < n) samples.push(b - end);
      if (blur) {
        for (let k = a; k < start; k++) band.push(smoothed[first + k * step]);
        for (let k = end; k < b; k++) band.push(smoothed[first + k * step]);
      }
    }
  }
  if (samples.length === 0) return { coatingPx: 0, coatingSigmaPx: PIXEL_SIGMA };
  samples.sort((x, y) => x - y);
  const quartile = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  const spread = (quartile(0.75) - quartile(0.25)) / IQR_PER_SIGMA;
  let coatingPx = samples[samples.length >> 1];
  if (blur && band.length > 0) {
    band.sort((x, y) => x - y);
    const level = band[band.length >> 1];
    coatingPx = Math.max(0, coatingPx - blurShiftPx((1 - contrastLevel) / (1 - level), 0, blur));
  }
  return { coatingPx, coatingSigmaPx: Math.hypot(spread, PIXEL_SIGMA) };
}
