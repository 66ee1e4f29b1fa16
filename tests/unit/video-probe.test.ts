// The one reading of ffprobe's output (core/io/video/probe.ts), shared by the ffmpeg program in
// Node and ffmpeg.wasm in the browser: known answers on hand-written `-of compact` output.

import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../../src/core/io/errors.ts';
import { uniformInterval } from '../../src/core/io/video/frame-interval.ts';
import { parseProbe, probeError, seekTimeS } from '../../src/core/io/video/probe.ts';

const STREAM =
  'stream|codec_name=h264|width=64|height=48|pix_fmt=yuv420p|time_base=1/12800|r_frame_rate=25/1|avg_frame_rate=25/1';
const FORMAT = 'format|format_name=mov,mp4,m4a,3gp,3g2,mj2|start_time=0.000000|duration=0.160000';

/** ffprobe output: packets (decode order) first, then the stream and the format, as ffprobe prints them. */
const output = (packets: string[], stream = STREAM, format = FORMAT) =>
  [...packets.map((p) => `packet|${p}`), stream, format, ''].join('\n');

/** The FileFormatError `run` throws. */
function failure(run: () => unknown): FileFormatError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FileFormatError);
    return error as FileFormatError;
  }
  throw new Error('expected a FileFormatError');
}

describe('parseProbe', () => {
  it('puts B-frames in display order and times frames from the time base, exactly', () => {
    const probe = parseProbe(
      output(['pts=1024|flags=K__', 'pts=2048|flags=___', 'pts=1536|flags=___', 'pts=1536000|flags=K__']),
      'clip.mp4',
    );
    expect(probe.pts).toEqual([1024, 1536, 2048, 1536000]);
    expect(probe.keyframe).toEqual([true, false, false, true]);
    expect(probe.frameTimesS).toEqual([0, 0.04, 0.08, 119.92]);
    expect(probe.frameIntervalS, 'frames unevenly spaced').toBeUndefined();
    expect([probe.width, probe.height, probe.codec, probe.bitDepth, probe.ptsReliable]).toEqual([
      64,
      48,
      'h264',
      8,
      true,
    ]);
    expect(probe.fields.format_format_name).toBe('mov,mp4,m4a,3gp,3g2,mj2');
  });

  it('keeps the frames a cut-short file declares, with extrapolated times', () => {
    const stream = `${STREAM}|nb_frames=5`;
    const probe = parseProbe(output(['pts=0|flags=K__', 'pts=512|flags=___'], stream), 'cut.mp4');
    expect(probe.missingFrom).toBe(2);
    expect(probe.frameTimesS).toEqual([0, 0.04, 0.08, 0.12, 0.16]);
    expect(probe.keyframe).toEqual([true, false, false, false, false]);
    expect(probe.frameIntervalS).toBe(0.04);
  });

  it('without packet times, frames follow decode order and the frame rate', () => {
    const probe = parseProbe(
      output(['pts=N/A|flags=K__', 'pts=N/A|flags=___', 'pts=N/A|flags=K__']),
      'x.avi',
    );
    expect(probe.ptsReliable).toBe(false);
    expect(probe.frameTimesS).toEqual([0, 0.04, 0.08]);
    expect(probe.keyframe).toEqual([true, false, true]);
  });

  it('reads the luma bit depth from the decoder, else from the pixel format', () => {
    const depth = (fields: string) =>
      parseProbe(output(['pts=0|flags=K__'], `${STREAM}|${fields}`), 'x.mkv').bitDepth;
    expect(depth('bits_per_raw_sample=12')).toBe(12);
    expect(depth('pix_fmt=yuv420p10le')).toBe(10);
    expect(depth('pix_fmt=gray16le')).toBe(16);
    expect(depth('pix_fmt=rgb48le')).toBe(16);
    expect(depth('pix_fmt=yuvj444p')).toBe(8);
  });

  it('says what is wrong with a file that is no usable video', () => {
    expect(failure(() => parseProbe(FORMAT, 'song.mp4')).kind).toBe('unsupported');
    const sizeless = STREAM.replace('width=64', 'width=0');
    expect(failure(() => parseProbe(output(['pts=0|flags=K__'], sizeless), 'x.mp4')).detail).toMatch(
      /unknown frame size for codec h264/,
    );
    const empty = failure(() => parseProbe(output([]), 'empty.mp4'));
    expect([empty.kind, empty.message]).toEqual(['corrupt', 'empty.mp4: the video has no frames']);
  });
});

describe('probeError', () => {
  it('a missing MP4 index means the file was cut short; anything else, unreadable', () => {
    const cut = probeError('cut.mp4', '[mov] moov atom not found', 'moov atom not found');
    expect([cut.kind, cut.detail]).toEqual([
      'truncated',
      'the video is cut short: its index is missing (moov atom not found)',
    ]);
    const noise = probeError('noise.mp4', 'Invalid data found', 'Invalid data found');
    expect([noise.kind, noise.detail]).toEqual([
      'corrupt',
      'ffprobe cannot read it as a video (Invalid data found)',
    ]);
  });
});

describe('seekTimeS', () => {
  it('seeks half a frame before the frame, counted from the container start', () => {
    const format = FORMAT.replace('start_time=0.000000', 'start_time=0.040000');
    const probe = parseProbe(
      output(['pts=1024|flags=K__', 'pts=1536|flags=___', 'pts=2048|flags=K__'], STREAM, format),
      'clip.mp4',
    );
    // Frame 2 is at 0.16 s in stream time, 0.12 s after the container's start; half a frame is 0.02 s.
    expect(seekTimeS(probe, 2)).toBeCloseTo(0.1, 12);
  });
});

describe('uniformInterval', () => {
  it('is the step of evenly spaced frames, to six digits, whatever the decoder', () => {
    const ntsc = Array.from({ length: 300 }, (_, i) => (i * 1001) / 30000);
    expect(uniformInterval(ntsc)).toBe(0.0333667);
    // WebCodecs times are whole microseconds: still one interval.
    expect(uniformInterval(ntsc.map((t) => Math.round(t * 1e6) / 1e6))).toBe(0.0333667);
  });

  it('is undefined for uneven frames, one frame, or frames without times', () => {
    expect(uniformInterval([0, 0.04, 0.08, 0.2])).toBeUndefined();
    expect(uniformInterval([0])).toBeUndefined();
    expect(uniformInterval([0, 0, 0])).toBeUndefined();
  });
});
