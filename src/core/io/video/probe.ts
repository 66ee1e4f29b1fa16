import { FileFormatError } from '../errors.ts';
import { uniformInterval } from './frame-interval.ts';

/**
 * What ffprobe says about a video, read the same way for the ffmpeg program (Node) and
 * ffmpeg.wasm (browser): one set of arguments, one parser, so both give the same frame count and
 * the same frame times for the same file.
 */

/** What the workbench needs to know of a video before decoding a frame of it. */
export interface VideoProbe {
  formatName: string;
  codec: string;
  width: number;
  height: number;
  /** ffmpeg's name of the decoded pixel format, e.g. yuv420p, yuvj444p, gray, yuv420p10le. */
  pixFmt: string;
  /** Bits per luma sample: > 8 is decoded as 16-bit grey. */
  bitDepth: number;
  /** Seconds per tick of the stream's time base. */
  tickS: number;
  /** The container's start time in seconds; ffmpeg's input `-ss` counts from here. */
  startS: number;
  /** Presentation time stamps in ticks, in display order: frame i has pts[i]. */
  pts: number[];
  /** keyframe[i]: frame i can be decoded without earlier frames (a place to seek to). */
  keyframe: boolean[];
  /** Frames whose packets were not found in the file (a cut-short file): times are extrapolated. */
  missingFrom: number;
  /** Seconds from the first frame, one per frame. */
  frameTimesS: number[];
  /** Set when the frames are evenly spaced (see `uniformInterval`). */
  frameIntervalS?: number;
  /** False when the container gives no per-packet times: frames are then matched in decode order. */
  ptsReliable: boolean;
  /** Raw stream and format fields, for the metadata panel. */
  fields: Record<string, string>;
}

/** ffprobe's arguments before the input: the first video stream, its packets' times and key flags. */
export const PROBE_ARGS: readonly string[] = [
  ...['-v', 'error', '-select_streams', 'v:0', '-of', 'compact'],
  ...['-show_entries', 'stream=codec_name,width,height,pix_fmt,time_base,r_frame_rate,avg_frame_rate'],
  ...['-show_entries', 'stream=nb_frames,bits_per_raw_sample,color_range,profile,start_time'],
  ...['-show_entries', 'format=format_name,start_time,duration', '-show_entries', 'packet=pts,flags'],
];

/**
 * The error for an ffprobe run that failed: `log` is what it printed, `why` the part of it worth
 * quoting. A missing MP4 index (moov) means the file was cut short.
 */
export function probeError(fileName: string, log: string, why: string): FileFormatError {
  if (/moov atom not found/i.test(log)) {
    return new FileFormatError(
      fileName,
      'truncated',
      `the video is cut short: its index is missing (${why})`,
    );
  }
  return new FileFormatError(fileName, 'corrupt', `ffprobe cannot read it as a video (${why})`);
}

/** Splits ffprobe's `-of compact` lines ("section|key=value|...") into sections of fields. */
function parseCompact(text: string): { section: string; fields: Record<string, string> }[] {
  return text
    .split('\n')
    .filter((line) => line.includes('|'))
    .map((line) => {
      const [section, ...pairs] = line.trim().split('|');
      const fields: Record<string, string> = {};
      for (const pair of pairs) {
        const eq = pair.indexOf('=');
        if (eq > 0) fields[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
      return { section, fields };
    });
}

/** "30000/1001" → 29.97; undefined for 0/0, N/A and the like. */
function ratio(text: string | undefined): number | undefined {
  const [num, den] = (text ?? '').split('/').map(Number);
  const value = den === undefined ? num : num / den;
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

function timeBaseParts(text: string | undefined): [number, number] {
  const [num, den] = (text ?? '').split('/').map(Number);
  return num > 0 && den > 0 ? [num, den] : [1, 1];
}

const finite = (text: string | undefined): number | undefined => {
  const value = Number(text);
  return text !== undefined && text !== '' && Number.isFinite(value) ? value : undefined;
};

/** Luma bits: the decoder's own figure when it gives one, else read from ffmpeg's pixel format name. */
function bitDepthOf(pixFmt: string, bitsPerRawSample: number | undefined): number {
  if (bitsPerRawSample && bitsPerRawSample > 0) return bitsPerRawSample;
  // yuv420p10le, gbrp12le, gray16le, ya16be: the number is bits per sample...
  const planar = /(?:p|gray|ya)(9|10|12|14|16)(?:le|be)$/.exec(pixFmt);
  if (planar) return Number(planar[1]);
  // ...but rgb48le / rgba64be count the bits of a whole pixel.
  return /^(?:rgb|bgr)(?:a?)(?:48|64)/.test(pixFmt) ? 16 : 8;
}

/**
 * Reads what `PROBE_ARGS` made ffprobe print: the stream header and every packet's time stamp and
 * key flag (packets are only demuxed, not decoded, so probing is fast even for long videos).
 * Frame times come from the container's time stamps, relative to the first frame.
 */
export function parseProbe(output: string, fileName: string): VideoProbe {
  const records = parseCompact(output);
  const stream = records.find((r) => r.section === 'stream')?.fields;
  const format = records.find((r) => r.section === 'format')?.fields ?? {};
  if (!stream) throw new FileFormatError(fileName, 'unsupported', 'the file has no video stream');
  const width = finite(stream.width) ?? 0;
  const height = finite(stream.height) ?? 0;
  if (width <= 0 || height <= 0) {
    throw new FileFormatError(fileName, 'unsupported', `unknown frame size for codec ${stream.codec_name}`);
  }
  const packets = records.filter((r) => r.section === 'packet').map((r) => r.fields);
  // Packets come in decode order; B-frames make that differ from display order, hence the sort.
  const withPts = packets
    .map((p) => ({ pts: finite(p.pts), key: (p.flags ?? '').includes('K') }))
    .filter((p): p is { pts: number; key: boolean } => p.pts !== undefined)
    .sort((a, b) => a.pts - b.pts);
  const ptsReliable = withPts.length === packets.length && packets.length > 0;
  const tickS = ratio(stream.time_base) ?? 1;
  const fps = ratio(stream.avg_frame_rate) ?? ratio(stream.r_frame_rate);
  const ordered = ptsReliable
    ? withPts
    : packets.map((p, i) => ({ pts: i, key: (p.flags ?? '').includes('K') }));
  const pts = ordered.map((p) => p.pts);
  const keyframe = ordered.map((p) => p.key);
  const missingFrom = pts.length;
  // A cut-short file whose index survived (MP4 "faststart") still says how many frames it had:
  // keep them, with extrapolated times, so a run reports the missing ones instead of hiding them.
  const headerFrames = finite(stream.nb_frames) ?? 0;
  const step = pts.length > 1 ? (pts[pts.length - 1] - pts[0]) / (pts.length - 1) : 1;
  for (let i = pts.length; i < headerFrames && pts.length > 0; i++) {
    pts.push(pts[0] + i * step);
    keyframe.push(false);
  }
  if (pts.length === 0) throw new FileFormatError(fileName, 'corrupt', 'the video has no frames');
  // Multiply before dividing (3 × 1 / 10, not 3 × 0.1) so whole-tick times stay exact decimals.
  const [num, den] = ptsReliable ? timeBaseParts(stream.time_base) : fps ? [1, fps] : [0, 1];
  const frameTimesS = pts.map((p) => ((p - pts[0]) * num) / den);
  return {
    formatName: format.format_name ?? '',
    codec: stream.codec_name ?? 'unknown',
    width,
    height,
    pixFmt: stream.pix_fmt ?? '',
    bitDepth: bitDepthOf(stream.pix_fmt ?? '', finite(stream.bits_per_raw_sample)),
    tickS,
    startS: finite(format.start_time) ?? 0,
    pts,
    keyframe,
    missingFrom,
    frameTimesS,
    frameIntervalS: uniformInterval(frameTimesS),
    ptsReliable,
    fields: { ...stream, ...Object.fromEntries(Object.entries(format).map(([k, v]) => [`format_${k}`, v])) },
  };
}

/**
 * Where to seek (`-ss`, seconds from the container's start) to decode from frame `index`: half a
 * frame early, so rounding of the time can't make ffmpeg skip past it.
 */
export function seekTimeS(probe: VideoProbe, index: number): number {
  const halfGap = (probe.frameTimesS[index] - probe.frameTimesS[index - 1]) / 2;
  const firstS = probe.ptsReliable ? probe.pts[0] * probe.tickS - probe.startS : 0;
  return probe.frameTimesS[index] + firstS - halfGap;
}
