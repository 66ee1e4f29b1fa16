/**
 * Objects found by the contrast step, redrawn at their own edges (`edge-profile.ts`): whether the
 * image is defocused, judged on every object's outline at once; then each object redrawn at its
 * defocused edge, or, in focus, shrunk to its rim where that lies deeper than the step. Each
 * object is worked on in its bounding box, widened by what the profile and the smoothing reach;
 * which of its pixels it takes at a level is edge-crop.ts.
 */

import { type Background, backgroundAt, flattenByBackground } from './background.ts';
import { labelRuns, runsByLabel } from './components.ts';
import { levelUnderBlur, levelWithoutCurvatureShrink, type SmoothingBlur } from './edge-blur.ts';
import { type Crop, cropAround, darkerInside, darkerNear } from './edge-crop.ts';
import {
  type DrawnLines,
  type EdgeProfile,
  edgeLevel,
  MAX_OUTLINE_SMOOTHING_PX,
  MIN_OUTLINE_SMOOTHING_PX,
  rimEdgeLevel,
  sampleEdgeProfile,
  showsFringe,
  smoothOutline,
} from './edge-profile.ts';
import { gaussianBlur } from './filters.ts';
import { type Runs, shiftRuns } from './runs.ts';

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

/** `soft`: the smoothed outline in the crop; `within`: the box its 0.5 level lies in (its mask's bounds). */
function profileOf(
  crop: Crop,
  { soft, within }: { soft: Float32Array; within: Crop['bounds'] },
  input: EdgeOutlineInput,
  drawn?: DrawnLines,
): EdgeProfile {
  const { x0, y0, w, h, blocked, image } = crop;
  const beam = (x: number, y: number) => backgroundAt(input.background, x + x0, y + y0);
  return sampleEdgeProfile(soft, blocked, w, h, image, beam, input.mirror, within, drawn);
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
 * particle's own edge. The smoothing's rounding of the outline is given back
 * (`levelWithoutCurvatureShrink`): without it the largest real crop particles read 2.4 % low, with it 2.0 %.
 * As in focus, no level nearer the film than `stepLevel` is used: a faint particle's level half-way
 * down its small contrast lies within the grain, and its outline spread into it (every particle's
 * total on the real crops +2.8 % with it, +2.0 % without; one faint particle 4× its labelled area).
 */
export function moveToDefocusedEdges(objects: Runs, input: EdgeOutlineInput, stepLevel: number): Runs {
  const sigma = Math.min(
    MAX_OUTLINE_SMOOTHING_PX,
    Math.max(MIN_OUTLINE_SMOOTHING_PX, Math.sqrt(input.grainAreaPx() / Math.PI)),
  );
  const transmission = flattenByBackground(input.image, input.background);
  if (input.mirror) for (let i = 0; i < transmission.length; i++) transmission[i] = 2 - transmission[i];
  const smoothed = gaussianBlur(transmission, input.width, input.height, sigma);
  // The level is read on the unsmoothed profile; the smoothing that draws it rounds the outline in.
  const levelOf = (profile: EdgeProfile) => {
    const level = edgeLevel(profile);
    return level === null ? null : Math.min(levelWithoutCurvatureShrink(profile, level, sigma), stepLevel);
  };
  return redrawAtEdges(objects, input, { outlineSigmaPx: sigma, smoothed, levelOf });
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
    // Its own outline with other objects in the way: the same lines, sampled again.
    if (same) return rule.levelOf(profileOf(crop, same, input, same.profile.drawn));
    const soft = { soft: smoothOutline(crop.mask, crop.w, crop.h, rule.outlineSigmaPx), within: crop.bounds };
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
    let outline: Runs | undefined;
    if (level !== null) {
      if (rule.shrinkBelow === undefined) outline = darkerNear(crop, rule.smoothed, width, level);
      else if (level < rule.shrinkBelow) outline = darkerInside(crop, rule.smoothed, width, level);
    }
    redrawn.push(outline ? shiftRuns(outline, crop.x0, crop.y0) : byLabel[label]);
  }
  return inRowOrder(redrawn);
}

/** True when `a` and `b` hold the same bytes: compared four at a time where both are aligned (masks are). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let from = 0;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const words = a.length >> 2;
    const wa = new Uint32Array(a.buffer, a.byteOffset, words);
    const wb = new Uint32Array(b.buffer, b.byteOffset, words);
    for (let i = 0; i < words; i++) if (wa[i] !== wb[i]) return false;
    from = words << 2;
  }
  for (let i = from; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameBox(a: { x0: number; y0: number; w: number; h: number }, b: typeof a): boolean {
  return a.x0 === b.x0 && a.y0 === b.y0 && a.w === b.w && a.h === b.h;
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
