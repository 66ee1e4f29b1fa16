/**
 * The drift kernels' JS side: the real 2-D FFTs, the masked spectrum and the correlation, each
 * laying out its buffers in the kernels' memory (kernels.ts), copying its inputs in and its
 * results out. The same bits as their JS twins (fft.ts, drift-prepare.ts, drift-masked.ts);
 * undefined where the kernels can't run, and the caller then runs the JS.
 */

import { align16, type KernelExports, kernelModule, whileHolding, withMemory } from './kernels.ts';

/** What the FFT kernels need of an fft.ts plan: log2 of the length, bit reversal, twiddles. */
export interface FftTables {
  bits: number;
  reversed: Uint32Array;
  cos: Float64Array;
  sin: Float64Array;
}

/**
 * Lays out the scratch and both plans of a width × height real FFT after `start` bytes of
 * data; returns the arguments that follow the data pointers in both FFT kernels, and where the
 * layout ends.
 */
function fftLayout(
  kernel: KernelExports,
  start: number,
  width: number,
  height: number,
  rows: FftTables,
  columns: FftTables,
): { args: number[]; end: number } {
  const hw = width / 2 + 1;
  // Two rows' worth each: the row transforms run two at a time (SIMD lanes).
  const zr = align16(start);
  const zi = zr + align16(width * 16);
  const tmp = zi + align16(width * 16);
  const place = (at: number, plan: FftTables): [number, number, number, number] => {
    const cos = at;
    const sin = cos + align16(plan.cos.length * 8);
    const rev = sin + align16(plan.sin.length * 8);
    return [cos, sin, rev, rev + align16(plan.reversed.length * 4)];
  };
  const [rc, rs, rr, afterRows] = place(tmp + align16(hw * 8), rows);
  const [cc, cs, cr, end] = place(afterRows, columns);
  const { memory } = withMemory(kernel, end);
  for (const [plan, cos, sin, rev] of [
    [rows, rc, rs, rr],
    [columns, cc, cs, cr],
  ] as const) {
    new Float64Array(memory.buffer, cos, plan.cos.length).set(plan.cos);
    new Float64Array(memory.buffer, sin, plan.sin.length).set(plan.sin);
    new Uint32Array(memory.buffer, rev, plan.reversed.length).set(plan.reversed);
  }
  const args = [zr, zi, tmp, width, height, rc, rs, rr, rows.bits, cc, cs, cr, columns.bits];
  return { args, end };
}

/**
 * fft.ts `realFft2d` in WebAssembly (SIMD: two columns, or two pairs of rows, an instruction): the same bits, about twice as fast;
 * undefined where the kernels can't run. Sizes are checked by the caller.
 */
export function realFft2dWasm(
  image: Float64Array,
  width: number,
  height: number,
  rows: FftTables,
  columns: FftTables,
): { re: Float64Array; im: Float64Array } | undefined {
  const kernel = kernelModule();
  if (!kernel) return undefined;
  const half = (width / 2 + 1) * height;
  const src = 0;
  const re = align16(width * height * 8);
  const im = re + align16(half * 8);
  const { args: layout } = fftLayout(kernel, im + align16(half * 8), width, height, rows, columns);
  const { memory } = kernel;
  new Float64Array(memory.buffer, src, width * height).set(image);
  kernel.realFft2dForward(src, re, im, ...layout);
  return spectrumOut(memory, re, im, half);
}

/** Copies of the `half` f64 values of a half spectrum at re and im in the kernels' memory. */
function spectrumOut(memory: WebAssembly.Memory, re: number, im: number, half: number) {
  return {
    re: new Float64Array(memory.buffer, re, half).slice(),
    im: new Float64Array(memory.buffer, im, half).slice(),
  };
}

/** fft.ts `inverseRealFft2d` in WebAssembly: the same bits; `re`, `im` are left as they are. */
export function inverseRealFft2dWasm(
  re: Float64Array,
  im: Float64Array,
  width: number,
  height: number,
  rows: FftTables,
  columns: FftTables,
): Float64Array | undefined {
  const kernel = kernelModule();
  if (!kernel) return undefined;
  const half = (width / 2 + 1) * height;
  const out = 0;
  const reAt = align16(width * height * 8);
  const imAt = reAt + align16(half * 8);
  const { args: layout } = fftLayout(kernel, imAt + align16(half * 8), width, height, rows, columns);
  const { memory } = kernel;
  new Float64Array(memory.buffer, reAt, half).set(re);
  new Float64Array(memory.buffer, imAt, half).set(im);
  kernel.realFft2dInverse(reAt, imAt, out, ...layout);
  return new Float64Array(memory.buffer, out, width * height).slice();
}

/** What `maskedSpectrumWasm` needs besides the pixels: the steps' parameters, all from drift-prepare.ts. */
export interface MaskedSpectrumSteps {
  /** Side of the working square the detail is windowed into and transformed. */
  size: number;
  /** Box half-widths of the high-pass blur and of the local-energy blur (`runningSumRadii`). */
  highPassRadii: readonly number[];
  equaliseRadii: readonly number[];
  /** The Tukey windows along x (width values) and y (height values). */
  windowX: Float64Array;
  windowY: Float64Array;
  /** The contrast gain's floor from the local energy and the kept pixels (views: read, never kept). */
  floorOf(local: Float32Array, kept: Float32Array): number;
  /** The transform's plan for `size`. */
  plan: FftTables;
  /**
   * Given, `values` is the frame itself (not binned) and its pixels outside [lo, hi] are
   * replaced first, as `binClipped` does; absent, `values` is already binned and clipped.
   */
  clip?: { lo: number; hi: number; fill: number };
}

/**
 * drift-prepare.ts `maskedSpectrum` from the binned, clipped frame on (or from the frame itself,
 * see `clip`): `values` (width × height, not modified) with the pixels `ignore` marks (1 = ignore) left out, high-passed by a local mean
 * over kept pixels, contrast-equalised, windowed into the working square and transformed, all in
 * WebAssembly memory; the same bits as the JS steps. Undefined where the kernels can't run or a
 * blur has more than three passes (the caller then runs the JS).
 */
export function maskedSpectrumWasm(
  values: Float32Array,
  ignore: Uint8Array,
  width: number,
  height: number,
  steps: MaskedSpectrumSteps,
): { re: Float64Array; im: Float64Array } | undefined {
  const run = maskedSpectrumIn(values, ignore, width, height, steps, 0);
  return run && spectrumOut(run.kernel.memory, run.re, run.im, run.half);
}

/**
 * `maskedSpectrumWasm` then `withCorrelationWasm` against `reference`, with the spectrum left
 * where the transform put it (no copy out and back in: about 0.8 ms a frame at 512²). `read`
 * gets the surface as a view of the kernels' memory, valid only during the call. Undefined where
 * the kernels can't run or a blur has more than three passes.
 */
export function maskedCorrelationWasm<T>(
  values: Float32Array,
  ignore: Uint8Array,
  width: number,
  height: number,
  steps: MaskedSpectrumSteps,
  reference: { re: Float32Array; im: Float32Array },
  read: (surface: Float64Array) => T,
): T | undefined {
  const { size } = steps;
  const half = (size / 2 + 1) * size;
  const run = maskedSpectrumIn(values, ignore, width, height, steps, 2 * align16(half * 4));
  if (!run) return undefined;
  const { kernel, re, im, extra } = run;
  const [br, bi] = [extra, extra + align16(half * 4)];
  new Float32Array(kernel.memory.buffer, br, half).set(reference.re);
  new Float32Array(kernel.memory.buffer, bi, half).set(reference.im);
  kernel.crossPower(re, im, br, bi, half);
  const out = 0;
  kernel.realFft2dInverse(re, im, out, ...run.fft);
  return read(new Float64Array(kernel.memory.buffer, out, size * size));
}

/**
 * The masked spectrum's steps in the kernels' memory, up to the forward transform: where its
 * half spectrum (re, im) lies, `extraBytes` free for the caller at `extra`, and the transform's
 * arguments (scratch and plan, in place for an inverse of the same size; the image at 0 is free
 * once transformed).
 */
function maskedSpectrumIn(
  values: Float32Array,
  ignore: Uint8Array,
  width: number,
  height: number,
  steps: MaskedSpectrumSteps,
  extraBytes: number,
) {
  const { size, highPassRadii, equaliseRadii, plan } = steps;
  if (highPassRadii.length > 3 || equaliseRadii.length > 3) return undefined;
  const kernel = kernelModule();
  if (!kernel) return undefined;
  const n = width * height;
  const image = 0;
  const half = (size / 2 + 1) * size;
  const re = align16(size * size * 8);
  const im = re + align16(half * 8);
  const extra = im + align16(half * 8);
  const [valuesAt, keptAt, localAt, shareAt, tmpAt] = [0, 1, 2, 3, 4].map(
    (k) => extra + align16(extraBytes) + k * align16(n * 4),
  );
  const ignoreAt = tmpAt + align16(n * 4);
  const sums = ignoreAt + align16(n);
  const maxR = Math.max(0, ...highPassRadii, ...equaliseRadii);
  const pad = sums + align16(width * 8);
  const wx = pad + align16(4 * (width + 2 * maxR + 2) * 4);
  const wy = wx + align16(width * 8);
  const { args: fft, end } = fftLayout(kernel, wy + align16(height * 8), size, size, plan, plan);
  const { memory } = kernel;
  new Float32Array(memory.buffer, valuesAt, n).set(values);
  if (steps.clip) {
    const { lo, hi, fill } = steps.clip;
    kernel.clipOutliers(valuesAt, tmpAt, width, height, lo, hi, fill);
  }
  new Uint8Array(memory.buffer, ignoreAt, n).set(ignore);
  new Float64Array(memory.buffer, wx, width).set(steps.windowX);
  new Float64Array(memory.buffer, wy, height).set(steps.windowY);
  const three = (radii: readonly number[]) => [0, 1, 2].map((p) => radii[p] ?? 0);
  kernel.maskedDetail(
    valuesAt,
    ignoreAt,
    keptAt,
    localAt,
    shareAt,
    tmpAt,
    sums,
    pad,
    width,
    height,
    ...three(highPassRadii),
    ...three(equaliseRadii),
  );
  // The floor is a median, taken in the kernels too: above these buffers, which are still needed.
  const floor = whileHolding(end, () =>
    steps.floorOf(new Float32Array(memory.buffer, localAt, n), new Float32Array(memory.buffer, keptAt, n)),
  );
  const equalise = floor > 0 ? 1 : 0;
  kernel.maskedWindow(valuesAt, localAt, equalise ? floor : 0, equalise, wx, wy, image, width, height, size);
  kernel.realFft2dForward(image, re, im, ...fft);
  return { kernel, re, im, half, extra, fft };
}

/**
 * The correlation surface of a frame's half spectrum (re, im; `size` × `size` image) with a
 * reference's weighted conjugate spectrum (br, bi): drift-masked.ts `crossPower` then fft.ts
 * `inverseRealFft2d` in WebAssembly, the same bits. `read` gets the surface as a view of the
 * kernels' memory, valid only during the call (nothing is copied out; the inputs are not
 * changed). Undefined where the kernels can't run.
 */
export function withCorrelationWasm<T>(
  spectrum: { re: Float64Array; im: Float64Array },
  reference: { re: Float32Array; im: Float32Array },
  size: number,
  plan: FftTables,
  read: (surface: Float64Array) => T,
): T | undefined {
  const kernel = kernelModule();
  if (!kernel) return undefined;
  const half = (size / 2 + 1) * size;
  const out = 0;
  const re = align16(size * size * 8);
  const im = re + align16(half * 8);
  const br = im + align16(half * 8);
  const bi = br + align16(half * 4);
  const { args: layout } = fftLayout(kernel, bi + align16(half * 4), size, size, plan, plan);
  const { memory } = kernel;
  new Float64Array(memory.buffer, re, half).set(spectrum.re);
  new Float64Array(memory.buffer, im, half).set(spectrum.im);
  new Float32Array(memory.buffer, br, half).set(reference.re);
  new Float32Array(memory.buffer, bi, half).set(reference.im);
  kernel.crossPower(re, im, br, bi, half);
  kernel.realFft2dInverse(re, im, out, ...layout);
  return read(new Float64Array(memory.buffer, out, size * size));
}
