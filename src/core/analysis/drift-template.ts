/**
 * A low-noise drift reference for low-dose movies: the mean of the frames around the reference
 * frame, each moved back by its own drift, instead of the reference frame alone.
 *
 * Why: every frame is matched against one reference, so that reference's noise enters every
 * match as the same error, which no smoothing along the movie removes. At 4 counts/px (the
 * generator's low-dose preset) that shared error alone was 0.9 px median; matched against the
 * truth-aligned mean of 16 frames instead, 0.24–0.36 px.
 *
 * How, without the truth: the frames are averaged, each frame is matched against the mean of the
 * others (leave one out, so its own noise does not pull it onto itself) and moved back by that,
 * twice. Their positions are then known against the template but the template's own position is
 * not: drift is measured against the reference frame, so the template is anchored at where a
 * straight line through the positions of the `ANCHOR_FRAMES` frames nearest the reference puts
 * it. Measured on six seeds of the low-dose preset and the development movies (error of the
 * anchor, px): the reference frame's own position 0.07–0.97, a line through 8 frames 0.07–0.34,
 * through 16 frames 0.14–1.09 (the drift curves over 16 frames), a quadratic through 24
 * 0.12–1.05. The frames of the template report their leave-one-out positions; every other
 * frame is matched against the whole template.
 *
 * Everything here depends only on the frames it is given, so every worker builds the same
 * template and frames can still be measured in any order by any worker.
 */

import type { WorkingFrame } from './working-frame.ts';

/**
 * Frames averaged into the template. Measured on the low-dose preset (median error of the curve
 * with the anchor taken from the truth, px): 8 frames 0.48, 16 0.45, 24 0.34 (seed 4); more
 * frames cost more (each is matched twice when the template is built).
 */
export const TEMPLATE_FRAMES = 24;
/** Frames nearest the reference whose positions anchor the template (see above). */
export const ANCHOR_FRAMES = 8;
/** Leave-one-out passes: the second settles what the first moved (a third changed < 0.05 px). */
export const TEMPLATE_PASSES = 2;

/** A drift match, in frame px; `certain` false when its confidence is too low to be used. */
export interface TemplateMatch {
  x: number;
  y: number;
  confidence: number;
  certain: boolean;
}

export interface DriftTemplate {
  /** The mean of the aligned frames, as a working image (noise σ scaled down accordingly). */
  template: WorkingFrame;
  /** Each template frame's drift against the reference frame, in frame px (leave-one-out). */
  drift: Map<number, TemplateMatch>;
  /** The template's drift against the reference frame, in frame px: subtract it from a match. */
  anchor: { x: number; y: number };
}

/** The working images a template is built from, with their movie indices. */
export type TemplateFrames = readonly { index: number; working: WorkingFrame }[];

/** `match(reference, frame, masksFrom)`: see `buildDriftTemplate`. */
export type TemplateMatcher = (
  reference: WorkingFrame,
  frame: WorkingFrame,
  masksFrom: WorkingFrame,
) => TemplateMatch;

/**
 * Builds the template from `frames` (working images of equal size, with their movie indices;
 * the reference frame `reference` among them). `match(reference, frame, masksFrom)` measures
 * `frame`'s drift against a working image taken as reference, as the tracker does, with what is
 * left out of the reference found in `masksFrom`: the whole mean of the pass, the same object for
 * every frame of a pass (one frame fewer changes little of it, and finding them once per pass
 * instead of once per frame saves a third of the cost). Null when too few frames near the
 * reference match the template with confidence to anchor it.
 *
 * The same steps (`templatePassMatches`, `centredShifts`, `finishTemplate`) can be shared out:
 * each pass's frames matched by several workers, each worker given the shifts of the pass
 * before (see core/run/shared-drift-template.ts). Every step depends only on the frames and the
 * shifts, so the template is the same to the bit however the matches were shared.
 */
export function buildDriftTemplate(
  frames: TemplateFrames,
  reference: number,
  match: TemplateMatcher,
): DriftTemplate | null {
  const all = frames.map((_, j) => j);
  let shifts = startingShifts(frames.length);
  for (let pass = 0; pass < TEMPLATE_PASSES; pass++) {
    shifts = centredShifts(templatePassMatches(frames, shifts, all, match));
  }
  return finishTemplate(frames, shifts, reference);
}

/**
 * Positions against the first template, in frame px: all 0 (a plain mean: the specimen moves
 * little over the template's frames, and the mean still matches every one).
 */
export function startingShifts(count: number): TemplateMatch[] {
  return Array.from({ length: count }, () => ({ x: 0, y: 0, confidence: 0, certain: false }));
}

/** The frames moved back by their shifts (working px), and the sum of them all. */
function movedAndSum(frames: TemplateFrames, shifts: readonly TemplateMatch[]) {
  const { width, height, bin } = frames[0].working;
  const moved = frames.map((f, j) => shiftBilinear(f.working, shifts[j].x / bin, shifts[j].y / bin));
  const sum = new Float64Array(width * height);
  for (const m of moved) for (let i = 0; i < sum.length; i++) sum[i] += m[i];
  return { moved, sum };
}

/** (sum − less) / count as a working image like `first`, its noise σ scaled down accordingly. */
function meanOf(first: WorkingFrame, sum: Float64Array, count: number, less?: Float32Array): WorkingFrame {
  const data = new Float32Array(sum.length);
  for (let i = 0; i < sum.length; i++) data[i] = (sum[i] - (less ? less[i] : 0)) / count;
  return { ...first, data, rawNoise: first.rawNoise / Math.sqrt(count) };
}

/**
 * One pass of leave-one-out matches, for the frames at `positions` (in `frames`) only: each
 * frame's drift against the mean of the others, all placed at `shifts` (the pass before's
 * result). An uncertain match keeps the frame where it was (and says so).
 */
export function templatePassMatches(
  frames: TemplateFrames,
  shifts: readonly TemplateMatch[],
  positions: readonly number[],
  match: TemplateMatcher,
): TemplateMatch[] {
  const first = frames[0].working;
  const k = frames.length;
  const { moved, sum } = movedAndSum(frames, shifts);
  const whole = meanOf(first, sum, k);
  return positions.map((j) => {
    const m = match(meanOf(first, sum, k - 1, moved[j]), frames[j].working, whole);
    return m.certain ? m : { ...shifts[j], confidence: m.confidence, certain: false };
  });
}

/** A pass's matches centred on their mean, so the template does not wander from pass to pass. */
export function centredShifts(next: readonly TemplateMatch[]): TemplateMatch[] {
  const k = next.length;
  const cx = next.reduce((s, v) => s + v.x, 0) / k;
  const cy = next.reduce((s, v) => s + v.y, 0) / k;
  return next.map((v) => ({ ...v, x: v.x - cx, y: v.y - cy }));
}

/**
 * The template once the passes have placed every frame (`shifts`): their mean, anchored against
 * the reference frame; null when too few frames near the reference matched with confidence.
 */
export function finishTemplate(
  frames: TemplateFrames,
  shifts: readonly TemplateMatch[],
  reference: number,
): DriftTemplate | null {
  const { sum } = movedAndSum(frames, shifts);
  const nearest = frames
    .map((f, j) => ({ t: f.index - reference, ...shifts[j] }))
    .filter((p) => p.certain)
    .sort((a, b) => Math.abs(a.t) - Math.abs(b.t))
    .slice(0, ANCHOR_FRAMES);
  // Too few frames matched with confidence to place the template: it is not used.
  if (nearest.length < ANCHOR_FRAMES / 2) return null;
  const anchor = { x: lineAt0(nearest, 'x'), y: lineAt0(nearest, 'y') };
  const drift = new Map<number, TemplateMatch>();
  frames.forEach((f, j) => {
    drift.set(f.index, { ...shifts[j], x: shifts[j].x - anchor.x, y: shifts[j].y - anchor.y });
  });
  return { template: meanOf(frames[0].working, sum, frames.length), drift, anchor };
}

/** The least-squares line through (t, v) evaluated at t = 0; the mean when all t are equal. */
function lineAt0(points: readonly { t: number; x: number; y: number }[], axis: 'x' | 'y'): number {
  const n = points.length;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const mv = points.reduce((s, p) => s + p[axis], 0) / n;
  let stv = 0;
  let stt = 0;
  for (const p of points) {
    stv += (p.t - mt) * (p[axis] - mv);
    stt += (p.t - mt) ** 2;
  }
  return stt > 0 ? mv - (stv / stt) * mt : mv;
}

/**
 * The image moved back by (dx, dy) working px: out(x, y) = in(x + dx, y + dy), bilinear, edges
 * held. Its light smoothing at fractional shifts does not move the image.
 */
export function shiftBilinear(image: WorkingFrame, dx: number, dy: number): Float32Array {
  const { width, height, data } = image;
  const out = new Float32Array(width * height);
  const ix = Math.floor(dx);
  const iy = Math.floor(dy);
  const fx = dx - ix;
  const fy = dy - iy;
  const clampX = (x: number) => Math.min(width - 1, Math.max(0, x));
  const x0s = new Int32Array(width);
  const x1s = new Int32Array(width);
  for (let x = 0; x < width; x++) {
    x0s[x] = clampX(x + ix);
    x1s[x] = clampX(x + ix + 1);
  }
  for (let y = 0; y < height; y++) {
    const r0 = Math.min(height - 1, Math.max(0, y + iy)) * width;
    const r1 = Math.min(height - 1, Math.max(0, y + iy + 1)) * width;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const a = data[r0 + x0s[x]] + fx * (data[r0 + x1s[x]] - data[r0 + x0s[x]]);
      const b = data[r1 + x0s[x]] + fx * (data[r1 + x1s[x]] - data[r1 + x0s[x]]);
      out[row + x] = a + fy * (b - a);
    }
  }
  return out;
}
