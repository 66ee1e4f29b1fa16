// A Node frame worker that stops its thread (`process.exit(1)`, as a crash or an out-of-memory
// kill would) when asked to analyse frame `dieOnFrame`: every time (`always`), or only the first
// time in the whole pool (`once`; the pool's threads share `crashes` to count).

import { parentPort, workerData } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { PathFrameService } from '../../src/cli/frame-worker-service.ts';
import type { FrameResult, MaskEdit, SegmentParams } from '../../src/core/analysis/types.ts';

interface CrashPlan {
  dieOnFrame: number;
  mode: 'once' | 'always';
  /** Int32Array[1] over shared memory: how many threads this plan has stopped. */
  crashes: SharedArrayBuffer;
}

const plan = workerData as CrashPlan;
const crashes = new Int32Array(plan.crashes);

class CrashingFrameService extends PathFrameService {
  override async analyzeFrames(
    indices: number[],
    params: SegmentParams,
    edits?: Record<number, MaskEdit>,
  ): Promise<FrameResult[]> {
    if (indices.includes(plan.dieOnFrame)) {
      const previous = Atomics.add(crashes, 0, 1);
      if (plan.mode === 'always' || previous === 0) process.exit(1);
    }
    return super.analyzeFrames(indices, params, edits);
  }
}

if (!parentPort) throw new Error('crashing-frame-worker.ts must run in a worker thread');
expose(new CrashingFrameService(), nodeEndpoint(parentPort));
