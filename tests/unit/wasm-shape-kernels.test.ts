/**
 * The segmentation's shape kernels in WebAssembly (wasm/shape-kernels.ts: background fit, chamfer
 * distances, edge profiles, medians) must give what their JS twins give, to the bit.
 */
import { describe, expect, it } from 'vitest';
import { fitBackground, transmissionNoiseSigma } from '../../src/core/analysis/background.ts';
import { chamferBands, chamferDistance } from '../../src/core/analysis/chamfer.ts';
import { cropAround, darkerInside } from '../../src/core/analysis/edge-crop.ts';
import { sampleEdgeProfile, smoothOutline } from '../../src/core/analysis/edge-profile.ts';
import { estimateNoiseSigma, selectKth } from '../../src/core/analysis/noise.ts';
import { maskToRuns } from '../../src/core/analysis/runs.ts';
import { kernelModule, setWasmKernelsEnabled, whileHolding } from '../../src/core/analysis/wasm/kernels.ts';
import { createRng } from '../../src/core/synth/index.ts';
import { edgeInputOn } from '../helpers/edge-input.ts';
import { poissonFrameWithDisc as frame } from '../helpers/wasm-frame.ts';

describe('shape kernels (WebAssembly)', () => {
  // Dark and bright objects, a flat frame (the fit stops at once), too few blocks to fit, NaN blocks.
  it.each([
    ['a dark cluster', 256, 200, true],
    ['bright objects', 256, 200, false],
    ['a flat frame', 96, 96, true],
    ['too few blocks', 40, 30, true],
    ['NaN blocks', 128, 128, true],
  ] as const)('fits the background of %s to the very bits of its JS twin', (_, width, height, dark) => {
    const data = frame(width, height);
    if (_ === 'a flat frame') data.fill(37);
    if (_ === 'NaN blocks') data.fill(Number.NaN, 0, 20 * width);
    if (!dark) for (let i = 0; i < data.length; i++) data[i] = 80 - data[i];
    const fast = fitBackground(data, width, height, undefined, dark);
    setWasmKernelsEnabled(false);
    try {
      const twin = fitBackground(data, width, height, undefined, dark);
      const differing = fast.coefficients.findIndex((v, i) => !Object.is(v, twin.coefficients[i]));
      expect(differing, 'first differing coefficient').toBe(-1);
      expect(Object.is(fast.level, twin.level)).toBe(true);
    } finally {
      setWasmKernelsEnabled(true);
    }
  });

  // Widths and heights that are and are not multiples of the sample step; a NaN pixel; a surface
  // that falls to 0 and below over part of the frame (those pairs are skipped).
  it.each([
    ['a dark cluster', 512, 512],
    ['odd sizes', 301, 177],
    ['a surface below 0 in places', 256, 200],
  ] as const)(
    'measures the transmission noise of %s to the very bits of its JS twin',
    (kind, width, height) => {
      const data = frame(width, height);
      data[3 * width + 8] = Number.NaN;
      const background = fitBackground(data, width, height, undefined, true);
      if (kind === 'a surface below 0 in places') background.coefficients[1] = 3 * background.coefficients[0];
      const fast = transmissionNoiseSigma(data, background, 0.9);
      setWasmKernelsEnabled(false);
      try {
        expect(fast).toBeGreaterThan(0);
        expect(Object.is(fast, transmissionNoiseSigma(data, background, 0.9))).toBe(true);
      } finally {
        setWasmKernelsEnabled(true);
      }
    },
  );

  it.each([
    [512, 512, Number.NEGATIVE_INFINITY],
    [301, 177, Number.NEGATIVE_INFINITY],
    [301, 177, 30],
  ])(
    'estimates the raw noise of %i × %i (pairs from %f) to the very bits of its JS twin',
    (width, height, from) => {
      const data = frame(width, height);
      data[3 * width + 8] = Number.NaN;
      const fast = estimateNoiseSigma(data, width, height, from);
      setWasmKernelsEnabled(false);
      try {
        expect(fast).toBeGreaterThan(0);
        expect(Object.is(fast, estimateNoiseSigma(data, width, height, from))).toBe(true);
      } finally {
        setWasmKernelsEnabled(true);
      }
    },
  );

  // A disc whose rim fades to the film, values on the level itself, and a deep interior that
  // stays whatever it reads; the disc near the image's corner (the crop cut by the border) or not.
  it.each([
    [150, 75, 70],
    [150, 30, 28],
  ])('keeps the rim pixels darker than a level (%i², disc at %i) as its JS twin does', (size, cx, cy) => {
    const rng = createRng(size + cx);
    const image = new Float32Array(size * size);
    const mask = new Uint8Array(size * size);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const r = Math.hypot(x - cx, y - cy);
        image[y * size + x] = Math.fround(
          Math.min(1, 0.4 + 0.6 * Math.max(0, (r - 14) / 12)) + (rng.next() - 0.5) * 0.1,
        );
        if (r < 24) mask[y * size + x] = 1;
      }
    }
    const level = Math.fround(0.8);
    for (let x = 0; x < 30; x++) image[cy * size + cx - 24 + x] = level;
    const input = edgeInputOn(image, size, 1, 0.02, 1);
    const crop = cropAround(maskToRuns(mask, size, size), input);
    expect(crop).not.toBeNull();
    const fast = darkerInside(crop as NonNullable<typeof crop>, image, size, level);
    setWasmKernelsEnabled(false);
    try {
      const twin = darkerInside(crop as NonNullable<typeof crop>, image, size, level);
      expect(fast).toEqual(twin);
      expect(fast.y.length).toBeGreaterThan(20);
    } finally {
      setWasmKernelsEnabled(true);
    }
  });

  // Sparse and dense masks, boxes inside the image, one-pixel rows and columns, widths of 2–5.
  it.each([
    [64, 48, 0.01, [0, 0, 64, 48]],
    [64, 48, 0.3, [5, 7, 60, 40]],
    [37, 53, 0.05, [0, 0, 37, 53]],
    [1, 30, 0.1, [0, 0, 1, 30]],
    [30, 1, 0.1, [0, 0, 30, 1]],
    [5, 9, 0.2, [0, 0, 5, 9]],
    [2, 7, 0.2, [0, 1, 2, 7]],
  ] as const)(
    'gives the distances of the JS chamfer passes to the bit on %i × %i (%f set)',
    (w, h, density, box) => {
      const rng = createRng(w * 13 + h);
      // Set bytes of any value; to the unset ones, the distances are those of the complement.
      const mask = Uint8Array.from({ length: w * h }, () =>
        rng.next() < density ? 1 + (rng.next() < 0.5 ? 1 : 0) : 0,
      );
      const complement = mask.map((v) => (v ? 0 : 1));
      const same = (a: Float32Array, b: Float32Array) => {
        expect(a.length).toBe(b.length);
        expect(
          a.findIndex((v, i) => !Object.is(v, b[i])),
          'first differing distance',
        ).toBe(-1);
      };
      const fast = chamferDistance(mask, w, h, [...box]);
      const depth = chamferDistance(mask, w, h, [...box], true);
      same(depth, chamferDistance(complement, w, h, [...box]));
      // Bands whose limits are distances the passes give (1 + √2 in 32 bits): those pixels are in.
      const bandsOf = () => chamferBands(mask, w, h, [...box], [1, 7], [Math.fround(1 + Math.SQRT2), 3]);
      const bands = bandsOf();
      expect(bands).toEqual(
        Uint8Array.from(fast, (d) => (d <= 1 ? 7 : d <= Math.fround(1 + Math.SQRT2) ? 3 : 0)),
      );
      setWasmKernelsEnabled(false);
      try {
        same(fast, chamferDistance(mask, w, h, [...box]));
        same(depth, chamferDistance(mask, w, h, [...box], true));
        expect(bandsOf()).toEqual(bands);
      } finally {
        setWasmKernelsEnabled(true);
      }
    },
  );

  // A particle cut by the border, a neighbour and a blocked strip in the way of some lines, mirrored or not.
  it.each([
    [120, 90, false],
    [77, 101, true],
  ])('samples an edge profile on %i × %i to the very bits of its JS twin (mirrored: %s)', (w, h, mirror) => {
    const image = frame(w, h);
    const mask = new Uint8Array(w * h);
    const blocked = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if ((x - w / 3) ** 2 + (y - h / 2) ** 2 < (h / 3) ** 2) mask[y * w + x] = 1;
        if (x > (4 * w) / 5 && y < h / 2) blocked[y * w + x] = 1;
      }
    }
    const soft = smoothOutline(mask, w, h, 1.5);
    const beam = (x: number, y: number) => 40 - 0.01 * x + 0.02 * y;
    // The same image as a window of a larger one (a crop read in place), with other values around it.
    const stride = w + 29;
    const larger = new Float32Array(stride * (h + 20)).fill(1e4);
    for (let y = 0; y < h; y++) larger.set(image.subarray(y * w, (y + 1) * w), (y + 7) * stride + 13);
    const window = { data: larger, stride, x0: 13, y0: 7 };
    const same = (a: ReturnType<typeof sampleEdgeProfile>, b: typeof a) => {
      expect([a.lines, a.outlinePx]).toEqual([b.lines, b.outlinePx]);
      for (const key of ['values', 'counts', 'spread'] as const) {
        expect(
          a[key].findIndex((v, i) => !Object.is(v, b[key][i])),
          `first differing ${key}`,
        ).toBe(-1);
      }
    };
    const fast = sampleEdgeProfile(soft, blocked, w, h, image, beam, mirror, [0, 0, w, h]);
    same(sampleEdgeProfile(soft, blocked, w, h, window, beam, mirror, [0, 0, w, h]), fast);
    // The lines of the outline's profile with nothing blocked, sampled again with the strip blocked.
    const drawn = sampleEdgeProfile(soft, undefined, w, h, image, beam, mirror, [0, 0, w, h]).drawn;
    same(sampleEdgeProfile(soft, blocked, w, h, image, beam, mirror, [0, 0, w, h], drawn), fast);
    setWasmKernelsEnabled(false);
    try {
      const twin = sampleEdgeProfile(soft, blocked, w, h, image, beam, mirror, [0, 0, w, h]);
      expect(fast.lines).toBeGreaterThan(40);
      same(fast, twin);
      same(sampleEdgeProfile(soft, blocked, w, h, window, beam, mirror, [0, 0, w, h]), twin);
      same(sampleEdgeProfile(soft, blocked, w, h, image, beam, mirror, [0, 0, w, h], drawn), twin);
    } finally {
      setWasmKernelsEnabled(true);
    }
  });

  // Noise-like values, many ties, negatives with −0 among them, a few NaN; the median, the ends,
  // and a second selection after a first. Where a NaN or a −0 makes "the k-th" depend on the
  // algorithm, the kernel runs the JS's quickselect: the same value and the same order left.
  it.each([
    ['noise', 5000, 0, false],
    ['ties', 3000, 0, false],
    ['negatives', 4000, 0, false],
    ['negatives and −0', 4000, 0, true],
    ['NaN among them', 4096, 7, false],
  ] as const)('selects the k-th value as the JS quickselect does (%s)', (kind, n, nans, negativeZero) => {
    const rng = createRng(n + nans);
    const values = Float32Array.from({ length: n }, () =>
      kind === 'ties'
        ? Math.floor(rng.next() * 5)
        : kind.startsWith('negatives')
          ? rng.normal() * 1e3
          : Math.abs(rng.normal()),
    );
    for (let i = 0; i < nans; i++) values[Math.floor(rng.next() * n)] = Number.NaN;
    if (negativeZero) values[17] = -0;
    const exact = nans > 0 || negativeZero;
    for (const k of [n >> 1, 0, n - 1]) {
      const fast = values.slice();
      const twin = values.slice();
      const got = [selectKth(fast, k), selectKth(fast, (k + 7) % n)];
      setWasmKernelsEnabled(false);
      try {
        const want = [selectKth(twin, k), selectKth(twin, (k + 7) % n)];
        expect(got.map((v) => (Object.is(v, -0) ? '-0' : String(v)))).toEqual(
          want.map((v) => (Object.is(v, -0) ? '-0' : String(v))),
        );
        if (exact)
          expect(
            fast.findIndex((v, i) => !Object.is(v, twin[i])),
            'first differing place',
          ).toBe(-1);
        else
          expect(
            fast.findIndex((v, i) => !Object.is(v, values[i])),
            'values moved',
          ).toBe(-1);
      } finally {
        setWasmKernelsEnabled(true);
      }
    }
  });

  it('takes a median above the buffers a call in progress holds (the masked spectrum’s floor)', () => {
    const kernel = kernelModule();
    expect(kernel).not.toBeNull();
    const held = 64 * 1024;
    const memory = new Uint8Array((kernel as NonNullable<typeof kernel>).memory.buffer, 0, held);
    memory.fill(0xa5);
    const values = Float32Array.from({ length: 4000 }, (_, i) => (i * 7919) % 4001);
    const median = whileHolding(held, () => selectKth(values, 2000));
    expect(median).toBe(2001);
    const after = new Uint8Array((kernel as NonNullable<typeof kernel>).memory.buffer, 0, held);
    expect(after.findIndex((b) => b !== 0xa5)).toBe(-1);
  });
});
