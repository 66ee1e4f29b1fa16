import { segmentFrame } from '../analysis/segment.ts';
import type { FrameResult, MaskEdit, SegmentParams } from '../analysis/types.ts';
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

/**
 * The object a worker exposes over comlink (and that runs inline when the pool has size 0):
 * it opens its own `FrameSource` from the Blob it was given, so pixels never cross threads
 * unless the UI asks for a frame to display.
 */
export class FrameService implements FrameAnalyzer {
  private source: FrameSource | null = null;

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
    params: SegmentParams,
    edits?: Record<number, MaskEdit>,
    signal?: AbortSignal,
  ): Promise<FrameResult[]> {
    const source = this.requireSource();
    const results: FrameResult[] = [];
    for (const index of indices) {
      throwIfAborted(signal, 'analysis');
      let frame: Frame;
      try {
        frame = await source.getFrame(index, signal);
      } catch (error) {
        // A damaged frame is recorded and the run goes on; cancellation and bugs still propagate.
        if (!(error instanceof FileFormatError)) throw error;
        results.push(unreadableResult(index));
        continue;
      }
      results.push(
        segmentFrame(frame, params, {
          calibration: source.calibration,
          frameIndex: index,
          edit: edits?.[index],
        }),
      );
    }
    return results;
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
  }
}
