import type { Frame } from '../types.ts';

/**
 * A small least-recently-used cache of decoded video frames, bounded by count, shared by every
 * video decoder. Callers get copies: a worker transfers the frames it sends to the UI, which
 * would empty a cached buffer.
 */
export class FrameCache<F extends Frame = Frame> {
  private readonly frames = new Map<number, F>();

  constructor(readonly capacity: number) {}

  has(index: number): boolean {
    return this.frames.has(index);
  }

  /** A fresh copy of frame `index`, or undefined when it is not cached. */
  take(index: number): F | undefined {
    const frame = this.frames.get(index);
    if (!frame) return undefined;
    this.frames.delete(index);
    this.frames.set(index, frame); // most recently used goes last
    return { ...frame, data: frame.data.slice() as F['data'] };
  }

  put(index: number, frame: F): void {
    this.frames.delete(index);
    this.frames.set(index, frame);
    while (this.frames.size > this.capacity) {
      const oldest = this.frames.keys().next().value as number;
      this.frames.delete(oldest);
    }
  }

  clear(): void {
    this.frames.clear();
  }
}
