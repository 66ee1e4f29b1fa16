/**
 * The WebAssembly SIMD kernels of the core, instantiated on first use, once per thread. Each
 * kernel has a JS twin that gives the same result (to float rounding) and is used where
 * WebAssembly SIMD is missing, so the kernels only ever make things faster.
 *
 * Memory: the kernels work in their own linear memory, which grows to the largest image seen
 * (5 MB for a 512² working image) and is reused; inputs are copied in, results copied out.
 */

import type { Runs } from '../runs.ts';
import { WASM_BASE64 } from './flatten-blur.wasm.ts';

interface KernelExports {
  memory: WebAssembly.Memory;
  flattenBlur(
    src: number,
    dst: number,
    ring: number,
    pad: number,
    width: number,
    height: number,
    ...rest: number[]
  ): void;
  scanRuns(
    image: number,
    width: number,
    height: number,
    level: number,
    out: number,
    capacity: number,
  ): number;
  boxBlurRows(src: number, dst: number, pad: number, width: number, height: number, r: number): void;
  boxBlurColumns(src: number, dst: number, sums: number, width: number, height: number, r: number): void;
  realFft2dForward(image: number, re: number, im: number, ...layout: number[]): void;
  realFft2dInverse(re: number, im: number, out: number, ...layout: number[]): void;
  maskedDetail(
    values: number,
    ignore: number,
    kept: number,
    local: number,
    share: number,
    tmp: number,
    sums: number,
    pad: number,
    width: number,
    height: number,
    ...radii: number[]
  ): void;
  crossPower(re: number, im: number, br: number, bi: number, count: number): void;
  clipOutliers(
    values: number,
    row: number,
    width: number,
    height: number,
    lo: number,
    hi: number,
    fill: number,
  ): void;
  maskedWindow(
    detail: number,
    local: number,
    floor: number,
    equalise: number,
    wx: number,
    wy: number,
    image: number,
    width: number,
    height: number,
    size: number,
  ): void;
  /** Same arguments as `scanRuns`, with the screen's threshold in place of the level. */
  hotPixelCandidates(
    image: number,
    width: number,
    height: number,
    t: number,
    out: number,
    capacity: number,
  ): number;
}

let loaded: KernelExports | null | undefined;
let enabled = true;

/**
 * Turns the WebAssembly kernels off (their JS twins run instead) or back on, in this thread:
 * for benchmarks and tests that compare the two.
 */
export function setWasmKernelsEnabled(on: boolean): void {
  enabled = on;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The kernel module, or null where WebAssembly (or its SIMD extension) is not available. */
function kernelModule(): KernelExports | null {
  if (!enabled) return null;
  if (loaded !== undefined) return loaded;
  loaded = null;
  try {
    if (typeof WebAssembly === 'undefined') return loaded;
    const bytes = decodeBase64(WASM_BASE64);
    if (!WebAssembly.validate(bytes)) return loaded;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    loaded = instance.exports as unknown as KernelExports;
  } catch {
    loaded = null;
  }
  return loaded;
}

/** True when the WebAssembly kernels run here and are on (for benchmarks and tests). */
export function wasmKernelsAvailable(): boolean {
  return kernelModule() !== null;
}

const align16 = (bytes: number) => (bytes + 15) & ~15;

/** The kernel, its memory grown to at least `bytes`. */
function withMemory(kernel: KernelExports, bytes: number): KernelExports {
  const { memory } = kernel;
  if (memory.buffer.byteLength < bytes) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
  return kernel;
}

/** Threshold runs the kernel writes out at most (12 MB of triplets). */
const MAX_RUNS = 1 << 20;

/** Hot pixels are rare: past this many screen hits the JS twin takes over. */
const MAX_HOT_CANDIDATES = 1 << 16;

/**
 * Indices of the pixels not on the left or right edge that are brighter than both row
 * neighbours by more than `t` (the screen of `findHotPixels`), or undefined where the kernel
 * can't run or finds too many.
 */
export function hotPixelCandidatesWasm(
  data: Float32Array,
  width: number,
  height: number,
  t: number,
): Int32Array | undefined {
  const kernel = kernelModule();
  if (!kernel) return undefined;
  const n = width * height;
  const out = align16(n * 4);
  withMemory(kernel, out + MAX_HOT_CANDIDATES * 4);
  new Float32Array(kernel.memory.buffer, 0, n).set(data);
  const count = kernel.hotPixelCandidates(0, width, height, t, out, MAX_HOT_CANDIDATES);
  return count < 0 ? undefined : new Int32Array(kernel.memory.buffer, out, count).slice();
}

/** What `flattenBlurWasm` returns. */
export interface FlattenBlurResult {
  /** The smoothed transmission image (mirrored when asked). */
  smoothed: Float32Array;
  /** Runs of the pixels below each of the levels asked for, in that order. */
  runs: Runs[];
}

/**
 * The transmission image (`data` divided by the cubic background of coefficients `c`, see
 * background.ts) blurred with the symmetric kernel whose right half is `half` (≤ 4 taps), and
 * mirrored to 2 − value with `mirror`, plus the runs below each of `levels`, all in WebAssembly
 * SIMD; undefined where the kernel can't run or the runs overflow its buffer (the caller then
 * uses the JS twin).
 */
export function flattenBlurWasm(
  data: Float32Array,
  width: number,
  height: number,
  c: Float64Array,
  half: Float64Array,
  mirror = false,
  levels: readonly number[] = [],
): FlattenBlurResult | undefined {
  if (half.length > 4 || c.length !== 10) return undefined;
  const kernel = kernelModule();
  if (!kernel) return undefined;
  const n = width * height;
  // Runs alternate with gaps, so a row holds at most ⌈width / 2⌉ of them; a frame holds far
  // fewer (noise specks outside the cluster are a few % of it). Past the cap the JS path runs.
  const capacity = Math.min(Math.ceil(width / 2) * height, MAX_RUNS);
  const src = 0;
  const dst = align16(n * 4);
  const ring = dst + align16(n * 4);
  const pad = ring + align16(7 * width * 4);
  const runsOut = pad + align16((width + 8) * 4);
  const needed = runsOut + align16(capacity * 12);
  const { memory } = withMemory(kernel, needed);
  new Float32Array(memory.buffer, src, n).set(data);
  const k = [half[0], half[1] ?? 0, half[2] ?? 0, half[3] ?? 0];
  kernel.flattenBlur(src, dst, ring, pad, width, height, ...c, ...k, mirror ? 1 : 0);
  const runs: Runs[] = [];
  for (const level of levels) {
    const count = kernel.scanRuns(dst, width, height, level, runsOut, capacity);
    if (count < 0) return undefined;
    const triplets = new Int32Array(memory.buffer, runsOut, Math.max(0, count) * 3);
    const found: Runs = { y: [], x0: [], x1: [] };
    for (let i = 0; i < count; i++) {
      found.y.push(triplets[3 * i]);
      found.x0.push(triplets[3 * i + 1]);
      found.x1.push(triplets[3 * i + 2]);
    }
    runs.push(found);
  }
  return { smoothed: new Float32Array(memory.buffer, dst, n).slice(), runs };
}

/**
 * The box passes of `boxBlurRadii` (filters.ts) in WebAssembly: a row pass and a column pass of
 * half-width r for each r of `radii`, edges replicated. The same bits as the JS twin (sums in
 * f64, one rounding to f32 per pixel and pass), about twice as fast; undefined where the kernels
 * can't run.
 */
export function boxBlurWasm(
  src: Float32Array,
  width: number,
  height: number,
  radii: readonly number[],
): Float32Array | undefined {
  const kernel = kernelModule();
  if (!kernel) return undefined;
  const n = width * height;
  const maxR = Math.max(...radii);
  const image = 0;
  const tmp = align16(n * 4);
  const out = tmp + align16(n * 4);
  const sums = out + align16(n * 4);
  const pad = sums + align16(width * 8);
  const { memory } = withMemory(kernel, pad + align16(4 * (width + 2 * maxR + 2) * 4));
  new Float32Array(memory.buffer, image, n).set(src);
  radii.forEach((r, p) => {
    kernel.boxBlurRows(p === 0 ? image : out, tmp, pad, width, height, r);
    kernel.boxBlurColumns(tmp, out, sums, width, height, r);
  });
  return new Float32Array(memory.buffer, out, n).slice();
}

/** What the FFT kernels need of an fft.ts plan: log2 of the length, bit reversal, twiddles. */
export interface FftTables {
  bits: number;
  reversed: Uint32Array;
  cos: Float64Array;
  sin: Float64Array;
}

/**
 * Lays out the scratch and both plans of a width × height real FFT after `start` bytes of
 * data; returns the arguments that follow the data pointers in both FFT kernels.
 */
function fftLayout(
  kernel: KernelExports,
  start: number,
  width: number,
  height: number,
  rows: FftTables,
  columns: FftTables,
): number[] {
  const hw = width / 2 + 1;
  const zr = align16(start);
  const zi = zr + align16(width * 8);
  const tmp = zi + align16(width * 8);
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
  return [zr, zi, tmp, width, height, rc, rs, rr, rows.bits, cc, cs, cr, columns.bits];
}

/**
 * fft.ts `realFft2d` in WebAssembly (SIMD down the columns): the same bits, about twice as fast;
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
  const layout = fftLayout(kernel, im + align16(half * 8), width, height, rows, columns);
  const { memory } = kernel;
  new Float64Array(memory.buffer, src, width * height).set(image);
  kernel.realFft2dForward(src, re, im, ...layout);
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
  const layout = fftLayout(kernel, imAt + align16(half * 8), width, height, rows, columns);
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
  const { size, highPassRadii, equaliseRadii, plan } = steps;
  if (highPassRadii.length > 3 || equaliseRadii.length > 3) return undefined;
  const kernel = kernelModule();
  if (!kernel) return undefined;
  const n = width * height;
  const image = 0;
  const half = (size / 2 + 1) * size;
  const re = align16(size * size * 8);
  const im = re + align16(half * 8);
  const [valuesAt, keptAt, localAt, shareAt, tmpAt] = [0, 1, 2, 3, 4].map(
    (k) => im + align16(half * 8) + k * align16(n * 4),
  );
  const ignoreAt = tmpAt + align16(n * 4);
  const sums = ignoreAt + align16(n);
  const maxR = Math.max(0, ...highPassRadii, ...equaliseRadii);
  const pad = sums + align16(width * 8);
  const wx = pad + align16(4 * (width + 2 * maxR + 2) * 4);
  const wy = wx + align16(width * 8);
  const layout = fftLayout(kernel, wy + align16(height * 8), size, size, plan, plan);
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
  const floor = steps.floorOf(
    new Float32Array(memory.buffer, localAt, n),
    new Float32Array(memory.buffer, keptAt, n),
  );
  const equalise = floor > 0 ? 1 : 0;
  kernel.maskedWindow(valuesAt, localAt, equalise ? floor : 0, equalise, wx, wy, image, width, height, size);
  kernel.realFft2dForward(image, re, im, ...layout);
  return {
    re: new Float64Array(memory.buffer, re, half).slice(),
    im: new Float64Array(memory.buffer, im, half).slice(),
  };
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
  const layout = fftLayout(kernel, bi + align16(half * 4), size, size, plan, plan);
  const { memory } = kernel;
  new Float64Array(memory.buffer, re, half).set(spectrum.re);
  new Float64Array(memory.buffer, im, half).set(spectrum.im);
  new Float32Array(memory.buffer, br, half).set(reference.re);
  new Float32Array(memory.buffer, bi, half).set(reference.im);
  kernel.crossPower(re, im, br, bi, half);
  kernel.realFft2dInverse(re, im, out, ...layout);
  return read(new Float64Array(memory.buffer, out, size * size));
}
