/**
 * Drift at a few counts per pixel: the reference is a template of several frames (see
 * `drift-template.ts`), so the reference frame's own noise no longer shifts every frame's drift.
 */
import { describe, expect, it } from 'vitest';
import { createMaskedDriftReference, estimateMaskedDrift } from '../../src/core/analysis/drift-masked.ts';
import { buildDriftTemplate } from '../../src/core/analysis/drift-template.ts';
import { DriftTracker, MIN_DRIFT_CONFIDENCE } from '../../src/core/analysis/drift-tracker.ts';
import { resolveParams } from '../../src/core/analysis/params.ts';
import { fitDriftSeries } from '../../src/core/analysis/quality.ts';
import { defaultSegmentParams } from '../../src/core/analysis/segment.ts';
import { type WorkingFrame, workingFrameFor } from '../../src/core/analysis/working-frame.ts';
import { CancelledError } from '../../src/core/io/errors.ts';
import { FrameService } from '../../src/core/run/frame-service.ts';
import { createPresetMovie, syntheticFrameSource } from '../../src/core/synth/index.ts';
import { createRng } from '../../src/core/synth/rng.ts';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1];
}

const SIDE = 128;

/** A smooth random texture (sum of Gaussian blobs) moved by (dx, dy) px, exactly, plus white noise σ. */
function texture(dx: number, dy: number, noise: number, seed: number): WorkingFrame {
  const blobs = createRng(7);
  const centres = Array.from({ length: 300 }, () => ({
    x: blobs.next() * SIDE,
    y: blobs.next() * SIDE,
    a: blobs.next() - 0.5,
  }));
  const rng = createRng(seed);
  const data = new Float32Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      let v = 10;
      for (const c of centres) v += c.a * Math.exp(-((x - dx - c.x) ** 2 + (y - dy - c.y) ** 2) / 8);
      data[y * SIDE + x] = v + noise * rng.normal();
    }
  }
  return { data, width: SIDE, height: SIDE, bin: 1, rawNoise: noise, hotPixels: 0 };
}

/** Drift against a reference image with nothing left out (the tracker's masks are tested elsewhere). */
function matchPlain(reference: WorkingFrame, frame: WorkingFrame) {
  const none = new Uint8Array(SIDE * SIDE);
  const e = estimateMaskedDrift(createMaskedDriftReference(reference, none, SIDE), frame, none);
  return { ...e, certain: e.confidence >= MIN_DRIFT_CONFIDENCE };
}

describe('drift template', () => {
  it('recovers known sub-pixel shifts of noisy frames and anchors them to the reference frame', () => {
    const truth = (i: number) => ({ x: 0.37 * i, y: -0.21 * i + 0.02 * i * i });
    const frames = Array.from({ length: 12 }, (_, i) => ({
      index: 10 + i,
      working: texture(truth(i).x, truth(i).y, 0.1, i + 1),
    }));
    // Reference frame 13 (the 4th): every drift is against it, and its own is 0.
    const built = buildDriftTemplate(frames, 13, matchPlain);
    expect(built).not.toBeNull();
    for (const { index } of frames) {
      const d = built?.drift.get(index);
      const t = { x: truth(index - 10).x - truth(3).x, y: truth(index - 10).y - truth(3).y };
      expect(d?.certain, `frame ${index}`).toBe(true);
      // The correlation peak's sub-pixel fit alone is off by up to 0.2 px on this texture.
      expect(Math.hypot((d?.x ?? 99) - t.x, (d?.y ?? 99) - t.y), `frame ${index}`).toBeLessThan(0.3);
    }
    // The template is the mean: its noise is well below one frame's.
    const clean = texture(truth(3).x - (built?.anchor.x ?? 0), truth(3).y - (built?.anchor.y ?? 0), 0, 1);
    const rms = (a: Float32Array, b: Float32Array) => {
      let sum = 0;
      // Away from the edges, which the shifts hold rather than move.
      for (let y = 8; y < SIDE - 8; y++)
        for (let x = 8; x < SIDE - 8; x++) sum += (a[y * SIDE + x] - b[y * SIDE + x]) ** 2;
      return Math.sqrt(sum / (SIDE - 16) ** 2);
    };
    expect(rms(built?.template.data ?? clean.data, clean.data)).toBeLessThan(0.1 / 2);
  });
});

describe('drift tracking at low dose', () => {
  it("follows the generator's low-dose preset (4 counts/px) within half a pixel or so, and says it is sure", async () => {
    // 40 frames of 512²: with the reference frame alone, median 1.66 px, worst 3.07 px, and the
    // stated σ over 1 px on every frame; with the template 0.62 / 0.95 px, σ 0.66 px.
    const frameCount = 40;
    const movie = createPresetMovie('low-dose', { seed: 4, frameCount });
    const service = FrameService.fromSource(syntheticFrameSource(movie));
    const frames = Array.from({ length: frameCount }, (_, i) => i);
    const results = fitDriftSeries(await service.analyzeFrames(frames, defaultSegmentParams), 0);
    const errors = results.map((r) => {
      const truth = movie.driftPx(r.frame);
      return Math.hypot((r.driftXPx ?? 99) - truth.x, (r.driftYPx ?? 99) - truth.y);
    });
    expect(median(errors)).toBeLessThan(0.8);
    expect(Math.max(...errors)).toBeLessThan(1.5);
    expect(results.filter((r) => r.quality === 'drift-uncertain').map((r) => r.frame)).toEqual([]);
    // The movie really drifts, by more than the errors allowed.
    expect(
      Math.max(...frames.map((i) => Math.hypot(movie.driftPx(i).x, movie.driftPx(i).y))),
    ).toBeGreaterThan(3);
  }, 60_000);
});

describe('drift template and cancellation', () => {
  it('stops building the template when the run is cancelled, and builds it afresh next time', async () => {
    const movie = createPresetMovie('low-dose', { seed: 4, frameCount: 30, width: 256, height: 256 });
    const controller = new AbortController();
    const reads: number[] = [];
    const tracker = new DriftTracker(
      async (i) => {
        reads.push(i);
        // Cancelled once the template's last frame is read, i.e. while it is being built.
        if (i === 23) controller.abort();
        return { width: movie.width, height: movie.height, data: movie.renderFrame(i).data };
      },
      () => false,
    );
    const params = resolveParams();
    const frame = (i: number) =>
      workingFrameFor({ width: movie.width, height: movie.height, data: movie.renderFrame(i).data }, params);
    await expect(tracker.measure(frame(28), 28, params, 30, controller.signal)).rejects.toBeInstanceOf(
      CancelledError,
    );
    expect(reads).toContain(23);
    const again = await tracker.measure(frame(28), 28, params, 30);
    expect(again?.certain).toBe(true);
  }, 60_000);
});
