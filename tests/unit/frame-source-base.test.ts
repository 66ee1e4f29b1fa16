import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/core/io/errors.ts';
import { FrameSourceBase } from '../../src/core/io/frame-source-base.ts';
import type { Frame } from '../../src/core/io/types.ts';

/** A three-frame source whose frames hold their index; it records every read and release. */
class CountingSource extends FrameSourceBase {
  reads: number[] = [];
  releases = 0;
  /** When set, a read waits for it before returning (to abort in the middle of a read). */
  gate?: Promise<void>;

  constructor() {
    super({
      name: 'movie.tif',
      formatId: 'test',
      width: 2,
      height: 1,
      frameCount: 3,
      dtype: 'uint8',
      metadata: {},
      originalMetadata: {},
    });
  }

  protected async readFrame(index: number): Promise<Frame> {
    this.reads.push(index);
    await this.gate;
    return { width: 2, height: 1, data: Uint8Array.of(index, index) };
  }

  protected override release(): void {
    this.releases++;
  }
}

describe('FrameSourceBase', () => {
  it('carries the info it was given and reads a valid frame', async () => {
    const source = new CountingSource();
    expect([source.name, source.width, source.height, source.frameCount]).toEqual(['movie.tif', 2, 1, 3]);
    expect(source.calibration).toBeUndefined();
    expect(Array.from((await source.getFrame(2)).data)).toEqual([2, 2]);
    expect(source.reads).toEqual([2]);
  });

  it('rejects indices outside the movie with a RangeError naming the file and the frame', async () => {
    const source = new CountingSource();
    for (const index of [3, -1, 1.5, Number.NaN]) {
      const error = await source.getFrame(index).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RangeError);
      expect((error as Error).message).toBe(`movie.tif: frame ${index} does not exist (0–2)`);
    }
    expect(source.reads).toEqual([]);
  });

  it('refuses reads after close, and releases once however often it is closed', async () => {
    const source = new CountingSource();
    source.close();
    source.close();
    expect(source.releases).toBe(1);
    await expect(source.getFrame(0)).rejects.toThrow('movie.tif is closed');
    expect(source.reads).toEqual([]);
  });

  it('honours a signal aborted before the read, without reading', async () => {
    const source = new CountingSource();
    await expect(source.getFrame(0, AbortSignal.abort())).rejects.toBeInstanceOf(CancelledError);
    expect(source.reads).toEqual([]);
  });

  it('drops a frame whose read finished after the signal fired', async () => {
    const source = new CountingSource();
    let open = () => {};
    source.gate = new Promise((resolve) => {
      open = resolve;
    });
    const controller = new AbortController();
    const pending = source.getFrame(1, controller.signal);
    controller.abort();
    open();
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    expect(source.reads).toEqual([1]);
  });
});
