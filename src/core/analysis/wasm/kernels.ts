/**
 * The WebAssembly SIMD kernels of the core, instantiated on first use, once per thread. Each
 * kernel has a JS twin that gives the same result (to float rounding) and is used where
 * WebAssembly SIMD is missing, so the kernels only ever make things faster.
 *
 * Memory: the kernels work in their own linear memory, which grows to the largest image seen
 * (about 10 MB for the masked drift spectrum of a 512² working image) and is reused; inputs are
 * copied in, results copied out. The drift kernels' JS side is in drift-kernels.ts, that of the
 * segmentation's shape kernels (background fit, chamfer distances, edge profiles) in shape-kernels.ts.
 */

import type { Runs } from '../runs.ts';
import { WASM_BASE64 } from './flatten-blur.wasm.ts';
import type { KernelExports } from './kernel-exports.ts';

export type { KernelExports } from './kernel-exports.ts';

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
export function kernelModule(): KernelExports | null {
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

/** `bytes` rounded up to a multiple of 16: where each buffer in the kernels' memory starts. */
export const align16 = (bytes: number) => (bytes + 15) & ~15;

/**
 * Bytes at the start of the kernels' memory that a call in progress still needs while it runs
 * some JS (`whileHolding`): a call made meanwhile lays out its buffers above them (`heldMemory`).
 * Every other call lays out from 0, and no two run at once.
 */
let heldBytes = 0;

/** Where a call may start laying out its buffers: 0, or above those of a call in progress. */
export const heldMemory = () => heldBytes;

/** `run` with the first `bytes` of the kernels' memory kept from the calls it makes. */
export function whileHolding<T>(bytes: number, run: () => T): T {
  const before = heldBytes;
  heldBytes = align16(Math.max(before, bytes));
  try {
    return run();
  } finally {
    heldBytes = before;
  }
}

/** The kernel, its memory grown to at least `bytes`. */
export function withMemory(kernel: KernelExports, bytes: number): KernelExports {
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
 * uses the JS twin). A mask (`Uint8Array`) is read as 0 and 1, converted on its way in.
 */
export function flattenBlurWasm(
  data: Float32Array | Uint8Array,
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
  const capacity = runCapacity(width, height);
  const src = 0;
  const dst = align16(n * 4);
  const ring = dst + align16(n * 4);
  const pad = ring + align16(7 * width * 4);
  const across = pad + align16((width + 8) * 4);
  const runsOut = across + align16(width * 4);
  const needed = runsOut + align16(capacity * 12);
  const { memory } = withMemory(kernel, needed);
  new Float32Array(memory.buffer, src, n).set(data);
  const k = [half[0], half[1] ?? 0, half[2] ?? 0, half[3] ?? 0];
  kernel.flattenBlur(src, dst, ring, pad, across, width, height, ...c, ...k, mirror ? 1 : 0);
  return smoothedAndRuns(kernel, dst, width, height, levels, runsOut, capacity);
}

/**
 * Runs alternate with gaps, so a row holds at most ⌈width / 2⌉ of them; a frame holds far fewer
 * (noise specks outside the cluster are a few % of it). Past this cap the JS path runs.
 */
const runCapacity = (width: number, height: number) => Math.min(Math.ceil(width / 2) * height, MAX_RUNS);

/** The smoothed image at `image` copied out, with its runs below each of `levels` (undefined past `capacity`). */
function smoothedAndRuns(
  kernel: KernelExports,
  image: number,
  width: number,
  height: number,
  levels: readonly number[],
  runsOut: number,
  capacity: number,
): FlattenBlurResult | undefined {
  const runs = runsBelow(kernel, image, width, height, levels, runsOut, capacity);
  return runs && { smoothed: new Float32Array(kernel.memory.buffer, image, width * height).slice(), runs };
}

/**
 * `flattenBlurWasm` where the blur is the box passes of `radii` (filters.ts `boxRadiiForSigma`,
 * at most three): the smoothed image is the same bits as the JS path's (flattenRow, then
 * boxBlurRadii), and so are the runs.
 */
export function flattenBoxBlurWasm(
  data: Float32Array,
  width: number,
  height: number,
  c: Float64Array,
  radii: readonly number[],
  mirror = false,
  levels: readonly number[] = [],
): FlattenBlurResult | undefined {
  if (radii.length > 3 || c.length !== 10) return undefined;
  const kernel = kernelModule();
  if (!kernel) return undefined;
  const n = width * height;
  const capacity = runCapacity(width, height);
  const maxR = Math.max(0, ...radii);
  const src = 0;
  const dst = align16(n * 4);
  const work = dst + align16(n * 4);
  const tmp = work + align16(n * 4);
  const sums = tmp + align16(n * 4);
  const pad = sums + align16(width * 8);
  const across = pad + align16(4 * (width + 2 * maxR + 2) * 4);
  const runsOut = across + align16(width * 8);
  const { memory } = withMemory(kernel, runsOut + align16(capacity * 12));
  new Float32Array(memory.buffer, src, n).set(data);
  const r = [radii[0] ?? 0, radii[1] ?? 0, radii[2] ?? 0];
  kernel.flattenBoxBlur(src, dst, work, tmp, sums, pad, across, width, height, ...c, ...r, mirror ? 1 : 0);
  return smoothedAndRuns(kernel, dst, width, height, levels, runsOut, capacity);
}

/**
 * The runs of the f32 image at `image` below each of `levels`, as `appendRowRuns` finds them
 * (a value below the level, compared exactly: see `f32Above`); undefined past `capacity`.
 */
function runsBelow(
  kernel: KernelExports,
  image: number,
  width: number,
  height: number,
  levels: readonly number[],
  out: number,
  capacity: number,
): Runs[] | undefined {
  const runs: Runs[] = [];
  for (const level of levels) {
    const count = kernel.scanRuns(image, width, height, f32Above(level), out, capacity);
    if (count < 0) return undefined;
    runs.push(runsFromTriplets(kernel, out, count));
  }
  return runs;
}

/** The `count` runs a kernel wrote at `out` as (y, x0, x1) i32 triplets. */
export function runsFromTriplets(kernel: KernelExports, out: number, count: number): Runs {
  const triplets = new Int32Array(kernel.memory.buffer, out, count * 3);
  // Arrays of their final length, filled: a third of the time of pushing (measured).
  const runs: Runs = { y: new Array(count), x0: new Array(count), x1: new Array(count) };
  for (let i = 0; i < count; i++) {
    runs.y[i] = triplets[3 * i];
    runs.x0[i] = triplets[3 * i + 1];
    runs.x1[i] = triplets[3 * i + 2];
  }
  return runs;
}

const f32Bits = new Float32Array(1);
const f32Word = new Int32Array(f32Bits.buffer);

/**
 * The least 32-bit float ≥ `t`: a 32-bit value is below `t` exactly when it is below this, so a
 * kernel comparing in 32 bits finds what JS finds comparing in 64 (rounding `t` to the nearest
 * 32-bit float instead moved a value lying between the two to the wrong side).
 */
export function f32Above(t: number): number {
  f32Bits[0] = t;
  if (!(f32Bits[0] < t)) return f32Bits[0];
  // One step up: the next larger magnitude above zero, the next smaller one below it.
  if (f32Bits[0] === 0) f32Word[0] = 1;
  else f32Word[0] += f32Bits[0] > 0 ? 1 : -1;
  return f32Bits[0];
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
