import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { isMissingBinary, lastErrorLines, spawnTool } from './ffmpeg-bin.ts';

/** One frame as ffmpeg wrote it: its time stamp (stream ticks; null when ffmpeg had none) and pixels. */
export interface DecodedFrame {
  pts: number | null;
  data: Uint8Array;
}

export interface DecoderOptions {
  ffmpeg: string;
  path: string;
  /** Seconds from the container's start; ffmpeg starts at the keyframe at or before it. */
  seekS?: number;
  /** 'gray' (8-bit) or 'gray16le' (high bit-depth sources). */
  pixFmt: 'gray' | 'gray16le';
  frameBytes: number;
}

// `showinfo` prints each frame's pts on stderr just before the frame goes to stdout, so the n-th
// pts line belongs to the n-th raw frame. Frames the decoder could not decode never come out,
// and matching by pts (not by count) is what lets the caller tell which frames those were.
const SHOWINFO = /Parsed_showinfo_\d+ @ [^\]]*\]\s+n:\s*\d+\s+pts:\s*(-?\d+|NOPTS)/;
const KEEP_STDERR_LINES = 12;
/** Frames held in memory ahead of the reader before ffmpeg is paused (back-pressure through the pipe). */
const READ_AHEAD_FRAMES = 2;

/**
 * A running `ffmpeg` that decodes one video stream from a given time to the end as raw grey frames
 * on its stdout, read one at a time in display order. Not accurate seeking on purpose: it starts at
 * a keyframe, and the caller drops frames until the one it wants, identified by its pts.
 * ffmpeg's `gray` conversion maps limited-range ("TV", 16–235) luma to full range (0–255).
 */
export class FfmpegDecoder {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly chunks: Buffer[] = [];
  private buffered = 0;
  private readonly ptsQueue: (number | null)[] = [];
  private stderrTail: string[] = [];
  private partialLine = '';
  private ended = false;
  private spawnError: Error | null = null;
  private wake: (() => void) | null = null;
  /** Frames delivered so far. */
  produced = 0;

  constructor(private readonly options: DecoderOptions) {
    const args = ['-hide_banner', '-nostdin', '-nostats', '-v', 'info', '-copyts'];
    if (options.seekS !== undefined && options.seekS > 0) {
      args.push('-noaccurate_seek', '-ss', options.seekS.toFixed(6));
    }
    args.push('-i', options.path, '-map', '0:v:0', '-an', '-sn', '-dn', '-vf', 'showinfo');
    args.push('-fps_mode', 'passthrough', '-pix_fmt', options.pixFmt, '-f', 'rawvideo', 'pipe:1');
    this.child = spawnTool(options.ffmpeg, args);
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      if (this.buffered >= READ_AHEAD_FRAMES * options.frameBytes) this.child.stdout.pause();
      this.notify();
    });
    this.child.stderr.setEncoding('utf8').on('data', (text: string) => this.onStderr(text));
    this.child.on('error', (error) => {
      this.spawnError = error;
      this.ended = true;
      this.notify();
    });
    this.child.on('close', () => {
      this.onStderr('\n');
      this.ended = true;
      this.notify();
    });
  }

  get missingBinary(): boolean {
    return isMissingBinary(this.spawnError);
  }

  /** ffmpeg's last words, for error messages. */
  get lastError(): string {
    return lastErrorLines(this.stderrTail.join('\n'), this.options.path);
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private waitForChange(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private onStderr(text: string): void {
    const lines = (this.partialLine + text).split('\n');
    this.partialLine = lines.pop() ?? '';
    for (const line of lines) {
      const match = SHOWINFO.exec(line);
      if (match) this.ptsQueue.push(match[1] === 'NOPTS' ? null : Number(match[1]));
      else if (line.trim() && !line.includes('Parsed_showinfo') && !line.startsWith(' ')) {
        this.stderrTail.push(line);
        if (this.stderrTail.length > KEEP_STDERR_LINES)
          this.stderrTail = this.stderrTail.slice(-KEEP_STDERR_LINES);
      }
    }
    if (lines.length > 0) this.notify();
  }

  /** Copies exactly `n` bytes off the front of the buffered output into a frame of its own. */
  private take(n: number): Uint8Array {
    const frame = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0];
      const part = Math.min(n - filled, chunk.length);
      frame.set(chunk.subarray(0, part), filled);
      filled += part;
      if (part === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(part);
    }
    this.buffered -= n;
    if (this.buffered < READ_AHEAD_FRAMES * this.options.frameBytes) this.child.stdout.resume();
    return frame;
  }

  /** The next decoded frame, or null at the end of the stream (or when ffmpeg failed or was closed). */
  async next(): Promise<DecodedFrame | null> {
    const n = this.options.frameBytes;
    while (this.buffered < n && !this.ended) await this.waitForChange();
    if (this.buffered < n) return null;
    const data = this.take(n);
    // The pts line is written before the frame, but the two pipes are read independently.
    while (this.ptsQueue.length === 0 && !this.ended) await this.waitForChange();
    this.produced++;
    return { pts: this.ptsQueue.shift() ?? null, data };
  }

  close(): void {
    this.ended = true;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    this.chunks.length = 0;
    this.buffered = 0;
    this.notify();
  }
}
