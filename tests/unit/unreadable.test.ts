// The one wording for frames a run could not read (issue 17): the browser's run status and
// viewer and the CLI's warning all build their sentence here.

import { describe, expect, it } from 'vitest';
import type { FrameResult } from '../../src/core/analysis/types.ts';
import { unreadableResult } from '../../src/core/run/frame-service.ts';
import type { WorkerLoss } from '../../src/core/run/respawning-analyzer.ts';
import {
  describeUnreadable,
  runDoneMessage,
  unreadableFrames,
  unreadableSentence,
} from '../../src/core/run/unreadable.ts';
import { frameList } from '../../src/core/series/frame-number.ts';

const ok = (frame: number): FrameResult => ({
  frame,
  areaPx: 100,
  centroidX: 1,
  centroidY: 1,
  outline: [],
  quality: 'ok',
});

/** A run of `count` frames in which `unreadable` could not be read. */
const run = (count: number, unreadable: number[]): FrameResult[] =>
  Array.from({ length: count }, (_, i) => (unreadable.includes(i) ? unreadableResult(i) : ok(i)));

describe('frameList', () => {
  it('names one frame, a run of frames, and scattered frames, numbered from 0', () => {
    expect(frameList([0])).toBe('frame 0');
    expect(frameList([5, 6, 7, 8])).toBe('frames 5–8');
    expect(frameList([2, 9])).toBe('frames 2, 9');
    expect(frameList([1, 2, 3, 7, 11, 12])).toBe('frames 1–3, 7, 11–12');
  });

  it('past six groups gives the count instead of a page of numbers', () => {
    const everyOther = Array.from({ length: 40 }, (_, i) => 2 * i);
    expect(frameList(everyOther)).toBe('frames 0, 2, 4, 6, 8, 10, … (40 frames in all)');
  });
});

describe('unreadable frames of a run', () => {
  it('finds them in frame order, skipping frames not analysed', () => {
    const results: (FrameResult | undefined)[] = run(12, [9, 5]);
    results[7] = undefined;
    expect(unreadableFrames([...results].reverse())).toEqual([5, 9]);
    expect(unreadableFrames(run(3, []))).toEqual([]);
  });

  it('says which frames could not be read and that they have no area', () => {
    expect(describeUnreadable([])).toBe('');
    expect(describeUnreadable([5])).toBe('frame 5 could not be read (damaged) and has no area');
    expect(describeUnreadable([5, 9])).toBe('frames 5, 9 could not be read (damaged) and have no area');
    expect(unreadableSentence([5])).toBe('Frame 5 could not be read (damaged) and has no area.');
    expect(unreadableSentence([])).toBe('');
  });
});

describe('runDoneMessage (the run status in the browser)', () => {
  it('counts the frames and names the damaged ones', () => {
    expect(runDoneMessage(run(12, []))).toBe('12 frames analysed');
    expect(runDoneMessage(run(12, [5]))).toBe(
      '12 frames analysed; frame 5 could not be read (damaged) and has no area',
    );
  });

  it('leaves frames that stopped a worker to the worker note: their file may be fine', () => {
    const loss: WorkerLoss = { reason: 'out of memory', retried: [8, 9], unreadable: [9] };
    expect(runDoneMessage(run(12, [5, 9]), [loss])).toBe(
      '12 frames analysed; frame 5 could not be read (damaged) and has no area; 1 marked unreadable because an analysis worker stopped on it',
    );
    expect(runDoneMessage(run(12, [9]), [loss])).toBe(
      '12 frames analysed; 1 marked unreadable because an analysis worker stopped on it',
    );
  });
});
