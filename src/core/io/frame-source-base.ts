import { throwIfAborted } from './errors.ts';
import { withPlausibleScales } from './plausible-scales.ts';
import type { Frame, FrameSource, FrameSourceInfo } from './types.ts';

/** The readers' common check: frame `index` exists in a movie of `count` frames. */
export function assertFrameIndex(name: string, index: number, count: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`${name}: frame ${index} does not exist (0–${count - 1})`);
  }
}

/**
 * A class whose instances carry the `FrameSourceInfo` fields handed to its constructor. Typed
 * through the contract itself, so the fields are declared once (in types.ts), not again in
 * every reader. Implausible scales are dropped here, for every reader alike (`withPlausibleScales`).
 */
const WithInfo = class {
  constructor(info: FrameSourceInfo) {
    Object.assign(this, withPlausibleScales(info));
  }
} as new (
  info: FrameSourceInfo,
) => FrameSourceInfo;

/**
 * What every reader's `FrameSource` does the same way: refuse reads after `close`, check the
 * frame index, and honour the `AbortSignal` before and after the read (a read may be slow, and
 * its result is unwanted once cancelled). A format supplies only `readFrame` for a valid index
 * and, if it holds anything, `release`.
 */
export abstract class FrameSourceBase extends WithInfo implements FrameSource {
  #closed = false;

  /** True once `close` was called: a read queued before the close checks it before decoding. */
  protected get closed(): boolean {
    return this.#closed;
  }

  async getFrame(index: number, signal?: AbortSignal): Promise<Frame> {
    if (this.#closed) throw new Error(`${this.name} is closed`);
    assertFrameIndex(this.name, index, this.frameCount);
    throwIfAborted(signal, 'reading a frame');
    const frame = await this.readFrame(index, signal);
    throwIfAborted(signal, 'reading a frame');
    return frame;
  }

  /** Idempotent: the format's `release` runs once. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.release();
  }

  /** Reads frame `index`, already checked to exist, of a source that is open. */
  protected abstract readFrame(index: number, signal?: AbortSignal): Promise<Frame>;

  /** Frees what the source holds (caches, decoders, mounts). Nothing by default. */
  protected release(): void {}
}
