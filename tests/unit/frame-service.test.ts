// FrameService.analyzeFrames on a source whose frames sometimes fail to decode: the run records
// those frames as 'unreadable' and goes on; cancellation and programming errors still stop it.

import { describe, expect, it } from 'vitest';
import { flagAreaJumps } from '../../src/core/analysis/quality.ts';
import { defaultSegmentParams } from '../../src/core/analysis/segment.ts';
import { resultsToCsv } from '../../src/core/export/results-csv.ts';
import { CancelledError, FileFormatError } from '../../src/core/io/errors.ts';
import type { FrameSource } from '../../src/core/io/types.ts';
import { describeSource, FrameService } from '../../src/core/run/frame-service.ts';
import { createSyntheticMovie, syntheticFrameSource } from '../../src/core/synth/index.ts';

const movie = createSyntheticMovie({
  width: 128,
  height: 128,
  frameCount: 8,
  frameIntervalS: 1,
  pixelSizeNm: 0.5,
  seed: 2,
});

/** The synthetic movie, with `getFrame` failing as `fail(index)` says for some frames. */
function failingSource(fail: (index: number) => Error | undefined): FrameSource {
  const source = syntheticFrameSource(movie, 'damaged.mp4');
  return {
    ...source,
    getFrame: (index, signal) => {
      const error = fail(index);
      return error ? Promise.reject(error) : source.getFrame(index, signal);
    },
  };
}

const all = Array.from({ length: 8 }, (_, i) => i);

describe('FrameService.analyzeFrames with undecodable frames', () => {
  it("marks frames whose decoding fails with a FileFormatError 'unreadable' and analyses the rest", async () => {
    const damaged = new Set([2, 5]);
    const service = FrameService.fromSource(
      failingSource((i) =>
        damaged.has(i) ? new FileFormatError('damaged.mp4', 'corrupt', `frame ${i}`) : undefined,
      ),
    );
    const results = await service.analyzeFrames(all, defaultSegmentParams);
    expect(results.map((r) => r.frame)).toEqual(all);
    for (const r of results) {
      if (damaged.has(r.frame)) {
        expect(r).toMatchObject({ quality: 'unreadable', outline: [] });
        expect(r.areaPx).toBeNaN();
      } else {
        expect(r.quality).not.toBe('unreadable');
        expect(r.areaPx).toBeGreaterThan(0);
      }
    }
    // Unreadable frames are gaps: no area-jump flags around them, empty area cells in the CSV.
    const flagged = flagAreaJumps(results);
    expect(flagged.filter((r) => r.quality === 'unreadable').map((r) => r.frame)).toEqual([2, 5]);
    const info = describeSource(failingSource(() => undefined));
    const row2 = resultsToCsv({ info, results: flagged }).split('\n')[3].split(',');
    expect(row2).toEqual(['2', '2', '', '', '', '', 'unreadable', '', '', '', '', '', '', '', '', '']);
  });

  it('still stops on cancellation and on errors that are not about the file', async () => {
    const cancelled = FrameService.fromSource(
      failingSource((i) => (i === 3 ? new CancelledError() : undefined)),
    );
    await expect(cancelled.analyzeFrames(all, defaultSegmentParams)).rejects.toBeInstanceOf(CancelledError);
    const bug = FrameService.fromSource(failingSource((i) => (i === 1 ? new TypeError('bug') : undefined)));
    await expect(bug.analyzeFrames(all, defaultSegmentParams)).rejects.toThrow('bug');
  });
});

describe('FrameService re-segmenting one frame (brush strokes, live preview)', () => {
  it('reads and bins the frame once, and gives the same result with the same input', async () => {
    const reads: number[] = [];
    const service = FrameService.fromSource(
      failingSource((i) => {
        reads.push(i);
        return undefined;
      }),
    );
    const [first] = await service.analyzeFrames([3], defaultSegmentParams);
    const [again] = await service.analyzeFrames([3], defaultSegmentParams);
    expect(again).toEqual(first);
    // An edit erasing part of the cluster re-segments the same frame without reading it again.
    const edit = {
      strokes: [{ mode: 'erase' as const, radiusPx: 10, points: [first.centroidX, first.centroidY] }],
      refit: false,
    };
    const [edited] = await service.analyzeFrames([3], defaultSegmentParams, { 3: edit });
    expect(edited.areaPx).toBeLessThan(first.areaPx);
    expect(reads).toEqual([3]);
    // Another frame, or other working-image parameters, read again; frame 4 is one of the
    // frames whose drift is measured (every 4th), against the reference frame 0 (on this faint
    // 128² movie, against a template of the frames from 0 on: drift-template.ts), whose frames
    // are read once per reference.
    await service.analyzeFrames([4], defaultSegmentParams);
    const firstBuild = reads.slice(1);
    expect(firstBuild[0]).toBe(4);
    expect(firstBuild).toContain(0);
    expect(new Set(firstBuild.slice(1)).size).toBe(firstBuild.length - 1);
    await service.analyzeFrames([4], defaultSegmentParams);
    expect(reads).toHaveLength(1 + firstBuild.length);
    await service.analyzeFrames([4], { ...defaultSegmentParams, hotPixelSigma: 6 });
    expect(reads.slice(1 + firstBuild.length)).toEqual(firstBuild);
  });

  it('resolves the parameters first: missing or undefined ones are their defaults, for the caches too', async () => {
    const reads: number[] = [];
    const service = FrameService.fromSource(
      failingSource((i) => {
        reads.push(i);
        return undefined;
      }),
    );
    const [full] = await service.analyzeFrames([4], defaultSegmentParams);
    const [partial] = await service.analyzeFrames([4], { hotPixelSigma: undefined, darkLevel: undefined });
    const [none] = await service.analyzeFrames([4], {});
    expect(partial).toEqual(full);
    expect(none).toEqual(full);
    // Frame 4 and the drift reference's frames (frame 0, and the template's), each read once.
    expect(reads[0]).toBe(4);
    expect(reads).toContain(0);
    expect(new Set(reads).size).toBe(reads.length);
  });
});
