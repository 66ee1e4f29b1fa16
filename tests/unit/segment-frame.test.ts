/** segmentFrame's contract: purity, any dtype, empty frames, calibration, flags, result size. */
import { describe, expect, it } from 'vitest';
import {
  defaultSegmentParams,
  edgeSegmentParams,
  segmentFrame,
  segmentMask,
} from '../../src/core/analysis/index.ts';
import type { Frame, PixelArray } from '../../src/core/io/types.ts';
import { createRng, createSyntheticMovie } from '../../src/core/synth/index.ts';

const movie = createSyntheticMovie({ width: 256, height: 256, frameCount: 40, seed: 21, dose: 200 });
const rendered = movie.renderFrame(20);
const frame: Frame = { width: 256, height: 256, data: rendered.data };
const context = { frameIndex: 20 };

/**
 * A bright 200-count frame with a dark disc of radius r at (cx, cy), Poisson noise. Hard discs
 * are flat plates (80 counts inside); soft ones are spheres, 200·exp(-0.025·thickness), like the
 * generator's particles.
 */
function discFrame(
  width: number,
  height: number,
  cx: number,
  cy: number,
  r: number,
  seed = 1,
  soft = false,
): Frame {
  const rng = createRng(seed);
  const data = new Uint16Array(width * height);
  for (let i = 0; i < data.length; i++) {
    const x = (i % width) + 0.5;
    const y = Math.floor(i / width) + 0.5;
    const rem = r * r - (x - cx) ** 2 - (y - cy) ** 2;
    const inside = soft ? 200 * Math.exp(-0.025 * 2 * Math.sqrt(rem)) : 80;
    data[i] = rng.poisson(rem > 0 ? inside : 200);
  }
  return { width, height, data };
}

describe('segmentFrame', () => {
  it('does not modify the input frame', () => {
    const before = rendered.data.slice();
    segmentFrame(frame, defaultSegmentParams, context);
    segmentMask(frame, { ...defaultSegmentParams, smoothSigmaPx: 0 }, context);
    expect(frame.data).toEqual(before);
  });

  it('gives the same area for uint8, uint16, int16, float32 and float64 versions of a frame', () => {
    const base = segmentFrame(frame, defaultSegmentParams, context).areaPx;
    let max = 0;
    for (const v of rendered.data) max = Math.max(max, v);
    // Transmission needs the value of zero electrons: frames stored with an offset say so.
    const variants: [PixelArray, number][] = [
      [Uint8Array.from(rendered.data, (v) => Math.round((v / max) * 255)), 0],
      [Int16Array.from(rendered.data, (v) => v - 150), -150],
      [Float32Array.from(rendered.data, (v) => v * 0.0123 + 7), 7],
      [Float64Array.from(rendered.data, (v) => v * 1e-9), 0],
    ];
    for (const [data, darkLevel] of variants) {
      const params = { ...defaultSegmentParams, darkLevel };
      const area = segmentFrame({ width: 256, height: 256, data }, params, context).areaPx;
      expect(Math.abs(area / base - 1)).toBeLessThanOrEqual(0.01);
    }
  });

  it('falls back to the histogram split when the frame has no positive background', () => {
    // Processed data centred on zero: transmission is undefined, v1 still finds the cluster.
    const base = segmentFrame(frame, defaultSegmentParams, context).areaPx;
    for (const offset of [200, 195]) {
      const centred = Float32Array.from(rendered.data, (v) => v - offset);
      const r = segmentFrame({ width: 256, height: 256, data: centred }, defaultSegmentParams, context);
      expect(r.quality).not.toBe('empty');
      expect(Math.abs(r.areaPx / base - 1), `offset ${offset}`).toBeLessThan(0.1);
    }
  });

  it('finds a bright object on a dark background when darkObject is false', () => {
    // Mirrored around the background (≈200 counts): the cluster is as much brighter as it was darker.
    const inverted = Float32Array.from(rendered.data, (v) => 400 - v);
    const dark = segmentFrame(frame, defaultSegmentParams, context).areaPx;
    const bright = segmentFrame(
      { width: 256, height: 256, data: inverted },
      { ...defaultSegmentParams, darkObject: false },
      context,
    ).areaPx;
    expect(Math.abs(bright / dark - 1)).toBeLessThan(0.01);
  });

  it("reports a flat frame as 'empty' with area 0", () => {
    const flat = { width: 64, height: 64, data: new Uint16Array(64 * 64).fill(200) };
    const r = segmentFrame(flat, defaultSegmentParams, { frameIndex: 3 });
    expect(r).toMatchObject({ frame: 3, areaPx: 0, outline: [], quality: 'empty' });
    const v1 = segmentFrame(flat, edgeSegmentParams, { frameIndex: 3 });
    expect(v1).toMatchObject({ areaPx: 0, quality: 'empty' });
    expect(v1.threshold).toBeUndefined();
  });

  it("reports pure noise as 'empty' instead of segmenting a noise blob", () => {
    const rng = createRng(4);
    const data = Uint16Array.from({ length: 128 * 128 }, () => rng.poisson(200));
    const r = segmentFrame({ width: 128, height: 128, data }, defaultSegmentParams, context);
    expect(r.quality).toBe('empty');
    expect(r.areaPx).toBe(0);
  });

  it('drops objects smaller than minAreaPx', () => {
    const tiny = discFrame(64, 64, 32, 32, 3);
    expect(segmentFrame(tiny, { ...defaultSegmentParams, minAreaPx: 5 }, context).areaPx).toBeGreaterThan(15);
    expect(segmentFrame(tiny, { ...defaultSegmentParams, minAreaPx: 100 }, context).quality).toBe('empty');
  });

  it('measures a sphere and its centroid, and converts the area to nm² with the calibration', () => {
    const disc = discFrame(128, 128, 60.5, 70.25, 20, 1, true);
    const cal = { pixelSizeX: 0.5, pixelSizeY: 0.5, unit: 'nm', pixelSizeNm: 0.5 };
    const r = segmentFrame(disc, defaultSegmentParams, { frameIndex: 0, calibration: cal });
    expect(Math.abs(r.areaPx / (Math.PI * 400) - 1)).toBeLessThan(0.03);
    expect(r.centroidX).toBeCloseTo(60.5, 0);
    expect(r.centroidY).toBeCloseTo(70.25, 0);
    expect(r.areaNm2).toBeCloseTo(r.areaPx * 0.25, 9);
    const rect = { ...cal, pixelSizeY: 2, pixelSizeYNm: 2 };
    expect(
      segmentFrame(disc, defaultSegmentParams, { frameIndex: 0, calibration: rect }).areaNm2,
    ).toBeCloseTo(r.areaPx, 9);
    const angular = { pixelSizeX: 0.1, pixelSizeY: 0.1, unit: '1/nm' };
    // Flat plates have a hard edge: the default step, tuned for soft sphere rims, overshoots by
    // about 0.8 σ of the smoothing; a step of half the plate's contrast (0.6) is unbiased.
    const plate = discFrame(128, 128, 60.5, 70.25, 20);
    const half = segmentFrame(plate, { ...defaultSegmentParams, contrastStep: 0.3 }, context);
    expect(Math.abs(half.areaPx / (Math.PI * 400) - 1)).toBeLessThan(0.03);
    expect(
      segmentFrame(disc, defaultSegmentParams, { frameIndex: 0, calibration: angular }).areaNm2,
    ).toBeUndefined();
  });

  it("flags a cluster that touches the frame edge as 'touches-border'", () => {
    const r = segmentFrame(discFrame(96, 96, 10, 50, 18), defaultSegmentParams, context);
    expect(r.quality).toBe('touches-border');
    expect(r.areaPx).toBeGreaterThan(500);
    expect(segmentFrame(discFrame(96, 96, 48, 48, 18), defaultSegmentParams, context).quality).toBe('ok');
  });

  it('fills noise pin-holes when asked, but leaves real gaps open', () => {
    const pinholed = discFrame(96, 96, 48, 48, 25, 2);
    const pin = Uint16Array.from(pinholed.data);
    for (const [x, y] of [
      [40, 45],
      [52, 50],
      [47, 58],
    ])
      pin[y * 96 + x] = 200;
    const withPins = { width: 96, height: 96, data: pin };
    // No smoothing and no hot-pixel repair, so each pin-hole stays one pixel.
    const smooth = { ...defaultSegmentParams, smoothSigmaPx: 0, autoSmooth: false, hotPixelSigma: 0 };
    const filledPins = segmentFrame(withPins, smooth, context).areaPx;
    const openPins = segmentFrame(withPins, { ...smooth, fillHoles: false }, context).areaPx;
    expect(filledPins - openPins).toBe(3);
  });

  it('v1 fills holes only when asked', () => {
    const ring = discFrame(96, 96, 48, 48, 25, 2);
    const data = Uint16Array.from(ring.data);
    const rng = createRng(9);
    for (let i = 0; i < data.length; i++) {
      const x = (i % 96) + 0.5 - 48;
      const y = Math.floor(i / 96) + 0.5 - 48;
      if (x * x + y * y < 100) data[i] = rng.poisson(200);
    }
    const holed = { width: 96, height: 96, data };
    const filled = segmentFrame(holed, edgeSegmentParams, context).areaPx;
    const open = segmentFrame(holed, { ...edgeSegmentParams, fillHoles: false }, context).areaPx;
    expect(filled - open).toBeGreaterThan(0.8 * Math.PI * 100);
  });

  it('honours a manual threshold as a fraction of the smoothed range', () => {
    const disc = discFrame(96, 96, 48, 48, 20);
    const manual = { ...defaultSegmentParams, thresholdMethod: 'manual' as const, threshold: 0.5 };
    const r = segmentFrame(disc, manual, context);
    expect(r.threshold).toBeGreaterThan(100);
    expect(r.threshold).toBeLessThan(180);
    expect(Math.abs(r.areaPx / (Math.PI * 400) - 1)).toBeLessThan(0.06);
  });

  it('returns a small, JSON-serialisable result whose mask matches its area', () => {
    const { result, mask } = segmentMask(frame, defaultSegmentParams, context);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    expect(JSON.stringify(result).length).toBeLessThan(4000);
    expect(mask.reduce((s, v) => s + v, 0)).toBe(result.areaPx);
    expect(segmentFrame(frame, defaultSegmentParams, context)).toEqual(result);
  });

  it('keeps the outline within the point budget on a 1024² frame', () => {
    const big = createSyntheticMovie({
      width: 1024,
      height: 1024,
      frameCount: 10,
      seed: 3,
      particleCount: 25,
    });
    const f = big.renderFrame(9);
    const r = segmentFrame({ width: 1024, height: 1024, data: f.data }, defaultSegmentParams, context);
    expect(r.outline.length / 2).toBeLessThanOrEqual(200);
    expect(Math.abs(r.areaPx / f.truthAreaPx - 1)).toBeLessThan(0.03);
    const tight = segmentFrame(
      { width: 1024, height: 1024, data: f.data },
      { ...defaultSegmentParams, maxOutlinePoints: 40 },
      context,
    );
    expect(tight.outline.length / 2).toBeLessThanOrEqual(40);
  });

  it('rejects a frame whose data does not match its size', () => {
    expect(() =>
      segmentFrame({ width: 10, height: 10, data: new Uint8Array(99) }, defaultSegmentParams, context),
    ).toThrow(/frame 20/);
  });
});
