import { FileFormatError, throwIfAborted } from '../../core/io/errors.ts';
import { FrameSourceBase } from '../../core/io/frame-source-base.ts';
import type { Frame, FrameMetadata } from '../../core/io/types.ts';
import { FrameCache } from '../../core/io/video/frame-cache.ts';
import { seekTimeS, type VideoProbe } from '../../core/io/video/probe.ts';
import { FfmpegDecoder } from './decoder.ts';
import { type FfmpegPaths, INSTALL_HINT, requirePath } from './ffmpeg-bin.ts';
import { probeVideo } from './probe.ts';

/**
 * Starting ffmpeg costs about 0.15 s here, the time to decode tens of frames: a forward jump is
 * served by decoding on when that takes fewer frames than this plus the frames from the keyframe.
 */
const RESTART_COST_FRAMES = 48;
/** Recently decoded frames kept for repeated requests (the viewer asking again for the frame shown). */
const CACHE_FRAMES = 4;

/**
 * A video read through Debian's `ffmpeg` program (Node only: CLI, workers, tests). Frames come out
 * of one long-running decoder process in display order; analysis reads frames in increasing order,
 * so most requests cost one decoded frame. A backward or long forward jump restarts ffmpeg at the
 * keyframe before the frame. Each decoded frame is identified by its time stamp, so the frame
 * returned is exactly frame N even when seeking lands early, and frames the decoder skipped
 * (damage) are known: asking for one throws a FileFormatError that a run records as 'unreadable'.
 *
 * Luma only: 8-bit sources decode to uint8, deeper ones to uint16. ffmpeg's grey conversion
 * rescales limited-range ("TV", 16–235) luma to the full 0–255 range, so a full-range grey movie
 * encoded as yuv420p comes back at its own levels (±1 from rounding).
 */
export class FfmpegFrameSource extends FrameSourceBase {
  private decoder: FfmpegDecoder | null = null;
  /** Display index of the frame the running decoder should write next. */
  private nextIndex = 0;
  private decoderSeeked = false;
  /** Set once a seek landed after the keyframe asked for: from then on, decode from the start. */
  private seekUnreliable = false;
  private readonly indexOfPts = new Map<number, number>();
  private readonly keyframeBefore: number[];
  private readonly unreadable = new Set<number>();
  /** Frames from here on were never produced by a decoder that ran to the end. */
  private unreadableFrom = Number.POSITIVE_INFINITY;
  private readonly cache = new FrameCache(CACHE_FRAMES);
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    name: string,
    formatId: string,
    private readonly path: string,
    private readonly ffmpeg: string,
    private readonly probe: VideoProbe,
  ) {
    const frameCount = probe.pts.length;
    const metadata: FrameMetadata = {
      software: `ffmpeg (${probe.codec})`,
      codec: probe.codec,
      pixelFormat: probe.pixFmt,
    };
    if (probe.missingFrom < frameCount) metadata.missingFrames = frameCount - probe.missingFrom;
    super({
      name,
      formatId,
      width: probe.width,
      height: probe.height,
      frameCount,
      dtype: probe.bitDepth > 8 ? 'uint16' : 'uint8',
      frameTimesS: probe.frameTimesS,
      frameIntervalS: probe.frameIntervalS,
      metadata,
      originalMetadata: { ...probe.fields },
    });
    for (const [i, pts] of probe.pts.entries()) this.indexOfPts.set(pts, i);
    let key = 0;
    this.keyframeBefore = probe.keyframe.map((isKey, i) => {
      if (isKey) key = i;
      return key;
    });
  }

  protected readFrame(index: number, signal?: AbortSignal): Promise<Frame> {
    // One decoder serves every request, so requests run one after another.
    const result = this.queue.then(() => this.decodeFrame(index, signal));
    this.queue = result.catch(() => {});
    return result;
  }

  private unreadableError(index: number): FileFormatError {
    const why = this.decoder?.lastError;
    return new FileFormatError(
      this.name,
      'corrupt',
      `frame ${index} could not be decoded${why ? ` (ffmpeg: ${why})` : ''}`,
    );
  }

  private async decodeFrame(index: number, signal?: AbortSignal): Promise<Frame> {
    throwIfAborted(signal, 'reading a frame');
    const cached = this.cache.take(index);
    if (cached) return cached;
    if (this.unreadable.has(index) || index >= this.unreadableFrom) throw this.unreadableError(index);
    if (!this.canReachByDecoding(index)) this.restart(this.seekUnreliable ? 0 : this.keyframeBefore[index]);
    for (;;) {
      throwIfAborted(signal, 'reading a frame');
      const decoder = this.decoder as FfmpegDecoder;
      const decoded = await decoder.next();
      if (!decoded) {
        if (decoder.produced > 0 || !this.decoderSeeked) {
          this.failIfNothingDecodes(decoder);
          this.unreadableFrom = Math.min(this.unreadableFrom, this.nextIndex);
          this.closeDecoder();
          throw this.unreadableError(index);
        }
        // A seek that found nothing to decode: try again from the start.
        this.seekUnreliable = true;
        this.restart(0);
        continue;
      }
      const known = decoded.pts === null ? undefined : this.indexOfPts.get(decoded.pts);
      const at = known ?? this.nextIndex;
      if (at > this.nextIndex && decoder.produced === 1 && this.decoderSeeked) {
        // The seek landed after the keyframe we asked for; only decoding from the start is certain.
        this.seekUnreliable = true;
        this.restart(0);
        continue;
      }
      for (let skipped = this.nextIndex; skipped < at; skipped++) this.unreadable.add(skipped);
      this.nextIndex = Math.max(this.nextIndex, at + 1);
      if (at < index) continue;
      this.cache.put(at, this.toFrame(decoded.data));
      if (at === index) return this.cache.take(at) as Frame;
      throw this.unreadableError(index); // the decoder went past it: the frame is damaged
    }
  }

  /** True when the running decoder will reach `index` sooner than a restart at its keyframe. */
  private canReachByDecoding(index: number): boolean {
    if (!this.decoder || index < this.nextIndex) return false;
    const fromKeyframe = index - (this.seekUnreliable ? 0 : this.keyframeBefore[index]);
    return index - this.nextIndex <= fromKeyframe + RESTART_COST_FRAMES;
  }

  private restart(keyframe: number): void {
    this.closeDecoder();
    const seekS = keyframe > 0 ? seekTimeS(this.probe, keyframe) : undefined;
    this.decoder = new FfmpegDecoder({
      ffmpeg: this.ffmpeg,
      path: this.path,
      seekS,
      pixFmt: this.dtype === 'uint16' ? 'gray16le' : 'gray',
      frameBytes: this.width * this.height * (this.dtype === 'uint16' ? 2 : 1),
    });
    this.decoderSeeked = seekS !== undefined && seekS > 0;
    this.nextIndex = this.decoderSeeked ? keyframe : 0;
  }

  /** A decoder that ran from the start and produced nothing means the video can't be decoded at all. */
  private failIfNothingDecodes(decoder: FfmpegDecoder): void {
    if (decoder.produced > 0 || this.decoderSeeked) return;
    if (decoder.missingBinary) throw new FileFormatError(this.name, 'unsupported', INSTALL_HINT);
    const why = decoder.lastError;
    const kind = /decoder .*not found|not supported|unsupported/i.test(why) ? 'unsupported' : 'corrupt';
    const detail = `ffmpeg could not decode any frame of this ${this.probe.codec} video`;
    throw new FileFormatError(this.name, kind, why ? `${detail} (${why})` : detail);
  }

  private toFrame(bytes: Uint8Array): Frame {
    // `bytes` owns its buffer from offset 0, so a 16-bit view is aligned (little-endian, as ffmpeg wrote it).
    const data = this.dtype === 'uint16' ? new Uint16Array(bytes.buffer, 0, bytes.length / 2) : bytes;
    return { width: this.width, height: this.height, data };
  }

  private closeDecoder(): void {
    this.decoder?.close();
    this.decoder = null;
  }

  protected override release(): void {
    this.closeDecoder();
    this.cache.clear();
  }
}

/** Probes a video, then decodes its first frame, so a video ffmpeg can't decode fails at open. */
export async function openFfmpegSource(
  blob: Blob,
  fileName: string,
  formatId: string,
  paths: FfmpegPaths,
  signal?: AbortSignal,
): Promise<FfmpegFrameSource> {
  const path = requirePath(blob, fileName);
  const probe = await probeVideo(paths.ffprobe, path, fileName);
  throwIfAborted(signal, 'opening a video');
  const source = new FfmpegFrameSource(fileName, formatId, path, paths.ffmpeg, probe);
  try {
    await source.getFrame(0, signal);
  } catch (error) {
    // A damaged first frame is the run's business; a video that decodes to nothing is not.
    const frameOnly = error instanceof FileFormatError && /^frame 0 could not/.test(error.detail);
    if (!frameOnly) {
      source.close();
      throw error;
    }
  }
  return source;
}
