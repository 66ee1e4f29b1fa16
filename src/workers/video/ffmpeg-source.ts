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
import { PROBE_ARGS, parseProbe, probeError, seekTimeS, type VideoProbe } from '../../core/io/video/probe.ts';
import type { GreyFrame } from './luma.ts';

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

/** Probes the mounted video with ffmpeg.wasm's ffprobe, read by the same parser as the Node path's. */
function probe(core: FfmpegCore, fileName: string, input: string): VideoProbe {
  const result = run(core, 'ffprobe', [...PROBE_ARGS, '-o', '/probe.txt', input]);
  let output = '';
  try {
    output = core.FS.readFile('/probe.txt', { encoding: 'utf8' });
    core.FS.unlink('/probe.txt');
  } catch {
    // no output: the error below says why
  }
  // The core's exit codes are less certain than its output: a stream section means it read the file.
  if (result.code !== 0 && !output.includes('stream|')) {
    throw probeError(fileName, result.log, result.log || `ffprobe exited with code ${result.code}`);
  }
  return parseProbe(output, fileName);
}

/**
 * Decodes frames [index, index + count) to full-range 8-bit grey (ffmpeg's `gray` rescales
 * limited-range luma). `-ss` before `-i` seeks to the key frame before and drops the frames
 * before the seek time, so seeking halfway between frames index-1 and index lands on index.
 */
function decodeChunk(
  core: FfmpegCore,
  probe: VideoProbe,
  input: string,
  index: number,
  count: number,
): Uint8Array {
  const seek = index === 0 ? [] : ['-ss', seekTimeS(probe, index).toFixed(6)];
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
    private readonly info: VideoProbe,
    /** Where the Blob is mounted, and the path of the video in it. */
    private readonly mount: { dir: string; input: string },
    fallbackReason?: string,
  ) {
    const { width, height, frameTimesS, frameIntervalS } = info;
    super({
      name: fileName,
      formatId: 'video-ffmpeg',
      width,
      height,
      frameCount: frameTimesS.length,
      dtype: 'uint8',
      frameTimesS,
      frameIntervalS,
      metadata: {
        software: info.formatName,
        codec: info.codec,
        decoder: 'ffmpeg.wasm',
        lumaRange: 'full',
        ...(fallbackReason ? { decoderNote: `${fallbackReason}; decoded with ffmpeg.wasm` } : {}),
      },
      originalMetadata: { container: info.formatName, codec: info.codec, startTimeS: info.startS },
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
          `frame ${index} could not be decoded: ${error instanceof Error ? error.message : error}`,
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
        `frame ${index} could not be decoded (the file may be truncated)`,
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
