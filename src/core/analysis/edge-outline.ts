/**
 * Objects found by the contrast step, redrawn at their own edges (`edge-profile.ts`): whether the
 * image is defocused, judged on every object's outline at once; then each object redrawn at its
 * defocused edge, or, in focus, shrunk to its rim where that lies deeper than the step. Each
 * object is worked on in its bounding box, widened by what the profile and the smoothing reach.
 */

import { type Background, backgroundAt, flattenByBackground } from './background.ts';
import { labelRuns, runsByLabel, selectRuns } from './components.ts';
import { levelUnderBlur, type SmoothingBlur } from './edge-blur.ts';
import {
  type EdgeProfile,
  edgeLevel,
  MAX_OUTLINE_SMOOTHING_PX,
  MIN_OUTLINE_SMOOTHING_PX,
  PROFILE_REACH_PX,
  rimEdgeLevel,
  sampleEdgeProfile,
  showsFringe,
  smoothOutline,
} from './edge-profile.ts';
import { gaussianBlur } from './filters.ts';
import { chamferDistance } from './needle.ts';
import { maskToRuns, type Runs, runsBounds, runsToMask } from './runs.ts';

/**
 * How far outside its step outline a defocused object's edge may lie, px. The step lands on the
 * outer foot of a defocused edge's ramp, outside the edge (0.4–2.7 px on the real crops), so the
 * edge is found inside or near the step outline; the limit keeps it off its neighbours' rims.
 */
const EDGE_REACH_PX = 4;
/**
 * A pixel joins an object only if it is this much nearer to it than to any other, px: two pixels
 * side by side (√2 apart at most) then can't belong to two objects, which would join them.
 */
const SEPARATION_PX = 2;
/**
 * The edge level redraws the rim only: what the step found this far inside the object stays
 * object, px (twice the reach; the edge lies at most a few px inside the step outline), so a
 * pale spot in a particle's interior does not become a hole.
 */
const INTERIOR_DEPTH_PX = 2 * EDGE_REACH_PX;

export interface EdgeOutlineInput {
  /** The working image (hot pixels replaced), unsmoothed. */
  image: Float32Array;
  width: number;
  height: number;
  background: Background;
  /** True for bright objects (transmission mirrored around 1). */
  mirror: boolean;
  /** Noise σ of the smoothed transmission the outline was found on. */
  smoothedNoise: number;
  /** Excluded pixels (needle, painted), or undefined. */
  excluded: Uint8Array | undefined;
  /**
   * The film's correlation area, px (`correlationArea`), asked for only when a fringe is found:
   * a defocused outline is smoothed over the film's grain, into which it spikes.
   */
  grainAreaPx: () => number;
}

/** The part of the working image around some runs, with what a profile line must stop at. */
interface Crop {
  x0: number;
  y0: number;
  w: number;
  h: number;
  /** The runs, as a mask of the crop. */
  mask: Uint8Array;
  /** The working image in the crop. */
  image: Float32Array;
  /** Excluded pixels and, with `others`, the other objects' pixels; undefined when none. */
  blocked: Uint8Array | undefined;
  /** With `others`: the other objects' pixels in the crop; undefined when there are none. */
  others: Uint8Array | undefined;
  /** The runs' bounding box in the crop: [x0, y0, x1, y1), x1 and y1 exclusive. */
  bounds: [number, number, number, number];
}

/**
 * The crop around `runs`, widened by what a profile and the smoothing reach; null when empty.
 * `others`: every object's runs (these runs' own pixels among them are not others).
 */
function cropAround(runs: Runs, input: EdgeOutlineInput, others?: Runs): Crop | null {
  const { image, width, height, excluded } = input;
  const bounds = runsBounds(runs);
  if (!bounds) return null;
  const [x0, y0, w, h] = boxAround(bounds, width, height, PROFILE_REACH_PX);
  const mask = runsToMask(runs, w, h, x0, y0);
  const crop = new Float32Array(w * h);
  const blocked = excluded || others ? new Uint8Array(w * h) : undefined;
  for (let y = 0; y < h; y++) {
    const from = (y + y0) * width + x0;
    crop.set(image.subarray(from, from + w), y * w);
    if (excluded) blocked?.set(excluded.subarray(from, from + w), y * w);
  }
  let neighbours: Uint8Array | undefined;
  let anyNeighbour = false;
  if (others && blocked) {
    neighbours = new Uint8Array(w * h);
    for (let r = 0; r < others.y.length; r++) {
      const y = others.y[r] - y0;
      if (y < 0 || y >= h) continue;
      const start = Math.max(0, others.x0[r] - x0);
      const end = Math.min(w, others.x1[r] - x0);
      for (let i = y * w + start; i < y * w + end; i++) {
        if (mask[i]) continue;
        neighbours[i] = 1;
        blocked[i] = 1;
        anyNeighbour = true;
      }
    }
  }
  const inCrop: Crop['bounds'] = [bounds[0] - x0, bounds[1] - y0, bounds[2] - x0, bounds[3] - y0];
  // No neighbour in reach is no neighbour at all: `others` is then left out.
  const othersInCrop = anyNeighbour ? neighbours : undefined;
  return { x0, y0, w, h, mask, image: crop, blocked, others: othersInCrop, bounds: inCrop };
}

/** `soft`: the smoothed outline in the crop; `within`: the box its 0.5 level lies in (its mask's bounds). */
function profileOf(
  crop: Crop,
  { soft, within }: { soft: Float32Array; within: Crop['bounds'] },
  input: EdgeOutlineInput,
): EdgeProfile {
  const { x0, y0, w, h, blocked, image } = crop;
  const beam = (x: number, y: number) => backgroundAt(input.background, x + x0, y + y0);
  return sampleEdgeProfile(soft, blocked, w, h, image, beam, input.mirror, within);
}

/**
 * True when the image is defocused: the profile averaged across the outlines of all `objects`
 * (every object that stands out of the film) shows a bright Fresnel fringe. Focus is one setting
 * for the whole image, and one particle's outline alone is often too short to tell (its fringe
 * then read as noise at one smoothing and as a fringe at another, on the real crops).
 */
export function isDefocused(objects: Runs, input: EdgeOutlineInput): boolean {
  return focusOf(objects, input).defocused;
}

/** An outline smoothed by `smoothOutline` in its crop (at `x0`, `y0`, `w` × `h`), to be read again. */
export interface SmoothedOutline {
  x0: number;
  y0: number;
  w: number;
  h: number;
  sigmaPx: number;
  soft: Float32Array;
  /** The mask it was smoothed from, in the crop. */
  mask: Uint8Array;
  /** The bounds of the mask it was smoothed from, in the crop: its 0.5 level lies inside them. */
  within: Crop['bounds'];
  /** The profile read across it, with only excluded pixels in the way (no other objects). */
  profile: EdgeProfile;
}

/** `isDefocused`, with the smoothed outline it was judged on (null when `objects` is empty). */
export function focusOf(
  objects: Runs,
  input: EdgeOutlineInput,
): { defocused: boolean; outline: SmoothedOutline | null } {
  const crop = cropAround(objects, input);
  if (!crop) return { defocused: false, outline: null };
  const sigmaPx = MIN_OUTLINE_SMOOTHING_PX;
  const soft = smoothOutline(crop.mask, crop.w, crop.h, sigmaPx);
  const within = crop.bounds;
  const profile = profileOf(crop, { soft, within }, input);
  const defocused = showsFringe(profile, input.smoothedNoise);
  const { x0, y0, w, h, mask } = crop;
  return { defocused, outline: { x0, y0, w, h, sigmaPx, soft, mask, within, profile } };
}

/**
 * Every object of `objects` (runs of several components) redrawn at its defocused edge: where
 * the transmission, smoothed over the film grain's correlation radius, is darker than the
 * object's edge level (`defocusedEdgeLevel`). A step outline spikes into grain blobs that touch
 * it; few blobs reach an edge level half-way down to the particle, so the outline follows the
 * particle's own edge.
 */
export function moveToDefocusedEdges(objects: Runs, input: EdgeOutlineInput): Runs {
  const sigma = Math.min(
    MAX_OUTLINE_SMOOTHING_PX,
    Math.max(MIN_OUTLINE_SMOOTHING_PX, Math.sqrt(input.grainAreaPx() / Math.PI)),
  );
  const transmission = flattenByBackground(input.image, input.background);
  if (input.mirror) for (let i = 0; i < transmission.length; i++) transmission[i] = 2 - transmission[i];
  const smoothed = gaussianBlur(transmission, input.width, input.height, sigma);
  return redrawAtEdges(objects, input, { outlineSigmaPx: sigma, smoothed, levelOf: edgeLevel });
}

/**
 * Every object of `objects` redrawn at its in-focus rim (`rimEdgeLevel`, less `noiseOffset`) in
 * `smoothed`, the smoothed transmission the step was found on, where that level is darker than
 * `stepLevel`. A level nearer the film than the step is not used: the step is as near the film as
 * an edge can be told from the film's noise and grain, and objects of low contrast keep it. Where
 * `blur` is more than its least σ, the level (rim or step) is moved deeper by the extra blur
 * (`levelUnderBlur`), so low-contrast objects are redrawn too. Objects only shrink, so no two
 * objects join.
 */
export function moveToRimEdges(
  objects: Runs,
  input: EdgeOutlineInput,
  smoothed: Float32Array,
  stepLevel: number,
  noiseOffset: number,
  blur: SmoothingBlur,
  around: Runs = objects,
  outline?: SmoothedOutline,
): Runs {
  const levelOf = (profile: EdgeProfile) => {
    const rim = rimEdgeLevel(profile);
    if (rim === null) return null;
    return levelUnderBlur(profile, Math.min(rim - noiseOffset, stepLevel), blur);
  };
  return redrawAtEdges(
    objects,
    input,
    {
      outlineSigmaPx: MIN_OUTLINE_SMOOTHING_PX,
      smoothed,
      levelOf,
      shrinkBelow: stepLevel,
    },
    around,
    outline,
  );
}

/** Where an object's edge is: its outline smoothed this much, the image the level is read in, the level. */
interface EdgeRule {
  outlineSigmaPx: number;
  /** The whole working image's smoothed transmission (mirrored for bright objects). */
  smoothed: Float32Array;
  levelOf: (profile: EdgeProfile) => number | null;
  /**
   * When set, objects only shrink to their level (in focus): one whose level is at or above this
   * keeps its outline as it is.
   */
  shrinkBelow?: number;
}

/**
 * Every object redrawn where `rule.smoothed` is darker than its edge level, within EDGE_REACH_PX
 * of its step outline and nearer to it than to any neighbour. Each object's level comes from its
 * own profile (its own contrast; the lines stop at its neighbours); an object whose profile can't
 * be read (too short, cut by the image's border) takes the level of all objects' profile
 * together. The objects keep their step outline when no level can be read at all.
 */
function redrawAtEdges(
  objects: Runs,
  input: EdgeOutlineInput,
  rule: EdgeRule,
  around = objects,
  known?: SmoothedOutline,
): Runs {
  const { width } = input;
  // The outline focus was judged on is this object's when it was smoothed from the same mask;
  // its profile is this one's too when no other object is in the way of the lines.
  const sameOutline = (crop: Crop): SmoothedOutline | undefined =>
    known && sameBox(known, crop) && known.sigmaPx === rule.outlineSigmaPx && sameBytes(known.mask, crop.mask)
      ? known
      : undefined;
  const levelOf = (crop: Crop) => {
    const same = sameOutline(crop);
    if (same && !crop.others) return rule.levelOf(same.profile);
    const soft = same ?? {
      soft: smoothOutline(crop.mask, crop.w, crop.h, rule.outlineSigmaPx),
      within: crop.bounds,
    };
    return rule.levelOf(profileOf(crop, soft, input));
  };
  let together: number | null | undefined;
  const levelOfAll = () => {
    if (together === undefined) {
      const crop = cropAround(objects, input);
      together = crop && levelOf(crop);
    }
    return together;
  };
  const { labels, count } = labelRuns(objects, 8);
  const byLabel = runsByLabel(objects, labels, count);
  const redrawn: Runs[] = [];
  for (let label = 1; label <= count; label++) {
    const crop = cropAround(byLabel[label], input, around);
    if (!crop) continue;
    const level = levelOf(crop) ?? levelOfAll();
    let outline: Uint8Array | undefined;
    if (level !== null) {
      if (rule.shrinkBelow === undefined) outline = darkerNear(crop, rule.smoothed, width, level);
      else if (level < rule.shrinkBelow) outline = darkerInside(crop, rule.smoothed, width, level);
    }
    redrawn.push(outline ? shifted(maskToRuns(outline, crop.w, crop.h), crop.x0, crop.y0) : byLabel[label]);
  }
  return inRowOrder(redrawn);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameBox(a: { x0: number; y0: number; w: number; h: number }, b: typeof a): boolean {
  return a.x0 === b.x0 && a.y0 === b.y0 && a.w === b.w && a.h === b.h;
}

/** `runs` moved by (dx, dy). */
function shifted(runs: Runs, dx: number, dy: number): Runs {
  return { y: runs.y.map((y) => y + dy), x0: runs.x0.map((x) => x + dx), x1: runs.x1.map((x) => x + dx) };
}

/** The runs of several objects that don't overlap, as one set in row order. */
function inRowOrder(parts: Runs[]): Runs {
  if (parts.length === 1) return parts[0];
  const order: [number, number, number][] = [];
  for (const part of parts)
    for (let i = 0; i < part.y.length; i++) order.push([part.y[i], part.x0[i], part.x1[i]]);
  order.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { y: order.map((r) => r[0]), x0: order.map((r) => r[1]), x1: order.map((r) => r[2]) };
}

/**
 * In `crop`, the pixels of `smoothed` (the whole working image's smoothed transmission) at or
 * below `level`, or deeper than INTERIOR_DEPTH_PX inside the object's step outline, within
 * EDGE_REACH_PX of the object, nearer to it than to any other object by SEPARATION_PX (so that
 * objects apart at the step stay apart), and not blocked: the connected piece that overlaps the
 * object most (a neighbour's rim within reach is not this object).
 */
function darkerNear(crop: Crop, smoothed: Float32Array, width: number, level: number): Uint8Array {
  const { x0, y0, w, h, mask, blocked, others } = crop;
  // Distances are needed only within reach of the object, and to the others only that far
  // beyond: a box that much wider than the object, not the whole crop.
  const [bx0, by0, bw, bh] = boxAround(crop.bounds, w, h, 2 * EDGE_REACH_PX + SEPARATION_PX + 1);
  const box: [number, number, number, number] = [bx0, by0, bx0 + bw, by0 + bh];
  const reach = chamferDistance(mask, w, h, box);
  const toOthers = others && chamferDistance(others, w, h, box);
  const depth = chamferDistance(complement(mask), w, h, box);
  const darker = new Uint8Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    const row = (y + by0 + y0) * width + x0 + bx0;
    for (let x = 0; x < bw; x++) {
      const i = y * bw + x;
      const c = (y + by0) * w + x + bx0;
      const own = reach[i] <= EDGE_REACH_PX && (!toOthers || reach[i] + SEPARATION_PX <= toOthers[i]);
      const dark = smoothed[row + x] <= level || depth[i] > INTERIOR_DEPTH_PX;
      darker[i] = own && dark && !blocked?.[c] ? 1 : 0;
    }
  }
  const runs = maskToRuns(darker, bw, bh);
  const { labels, count } = labelRuns(runs, 8);
  const overlap = new Float64Array(count + 1);
  for (let r = 0; r < runs.y.length; r++) {
    const row = (runs.y[r] + by0) * w + bx0;
    for (let x = runs.x0[r]; x < runs.x1[r]; x++) if (mask[row + x]) overlap[labels[r]]++;
  }
  let best = 0;
  for (let l = 1; l <= count; l++) if (overlap[l] > overlap[best]) best = l;
  if (best === 0) return new Uint8Array(w * h);
  return runsToMask(selectRuns(runs, labels, best), w, h, -bx0, -by0);
}

/**
 * In `crop`, the object's pixels where `smoothed` is at or below `level` or that lie deeper than
 * INTERIOR_DEPTH_PX inside it: its largest connected piece (noise can cut a sliver off the rim).
 */
function darkerInside(crop: Crop, smoothed: Float32Array, width: number, level: number): Uint8Array {
  const { x0, y0, w, h, mask } = crop;
  const [bx0, by0, bw, bh] = boxAround(crop.bounds, w, h, 1);
  const depth = chamferDistance(complement(mask), w, h, [bx0, by0, bx0 + bw, by0 + bh]);
  const darker = new Uint8Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    const row = (y + by0 + y0) * width + x0 + bx0;
    const c = (y + by0) * w + bx0;
    for (let x = 0; x < bw; x++) {
      const i = y * bw + x;
      darker[i] = mask[c + x] && (smoothed[row + x] <= level || depth[i] > INTERIOR_DEPTH_PX) ? 1 : 0;
    }
  }
  const runs = maskToRuns(darker, bw, bh);
  const { labels, count, areas } = labelRuns(runs, 8);
  let best = 0;
  for (let l = 1; l <= count; l++) if (best === 0 || areas[l] > areas[best]) best = l;
  if (best === 0) return new Uint8Array(w * h);
  return runsToMask(selectRuns(runs, labels, best), w, h, -bx0, -by0);
}

function complement(mask: Uint8Array): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) out[i] = mask[i] ? 0 : 1;
  return out;
}

/** [x0, y0, width, height] of `bounds` ([x0, y0, x1, y1)) widened by `margin`, clipped to width × height. */
function boxAround(bounds: readonly number[], width: number, height: number, margin: number) {
  const x0 = Math.max(0, bounds[0] - margin);
  const y0 = Math.max(0, bounds[1] - margin);
  const x1 = Math.min(width, bounds[2] + margin);
  const y1 = Math.min(height, bounds[3] + margin);
  return [x0, y0, x1 - x0, y1 - y0] as const;
}
