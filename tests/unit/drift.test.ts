/**
 * Drift by phase correlation: known-answer tests on shifted views of synthetic frames.
 *
 * A test scene is the transmission of a synthetic frame rendered at a very high dose (relative
 * shot noise 0.4 %), without the microscope's own effects. Views of it are cut at known offsets
 * (bilinear for sub-pixel shifts), then exposed the way a detector sees them: a static
 * illumination tilt and vignetting, fresh Poisson noise at the test dose, and static hot pixels.
 */
import { describe, expect, it } from 'vitest';
import { createDriftReference, type DriftReference, estimateDrift } from '../../src/core/analysis/drift.ts';
import type { Frame, PixelArray } from '../../src/core/io/types.ts';
import {
  createPresetMovie,
  createRng,
  createSyntheticMovie,
  fillPoisson,
  type SyntheticMovieOptions,
} from '../../src/core/synth/index.ts';

const HIGH_DOSE = 50_000;
/** Border of the scene around every view, in px: room for shifts up to ±MARGIN. */
const MARGIN = 64;

interface Scene {
  transmission: Float32Array;
  width: number;
  height: number;
}

/** Transmission (≈ counts / dose) of frame `index`, nearly noiseless, with a MARGIN all round. */
function scene(
  viewWidth: number,
  viewHeight: number,
  options: Partial<SyntheticMovieOptions>,
  index = 0,
): Scene {
  const width = viewWidth + 2 * MARGIN;
  const height = viewHeight + 2 * MARGIN;
  const movie = createSyntheticMovie({
    frameCount: 10,
    ...options,
    width,
    height,
    dose: HIGH_DOSE,
    illuminationTilt: 0,
  });
  const counts = movie.renderFrame(index).data;
  return { transmission: Float32Array.from(counts, (c) => c / HIGH_DOSE), width, height };
}

/** The view whose content is the scene's moved by (dx, dy): right/down for positive values. */
function view(s: Scene, width: number, height: number, dx: number, dy: number): Float32Array {
  const out = new Float32Array(width * height);
  const at = (x: number, y: number) => s.transmission[y * s.width + x];
  for (let y = 0; y < height; y++) {
    const sy = MARGIN + y - dy;
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = MARGIN + x - dx;
      const x0 = Math.floor(sx);
      const fx = sx - x0;
      out[y * width + x] =
        (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) +
        fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
    }
  }
  return out;
}

/**
 * Detector counts of a view: static illumination (±10 % tilt, corners 40 % darker), beam
 * `brightness`, Poisson noise at `dose`, and 0.08 % static hot pixels (half 8–30 × dose, half
 * saturated), the same pixels in every frame of a size.
 */
function expose(
  t: Float32Array,
  width: number,
  height: number,
  dose: number,
  seed: number,
  brightness = 1,
): Frame {
  const means = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = (x + 0.5) / width - 0.5;
      const v = (y + 0.5) / height - 0.5;
      const illumination = (1 + 0.2 * u - 0.12 * v) * (1 - 0.8 * (u * u + v * v));
      means[y * width + x] = dose * brightness * illumination * t[y * width + x];
    }
  }
  const data = new Uint16Array(width * height);
  fillPoisson(means, data, seed);
  const rng = createRng(777);
  const hot = Math.round(width * height * 0.0008);
  for (let i = 0; i < hot; i++) {
    const k = Math.floor(rng.next() * width * height);
    data[k] = i % 2 ? 65535 : Math.round(rng.uniform(8, 30) * dose);
  }
  return { width, height, data };
}

/** Element-wise identity (NaN equals NaN); much faster than toEqual on megapixel arrays. */
function sameValues(a: PixelArray, b: PixelArray): boolean {
  return a.length === b.length && a.every((v, k) => Object.is(v, b[k]));
}

function expectNear(e: { x: number; y: number }, dx: number, dy: number, tolerancePx: number) {
  expect(Math.abs(e.x - dx), `x: ${e.x.toFixed(3)} for ${dx}`).toBeLessThanOrEqual(tolerancePx);
  expect(Math.abs(e.y - dy), `y: ${e.y.toFixed(3)} for ${dy}`).toBeLessThanOrEqual(tolerancePx);
}

/** Integer and sub-pixel shifts up to ±40 px, in every quadrant (negative ones wrap around). */
const SHIFTS: [number, number][] = [
  [17, -9],
  [-40, 40],
  [40, -40],
  [-40, -40],
  [3.4, -7.7],
  [-23.3, 11.6],
  [0.5, -0.25],
  [39.75, 38.6],
];

describe('drift of a 512² frame', () => {
  const size = 512;
  const s = scene(size, size, { seed: 3 });
  const references = new Map<number, DriftReference>();
  const referenceAt = (dose: number) => {
    let ref = references.get(dose);
    if (!ref) {
      ref = createDriftReference(expose(view(s, size, size, 0, 0), size, size, dose, 1));
      references.set(dose, ref);
    }
    return ref;
  };
  const shifted = (dx: number, dy: number, dose: number, seed: number, brightness = 1) =>
    expose(view(s, size, size, dx, dy), size, size, dose, seed, brightness);

  it.each(SHIFTS)('finds a shift of (%d, %d) px within 0.5 px at 25 counts/px', (dx, dy) => {
    const e = estimateDrift(referenceAt(25), shifted(dx, dy, 25, 100 + dx));
    expectNear(e, dx, dy, 0.5);
    expect(e.confidence).toBeGreaterThan(20);
  });

  it.each(SHIFTS)('finds a shift of (%d, %d) px within 1 px at 4 counts/px', (dx, dy) => {
    const e = estimateDrift(referenceAt(4), shifted(dx, dy, 4, 200 + dx));
    expectNear(e, dx, dy, 1);
    expect(e.confidence).toBeGreaterThan(15);
  });

  it('reports content that moved right and down as positive, left and up as negative', () => {
    const right = estimateDrift(referenceAt(25), shifted(12, 5, 25, 7));
    const left = estimateDrift(referenceAt(25), shifted(-12, -5, 25, 8));
    expect(right.x).toBeGreaterThan(11);
    expect(right.y).toBeGreaterThan(4);
    expect(left.x).toBeLessThan(-11);
    expect(left.y).toBeLessThan(-4);
  });

  it('gives zero for the reference frame itself and for another exposure of the same view', () => {
    const frame = expose(view(s, size, size, 0, 0), size, size, 25, 1);
    const self = estimateDrift(createDriftReference(frame), frame);
    expectNear(self, 0, 0, 0.01);
    // Only the noise differs: the static hot pixels and illumination must not make this easier.
    expectNear(estimateDrift(referenceAt(25), shifted(0, 0, 25, 99)), 0, 0, 0.3);
    expectNear(estimateDrift(referenceAt(4), shifted(0, 0, 4, 99)), 0, 0, 0.6);
  });

  it('is not pulled toward zero by the static hot pixels and illumination on a small shift', () => {
    // A static pattern would show as an estimate shrunk toward (0, 0).
    for (const [dx, dy] of [
      [1.5, -1],
      [-2.25, 0.75],
    ]) {
      expectNear(estimateDrift(referenceAt(4), shifted(dx, dy, 4, 300 + dx)), dx, dy, 0.6);
    }
  });

  it('follows a flicker frame at 0.6× brightness', () => {
    expectNear(estimateDrift(referenceAt(25), shifted(-14.6, 22.3, 25, 11, 0.6)), -14.6, 22.3, 0.5);
    expectNear(estimateDrift(referenceAt(4), shifted(-14.6, 22.3, 4, 12, 0.6)), -14.6, 22.3, 1);
  });

  it('scores a match far above an unrelated frame', () => {
    const other = scene(size, size, { seed: 51 });
    const unrelated = estimateDrift(
      referenceAt(25),
      expose(view(other, size, size, 0, 0), size, size, 25, 5),
    );
    const match = estimateDrift(referenceAt(25), shifted(9, 9, 25, 5));
    expect(unrelated.confidence).toBeLessThan(12);
    expect(match.confidence).toBeGreaterThan(3 * unrelated.confidence);
  });

  it('accepts any dtype and modifies neither the reference frame nor the frame', () => {
    const frame = shifted(6.3, -4.1, 25, 21);
    const refFrame = expose(view(s, size, size, 0, 0), size, size, 25, 1);
    const frameCopy = frame.data.slice();
    const refCopy = refFrame.data.slice();
    const ref = createDriftReference(refFrame);
    const want = estimateDrift(ref, frame);
    expect(sameValues(refFrame.data, refCopy)).toBe(true);
    expect(sameValues(frame.data, frameCopy)).toBe(true);
    expectNear(want, 6.3, -4.1, 0.5);
    const as = (data: PixelArray): Frame => ({ width: size, height: size, data });
    const u8 = Uint8Array.from(frame.data, (v) => Math.min(v, 255));
    const variants: PixelArray[] = [
      Float32Array.from(frame.data),
      Float64Array.from(frame.data),
      Int32Array.from(frame.data),
      Int16Array.from(frame.data, (v) => Math.min(v, 32767)),
      u8,
    ];
    for (const data of variants) {
      const copy = data.slice();
      const e = estimateDrift(ref, as(data));
      expect(sameValues(data, copy)).toBe(true);
      expectNear(e, want.x, want.y, 0.05);
    }
    // Non-finite values count as outliers too.
    const withNaN = Float32Array.from(frame.data);
    for (let k = 0; k < withNaN.length; k += 997) withNaN[k] = k % 2 ? Number.NaN : Number.POSITIVE_INFINITY;
    const nanCopy = withNaN.slice();
    expectNear(estimateDrift(ref, as(withNaN)), want.x, want.y, 0.05);
    expect(sameValues(withNaN, nanCopy)).toBe(true);
  });

  it('works at a smaller working size', () => {
    const ref = createDriftReference(expose(view(s, size, size, 0, 0), size, size, 25, 1), {
      workingSizePx: 128,
    });
    expect(ref.binFactor).toBe(4);
    expectNear(estimateDrift(ref, shifted(-21.5, 13.2, 25, 31)), -21.5, 13.2, 1);
  });

  it('rejects a frame of another size and a working size that is not a power of two', () => {
    const frame = expose(view(s, 256, 256, 0, 0), 256, 256, 25, 1);
    expect(() => estimateDrift(referenceAt(25), frame)).toThrow(/256 × 256 px but the drift reference/);
    expect(() => createDriftReference(frame, { workingSizePx: 200 })).toThrow(RangeError);
    expect(() => createDriftReference({ width: 4, height: 4, data: new Uint8Array(16) })).toThrow(RangeError);
  });
});

describe('drift of other frame sizes', () => {
  it('measures a 2048² frame at the working size of a 512² one, and finer at a larger one', () => {
    const size = 2048;
    const s = scene(size, size, { seed: 3 });
    const refFrame = expose(view(s, size, size, 0, 0), size, size, 25, 1);
    const coarse = createDriftReference(refFrame);
    const fine = createDriftReference(refFrame, { workingSizePx: 512 });
    expect([coarse.workingSizePx, coarse.binFactor]).toEqual([256, 8]);
    expect([fine.workingSizePx, fine.binFactor]).toEqual([512, 4]);
    for (const [dx, dy] of [
      [-37.5, 22.25],
      [13, -29],
      [3.4, -7.7],
    ] as const) {
      const frame = expose(view(s, size, size, dx, dy), size, size, 25, 5 + dx);
      // 1 px is 1/8 of a working pixel here: the same precision in nanometres as 0.25 px at 512².
      expectNear(estimateDrift(coarse, frame), dx, dy, 1);
      expectNear(estimateDrift(fine, frame), dx, dy, 0.5);
    }
  }, 30_000);

  it('measures a non-square frame (binned to fit, padded to the square)', () => {
    const [w, h] = [672, 432];
    const s = scene(w, h, { seed: 4 });
    const ref = createDriftReference(expose(view(s, w, h, 0, 0), w, h, 25, 1));
    expect(ref.binFactor).toBe(3);
    for (const [dx, dy] of [
      [-31.5, 12.25],
      [23, -29],
      [3.4, -7.7],
    ] as const) {
      expectNear(estimateDrift(ref, expose(view(s, w, h, dx, dy), w, h, 25, 5 + dx)), dx, dy, 0.5);
    }
  });
});

describe('drift of a swelling cluster', () => {
  it('follows the sample while the cluster swells by 30 % in radius', () => {
    // The carbon film texture (4 % RMS, as in the 'operando' preset) drifts with the sample but
    // does not swell: it is what defines the drift. On a featureless background a shift and a
    // move of the swelling centre can't be told apart (see drift.ts).
    const options = { seed: 5, frameCount: 240, radiusGrowth: 0.3, filmTexture: 0.04 };
    const movie = createSyntheticMovie({ ...options, width: 640, height: 640 });
    let swollen = 0;
    for (let i = 0; i < movie.frameCount; i++)
      if (movie.lithiation(i) > movie.lithiation(swollen)) swollen = i;
    expect(movie.lithiation(0)).toBe(0);
    expect(movie.lithiation(swollen)).toBeGreaterThan(0.99);
    expect(movie.truthAreaPx(swollen) / movie.truthAreaPx(0)).toBeGreaterThan(1.6);
    const size = 512;
    const before = scene(size, size, options, 0);
    const after = scene(size, size, options, swollen);
    const ref = createDriftReference(expose(view(before, size, size, 0, 0), size, size, 25, 1));
    for (const [dx, dy] of [
      [0, 0],
      [17, -9],
      [-26.5, 31.25],
    ] as const) {
      const e = estimateDrift(ref, expose(view(after, size, size, dx, dy), size, size, 25, 40 + dx));
      expectNear(e, dx, dy, 1.5);
    }
  });

  it("tracks the 'operando' preset's own drift (needle, fringes, hot pixels, swelling) within 1.5 px", () => {
    const movie = createPresetMovie('operando', { seed: 1, frameCount: 120 });
    const frame = (i: number): Frame => ({
      width: movie.width,
      height: movie.height,
      data: movie.renderFrame(i).data,
    });
    const ref = createDriftReference(frame(0));
    let moved = 0;
    for (let i = 12; i < movie.frameCount; i += 12) {
      const truth = movie.driftPx(i);
      moved = Math.max(moved, Math.hypot(truth.x, truth.y));
      expectNear(estimateDrift(ref, frame(i)), truth.x, truth.y, 1.5);
    }
    expect(moved).toBeGreaterThan(20);
  });
});
