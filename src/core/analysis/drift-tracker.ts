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
 */

import type { Frame } from '../io/types.ts';
import { type DriftEstimate, driftReferenceIndex, driftReferenceKey } from './drift.ts';
import { type DriftMasks, driftMasks } from './drift-mask.ts';
import {
  createMaskedDriftReference,
  driftMaskGrid,
  estimateMaskedDrift,
  type MaskedDriftReference,
} from './drift-masked.ts';
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

/** The references of one reference frame: on the film alone, and on film and needle. */
interface References {
  film: MaskedDriftReference;
  filmAndNeedle?: MaskedDriftReference;
}

export class DriftTracker {
  private references: { key: string; value: References | null } | null = null;
  private byFrame = new Map<number, DriftMeasurement | undefined>();

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
      const value = await this.buildReferences(working, index, params, frameCount, signal);
      this.references = { key, value };
      this.byFrame.clear();
    }
    if (this.byFrame.has(index)) return this.byFrame.get(index);
    const references = this.references.value;
    if (!references) return undefined;
    const masks = masksOf(working, params);
    let estimate: DriftEstimate = estimateMaskedDrift(references.film, working, masks.film);
    if (estimate.confidence < MIN_DRIFT_CONFIDENCE && references.filmAndNeedle) {
      // Leave out the needle only where this frame has one; else its film-only mask is all there is.
      const both = estimateMaskedDrift(references.filmAndNeedle, working, masks.filmAndNeedle ?? masks.film);
      if (both.confidence > estimate.confidence) estimate = both;
    }
    const measurement = {
      x: estimate.x * working.bin,
      y: estimate.y * working.bin,
      confidence: estimate.confidence,
      certain: estimate.confidence >= MIN_DRIFT_CONFIDENCE,
    };
    this.byFrame.set(index, measurement);
    return measurement;
  }

  clear(): void {
    this.references = null;
    this.byFrame.clear();
  }

  private async buildReferences(
    working: WorkingFrame,
    index: number,
    params: ResolvedSegmentParams,
    frameCount: number,
    signal?: AbortSignal,
  ): Promise<References | null> {
    const refIndex = driftReferenceIndex(params, frameCount);
    let refWorking = working;
    if (refIndex !== index) {
      try {
        refWorking = workingFrameFor(await this.readFrame(refIndex, signal), params);
      } catch (error) {
        if (!this.isUnreadable(error)) throw error;
        return null;
      }
    }
    const masks = masksOf(refWorking, params);
    const size = DRIFT_WORKING_SIZE_PX;
    return {
      film: createMaskedDriftReference(refWorking, masks.film, size),
      filmAndNeedle: masks.filmAndNeedle && createMaskedDriftReference(refWorking, masks.filmAndNeedle, size),
    };
  }
}

/** What drift leaves out of a working image, on its drift grid (frame px per grid px as scale). */
function masksOf(working: WorkingFrame, params: ResolvedSegmentParams): DriftMasks {
  const grid = driftMaskGrid(working, DRIFT_WORKING_SIZE_PX);
  return driftMasks(working, params, { ...grid, scale: grid.scale * working.bin });
}
