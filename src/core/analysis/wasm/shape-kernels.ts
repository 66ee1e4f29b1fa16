/**
 * The JS side of the segmentation's shape kernels: the background fit, chamfer distances, the
 * sampling of edge profiles, the noise estimates' pair differences and band, and the selection
 * of medians, each laying out its buffers in the kernels' memory (kernels.ts), copying its inputs
 * in and its results out. The same bits as their JS twins (background.ts, chamfer.ts,
 * edge-profile.ts, area-uncertainty.ts, noise.ts); undefined where the kernels can't run, and the
 * caller then runs the JS.
 */

import { copyWindowRows, type ImageWindow } from '../image-window.ts';
import type { Runs } from '../runs.ts';
import { align16, heldMemory, kernelModule, runsFromTriplets, withMemory } from './kernels.ts';

/**
 * background.ts `blockMeans` and `robustFit` in WebAssembly, for a Float32 image: the same
 * surface's coefficients to the bit; `powers` are the monomials' exponents (`BACKGROUND_TERMS`).
 * Undefined where the kernels can't run.
 */
export function fitBackgroundWasm(
  data: Float32Array,
  width: number,
  height: number,
  side: number,
  sign: number,
  powers: ReadonlyArray<readonly [number, number]>,
): Float64Array | undefined {
  const kernel = kernelModule();
  if (!kernel || powers.length !== 10) return undefined;
  const blocks = Math.max(1, Math.floor(width / side)) * Math.max(1, Math.floor(height / side));
  const n = width * height;
  const powersAt = align16(n * 4);
  const values = powersAt + align16(10 * 8);
  const rows = values + align16(blocks * 8);
  const out = rows + align16(blocks * 10 * 8);
  const scratch = out + align16(10 * 8);
  const { memory } = withMemory(kernel, scratch + align16((15 * blocks + 130) * 8));
  new Float32Array(memory.buffer, 0, n).set(data);
  new Int32Array(memory.buffer, powersAt, 20).set(powers.flat());
  const count = kernel.blockMeans(0, width, height, side, powersAt, values, rows);
  kernel.robustFit(values, rows, count, sign, scratch, out);
  return new Float64Array(memory.buffer, out, 10).slice();
}

/**
 * chamfer.ts `chamferDistance` in WebAssembly: the same distances to the bit, inside the box
 * [x0, y0, x1, y1) of the width × height mask, to its set pixels or (`toUnset`) its unset ones;
 * undefined where the kernels can't run.
 */
export function chamferDistanceWasm(
  mask: Uint8Array,
  width: number,
  box: readonly [number, number, number, number],
  toUnset = false,
): Float32Array | undefined {
  const done = chamferIn(mask, width, box, toUnset, 0);
  return done && new Float32Array(done.kernel.memory.buffer, done.d, done.n).slice();
}

/**
 * chamfer.ts `chamferBands` in WebAssembly: the distances to the mask's set pixels inside the box
 * sorted into bands there (the same as the JS's), box-sized; undefined where the kernels can't run.
 */
export function chamferBandsWasm(
  mask: Uint8Array,
  width: number,
  box: readonly [number, number, number, number],
  near: readonly [limit: number, code: number],
  far: readonly [limit: number, code: number],
): Uint8Array | undefined {
  const done = chamferIn(mask, width, box, false, 1);
  if (!done) return undefined;
  const { kernel, d, n, after } = done;
  kernel.distanceBands(d, n, near[0], far[0], near[1], far[1], after);
  return new Uint8Array(kernel.memory.buffer, after, n).slice();
}

/**
 * edge-crop.ts `darkerInside`'s pixels in WebAssembly: within the box of the width-wide `mask`,
 * those set in it whose `smoothed` value (a window onto the box) is at most `level` or that lie
 * deeper than `interior` inside the mask, as runs in the box; the same runs as the JS's.
 * Undefined where the kernels can't run.
 */
export function insideRunsWasm(
  mask: Uint8Array,
  width: number,
  box: readonly [number, number, number, number],
  smoothed: ImageWindow,
  level: number,
  interior: number,
): Runs | undefined {
  // Room after the distances for the box's values (4 bytes a pixel) and its runs (≤ 6 a pixel).
  const done = chamferIn(mask, width, box, true, 4 + 12);
  if (!done) return undefined;
  const { kernel, d, n, after } = done;
  const [w, h] = [box[2] - box[0], box[3] - box[1]];
  copyWindowRows(smoothed, w, h, new Float32Array(kernel.memory.buffer, after, n));
  const out = after + align16(n * 4);
  const count = kernel.insideRuns(0, width, box[0], after, d, w, h, level, interior, out);
  return runsFromTriplets(kernel, out, count);
}

/**
 * The chamfer distances of the box in the kernels' memory: where they lie (`d`, `n` f32) and
 * where room for `bytesPerPixel` more a pixel starts after them; undefined where the kernels
 * can't run or the box is empty.
 */
function chamferIn(
  mask: Uint8Array,
  width: number,
  [x0, y0, x1, y1]: readonly [number, number, number, number],
  toUnset: boolean,
  bytesPerPixel: number,
) {
  const kernel = kernelModule();
  const [w, h] = [x1 - x0, y1 - y0];
  if (!kernel || !(w > 0 && h > 0)) return undefined;
  // Only the box's rows of the mask go in.
  const rows = mask.subarray(y0 * width, y1 * width);
  const d = align16(rows.length);
  const after = d + align16(w * h * 4);
  const { memory } = withMemory(kernel, after + align16(w * h * bytesPerPixel));
  new Uint8Array(memory.buffer, 0, rows.length).set(rows);
  kernel.chamferDistance(0, width, x0, 0, w, h, d, toUnset ? 1 : 0);
  return { kernel, d, n: w * h, after };
}

/** The sums of an edge profile's lines (see edge-profile.ts `sampleEdgeProfile`). */
export interface LineSums {
  values: Float64Array;
  squares: Float64Array;
  counts: Uint32Array;
  /** Lines kept (those cut short near the object are not). */
  lines: number;
}

/**
 * The pixel loops of edge-profile.ts `sampleEdgeProfile` in WebAssembly, the same bits: the
 * outline's pixels (with `findOutline`; else `outline` is empty, the lines being known), then
 * `sample` for the lines set up from them (ex, ey, nx, ny, beam each, at most `maxLines`); no
 * other kernel may run in between. `profile`: its points inside the outline, its length and how
 * far outside a line must be clear (see `sampleEdgeProfile`). Undefined where the kernels can't run.
 */
export function edgeLinesWasm(
  soft: Float32Array,
  blocked: Uint8Array | undefined,
  image: ImageWindow,
  width: number,
  height: number,
  within: readonly [number, number, number, number],
  maxLines: number,
  profile: { inside: number; length: number; clear: number },
  findOutline = true,
):
  | { outline: Int32Array; sample(lines: Float64Array, count: number, mirror: boolean): LineSums }
  | undefined {
  const kernel = kernelModule();
  if (!kernel) return undefined;
  const n = width * height;
  const { inside, length, clear } = profile;
  const softAt = 0;
  const imageAt = align16(n * 4);
  const blockedAt = imageAt + align16(n * 4);
  const outlineAt = blockedAt + align16(n);
  const linesAt = outlineAt + align16(n * 4);
  const valuesAt = linesAt + align16(maxLines * 5 * 8);
  const squaresAt = valuesAt + align16(length * 8);
  const countsAt = squaresAt + align16(length * 8);
  const lineAt = countsAt + align16(length * 4);
  const { memory } = withMemory(kernel, lineAt + align16(length * 8));
  new Float32Array(memory.buffer, softAt, n).set(soft);
  copyWindowRows(image, width, height, new Float32Array(memory.buffer, imageAt, n));
  if (blocked) new Uint8Array(memory.buffer, blockedAt, n).set(blocked);
  const found = findOutline ? kernel.outlinePixels(softAt, width, height, ...within, outlineAt) : 0;
  return {
    outline: new Int32Array(memory.buffer, outlineAt, found).slice(),
    sample(lines, count, mirror) {
      const { buffer } = kernel.memory;
      new Float64Array(buffer, linesAt, count * 5).set(lines.subarray(0, count * 5));
      new Uint8Array(buffer, valuesAt, countsAt + length * 4 - valuesAt).fill(0);
      const args = [valuesAt, squaresAt, countsAt, lineAt] as const;
      const blockedArg = blocked ? blockedAt : 0;
      const shape = [mirror ? 1 : 0, inside, length, clear] as const;
      const kept = kernel.sampleLines(
        softAt,
        blockedArg,
        imageAt,
        width,
        height,
        linesAt,
        count,
        ...shape,
        ...args,
      );
      return {
        values: new Float64Array(buffer, valuesAt, length).slice(),
        squares: new Float64Array(buffer, squaresAt, length).slice(),
        counts: new Uint32Array(buffer, countsAt, length).slice(),
        lines: kept,
      };
    },
  };
}

/** Below this many values the copies in and out cost more than the JS selection. */
const MIN_SELECT_VALUES = 1024;

/**
 * noise.ts `selectKth` in WebAssembly: the same value; `values` left as they are, or reordered as
 * the JS does where a NaN or a −0 is among them. Undefined where the kernels can't run or there
 * are too few values to gain.
 */
export function selectKthWasm(values: Float32Array, k: number): number | undefined {
  if (values.length < MIN_SELECT_VALUES) return undefined;
  const kernel = kernelModule();
  if (!kernel) return undefined;
  // Medians are taken inside the masked spectrum too (its contrast floor): above its buffers.
  const at = heldMemory();
  const hist = at + align16(values.length * 4);
  const keys = hist + 4 * 2048 * 4;
  const reordered = keys + align16(values.length * 4);
  const { memory } = withMemory(kernel, reordered + 16);
  const inside = new Float32Array(memory.buffer, at, values.length);
  inside.set(values);
  const value = kernel.selectKth(at, values.length, k, hist, keys, reordered);
  // Left as they were unless a NaN or a −0 sent the kernel to the quickselect, which reorders.
  if (new Uint32Array(memory.buffer, reordered, 1)[0] !== 0) values.set(inside);
  return value;
}

/**
 * How many pixels of the window's width × height lie within `within` of `level` (area-uncertainty.ts
 * `areaUncertaintyTerms`' noise band), the same count as the JS's; undefined where the kernels
 * can't run.
 */
export function countNearWasm(
  image: ImageWindow,
  width: number,
  height: number,
  level: number,
  within: number,
): number | undefined {
  const kernel = kernelModule();
  if (!kernel) return undefined;
  const n = width * height;
  const { memory } = withMemory(kernel, align16(n * 4));
  copyWindowRows(image, width, height, new Float32Array(memory.buffer, 0, n));
  return kernel.countNear(0, n, level, within);
}

/**
 * background.ts `transmissionNoiseSigma`'s pair differences in WebAssembly, the same values in
 * the same order: every `step`-th row of `data` (width × height) copied in, with its background
 * cubic in u (`cubicAt(y)`: p0…p3), and the pairs at x = 0, step, … (u = `uAt(x)`). Undefined
 * where the kernels can't run.
 */
export function transmissionDiffsWasm(
  data: Float32Array,
  width: number,
  height: number,
  step: number,
  cubicAt: (y: number) => readonly number[],
  uAt: (x: number) => number,
  twiceLevel: number,
): Float32Array | undefined {
  const kernel = kernelModule();
  if (!kernel) return undefined;
  const count = Math.ceil(height / step);
  const pairs = Math.ceil((width - 1) / step);
  const cubicsAt = align16(count * width * 4);
  const usAt = cubicsAt + align16(count * 4 * 8);
  const out = usAt + align16(pairs * 8);
  const { memory } = withMemory(kernel, out + align16(count * pairs * 4));
  const rows = new Float32Array(memory.buffer, 0, count * width);
  const cubics = new Float64Array(memory.buffer, cubicsAt, count * 4);
  for (let r = 0; r < count; r++) {
    rows.set(data.subarray(r * step * width, (r * step + 1) * width), r * width);
    cubics.set(cubicAt(r * step), 4 * r);
  }
  const us = new Float64Array(memory.buffer, usAt, pairs);
  for (let k = 0; k < pairs; k++) us[k] = uAt(k * step);
  const n = kernel.transmissionDiffs(0, count, width, step, cubicsAt, usAt, twiceLevel, out);
  return new Float32Array(memory.buffer, out, n).slice();
}
