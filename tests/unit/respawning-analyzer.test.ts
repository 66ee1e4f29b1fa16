import { describe, expect, it } from 'vitest';
import { defaultSegmentParams } from '../../src/core/analysis/params.ts';
import type { FrameResult } from '../../src/core/analysis/types.ts';
import {
  describeWorkerLoss,
  RespawningAnalyzer,
  type WorkerAnalyzer,
  type WorkerLoss,
  workerLossNote,
} from '../../src/core/run/respawning-analyzer.ts';
import { runAnalysis } from '../../src/core/run/run-analysis.ts';

const params = defaultSegmentParams;

const ok = (frame: number): FrameResult => ({
  frame,
  areaPx: 10 * frame,
  centroidX: 0,
  centroidY: 0,
  outline: [],
  quality: 'ok',
});

/**
 * A fake worker: it "dies" (rejects `died`, and never answers) when given a frame for which
 * `kills(frame)` is true; `log` records every batch each worker was given, by worker number.
 */
function fakeWorkers(kills: (frame: number, worker: number) => boolean) {
  const log: { worker: number; batch: number[] }[] = [];
  const terminated: number[] = [];
  let spawned = 0;
  const spawn = async (): Promise<WorkerAnalyzer> => {
    const id = spawned++;
    let die: (reason: Error) => void = () => {};
    const died = new Promise<never>((_, reject) => {
      die = reject;
    });
    died.catch(() => {});
    return {
      died,
      terminate: async () => {
        terminated.push(id);
      },
      analyzeFrames: async (indices) => {
        log.push({ worker: id, batch: indices });
        if (indices.some((f) => kills(f, id))) {
          die(new Error(`worker ${id} crashed`));
          return new Promise<never>(() => {});
        }
        return indices.map(ok);
      },
    };
  };
  return { spawn, log, terminated, spawned: () => spawned };
}

describe('RespawningAnalyzer', () => {
  it('passes batches through while the worker lives', async () => {
    const workers = fakeWorkers(() => false);
    const analyzer = new RespawningAnalyzer(await workers.spawn(), workers.spawn);
    expect((await analyzer.analyzeFrames([0, 1, 2], params)).map((r) => r.areaPx)).toEqual([0, 10, 20]);
    expect(workers.spawned()).toBe(1);
  });

  it('retries each frame of a dead batch once, alone, on a new worker', async () => {
    // Frame 2 kills only the first worker.
    const workers = fakeWorkers((frame, worker) => frame === 2 && worker === 0);
    const losses: WorkerLoss[] = [];
    const analyzer = new RespawningAnalyzer(await workers.spawn(), workers.spawn, (l) => losses.push(l));
    const results = await analyzer.analyzeFrames([1, 2, 3], params);
    expect(results.map((r) => r.quality)).toEqual(['ok', 'ok', 'ok']);
    expect(workers.log).toEqual([
      { worker: 0, batch: [1, 2, 3] },
      { worker: 1, batch: [1] },
      { worker: 1, batch: [2] },
      { worker: 1, batch: [3] },
    ]);
    expect(workers.terminated).toEqual([0]);
    expect(losses).toEqual([{ reason: 'worker 0 crashed', retried: [1, 2, 3], unreadable: [] }]);
  });

  it('marks a frame unreadable when it kills the new worker too, and goes on', async () => {
    const workers = fakeWorkers((frame) => frame === 2);
    const losses: WorkerLoss[] = [];
    const analyzer = new RespawningAnalyzer(await workers.spawn(), workers.spawn, (l) => losses.push(l));
    const results = await analyzer.analyzeFrames([1, 2, 3], params);
    expect(results.map((r) => [r.frame, r.quality])).toEqual([
      [1, 'ok'],
      [2, 'unreadable'],
      [3, 'ok'],
    ]);
    expect(results[1].areaPx).toBeNaN();
    // Frame 2 was tried twice in all: in its batch, then alone; frame 3 on a third worker.
    expect(workers.log.filter((l) => l.batch.includes(2))).toHaveLength(2);
    expect(workers.log.at(-1)).toEqual({ worker: 2, batch: [3] });
    expect(losses).toEqual([{ reason: 'worker 0 crashed', retried: [1, 2, 3], unreadable: [2] }]);
    expect(describeWorkerLoss(losses[0])).toBe(
      'an analysis worker stopped (worker 0 crashed); frames 1–3 retried on a new worker: frame 2 stopped it again and is marked unreadable',
    );
  });

  it('lets errors of a living worker through without retrying', async () => {
    const spawn = async (): Promise<WorkerAnalyzer> => ({
      died: new Promise<never>(() => {}),
      terminate: async () => {},
      analyzeFrames: async () => {
        throw new TypeError('bug');
      },
    });
    const analyzer = new RespawningAnalyzer(await spawn(), () => Promise.reject(new Error('no respawn')));
    await expect(analyzer.analyzeFrames([0], params)).rejects.toThrow('bug');
  });

  it('lets a run over several respawning analyzers finish when one worker dies', async () => {
    const workers = fakeWorkers((frame) => frame === 5);
    const analyzers = [
      new RespawningAnalyzer(await workers.spawn(), workers.spawn),
      new RespawningAnalyzer(await workers.spawn(), workers.spawn),
    ];
    const results = await runAnalysis({ frameCount: 12, params, analyzers, batchSize: 4 });
    expect(results.map((r) => r.frame)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(results.filter((r) => r.quality === 'unreadable').map((r) => r.frame)).toEqual([5]);
  });

  it('spawns no new worker once closed', async () => {
    const workers = fakeWorkers((frame) => frame === 0);
    const analyzer = new RespawningAnalyzer(await workers.spawn(), workers.spawn);
    await analyzer.close();
    await expect(analyzer.analyzeFrames([1], params)).rejects.toThrow('closed');
    expect(workers.spawned()).toBe(1);
    expect(workers.terminated).toEqual([0]);
  });
});

describe('workerLossNote (the run status in the browser)', () => {
  const loss = (unreadable: number[]): WorkerLoss => ({ reason: 'x', retried: [4, 5, 6, 7], unreadable });

  it('says nothing when no worker stopped', () => {
    expect(workerLossNote([])).toBe('');
  });

  it('counts the frames marked unreadable because a worker stopped', () => {
    expect(workerLossNote([loss([5])])).toBe(
      '; 1 marked unreadable because an analysis worker stopped on it',
    );
    expect(workerLossNote([loss([5]), loss([9, 10])])).toBe(
      '; 3 marked unreadable because 2 analysis workers stopped on them',
    );
    expect(workerLossNote([loss([])])).toBe(
      '; an analysis worker stopped and its frames were analysed again on a new one',
    );
  });
});
