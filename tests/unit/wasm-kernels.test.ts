/**
 * The WebAssembly SIMD kernel must give what its JS twin gives, and the committed module must be
 * what its AssemblyScript source compiles to.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fitBackground, flattenRow } from '../../src/core/analysis/background.ts';
import {
  createMaskedDriftReference,
  estimateMaskedDrift,
  maskedFrame,
  matchMaskedFrame,
} from '../../src/core/analysis/drift-masked.ts';
import { geometryOfSize, maskedKernelInput, maskedSpectrum } from '../../src/core/analysis/drift-prepare.ts';
import { inverseRealFft2d, planFor, realFft2d } from '../../src/core/analysis/fft.ts';
import {
  boxBlur,
  boxRadiiForSigma,
  gaussianBlur,
  gaussianBlurRows,
  shortKernelFor,
} from '../../src/core/analysis/filters.ts';
import { defaultSegmentParams, segmentFrame } from '../../src/core/analysis/index.ts';
import { estimateNoiseSigma, findHotPixels } from '../../src/core/analysis/noise.ts';
import { runsBeyond } from '../../src/core/analysis/runs.ts';
import {
  maskedCorrelationWasm,
  maskedSpectrumWasm,
  withCorrelationWasm,
} from '../../src/core/analysis/wasm/drift-kernels.ts';
import {
  f32Above,
  flattenBlurWasm,
  flattenBoxBlurWasm,
  setWasmKernelsEnabled,
  wasmKernelsAvailable,
} from '../../src/core/analysis/wasm/kernels.ts';
import { createPresetMovie, createRng } from '../../src/core/synth/index.ts';
import { poissonFrameWithDisc as frame } from '../helpers/wasm-frame.ts';

describe('flattenBlur (WebAssembly SIMD)', () => {
  it('runs in Node (WebAssembly SIMD is available)', () => {
    expect(wasmKernelsAvailable()).toBe(true);
  });

  // Widths that are and are not multiples of the 4 SIMD lanes; 5- and 7-tap kernels.
  it.each([
    [64, 48, 1, false],
    [67, 31, 1.5, false],
    [130, 9, 1.2, true],
    [5, 5, 1, false],
    [33, 20, 0, false],
  ])(
    'matches the JS flatten + blur + runs on %i × %i at σ = %f (mirrored: %s)',
    (width, height, sigma, mirror) => {
      const data = frame(width, height);
      const background = fitBackground(data, width, height);
      const half = sigma === 0 ? Float64Array.of(1) : shortKernelFor(sigma);
      expect(half).toBeDefined();
      const levels = mirror ? [1.1, 1.25] : [0.9, 0.75];
      const fast = flattenBlurWasm(
        data,
        width,
        height,
        background.coefficients,
        half as Float64Array,
        mirror,
        levels,
      );
      const plain = gaussianBlurRows(
        (y, out, offset) => flattenRow(data, background, y, out, offset),
        width,
        height,
        sigma,
      );
      if (mirror) for (let i = 0; i < plain.length; i++) plain[i] = 2 - plain[i];
      expect(fast).toBeDefined();
      const { smoothed, runs } = fast as NonNullable<typeof fast>;
      let worst = 0;
      for (let i = 0; i < plain.length; i++) worst = Math.max(worst, Math.abs(smoothed[i] - plain[i]));
      // Float32 against Float64 arithmetic on transmissions of about 1.
      expect(worst).toBeLessThan(1e-5);
      // The runs are those of the kernel's own image (a pixel within 1e-5 of a level may differ).
      expect(runs).toEqual(levels.map((level) => runsBeyond(smoothed, width, height, level)));
      expect(runs[0].y.length).toBeGreaterThan(0);
    },
  );

  it('reads a Uint8Array mask as the 0s and 1s of the same mask in floats', () => {
    const [width, height] = [67, 31];
    const mask = Uint8Array.from({ length: width * height }, (_, i) =>
      (i % width) * (i % 13) > 200 ? 1 : 0,
    );
    const unit = Float64Array.from({ length: 10 }, (_, i) => (i === 0 ? 1 : 0));
    const half = shortKernelFor(1.5) as Float64Array;
    const fromBytes = flattenBlurWasm(mask, width, height, unit, half)?.smoothed;
    const fromFloats = flattenBlurWasm(new Float32Array(mask), width, height, unit, half)?.smoothed;
    expect(fromBytes).toBeDefined();
    expect(fromBytes?.some((v) => v > 0 && v < 1)).toBe(true);
    expect(fromBytes).toEqual(fromFloats);
  });

  // The wide blurs of low doses: box passes, odd widths, mirrored; the levels lie on pixels' values.
  it.each([
    [64, 48, 2.5, false],
    [67, 31, 4, true],
    [131, 40, 3, false],
  ])(
    'gives the very bits of the JS flatten + box blur + runs on %i × %i at σ = %f (mirrored: %s)',
    (width, height, sigma, mirror) => {
      const data = frame(width, height);
      const background = fitBackground(data, width, height);
      const radii = boxRadiiForSigma(sigma, 3);
      expect(shortKernelFor(sigma)).toBeUndefined();
      const plain = gaussianBlurRows(
        (y, out, offset) => flattenRow(data, background, y, out, offset),
        width,
        height,
        sigma,
      );
      if (mirror) for (let i = 0; i < plain.length; i++) plain[i] = 2 - plain[i];
      // A level a quarter of the way from a pixel's value to the next 32-bit value: rounded to the
      // nearest 32-bit float it would fall on the pixel and leave it out of the run.
      const pixel = plain[Math.floor(plain.length / 2)];
      const next = new Float32Array([pixel]);
      new Int32Array(next.buffer)[0] += 1;
      const levels = [pixel + (next[0] - pixel) / 4, mirror ? 1.1 : 0.9];
      const fast = flattenBoxBlurWasm(data, width, height, background.coefficients, radii, mirror, levels);
      expect(fast).toBeDefined();
      const { smoothed, runs } = fast as NonNullable<typeof fast>;
      expect(
        smoothed.findIndex((v, i) => !Object.is(v, plain[i])),
        'first differing pixel',
      ).toBe(-1);
      expect(runs).toEqual(levels.map((level) => runsBeyond(plain, width, height, level)));
    },
  );

  it('compares 32-bit values against a 64-bit level exactly (f32Above)', () => {
    for (const t of [0.9, -0.9, 1 / 3, 0, 2 ** -140, -(2 ** -140), 1.5, Number.MAX_VALUE]) {
      const above = f32Above(t);
      expect(above >= t, `${t}`).toBe(true);
      // No 32-bit value lies in [t, above) but t itself.
      const below = new Float32Array([above]);
      if (above !== t && above !== 0) {
        new Int32Array(below.buffer)[0] += above > 0 ? -1 : 1;
        expect(below[0] < t, `${t}`).toBe(true);
      }
    }
    expect(f32Above(0.5)).toBe(0.5);
  });

  it('screens hot pixels as the JS loop does, and segmentation gives the same area either way', () => {
    const movie = createPresetMovie('operando', { width: 256, height: 200, frameCount: 4, seed: 2 });
    const rendered = movie.renderFrame(1);
    const data = new Float32Array(rendered.data);
    const t = 8 * estimateNoiseSigma(data, 256, 200);
    const fast = findHotPixels(data, 256, 200, t);
    const params = defaultSegmentParams;
    const withWasm = segmentFrame({ width: 256, height: 200, data: rendered.data }, params, {
      frameIndex: 1,
    });
    setWasmKernelsEnabled(false);
    try {
      expect(wasmKernelsAvailable()).toBe(false);
      expect(findHotPixels(data, 256, 200, t)).toEqual(fast);
      const withJs = segmentFrame({ width: 256, height: 200, data: rendered.data }, params, {
        frameIndex: 1,
      });
      expect(fast.index.length).toBeGreaterThan(10);
      expect(Math.abs(withWasm.areaPx - withJs.areaPx)).toBeLessThanOrEqual(2);
    } finally {
      setWasmKernelsEnabled(true);
    }
  });

  // Widths odd and even (two f64 lanes), heights that leave 1–3 rows after the groups of four.
  it.each([
    [512, 64, 16],
    [67, 31, 4],
    [130, 9, 7.5],
    [5, 6, 2.2],
    [1, 13, 3],
    [12, 1, 3],
  ])('box-blurs %i × %i at σ = %f to the very bits of its JS twin', (width, height, sigma) => {
    const rng = createRng(width + 31 * height);
    const data = Float32Array.from({ length: width * height }, () => (rng.next() - 0.3) * 1000);
    const fast = [gaussianBlur(data, width, height, sigma), boxBlur(data, width, height, 2, 2)];
    setWasmKernelsEnabled(false);
    try {
      const twin = [gaussianBlur(data, width, height, sigma), boxBlur(data, width, height, 2, 2)];
      for (const [k, image] of fast.entries()) {
        const differing = image.findIndex((v, i) => !Object.is(v, twin[k][i]));
        expect(differing, `image ${k}: first differing pixel`).toBe(-1);
      }
    } finally {
      setWasmKernelsEnabled(true);
    }
  });

  // Odd and even numbers of stages along rows and columns (2⁹ = 512, 2⁴ = 16, …).
  it.each([
    [512, 512],
    [16, 32],
    [8, 4],
    [2, 8],
    [32, 2],
  ])('transforms a real %i × %i image, and back, to the very bits of the JS FFT', (width, height) => {
    const rng = createRng(width * 3 + height);
    const image = Float64Array.from({ length: width * height }, () => rng.normal() * 100);
    const fast = realFft2d(image, width, height);
    const back = inverseRealFft2d(fast.re.slice(), fast.im.slice(), width, height);
    setWasmKernelsEnabled(false);
    try {
      const twin = realFft2d(image, width, height);
      const twinBack = inverseRealFft2d(twin.re.slice(), twin.im.slice(), width, height);
      const same = (a: Float64Array, b: Float64Array) => a.findIndex((v, i) => !Object.is(v, b[i]));
      expect(same(fast.re, twin.re), 'first differing real part').toBe(-1);
      expect(same(fast.im, twin.im), 'first differing imaginary part').toBe(-1);
      expect(same(back, twinBack), 'first differing pixel back').toBe(-1);
    } finally {
      setWasmKernelsEnabled(true);
    }
  });

  // Square and not, binned and not; a disc left out, everything left out, a flat frame (no contrast gain).
  it.each([
    [512, 512, 'disc'],
    [300, 200, 'disc'],
    [1024, 900, 'disc'],
    [96, 80, 'all'],
    [128, 128, 'flat'],
    [200, 150, 'working image'],
  ] as const)(
    'prepares a masked drift spectrum of %i × %i (%s) to the very bits of its JS twin',
    (width, height, kind) => {
      const rng = createRng(width + height);
      // A working image (Float32Array, not binned) is clipped in the kernel; other pixels in JS first.
      const data =
        kind === 'working image' ? new Float32Array(width * height) : new Uint16Array(width * height);
      for (let i = 0; i < data.length; i++)
        data[i] = kind === 'flat' ? 20 : rng.poisson(10 + (i % width) / 50);
      data[5] = 60000; // a hot pixel, replaced before binning
      if (data instanceof Float32Array) {
        // Outliers at both ends of a row, side by side, below the range, and NaN.
        for (const i of [0, width - 1, 3 * width, 3 * width + 1, 7 * width + 9]) data[i] = 1e6;
        data[4 * width] = Number.NaN;
        data[9 * width + 20] = -500;
      }
      const g = geometryOfSize(width, height, 512);
      const { binnedWidth: bw, binnedHeight: bh } = g;
      const ignore = new Uint8Array(bw * bh);
      for (let i = 0; i < ignore.length; i++) {
        const [x, y] = [i % bw, Math.floor(i / bw)];
        ignore[i] = kind === 'all' || (x - bw / 2) ** 2 + (y - bh / 2) ** 2 < (bh / 4) ** 2 ? 1 : 0;
      }
      const fast = maskedSpectrum(data, g, ignore);
      setWasmKernelsEnabled(false);
      try {
        const twin = maskedSpectrum(data, g, ignore);
        const same = (a: Float64Array, b: Float64Array) => a.findIndex((v, i) => !Object.is(v, b[i]));
        expect(same(fast.re, twin.re), 'first differing real part').toBe(-1);
        expect(same(fast.im, twin.im), 'first differing imaginary part').toBe(-1);
      } finally {
        setWasmKernelsEnabled(true);
      }
    },
  );

  it('runs the masked spectrum in WebAssembly where the blurs are running sums', () => {
    const steps = {
      size: 64,
      highPassRadii: [2, 2, 2],
      equaliseRadii: [4, 3, 3],
      windowX: new Float64Array(64).fill(1),
      windowY: new Float64Array(64).fill(1),
      floorOf: () => 1,
      plan: planFor(64),
    };
    const values = Float32Array.from({ length: 64 * 64 }, (_, i) => i % 7);
    expect(maskedSpectrumWasm(values, new Uint8Array(64 * 64), 64, 64, steps)?.re.length).toBe(33 * 64);
    // A blur of four passes is not the JS's: the JS runs instead.
    expect(
      maskedSpectrumWasm(values, new Uint8Array(64 * 64), 64, 64, { ...steps, highPassRadii: [1, 1, 1, 1] }),
    ).toBeUndefined();
  });

  it('correlates a masked frame with a drift reference to the very bits of its JS twin', () => {
    const movie = createPresetMovie('operando', { width: 256, height: 192, frameCount: 6, seed: 5 });
    const [first, later] = [0, 5].map((i) => {
      const { data } = movie.renderFrame(i);
      return { width: 256, height: 192, data };
    });
    const g = geometryOfSize(256, 192, 512);
    const ignore = new Uint8Array(g.binnedWidth * g.binnedHeight);
    ignore.fill(1, 0, 40 * g.binnedWidth); // the top rows left out
    const reference = createMaskedDriftReference(first, ignore, 512);
    const prepared = maskedFrame(later, ignore, 512);
    const weighted = { re: reference.spectrumRe, im: reference.spectrumIm };
    const surface = withCorrelationWasm(prepared, weighted, g.size, planFor(g.size), (s) => s.slice());
    expect(surface?.length).toBe(g.size * g.size);
    // The spectrum left in the kernels' memory and correlated there: the same surface.
    const input = maskedKernelInput(later.data, g);
    const { binnedWidth: bw, binnedHeight: bh } = g;
    const fused =
      input && maskedCorrelationWasm(input.values, ignore, bw, bh, input.steps, weighted, (s) => s.slice());
    expect(fused && surface && fused.findIndex((v, i) => !Object.is(v, surface[i]))).toBe(-1);
    const fast = matchMaskedFrame(reference, prepared);
    const fastInOne = estimateMaskedDrift(reference, later, ignore);
    setWasmKernelsEnabled(false);
    try {
      const twin = matchMaskedFrame(reference, prepared);
      for (const estimate of [fast, fastInOne]) {
        expect(Object.is(estimate.x, twin.x) && Object.is(estimate.y, twin.y)).toBe(true);
        expect(Object.is(estimate.confidence, twin.confidence)).toBe(true);
      }
      expect(fast.confidence).toBeGreaterThan(0);
    } finally {
      setWasmKernelsEnabled(true);
    }
  });

  it('is rebuilt from its source (node scripts/build-wasm.mjs --check)', () => {
    expect(() =>
      execFileSync('node', ['scripts/build-wasm.mjs', '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });
});
