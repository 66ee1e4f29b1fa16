/**
 * A worker's drift tracking: the masked references of its movie (built once per
 * `driftReferenceKey`) and the measured drift of each frame against them (kept, since an edited
 * frame is re-segmented often).
 *
 * Every frame is compared with the same reference frame, never with its neighbour: what is
 * matched (the support film, and the needle when the film alone is too faint) only moves with
 * the specimen, while the cluster is left out of both images (see `drift-mask.ts`,
 * `drift-masked.ts`). So the reference stays valid however far the movie has gone, errors do not
 * accumulate along it, and frames can be done in any order by any worker.
 *
 * At a few counts per pixel the reference frame's own noise would shift every match alike; there
 * the reference is a template, the aligned mean of the frames around the reference frame,
 * anchored to it (`drift-template.ts`). Every worker ends with the same one from the same frames:
 * a pool's workers build it together before a run (`templateStart` … `templateFinish`, see
 * core/run/shared-drift-template.ts), and a worker that has none yet builds it alone when it
 * first measures drift.
 */

import { throwIfAborted } from '../io/errors.ts';
import type { Frame } from '../io/types.ts';
import { type DriftEstimate, driftReferenceIndex, driftReferenceKey } from './drift.ts';
import { type DriftMasks, driftMasks } from './drift-mask.ts';
import {
  createMaskedDriftReference,
  driftMaskGrid,
  estimateMaskedDrift,
  type MaskedDriftReference,
  type MaskedFrame,
  maskedFrame,
  matchMaskedFrame,
} from './drift-masked.ts';
import {
  buildDriftTemplate,
  type DriftTemplate,
  finishTemplate,
  TEMPLATE_FRAMES,
  type TemplateFrames,
  type TemplateMatch,
  type TemplateMatcher,
  templatePassMatches,
} from './drift-template.ts';
import type { ResolvedSegmentParams } from './params.ts';
import { type WorkingFrame, workingFrameFor } from './working-frame.ts';

/**
 * Working size of the drift images, in px: the working image itself up to 512 px a side (the
 * fine grain of the support film is what pins the drift at low dose, and binning it 2× more
 * doubled the error on the development movies), binned further only beyond that.
 */
export const DRIFT_WORKING_SIZE_PX = 512;

/**
 * Below this peak-to-noise ratio a drift estimate is not used. Masked correlation's surface is
 * as smooth as the film's grain, so the ratio reads lower than phase correlation's: on the
 * development movies film-only matches that were right within 1 px scored 6.4–19, wrong ones
 * (tens of px off, at 12 counts/px) 5.6–7.2; matches on film and needle 11–21.
 */
export const MIN_DRIFT_CONFIDENCE = 9;

/** A frame's measured drift against the reference, in frame px, and how sure it is. */
export interface DriftMeasurement {
  x: number;
  y: number;
  /** Peak-to-noise ratio of the correlation (see `DriftEstimate.confidence`). */
  confidence: number;
  /** False when the confidence is below `MIN_DRIFT_CONFIDENCE`: x and y are then not to be used. */
  certain: boolean;
}

/**
 * The reference is a template of several frames (see `drift-template.ts`) when the reference
 * frame's neighbour, matched against it on the film alone, has a confidence per frame px
 * (confidence / working bin: a match's error in frame px grows as bin / confidence) below this:
 * one frame's noise is then a sizeable error shared by every match. The template was better on
 * every movie tried (median / worst px, reference frame alone → template): low-dose preset 512²
 * 0.91/2.11 → 0.31/0.82 and 1024² 0.65/1.32 → 0.33/0.78, dev_lowdose_drift 0.26/0.54 →
 * 0.11/0.19, dev_overlap_flicker 0.46/0.60 → 0.26/0.44, dev_clean_softpsf 0.15/0.30 →
 * 0.12/0.25, operando preset 512² 0.23/0.50 → 0.23/0.45; but it costs `TEMPLATE_FRAMES` extra
 * frames and 2 × as many matches (about 2 s at 512² on one core, shared out over a pool's
 * workers), which where one frame already pins the drift buys nothing. Measured (confidence of frames 1–6 against frame 0, per bin): low-dose preset
 * 4.8–14.3 (256²–1024², 5 seeds), dev_lowdose_drift 7.1–9.3, dev_overlap_flicker (1024²)
 * 9.1–10.9, dev_clean_softpsf 15.5–16.6, operando preset 17–21 at 256², 28–31 at 512², 22–23
 * at 1024².
 */
export const TEMPLATE_BELOW_CONFIDENCE = 20;

/**
 * Matches against one reference image: on the film alone, and on film and needle (built when
 * first needed: most frames match on the film alone, and a template is built from dozens of
 * these).
 */
interface Matcher {
  film: MaskedDriftReference;
  filmAndNeedle: () => MaskedDriftReference | undefined;
}

/**
 * What frames are measured against: the reference frame, or a template anchored to it with the
 * drift of the template's own frames (measured without themselves) already known.
 */
interface References extends Matcher {
  /** The template's drift against the reference frame, frame px (0 without a template). */
  anchor: { x: number; y: number };
  known: Map<number, TemplateMatch>;
}

/**
 * How a worker's references come about: known at once (the reference frame alone, or none when
 * it can't be read), or a template to build from `frames` with `match`.
 */
type ReferencePlan = { kind: 'ready'; value: References | null } | TemplatePlan;

interface TemplatePlan {
  kind: 'template';
  params: ResolvedSegmentParams;
  single: References;
  refIndex: number;
  frames: TemplateFrames;
  match: TemplateMatcher;
}

export class DriftTracker {
  private references: { key: string; value: References | null } | null = null;
  private byFrame = new Map<number, DriftMeasurement | undefined>();
  /** A template being built step by step (`templateStart` … `templateFinish`), for its key. */
  private pending: { key: string; plan: TemplatePlan } | null = null;

  /**
   * @param readFrame reads a frame of the movie (the reference frame)
   * @param isUnreadable tells an error of `readFrame` that means the frame can't be read (then
   *   no drift is measured) from a bug or a cancellation, which propagate
   */
  constructor(
    private readonly readFrame: (index: number, signal?: AbortSignal) => Promise<Frame>,
    private readonly isUnreadable: (error: unknown) => boolean,
  ) {}

  /**
   * Drift of frame `index` (working image `working`) against the reference frame, in frame px:
   * on the film alone when that is certain, else on film and needle; undefined when the
   * reference frame can't be read.
   */
  async measure(
    working: WorkingFrame,
    index: number,
    params: ResolvedSegmentParams,
    frameCount: number,
    signal?: AbortSignal,
  ): Promise<DriftMeasurement | undefined> {
    const key = driftReferenceKey(params, frameCount);
    if (this.references?.key !== key) {
      const plan = await this.plan(params, frameCount, signal, { index, working });
      const value =
        plan.kind === 'ready'
          ? plan.value
          : built(plan, buildDriftTemplate(plan.frames, plan.refIndex, plan.match));
      this.adopt(key, value);
    }
    if (this.byFrame.has(index)) return this.byFrame.get(index);
    const references = this.references?.value;
    if (!references) return undefined;
    const known = references.known.get(index);
    const found = known ?? matchAgainst(references, working, params);
    const measurement = known
      ? known
      : { ...found, x: found.x - references.anchor.x, y: found.y - references.anchor.y };
    this.byFrame.set(index, measurement);
    return measurement;
  }

  /** The drift already measured on frame `index` against these parameters' references, if any. */
  known(index: number, params: ResolvedSegmentParams, frameCount: number): DriftMeasurement | undefined {
    if (this.references?.key !== driftReferenceKey(params, frameCount)) return undefined;
    return this.byFrame.get(index);
  }

  /**
   * Starts building this movie's references step by step, so that several workers can share a
   * template's matches (core/run/shared-drift-template.ts): the number of the template's frames,
   * or null when there is nothing to share (the references are ready: already built for these
   * parameters, or one frame is reference enough).
   */
  async templateStart(params: ResolvedSegmentParams, frameCount: number): Promise<number | null> {
    const key = driftReferenceKey(params, frameCount);
    if (this.references?.key === key) return null;
    if (this.pending?.key === key) return this.pending.plan.frames.length;
    const plan = await this.plan(params, frameCount);
    if (plan.kind === 'ready') {
      this.adopt(key, plan.value);
      return null;
    }
    this.pending = { key, plan };
    return plan.frames.length;
  }

  /** One pass's leave-one-out matches of the template's frames at `positions` (see `templatePassMatches`). */
  templateMatches(
    params: ResolvedSegmentParams,
    frameCount: number,
    shifts: readonly TemplateMatch[],
    positions: readonly number[],
  ): TemplateMatch[] {
    const { plan } = this.pendingFor(params, frameCount);
    return templatePassMatches(plan.frames, shifts, positions, plan.match);
  }

  /** Ends the step-by-step build: the template from the last pass's `shifts` becomes the reference. */
  templateFinish(params: ResolvedSegmentParams, frameCount: number, shifts: readonly TemplateMatch[]): void {
    const { key, plan } = this.pendingFor(params, frameCount);
    this.adopt(key, built(plan, finishTemplate(plan.frames, shifts, plan.refIndex)));
  }

  clear(): void {
    this.references = null;
    this.pending = null;
    this.byFrame.clear();
  }

  private pendingFor(params: ResolvedSegmentParams, frameCount: number) {
    const pending = this.pending;
    if (!pending || pending.key !== driftReferenceKey(params, frameCount)) {
      throw new Error('no drift template is being built for these parameters');
    }
    return pending;
  }

  private adopt(key: string, value: References | null): void {
    this.references = { key, value };
    this.pending = null;
    this.byFrame.clear();
  }

  /**
   * What the references of these parameters are, or what builds them: `current` is a frame
   * already read (its working image is not read again).
   */
  private async plan(
    params: ResolvedSegmentParams,
    frameCount: number,
    signal?: AbortSignal,
    current?: { index: number; working: WorkingFrame },
  ): Promise<ReferencePlan> {
    const refIndex = driftReferenceIndex(params, frameCount);
    const read = async (i: number): Promise<WorkingFrame | undefined> => {
      if (i === current?.index) return current.working;
      try {
        return workingFrameFor(await this.readFrame(i, signal), params);
      } catch (error) {
        if (!this.isUnreadable(error)) throw error;
        return undefined;
      }
    };
    const refWorking = await read(refIndex);
    if (!refWorking) return { kind: 'ready', value: null };
    const single: References = { ...matcherOf(refWorking, params), anchor: { x: 0, y: 0 }, known: new Map() };
    if (frameCount < 2) return { kind: 'ready', value: single };
    const neighbourIndex = refIndex + 1 < frameCount ? refIndex + 1 : refIndex - 1;
    const neighbour = await read(neighbourIndex);
    if (!neighbour) return { kind: 'ready', value: single };
    // Each frame's masks, and its spectrum with the film's mask, serve every pass of the
    // template's construction (the frame is matched once a pass, against a new reference): a
    // quarter fewer spectra for `TEMPLATE_FRAMES` of them kept, 2 MB each at most (512²).
    const masksOfFrame = memoised((w: WorkingFrame) => masksOf(w, params));
    const filmOfFrame = memoised((w: WorkingFrame) =>
      maskedFrame(w, masksOfFrame(w).film, DRIFT_WORKING_SIZE_PX),
    );
    const filmAlone = matchMaskedFrame(single.film, filmOfFrame(neighbour));
    if (filmAlone.confidence / refWorking.bin >= TEMPLATE_BELOW_CONFIDENCE)
      return { kind: 'ready', value: single };
    // The frames from the reference on (before it only where the movie ends first).
    const start = Math.max(0, Math.min(refIndex, frameCount - TEMPLATE_FRAMES));
    const end = Math.min(frameCount, start + TEMPLATE_FRAMES);
    const frames: { index: number; working: WorkingFrame }[] = [];
    for (let i = start; i < end; i++) {
      const w = i === neighbourIndex ? neighbour : i === refIndex ? refWorking : await read(i);
      if (w) frames.push({ index: i, working: w });
    }
    // Building takes seconds at 512²: a cancelled run stops between two of its matches.
    const match: TemplateMatcher = (reference, frame, masksFrom) => {
      throwIfAborted(signal, 'analysis');
      const matcher = matcherOf(reference, params, masksOfFrame(masksFrom));
      return matchAgainst(matcher, frame, params, masksOfFrame(frame), filmOfFrame(frame));
    };
    return { kind: 'template', params, single, refIndex, frames, match };
  }
}

/** The references a template gives, or the reference frame alone when it could not be anchored. */
function built(plan: TemplatePlan, template: DriftTemplate | null): References {
  if (!template) return plan.single;
  return { ...matcherOf(template.template, plan.params), anchor: template.anchor, known: template.drift };
}

/**
 * The matchers of a reference image: film alone, and film and needle where there is a needle
 * (`masks`: what is left out of it, found in the image itself unless given).
 */
function matcherOf(
  reference: WorkingFrame,
  params: ResolvedSegmentParams,
  masks = masksOf(reference, params),
): Matcher {
  const size = DRIFT_WORKING_SIZE_PX;
  let both: MaskedDriftReference | undefined | null = null;
  return {
    film: createMaskedDriftReference(reference, masks.film, size),
    filmAndNeedle: () => {
      if (both === null) {
        const mask = masks.filmAndNeedle();
        both = mask && createMaskedDriftReference(reference, mask, size);
      }
      return both;
    },
  };
}

/**
 * `working`'s drift against the matcher's image, in frame px: film alone when certain, else film
 * and needle. `film`: `working` prepared with its film mask, when already done.
 */
function matchAgainst(
  matcher: Matcher,
  working: WorkingFrame,
  params: ResolvedSegmentParams,
  masks = masksOf(working, params),
  film?: MaskedFrame,
): DriftMeasurement {
  let estimate: DriftEstimate = film
    ? matchMaskedFrame(matcher.film, film)
    : estimateMaskedDrift(matcher.film, working, masks.film);
  const filmAndNeedle = estimate.confidence < MIN_DRIFT_CONFIDENCE ? matcher.filmAndNeedle() : undefined;
  if (filmAndNeedle) {
    // Leave out the needle only where this frame has one; else its film-only mask is all there is.
    const both = estimateMaskedDrift(filmAndNeedle, working, masks.filmAndNeedle() ?? masks.film);
    if (both.confidence > estimate.confidence) estimate = both;
  }
  return {
    x: estimate.x * working.bin,
    y: estimate.y * working.bin,
    confidence: estimate.confidence,
    certain: estimate.confidence >= MIN_DRIFT_CONFIDENCE,
  };
}

/** What drift leaves out of a working image, on its drift grid (frame px per grid px as scale). */
function masksOf(working: WorkingFrame, params: ResolvedSegmentParams): DriftMasks {
  const grid = driftMaskGrid(working, DRIFT_WORKING_SIZE_PX);
  return driftMasks(working, params, { ...grid, scale: grid.scale * working.bin });
}

/** `compute`, remembering its result for each argument (by identity). */
function memoised<K, V>(compute: (key: K) => V): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      value = compute(key);
      known.set(key, value);
    }
    return value;
  };
}
