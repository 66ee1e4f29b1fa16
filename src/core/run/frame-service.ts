import {
  createDriftReference,
  type DriftReference,
  driftReferenceIndex,
  driftReferenceKey,
  estimateDrift,
} from '../analysis/drift.ts';
import { tooSmallForDrift } from '../analysis/drift-prepare.ts';
import { type ResolvedSegmentParams, resolveParams, type SegmentParams } from '../analysis/params.ts';
import { segmentFrame } from '../analysis/segment.ts';
import type { FrameResult, MaskEdit } from '../analysis/types.ts';
import {
  usesWorkingFrame,
  type WorkingFrame,
  workingFrameFor,
  workingFrameKey,
} from '../analysis/working-frame.ts';
import { openDmSequence, type SequenceFile } from '../io/dm/sequence.ts';
import { FileFormatError, throwIfAborted } from '../io/errors.ts';
import { openMovie } from '../io/registry.ts';
import type { Calibration, Dtype, Frame, FrameMetadata, FrameSource, MovieFormat } from '../io/types.ts';
import type { FrameAnalyzer } from './run-analysis.ts';

/** What the UI and the CLI need to know of an opened movie: small and serialisable. */
export interface MovieInfo {
  name: string;
  formatId: string;
  width: number;
  height: number;
  frameCount: number;
  dtype: Dtype;
  calibration?: Calibration;
  frameTimesS?: number[];
  frameIntervalS?: number;
  metadata: FrameMetadata;
  originalMetadata: Record<string, unknown>;
}

export function describeSource(source: FrameSource): MovieInfo {
  return {
    name: source.name,
    formatId: source.formatId,
    width: source.width,
    height: source.height,
    frameCount: source.frameCount,
    dtype: source.dtype,
    calibration: source.calibration,
    frameTimesS: source.frameTimesS ? [...source.frameTimesS] : undefined,
    frameIntervalS: source.frameIntervalS,
    metadata: source.metadata,
    originalMetadata: source.originalMetadata,
  };
}

/** The result of a frame the source could not decode: no area, no outline, flagged. */
export function unreadableResult(frame: number): FrameResult {
  return {
    frame,
    areaPx: Number.NaN,
    centroidX: Number.NaN,
    centroidY: Number.NaN,
    outline: [],
    quality: 'unreadable',
  };
}

/** Working size of the drift estimate, in px: sub-pixel at 512², and cheap at any frame size. */
const DRIFT_WORKING_SIZE_PX = 256;
/**
 * Below this peak-to-noise ratio a drift estimate is not used: unrelated frames score 4–9,
 * true matches of a swelling cluster on film 12–30 (see `DriftEstimate.confidence`).
 */
const MIN_DRIFT_CONFIDENCE = 10;

/**
 * The object a worker exposes over comlink (and that runs inline when the pool has size 0):
 * it opens its own `FrameSource` from the Blob it was given, so pixels never cross threads
 * unless the UI asks for a frame to display.
 */
export class FrameService implements FrameAnalyzer {
  private source: FrameSource | null = null;
  /** The drift reference of this worker's movie, built once per `driftReferenceKey`. */
  private drift: { key: string; reference: DriftReference | null } | null = null;
  /** Drift estimates against the current reference, by frame: an edited frame is re-segmented often. */
  private driftByFrame = new Map<number, { x: number; y: number } | undefined>();
  /**
   * The last frame analysed and its working image: brush strokes and the live preview
   * re-segment the same frame again and again, and at 2048² reading and binning it costs more
   * than segmenting it.
   */
  private last: { index: number; key: string; frame: Frame; working?: WorkingFrame } | null = null;

  /** `extraFormats`: movie formats the platform adds to core's (video decoders in browser or Node). */
  constructor(private readonly extraFormats: readonly MovieFormat[] = []) {}

  async open(blob: Blob, name: string): Promise<MovieInfo> {
    this.close();
    this.source = await openMovie(blob, name, undefined, this.extraFormats);
    return describeSource(this.source);
  }

  /** Opens an in-situ recording saved as many per-frame DM files as one movie. */
  async openSequence(files: SequenceFile[]): Promise<MovieInfo> {
    this.close();
    this.source = await openDmSequence(files);
    return describeSource(this.source);
  }

  private requireSource(): FrameSource {
    if (!this.source) throw new Error('no movie is open in this worker');
    return this.source;
  }

  async getFrame(index: number, signal?: AbortSignal): Promise<Frame> {
    return this.requireSource().getFrame(index, signal);
  }

  async analyzeFrames(
    indices: number[],
    given: SegmentParams,
    edits?: Record<number, MaskEdit>,
    signal?: AbortSignal,
  ): Promise<FrameResult[]> {
    const params = resolveParams(given);
    const source = this.requireSource();
    const results: FrameResult[] = [];
    const key = workingFrameKey(params);
    for (const index of indices) {
      throwIfAborted(signal, 'analysis');
      let frame: Frame;
      let working: WorkingFrame | undefined;
      if (this.last?.index === index && this.last.key === key) {
        ({ frame, working } = this.last);
      } else {
        try {
          frame = await source.getFrame(index, signal);
        } catch (error) {
          // A damaged frame is recorded and the run goes on; cancellation and bugs still propagate.
          if (!(error instanceof FileFormatError)) throw error;
          results.push(unreadableResult(index));
          continue;
        }
        // The binned, cleaned working image is built once and serves drift and segmentation.
        working = usesWorkingFrame(params) ? workingFrameFor(frame, params) : undefined;
        this.last = { index, key, frame, working };
      }
      const driftPx = working && (await this.driftOf(working, index, params, signal));
      results.push(
        segmentFrame(frame, params, {
          calibration: source.calibration,
          frameIndex: index,
          edit: edits?.[index],
          driftPx,
          working,
        }),
      );
    }
    return results;
  }

  /**
   * Drift of the frame whose working image is `working` against the reference frame (phase
   * correlation on the working images), in frame pixels, when tracking is on. Every frame is
   * compared with the same reference, never with its neighbour, so the estimate does not
   * accumulate error and frames can be done in any order by any worker. Undefined when the
   * reference can't be read or the match is too weak to trust.
   */
  private async driftOf(
    working: WorkingFrame,
    index: number,
    params: ResolvedSegmentParams,
    signal?: AbortSignal,
  ): Promise<{ x: number; y: number } | undefined> {
    // A frame too small for phase correlation is analysed without drift (the CLI says so once).
    if (!params.trackDrift || tooSmallForDrift(working.width, working.height)) return undefined;
    // Where no painted exclusion has to follow the sample, drift is only reported: measuring
    // every `stride`-th frame and interpolating the rest (`fillDriftGaps`) costs a fraction as
    // much. Outline edits need none: they arrive already placed on their frame.
    const needed = params.exclusionStrokes.length > 0;
    const stride = Math.max(1, Math.round(params.driftStrideFrames));
    if (!needed && index % stride !== 0) return undefined;
    const source = this.requireSource();
    const refIndex = driftReferenceIndex(params, source.frameCount);
    const key = driftReferenceKey(params, source.frameCount);
    if (this.drift?.key !== key) {
      let reference: DriftReference | null = null;
      try {
        const refWorking =
          refIndex === index ? working : workingFrameFor(await source.getFrame(refIndex, signal), params);
        reference = createDriftReference(refWorking, { workingSizePx: DRIFT_WORKING_SIZE_PX });
      } catch (error) {
        if (!(error instanceof FileFormatError)) throw error;
      }
      this.drift = { key, reference };
      this.driftByFrame.clear();
    }
    if (this.driftByFrame.has(index)) return this.driftByFrame.get(index);
    const reference = this.drift.reference;
    if (!reference) return undefined;
    const estimate = estimateDrift(reference, working);
    const drift =
      estimate.confidence < MIN_DRIFT_CONFIDENCE
        ? undefined
        : { x: estimate.x * working.bin, y: estimate.y * working.bin };
    this.driftByFrame.set(index, drift);
    return drift;
  }

  /** Adopts an already opened source (tests, and callers that open files themselves). */
  static fromSource(source: FrameSource, extraFormats: readonly MovieFormat[] = []): FrameService {
    const service = new FrameService(extraFormats);
    service.source = source;
    return service;
  }

  close(): void {
    this.source?.close();
    this.source = null;
    this.drift = null;
    this.driftByFrame.clear();
    this.last = null;
  }
}
