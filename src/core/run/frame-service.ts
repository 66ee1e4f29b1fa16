import { tooSmallForDrift } from '../analysis/drift-prepare.ts';
import type { TemplateMatch } from '../analysis/drift-template.ts';
import { type DriftMeasurement, DriftTracker } from '../analysis/drift-tracker.ts';
import { type ResolvedSegmentParams, resolveParams, type SegmentParams } from '../analysis/params.ts';
import { segmentFrame } from '../analysis/segment.ts';
import type { FrameResult, MaskEdit } from '../analysis/types.ts';
import {
  usesWorkingFrame,
  type WorkingFrame,
  workingBin,
  workingFrameFor,
  workingFrameKey,
} from '../analysis/working-frame.ts';
import { openDmSequence, type SequenceFile } from '../io/dm/sequence.ts';
import { FileFormatError, throwIfAborted } from '../io/errors.ts';
import { openMovie } from '../io/registry.ts';
import type { Calibration, Dtype, Frame, FrameMetadata, FrameSource, MovieFormat } from '../io/types.ts';
import type { DriftTemplateSteps, FrameAnalyzer } from './run-analysis.ts';

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

/**
 * `result` with a frame's measured drift: its position when certain, its confidence in any
 * case; a frame whose drift is uncertain is flagged 'drift-uncertain' (unless it already
 * carries a flag about its area) and left for `fitDriftSeries` to fill from the curve through the measured frames.
 */
function withDrift(result: FrameResult, drift: DriftMeasurement | undefined): FrameResult {
  if (!drift) return result;
  if (drift.certain) {
    const x = roundDrift(drift.x);
    const y = roundDrift(drift.y);
    return {
      ...result,
      driftXPx: x,
      driftYPx: y,
      driftMeasuredXPx: x,
      driftMeasuredYPx: y,
      driftConfidence: drift.confidence,
    };
  }
  const { driftXPx: _x, driftYPx: _y, ...rest } = result;
  return {
    ...rest,
    driftConfidence: drift.confidence,
    quality: result.quality === 'ok' ? 'drift-uncertain' : result.quality,
  };
}

/**
 * Measured drift is kept to this step, in px: far finer than its precision (0.1–1 px), and
 * coarse enough that a table's decimal text gives back the very same number, so that shards'
 * tables merge into exactly the drift a single run computes (see `mergeShards`).
 */
export const DRIFT_MEASURE_STEP_PX = 0.001;
/** k / 1000 by division: the double nearest k/1000, the one `Number("…")` of its text gives back. */
const roundDrift = (px: number): number =>
  Math.round(px / DRIFT_MEASURE_STEP_PX) / (1 / DRIFT_MEASURE_STEP_PX);

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

/** Every how many frames drift is measured for the run's curve (`driftStrideFrames`, at least 1). */
const driftStride = (params: ResolvedSegmentParams) => Math.max(1, Math.round(params.driftStrideFrames));

/** Whether the chosen object or a painted exclusion must follow the sample from frame to frame. */
const followsSample = (params: ResolvedSegmentParams) =>
  params.exclusionStrokes.length > 0 || params.objectPoint !== null;

/**
 * Whether frame `index` of a run gets its drift measured for the run's curve: when tracking is
 * on, on every `driftStrideFrames`-th frame and the last one (so that `fitDriftSeries` fits the
 * curve up to the end rather than holding the last measurement while the specimen moves on).
 * Drift elsewhere is only reported, and interpolating it costs a fraction as much; where the
 * object or an exclusion follows the sample it is interpolated between these (see
 * `FrameService.driftOf`). Outline edits need none: they arrive already placed on their frame.
 */
export function measuresDriftOn(index: number, params: ResolvedSegmentParams, frameCount: number): boolean {
  if (!params.trackDrift) return false;
  return index % driftStride(params) === 0 || index === frameCount - 1;
}

/** Whether analysing frame `index` needs drift at all: measured there, or to move the object or an exclusion. */
export function needsDriftOn(index: number, params: ResolvedSegmentParams, frameCount: number): boolean {
  return measuresDriftOn(index, params, frameCount) || (params.trackDrift && followsSample(params));
}

/**
 * The object a worker exposes over comlink (and that runs inline when the pool has size 0):
 * it opens its own `FrameSource` from the Blob it was given, so pixels never cross threads
 * unless the UI asks for a frame to display.
 */
export class FrameService implements FrameAnalyzer, DriftTemplateSteps {
  private source: FrameSource | null = null;
  /** The drift reference of this worker's movie and the drift measured against it. */
  private readonly drift = new DriftTracker(
    (index, signal) => this.requireSource().getFrame(index, signal),
    (error) => error instanceof FileFormatError,
  );
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
    // Read-ahead: the next frame of the batch is requested before this one is segmented, so its
    // bytes are fetched (file I/O runs off this thread) while this thread segments.
    const reads = new Map<number, Promise<Frame>>();
    const read = (index: number): Promise<Frame> => {
      let pending = reads.get(index);
      if (!pending) {
        pending = source.getFrame(index, signal);
        pending.catch(() => {}); // observed when awaited; a batch cut short leaves it unawaited
        reads.set(index, pending);
      }
      return pending;
    };
    for (const [k, index] of indices.entries()) {
      throwIfAborted(signal, 'analysis');
      let frame: Frame;
      let working: WorkingFrame | undefined;
      if (this.last?.index === index && this.last.key === key) {
        ({ frame, working } = this.last);
      } else {
        try {
          frame = await read(index);
          reads.delete(index);
          const next = indices[k + 1];
          if (next !== undefined && next !== index) read(next);
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
      const { measured, shift } = working
        ? await this.driftOf(index, working, params, indices, signal)
        : { measured: undefined, shift: undefined };
      const result = segmentFrame(frame, params, {
        calibration: source.calibration,
        frameIndex: index,
        edit: edits?.[index],
        driftPx: shift,
        working,
      });
      results.push(withDrift(result, measured));
    }
    return results;
  }

  /**
   * The drift frame `index` is segmented with (`shift`, certain only) and the measurement it
   * reports (`measured`): on the frames of the drift curve (`measuresDriftOn`), measured. Where
   * the object or a painted exclusion must follow the sample on a frame between two of them, and
   * the batch holds the one before (a run sweeping the movie), both are measured and the drift
   * between them interpolated, as the run's curve will be: a quarter of the matches at the default
   * stride, and within its error (0.1–0.3 px on the development movies) of measuring each frame,
   * far below what picking a region needs. Anywhere else (one frame alone, an uncertain end) the
   * frame's own drift is measured. A frame too small for phase correlation has none (the CLI
   * says so once).
   */
  private async driftOf(
    index: number,
    working: WorkingFrame,
    params: ResolvedSegmentParams,
    batch: readonly number[],
    signal?: AbortSignal,
  ): Promise<{ measured?: DriftMeasurement; shift?: { x: number; y: number } }> {
    const source = this.requireSource();
    const { frameCount } = source;
    if (!params.trackDrift || tooSmallForDrift(working.width, working.height)) return {};
    const own = async () => {
      const measured = await this.drift.measure(working, index, params, frameCount, signal);
      return { measured, shift: measured?.certain ? { x: measured.x, y: measured.y } : undefined };
    };
    if (measuresDriftOn(index, params, frameCount)) return own();
    if (!followsSample(params)) return {};
    const stride = driftStride(params);
    const before = index - (index % stride);
    const after = Math.min(before + stride, frameCount - 1);
    if (!batch.includes(before)) return own();
    // A measured frame that can't be read leaves this frame to measure its own drift.
    const at = async (i: number): Promise<DriftMeasurement | undefined> => {
      const known = this.drift.known(i, params, frameCount);
      if (known) return known;
      try {
        const bracket = workingFrameFor(await source.getFrame(i, signal), params);
        return await this.drift.measure(bracket, i, params, frameCount, signal);
      } catch (error) {
        if (error instanceof FileFormatError) return undefined;
        throw error;
      }
    };
    const [a, b] = [await at(before), await at(after)];
    if (!a?.certain || !b?.certain) return own();
    const t = (index - before) / (after - before);
    return { shift: { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) } };
  }

  /**
   * The first step of a drift template shared out between workers (`DriftTemplateSteps`, see
   * shared-drift-template.ts): the number of the template's frames, or null when there is none
   * to build (no drift tracking, frames too small, references already built, or the reference
   * frame alone is reference enough).
   */
  async driftTemplateStart(given: SegmentParams): Promise<number | null> {
    const params = resolveParams(given);
    const source = this.requireSource();
    const bin = workingBin(source.width, source.height);
    const small = tooSmallForDrift(Math.floor(source.width / bin), Math.floor(source.height / bin));
    if (!params.trackDrift || !usesWorkingFrame(params) || small) return null;
    return this.drift.templateStart(params, source.frameCount);
  }

  /** One pass's leave-one-out matches of the template's frames at `positions`. */
  async driftTemplateMatches(
    given: SegmentParams,
    shifts: TemplateMatch[],
    positions: number[],
  ): Promise<TemplateMatch[]> {
    return this.drift.templateMatches(
      resolveParams(given),
      this.requireSource().frameCount,
      shifts,
      positions,
    );
  }

  /** The template from the last pass's shifts becomes this worker's drift reference. */
  async driftTemplateFinish(given: SegmentParams, shifts: TemplateMatch[]): Promise<void> {
    this.drift.templateFinish(resolveParams(given), this.requireSource().frameCount, shifts);
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
    this.drift.clear();
    this.last = null;
  }
}
