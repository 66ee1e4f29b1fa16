/**
 * Segmentation v2 ('contrast'): the cluster is every pixel darker than its local background by
 * one contrast step, measured in transmission so the edge means the same at any dose, beam
 * brightness or illumination falloff; then each object is redrawn at its own edge, read from its
 * profile (edge-outline.ts): in a defocused image at its defocused edge, in focus at its rim
 * where that lies deeper than the step (dark objects).
 *
 *   bin (large frames) → hot pixels → illumination flattening → noise estimate → noise-aware
 *   smoothing → contrast threshold → needle and painted exclusions out → the chosen seeded
 *   component (or every one) → where the image is defocused, objects redrawn at their edges
 *   and chosen again; in focus, shrunk to their rims → carried to the needle's edge where it
 *   touches it → pin-holes filled → user edit → mask, plus an area uncertainty.
 *
 * Pure: the frame is never modified and nothing is remembered between calls.
 */

import type { Frame } from '../io/types.ts';
import { areaUncertainty, type EdgeRuleName } from './area-uncertainty.ts';
import { fitBackground, transmissionNoiseSigma } from './background.ts';
import { labelRuns, runsByLabel, selectRuns } from './components.ts';
import { autoSmoothSigma, smoothAndFindRuns } from './contrast-smooth.ts';
import { focusOf, moveToDefocusedEdges, moveToRimEdges } from './edge-outline.ts';
import { applyExclusions, needleContactPx, reachNeedleEdge } from './exclusion.ts';
import { effectiveSigma } from './filters.ts';
import { fillRunHoles } from './holes.ts';
import { applyMaskEdit, scaleStrokes } from './mask-edit.ts';
import { blurredNoiseSigma } from './noise.ts';
import { chooseComponent } from './object-choice.ts';
import type { ResolvedSegmentParams } from './params.ts';
import { maskToRuns, type Runs, runsToMask } from './runs.ts';
import { SeedTest } from './seeds.ts';
import type { SegmentContext } from './types.ts';
import { workingFrameFor } from './working-frame.ts';

/**
 * Threshold offset, in noise σ of the smoothed frame (see `segmentByContrast`). Measured with the
 * smoothing's blur taken out (edge-blur.ts), on the generator's presets (4–400 counts/px) and the
 * independent model of ../shared/dev (6–80 counts/px): 0 leaves the 4 counts/px preset 1.6 %
 * large on average, 0.1 the dev movies 1.0–1.3 % small, 0.05 both within 1.1 %. (It was 0.25
 * against a noise estimate that read 0.5–0.9 of the true noise at low dose.)
 */
const NOISE_OFFSET_SIGMA = 0.05;

export interface ContrastSegmentation {
  /** Cluster runs in working (binned) pixels. */
  runs: Runs;
  /** Working pixels per frame pixel along each axis is 1 / `bin`. */
  bin: number;
  workWidth: number;
  workHeight: number;
  /**
   * Threshold on the smoothed transmission image, dimensionless: 1 − contrast step − a twentieth
   * of the smoothed noise σ.
   */
  threshold: number;
  /** Uncertainty of the area, in working pixels. */
  areaErrWorkPx: number;
  /** Mean beam level of the frame, in the frame's value units. */
  backgroundLevel: number;
  /** Noise σ of the smoothed transmission image, dimensionless. */
  smoothedNoise: number;
  /** Pixels excluded as needle or painted exclusion, in working pixels. */
  excludedPx: number;
  empty: boolean;
  edited: boolean;
  /** True when the user's object (`params.objectPoint`) was not found near its point. */
  objectLost?: boolean;
  /**
   * True when the frame has no positive background to measure transmission against (data
   * stored with an offset, or processed to be centred on zero): the caller falls back to v1.
   */
  noTransmission?: boolean;
}

/**
 * Segments `frame` by contrast. `context.working`, when given, must be `frame`'s working image
 * for these parameters (`workingFrameFor`); otherwise it is built here.
 */
export function segmentByContrast(
  frame: Frame,
  params: ResolvedSegmentParams,
  context: SegmentContext,
): ContrastSegmentation {
  const dark = params.darkLevel;
  const work = context.working ?? workingFrameFor(frame, params);
  const { data: clean, width, height, bin, rawNoise } = work;
  const step = params.contrastStep;
  const sign = params.darkObject ? 1 : -1;

  const background = fitBackground(clean, width, height, undefined, params.darkObject);
  // A counting detector's film level is at least its own shot noise (σ = √dose, and dose ≥ 1
  // count/px): a level below one σ means the frame's zero is not at `darkLevel`.
  if (!(background.level > rawNoise)) {
    return {
      runs: { y: [], x0: [], x1: [] },
      bin,
      workWidth: width,
      workHeight: height,
      threshold: 1 - step,
      areaErrWorkPx: 0,
      backgroundLevel: background.level + dark,
      smoothedNoise: 0,
      excludedPx: 0,
      empty: true,
      edited: false,
      noTransmission: true,
    };
  }
  const noise = transmissionNoiseSigma(clean, background, 1 - step);
  // `smoothSigmaPx` is in frame pixels; the working image is binned `bin`×.
  const minSigmaPx = Math.max(0, params.smoothSigmaPx) / bin;
  const sigmaPx = params.autoSmooth ? autoSmoothSigma(noise, step, minSigmaPx) : minSigmaPx;
  const appliedSigma = sigmaPx > 0 ? effectiveSigma(sigmaPx) : 0;
  const smoothedNoise = blurredNoiseSigma(noise, appliedSigma);
  // Shot noise grows a connected, hole-filled region outward (noise pixels beyond the edge join
  // it; those inside it are filled): a small offset in the smoothed image's noise σ balances it.
  const noiseOffset = NOISE_OFFSET_SIGMA * smoothedNoise;
  const threshold = 1 - step - noiseOffset;
  // The edge levels are set at the least smoothing; more, where noise asks for it, is taken out
  // of each level read in the smoothed image (edge-blur.ts).
  const blur = { sigmaPx: appliedSigma, referenceSigmaPx: effectiveSigma(minSigmaPx) };

  const found = smoothAndFindRuns(clean, background, sigmaPx, sign < 0, threshold, params.excludeNeedle);
  const { smoothed } = found;

  const { runs, excludedPx, excluded } = applyExclusions(
    smoothed,
    width,
    height,
    found.runs,
    threshold,
    params,
    context,
    bin,
    { coreRuns: found.coreRuns, blur },
  );
  const seeds = new SeedTest(smoothed, width, threshold, smoothedNoise, step, params.seedSigma);
  const minArea = Math.max(1, params.minAreaPx / (bin * bin));
  const pick = (candidates: Runs, labelled = labelRuns(candidates, 8)) => {
    const { labels, count, areas } = labelled;
    const choice = chooseComponent(
      candidates,
      labels,
      areas,
      count,
      minArea,
      width,
      height,
      objectPointIn(params, context, bin),
      excluded,
    );
    let picked: Runs | null = null;
    if (params.particles) {
      picked = everyParticle(candidates, labels, areas, minArea, (object) => seeds.standsOut(object));
    } else if (choice.label > 0) {
      const one = selectRuns(candidates, labels, choice.label);
      if (seeds.standsOut(one)) picked = one;
    }
    return { picked, choice };
  };
  const all = labelRuns(runs, 8);
  let { picked: cluster, choice } = pick(runs, all);
  let rule: EdgeRuleName = 'rim';
  // A defocused image rings at every edge; there each object's edge is measured on its own
  // profile (edge-profile.ts). Focus is the image's: it is judged on every object at once, and
  // the object is chosen again among the moved objects, so that a step outline's spikes into the
  // grain don't decide which particle is the largest.
  if (cluster) {
    const edgeInput = {
      image: clean,
      width,
      height,
      background,
      mirror: sign < 0,
      smoothedNoise,
      excluded: excluded?.mask,
      grainAreaPx: () => seeds.grainAreaPx(),
    };
    const every = (standsOut: (object: Runs) => boolean) =>
      everyParticle(runs, all.labels, all.areas, minArea, standsOut);
    // Focus is judged on the objects with a seed pixel where there are any (cheap to find, and
    // the clearest edges), else on every object that stands out; once the image is found
    // defocused, every object that stands out is moved.
    let standingOut: Runs | null | undefined = params.particles ? cluster : undefined;
    const everyStandingOut = () => {
      standingOut ??= every((object) => seeds.standsOut(object));
      return standingOut;
    };
    const clear = params.particles
      ? cluster
      : (every((object) => seeds.hasSeedPixel(object)) ?? everyStandingOut());
    const focus = clear ? focusOf(clear, edgeInput) : null;
    if (focus?.defocused) {
      rule = 'defocused';
      const objects = everyStandingOut();
      if (objects) ({ picked: cluster, choice } = pick(moveToDefocusedEdges(objects, edgeInput, threshold)));
    } else {
      // In focus, objects only shrink to their rim (never join or change much), so the choice
      // stands; every step object stops the profile lines. Where the cluster is the one clear
      // object, the outline focus was judged on is its own.
      const own = clear?.y.length === cluster.y.length ? focus?.outline : undefined;
      cluster = moveToRimEdges(
        cluster,
        edgeInput,
        smoothed,
        threshold,
        noiseOffset,
        blur,
        runs,
        own ?? undefined,
      );
    }
  }

  const base = {
    bin,
    workWidth: width,
    workHeight: height,
    threshold,
    backgroundLevel: background.level + dark,
    smoothedNoise,
  };
  const nothing = (excludedPx: number): ContrastSegmentation => ({
    ...base,
    runs: { y: [], x0: [], x1: [] },
    areaErrWorkPx: 0,
    excludedPx,
    empty: true,
    edited: false,
  });
  if (cluster) cluster = reachNeedleEdge(cluster, excluded, width).runs;
  // Noise pin-holes are about a blur kernel in size; larger holes are real gaps between particles.
  const maxHole = params.fillHoles ? Math.max(4, 8 * Math.max(1, appliedSigma) ** 2) : 0;
  let finalRuns = cluster ? (maxHole > 0 ? fillRunHoles(cluster, undefined, maxHole) : cluster) : null;

  let edited = false;
  if (context.edit && context.edit.strokes.length > 0) {
    const mask = finalRuns ? runsToMask(finalRuns, width, height) : new Uint8Array(width * height);
    const loose = new Uint8Array(width * height);
    const looseLevel = 1 - step / 2;
    for (let i = 0; i < loose.length; i++) loose[i] = smoothed[i] < looseLevel ? 1 : 0;
    const scaled = { ...context.edit, strokes: scaleStrokes(context.edit.strokes, 1 / bin) };
    finalRuns = maskToRuns(applyMaskEdit(mask, width, height, scaled, loose), width, height);
    edited = true;
  }
  if (!finalRuns || finalRuns.y.length === 0)
    return { ...nothing(excludedPx), edited, objectLost: choice.lost };

  return {
    ...base,
    runs: finalRuns,
    areaErrWorkPx: areaUncertainty(finalRuns, {
      smoothed,
      width,
      height,
      threshold,
      noise: smoothedNoise,
      blurSigmaPx: appliedSigma,
      rule,
      needle: {
        contactPx: needleContactPx(finalRuns, excluded, width, height),
        edgeSigmaPx: excluded?.needleEdgeSigmaPx ?? 0,
      },
    }),
    excludedPx,
    empty: false,
    edited,
  };
}

/** Every component at least `minArea` large that `standsOut`, as one set of runs (or null). */
function everyParticle(
  runs: Runs,
  labels: Int32Array,
  areas: ArrayLike<number>,
  minArea: number,
  standsOut: (object: Runs) => boolean,
): Runs | null {
  const byLabel = runsByLabel(runs, labels, areas.length - 1, (l) => areas[l] >= minArea);
  const keep = byLabel.map((object, l) => l > 0 && areas[l] >= minArea && standsOut(object));
  const out: Runs = { y: [], x0: [], x1: [] };
  for (let i = 0; i < runs.y.length; i++) {
    if (!keep[labels[i]]) continue;
    out.y.push(runs.y[i]);
    out.x0.push(runs.x0[i]);
    out.x1.push(runs.x1[i]);
  }
  return out.y.length > 0 ? out : null;
}

/**
 * The user's object point in this frame's working pixels: moved by the frame's drift against the
 * reference frame (unmoved when the drift is not known), then binned. Undefined without a point.
 */
function objectPointIn(
  params: ResolvedSegmentParams,
  context: SegmentContext,
  bin: number,
): { x: number; y: number } | undefined {
  const p = params.objectPoint;
  if (!p) return undefined;
  const drift = context.driftPx ?? { x: 0, y: 0 };
  return { x: (p.x + drift.x) / bin, y: (p.y + drift.y) / bin };
}
