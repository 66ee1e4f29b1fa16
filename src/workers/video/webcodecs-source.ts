// MP4/MOV/WebM/MKV through mediabunny (demuxing) and WebCodecs' VideoDecoder (decoding).
// mediabunny reads the file through Blob slices with a small cache, so opening a 2 GB video reads
// its index (moov, cues), never the whole file. Frames are decoded on demand: seeking to frame N
// starts at the key frame before N and decodes forward; consecutive requests continue the same
// decoder, so a run over the movie decodes each frame about once.
import type { EncodedPacket, EncodedPacketSink, InputVideoTrack } from 'mediabunny';
import { CancelledError, FileFormatError, throwIfAborted } from '../../core/io/errors.ts';
import { FrameSourceBase } from '../../core/io/frame-source-base.ts';
import type { Frame, FrameSource, FrameSourceInfo } from '../../core/io/types.ts';
import { FrameCache } from '../../core/io/video/frame-cache.ts';
import { uniformInterval } from '../../core/io/video/frame-interval.ts';
import { type GreyFrame, videoFrameToGrey } from './luma.ts';

/** The browser can't decode this file's codec: the caller falls back to ffmpeg.wasm. */
export class WebCodecsUnavailable extends Error {
  override readonly name = 'WebCodecsUnavailable';
}

/** Frames kept decoded: enough for a batch plus the frames a decoder emits ahead of it. */
const CACHE_FRAMES = 24;
/** Chunks queued in the decoder, or frames being copied, before feeding waits. */
const MAX_IN_FLIGHT = 4;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** First index whose value is ≥ x in an ascending array (binary search). */
function lowerBound(values: Float64Array, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Decodes frames by presentation index with one VideoDecoder, continuing forward when it can. */
class PacketDecoder {
  readonly cache = new FrameCache<GreyFrame>(CACHE_FRAMES);
  private decoder: VideoDecoder | null = null;
  /** Bumped at each restart, so frames of an abandoned decode are dropped. */
  private generation = 0;
  private startSeq = -1;
  private lastFed: EncodedPacket | null = null;
  private maxOutput = -1;
  private failure: unknown = null;
  private readonly pending = new Set<Promise<void>>();
  private waiters: (() => void)[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly fileName: string,
    private readonly sink: EncodedPacketSink,
    private readonly config: VideoDecoderConfig,
    /** Presentation timestamps in seconds, ascending: index i is frame i. */
    private readonly timesS: Float64Array,
  ) {}

  /** One request at a time: the viewer may ask for several frames while the user drags the slider. */
  frame(index: number, signal?: AbortSignal): Promise<GreyFrame> {
    const run = this.queue.then(() => this.decodeTo(index, signal));
    this.queue = run.catch(() => {});
    return run;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private nextEvent(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private restart(key: EncodedPacket): void {
    this.generation++;
    if (!this.decoder || this.decoder.state === 'closed') {
      this.decoder = new VideoDecoder({
        output: (frame) => this.onOutput(frame),
        error: (error) => {
          this.failure = error;
          this.lastFed = null;
          this.wake();
        },
      });
      this.decoder.addEventListener('dequeue', () => this.wake());
    } else {
      this.decoder.reset();
    }
    this.decoder.configure(this.config);
    this.failure = null;
    this.startSeq = key.sequenceNumber;
    this.lastFed = null;
    this.maxOutput = -1;
  }

  private onOutput(frame: VideoFrame): void {
    const generation = this.generation;
    const timestampUs = frame.timestamp;
    const task = videoFrameToGrey(frame)
      .then((grey) => {
        if (generation !== this.generation) return;
        // Chunk timestamps are whole microseconds: match each output to the nearest frame time.
        const t = timestampUs / 1e6;
        let index = lowerBound(this.timesS, t);
        if (
          index > 0 &&
          (index === this.timesS.length || t - this.timesS[index - 1] < this.timesS[index] - t)
        )
          index--;
        this.cache.put(index, grey);
        this.maxOutput = Math.max(this.maxOutput, index);
      })
      .catch((error: unknown) => {
        this.failure = error;
      })
      .finally(() => {
        frame.close();
        this.pending.delete(task);
        this.wake();
      });
    this.pending.add(task);
  }

  private async decodeTo(index: number, signal?: AbortSignal): Promise<GreyFrame> {
    const hit = this.cache.take(index);
    if (hit) return hit;
    const t = this.timesS[index];
    const keyInfo = await this.sink.getKeyPacket(t, { metadataOnly: true });
    if (!keyInfo)
      throw new FileFormatError(this.fileName, 'corrupt', `frame ${index} has no key frame before it`);
    const continuing =
      this.lastFed !== null &&
      keyInfo.sequenceNumber >= this.startSeq &&
      keyInfo.sequenceNumber <= this.lastFed.sequenceNumber &&
      index > this.maxOutput;
    if (!continuing) {
      const key = await this.sink.getKeyPacket(t, { verifyKeyPackets: true });
      if (!key)
        throw new FileFormatError(this.fileName, 'corrupt', `frame ${index} has no key frame before it`);
      this.restart(key);
      this.feed(key);
    }
    const decoder = this.decoder as VideoDecoder;
    while (!this.cache.has(index)) {
      if (signal?.aborted) throw new CancelledError('decoding');
      if (this.failure) throw this.decodeError(index, this.failure);
      if (decoder.decodeQueueSize >= MAX_IN_FLIGHT || this.pending.size >= MAX_IN_FLIGHT) {
        await this.nextEvent();
        continue;
      }
      const last = this.lastFed;
      const next = last ? await this.sink.getNextPacket(last) : null;
      if (next) {
        this.feed(next);
        continue;
      }
      // End of the stream: flush out the frames the decoder still holds for reordering.
      this.lastFed = null;
      try {
        await decoder.flush();
      } catch (error) {
        throw this.decodeError(index, error);
      }
      await Promise.all(this.pending);
      if (this.failure) throw this.decodeError(index, this.failure);
      if (!this.cache.has(index)) {
        throw new FileFormatError(this.fileName, 'corrupt', `frame ${index} could not be decoded`);
      }
    }
    throwIfAborted(signal, 'decoding');
    return this.cache.take(index) as GreyFrame;
  }

  private feed(packet: EncodedPacket): void {
    (this.decoder as VideoDecoder).decode(packet.toEncodedVideoChunk());
    this.lastFed = packet;
  }

  private decodeError(index: number, error: unknown): FileFormatError {
    this.lastFed = null; // the next request restarts from a key frame
    return new FileFormatError(
      this.fileName,
      'corrupt',
      `frame ${index} could not be decoded: ${message(error)}`,
    );
  }

  close(): void {
    this.generation++;
    if (this.decoder && this.decoder.state !== 'closed') this.decoder.close();
    this.cache.clear();
  }
}

/** Presentation timestamps of every frame, read from the container's index (no packet data). */
async function frameTimes(sink: EncodedPacketSink, signal?: AbortSignal): Promise<Float64Array> {
  const times: number[] = [];
  for await (const packet of sink.packets(undefined, undefined, { metadataOnly: true })) {
    if (times.length % 4096 === 0) throwIfAborted(signal, 'opening');
    times.push(packet.timestamp);
  }
  return Float64Array.from(times).sort();
}

async function describeTrack(track: InputVideoTrack): Promise<Record<string, unknown>> {
  return {
    codec: track.codec ?? 'unknown',
    codecString: await track.getCodecParameterString(),
    codedWidth: track.codedWidth,
    codedHeight: track.codedHeight,
    rotation: track.rotation,
  };
}

/** A video demuxed by mediabunny (`input`) and decoded by one `PacketDecoder`. */
class WebCodecsSource extends FrameSourceBase {
  constructor(
    info: FrameSourceInfo,
    private readonly decoder: PacketDecoder,
    private readonly input: { dispose(): void },
  ) {
    super(info);
  }

  protected readFrame(index: number, signal?: AbortSignal): Promise<Frame> {
    return this.decoder.frame(index, signal);
  }

  protected override release(): void {
    this.decoder.close();
    this.input.dispose();
  }
}

/**
 * Opens a video for WebCodecs decoding. Throws `WebCodecsUnavailable` when the browser can't
 * decode it (so the caller tries ffmpeg.wasm), `FileFormatError` when the file itself is bad.
 */
export async function openWebCodecsSource(
  blob: Blob,
  fileName: string,
  signal?: AbortSignal,
): Promise<FrameSource> {
  if (typeof VideoDecoder === 'undefined') throw new WebCodecsUnavailable('this browser has no WebCodecs');
  const { ALL_FORMATS, BlobSource, EncodedPacketSink, Input } = await import('mediabunny');
  const input = new Input({ source: new BlobSource(blob), formats: ALL_FORMATS });
  let decoder: PacketDecoder | null = null;
  try {
    let track: InputVideoTrack | null;
    let container: string;
    try {
      container = (await input.getFormat()).name;
      track = await input.getPrimaryVideoTrack();
    } catch (error) {
      throw new FileFormatError(
        fileName,
        'corrupt',
        `the video container could not be read (${message(error)})`,
      );
    }
    if (!track) throw new FileFormatError(fileName, 'unsupported', 'the file has no video track');
    const config = await track.getDecoderConfig();
    if (!config || !(await VideoDecoder.isConfigSupported(config)).supported) {
      throw new WebCodecsUnavailable(`WebCodecs in this browser can't decode ${track.codec ?? 'this'} video`);
    }
    const sink = new EncodedPacketSink(track);
    const timesS = await frameTimes(sink, signal);
    if (timesS.length === 0) throw new FileFormatError(fileName, 'corrupt', 'the video track has no frames');
    decoder = new PacketDecoder(fileName, sink, config, timesS);
    // Decoding frame 0 proves the codec really works here and gives the visible size.
    let first: GreyFrame;
    try {
      first = await decoder.frame(0, signal);
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      throw new WebCodecsUnavailable(`WebCodecs could not decode the first frame (${message(error)})`);
    }
    const relative = Array.from(timesS, (t) => t - timesS[0]);
    const info: FrameSourceInfo = {
      name: fileName,
      formatId: 'video-webcodecs',
      width: first.width,
      height: first.height,
      frameCount: timesS.length,
      dtype: 'uint8',
      frameTimesS: relative,
      frameIntervalS: uniformInterval(relative),
      metadata: {
        software: container,
        codec: track.codec ?? 'unknown',
        decoder: 'WebCodecs',
        lumaRange: 'full',
      },
      originalMetadata: { container, ...(await describeTrack(track)) },
    };
    return new WebCodecsSource(info, decoder, input);
  } catch (error) {
    decoder?.close();
    input.dispose();
    throw error;
  }
}
