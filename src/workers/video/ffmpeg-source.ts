// AVI, and codecs WebCodecs can't decode, through ffmpeg.wasm (@ffmpeg/core, single thread).
//
// We drive the core directly instead of through @ffmpeg/ffmpeg: that package only runs the core in
// a worker of its own, and this code already runs in a frame worker, so a nested worker would add
// a hop and a second bundle entry without gaining anything.
//
// Memory: ffmpeg.wasm reads its input from its virtual file system. The Blob is mounted with
// WORKERFS, which reads byte ranges with FileReaderSync on demand, so the video is never copied
// into wasm memory. Frames are decoded a few at a time (`-ss` to the frame, then `-frames:v K`)
// into a small in-memory output file, so memory stays bounded however long the movie is.
// Cost: the core (≈32 MB of wasm) is loaded once per worker that opens such a video; the viewer
// and each analysis worker have one (≈3 with 2 cores), loaded only when a video needs it.
import { FileFormatError, throwIfAborted } from '../../core/io/errors.ts';
import { FrameSourceBase } from '../../core/io/frame-source-base.ts';
import type { Frame, FrameSource } from '../../core/io/types.ts';
import { FrameCache } from '../../core/io/video/frame-cache.ts';
import { type GreyFrame, uniformInterval } from './luma.ts';

/** The parts of the Emscripten module @ffmpeg/core exports that we use. */
interface FfmpegCore {
  FS: {
    mkdir(path: string): void;
    mount(type: unknown, options: { blobs: { name: string; data: Blob }[] }, mountPoint: string): void;
    unmount(mountPoint: string): void;
    rmdir(path: string): void;
    readFile(path: string): Uint8Array;
    readFile(path: string, options: { encoding: 'utf8' }): string;
    unlink(path: string): void;
    filesystems: { WORKERFS: unknown };
  };
  exec(...args: string[]): void;
  ffprobe(...args: string[]): void;
  /** Exit code of the last command. */
  ret: number;
  reset(): void;
  setLogger(logger: (entry: { type: string; message: string }) => void): void;
}

type CoreFactory = (options: { mainScriptUrlOrBlob: string }) => Promise<FfmpegCore>;

/**
 * Grey bytes decoded per ffmpeg call. Every call re-opens the input and, for inter-frame codecs,
 * decodes forward from a key frame, so few large calls beat many small ones; the cap bounds memory
 * (the output file plus its copy, then the cache of two chunks).
 */
const CHUNK_BYTES = 16 * 1024 * 1024;
const MAX_CHUNK_FRAMES = 32;

let corePromise: Promise<FfmpegCore> | null = null;
/** Log lines of the current call, for error messages. */
let log: string[] = [];
/** The core runs one command at a time; every use goes through this queue. */
let queue: Promise<unknown> = Promise.resolve();
let mounts = 0;

function exclusive<T>(task: (core: FfmpegCore) => T | Promise<T>): Promise<T> {
  const run = queue.then(async () => task(await loadCore()));
  queue = run.catch(() => {});
  return run;
}

/** Loads the core from the app's own origin (public/ffmpeg/, copied from node_modules at install). */
function loadCore(): Promise<FfmpegCore> {
  corePromise ??= (async () => {
    // An absolute base resolves against the origin, which also works in blob: workers (the bench).
    const baseUrl = import.meta.env.BASE_URL;
    const base = new URL(
      `${baseUrl}ffmpeg/`,
      baseUrl.startsWith('/') ? self.location.origin : self.location.href,
    );
    const coreURL = new URL('ffmpeg-core.js', base).href;
    const wasmURL = new URL('ffmpeg-core.wasm', base).href;
    let factory: CoreFactory;
    try {
      factory = ((await import(/* @vite-ignore */ coreURL)) as { default: CoreFactory }).default;
    } catch (error) {
      throw new Error(`the ffmpeg.wasm core is missing at ${base.pathname} (run \`npm install\`): ${error}`);
    }
    // The core finds its wasm through this URL fragment (the same convention @ffmpeg/ffmpeg uses).
    const core = await factory({ mainScriptUrlOrBlob: `${coreURL}#${btoa(JSON.stringify({ wasmURL }))}` });
    core.setLogger(({ message }) => {
      if (log.length < 200) log.push(message);
    });
    return core;
  })();
  corePromise.catch(() => {
    corePromise = null; // a later video may try again
  });
  return corePromise;
}

/** Runs one ffmpeg or ffprobe command; its exit code and what it logged (for error messages). */
function run(core: FfmpegCore, command: 'exec' | 'ffprobe', args: string[]): { code: number; log: string } {
  log = [];
  core[command](...args);
  const code = core.ret;
  core.reset();
  // The core logs "Aborted()" after every command, success or not: it says nothing.
  const lines = log.filter((line) => line.trim() !== '' && line !== 'Aborted()');
  return { code, log: lines.join(' ').slice(0, 400) };
}

interface Probe {
  width: number;
  height: number;
  codec: string;
  container: string;
  /** Absolute presentation times (s) of every frame, ascending. */
  timesS: number[];
  /** Where `-ss 0` is: the container's start time (s). */
  startS: number;
}

interface ProbeJson {
  streams?: { codec_name?: string; width?: number; height?: number; r_frame_rate?: string }[];
  packets?: { pts_time?: string; dts_time?: string }[];
  format?: { start_time?: string; format_name?: string };
}

function probe(core: FfmpegCore, fileName: string, input: string): Probe {
  const entries =
    'stream=codec_name,width,height,r_frame_rate:packet=pts_time,dts_time:format=start_time,format_name';
  const options = ['-v', 'error', '-select_streams', 'v:0', '-show_entries', entries, '-of', 'json'];
  const result = run(core, 'ffprobe', [...options, '-o', '/probe.json', input]);
  let json: ProbeJson = {};
  try {
    json = JSON.parse(core.FS.readFile('/probe.json', { encoding: 'utf8' }));
    core.FS.unlink('/probe.json');
  } catch {
    // no output: the message below says why
  }
  const stream = json.streams?.[0];
  if (!stream?.width || !stream.height) {
    const why = result.log || 'no video stream found';
    throw new FileFormatError(fileName, 'corrupt', `ffmpeg could not read a video stream: ${why}`);
  }
  const [num, den] = (stream.r_frame_rate ?? '0/1').split('/').map(Number);
  const fps = num > 0 && den > 0 ? num / den : 25;
  const packets = json.packets ?? [];
  // AVI packets carry frame numbers as times; if a container gives none, fall back to the rate.
  const timesS = packets
    .map((p, i) => Number(p.pts_time ?? p.dts_time ?? i / fps))
    .map((t, i) => (Number.isFinite(t) ? t : i / fps))
    .sort((a, b) => a - b);
  if (timesS.length === 0) throw new FileFormatError(fileName, 'corrupt', 'the video stream has no frames');
  const start = Number(json.format?.start_time);
  return {
    width: stream.width,
    height: stream.height,
    codec: stream.codec_name ?? 'unknown',
    container: json.format?.format_name ?? 'unknown',
    timesS,
    startS: Number.isFinite(start) ? start : timesS[0],
  };
}

/**
 * Decodes frames [index, index + count) to full-range 8-bit grey (ffmpeg's `gray` rescales
 * limited-range luma). `-ss` before `-i` seeks to the key frame before and drops the frames
 * before the seek time, so seeking halfway between frames index-1 and index lands on index.
 */
function decodeChunk(
  core: FfmpegCore,
  probe: Probe,
  input: string,
  index: number,
  count: number,
): Uint8Array {
  const seek =
    index === 0
      ? []
      : ['-ss', ((probe.timesS[index - 1] + probe.timesS[index]) / 2 - probe.startS).toFixed(6)];
  const output = '-map 0:v:0 -an -sn -fps_mode passthrough -f rawvideo -pix_fmt gray'.split(' ');
  const args = ['-v', 'error', ...seek, '-i', input, '-frames:v', String(count), ...output, '/frames.gray'];
  const result = run(core, 'exec', args);
  let bytes: Uint8Array = new Uint8Array(0);
  try {
    bytes = core.FS.readFile('/frames.gray');
    core.FS.unlink('/frames.gray');
  } catch {
    // nothing decoded
  }
  if (result.code !== 0 && bytes.length === 0) {
    throw new Error(result.log || `ffmpeg exited with code ${result.code}`);
  }
  return bytes;
}

/** A video decoded by ffmpeg.wasm a chunk of frames at a time, from its mounted Blob. */
class FfmpegWasmSource extends FrameSourceBase {
  private readonly chunkFrames: number;
  private readonly cache: FrameCache<GreyFrame>;

  constructor(
    fileName: string,
    private readonly info: Probe,
    /** Where the Blob is mounted, and the path of the video in it. */
    private readonly mount: { dir: string; input: string },
    fallbackReason?: string,
  ) {
    const { width, height, timesS } = info;
    const relative = timesS.map((t) => t - timesS[0]);
    super({
      name: fileName,
      formatId: 'video-ffmpeg',
      width,
      height,
      frameCount: timesS.length,
      dtype: 'uint8',
      frameTimesS: relative,
      frameIntervalS: uniformInterval(relative),
      metadata: {
        software: info.container,
        codec: info.codec,
        decoder: 'ffmpeg.wasm',
        lumaRange: 'full',
        ...(fallbackReason ? { decoderNote: `${fallbackReason}; decoded with ffmpeg.wasm` } : {}),
      },
      originalMetadata: { container: info.container, codec: info.codec, startTimeS: info.startS },
    });
    const frameBytes = width * height;
    this.chunkFrames = Math.max(1, Math.min(MAX_CHUNK_FRAMES, Math.floor(CHUNK_BYTES / frameBytes)));
    this.cache = new FrameCache(Math.max(2 * this.chunkFrames, 8));
  }

  protected async readFrame(index: number): Promise<Frame> {
    const hit = this.cache.take(index);
    if (hit) return hit;
    const { name, width, height } = this;
    const frameBytes = width * height;
    const count = Math.min(this.chunkFrames, this.frameCount - index);
    const bytes = await exclusive((core) => {
      if (this.closed) throw new Error('the video was closed');
      try {
        return decodeChunk(core, this.info, this.mount.input, index, count);
      } catch (error) {
        throw new FileFormatError(
          name,
          'corrupt',
          `frame ${index + 1} could not be decoded: ${error instanceof Error ? error.message : error}`,
        );
      }
    });
    const got = Math.floor(bytes.length / frameBytes);
    for (let k = 0; k < got; k++) {
      const data = bytes.slice(k * frameBytes, (k + 1) * frameBytes);
      this.cache.put(index + k, { width, height, data });
    }
    const frame = this.cache.take(index);
    if (!frame)
      throw new FileFormatError(
        name,
        'corrupt',
        `frame ${index + 1} could not be decoded (the file may be truncated)`,
      );
    return frame;
  }

  protected override release(): void {
    this.cache.clear();
    void exclusive((core) => {
      core.FS.unmount(this.mount.dir);
      core.FS.rmdir(this.mount.dir);
    }).catch(() => {});
  }
}

/** Opens a video with ffmpeg.wasm. `fallbackReason` says why WebCodecs was not used, when it was tried. */
export async function openFfmpegSource(
  blob: Blob,
  fileName: string,
  signal?: AbortSignal,
  fallbackReason?: string,
): Promise<FrameSource> {
  // WORKERFS reads with FileReaderSync, which exists in workers only (not with `?pool=0`).
  if (!('FileReaderSync' in globalThis)) {
    throw new FileFormatError(
      fileName,
      'unsupported',
      'this video needs ffmpeg.wasm, which runs in a worker only',
    );
  }
  throwIfAborted(signal, 'opening');
  const dir = `/input${++mounts}`;
  const input = `${dir}/video`;
  const info = await exclusive((core) => {
    core.FS.mkdir(dir);
    core.FS.mount(core.FS.filesystems.WORKERFS, { blobs: [{ name: 'video', data: blob }] }, dir);
    try {
      return probe(core, fileName, input);
    } catch (error) {
      core.FS.unmount(dir);
      core.FS.rmdir(dir);
      throw error;
    }
  });
  return new FfmpegWasmSource(fileName, info, { dir, input }, fallbackReason);
}
