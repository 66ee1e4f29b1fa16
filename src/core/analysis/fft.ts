/**
 * Iterative radix-2 complex FFT on split real / imaginary Float64Arrays, 1-D and 2-D.
 *
 * These are low-level kernels that transform their work buffers in place (unlike the image
 * functions, which never modify their input). Bit-reversal tables and twiddles are computed once
 * per length and cached. Conventions follow numpy: the forward transform is
 * X[k] = Σ x[n]·e^(−2πi·kn/N), the inverse carries the 1/N factor.
 */

import { inverseRealFft2dWasm, realFft2dWasm } from './wasm/drift-kernels.ts';

export interface FftPlan {
  size: number;
  /** log2(size). */
  bits: number;
  /** Bit-reversed index of each index. */
  reversed: Uint32Array;
  /** cos(2πk/size) and sin(2πk/size) for k < size/2. */
  cos: Float64Array;
  sin: Float64Array;
}

const plans = new Map<number, FftPlan>();

/** True for 1, 2, 4, 8, ... */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

/** The bit reversal and twiddles of a power-of-two length, computed once per length. */
export function planFor(size: number): FftPlan {
  const cached = plans.get(size);
  if (cached) return cached;
  if (!isPowerOfTwo(size)) throw new RangeError(`FFT length ${size} is not a power of two`);
  const bits = Math.round(Math.log2(size));
  const reversed = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >>> b) & 1) << (bits - 1 - b);
    reversed[i] = r;
  }
  const half = size >> 1;
  const cos = new Float64Array(half);
  const sin = new Float64Array(half);
  for (let k = 0; k < half; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / size);
    sin[k] = Math.sin((2 * Math.PI * k) / size);
  }
  const plan = { size, bits, reversed, cos, sin };
  plans.set(size, plan);
  return plan;
}

/**
 * Transforms re/im[offset, offset + size) in place (unscaled): bit reversal, then the radix-2
 * stages two at a time: each group of four values is loaded once for both stages, with the
 * very operations of two radix-2 stages (same twiddles, same order), so the result is the
 * same to the last bit at half the loads and stores.
 */
function transformRun(
  re: Float64Array,
  im: Float64Array,
  offset: number,
  plan: FftPlan,
  inverse: boolean,
): void {
  const { size, reversed, cos, sin } = plan;
  for (let i = 0; i < size; i++) {
    const j = reversed[i];
    if (j > i) {
      const a = offset + i;
      const b = offset + j;
      const tr = re[a];
      re[a] = re[b];
      re[b] = tr;
      const ti = im[a];
      im[a] = im[b];
      im[b] = ti;
    }
  }
  const sign = inverse ? 1 : -1;
  let span = 2;
  if (plan.bits % 2 === 1) {
    // An odd number of stages: the first (span 2, twiddle 1) alone.
    const wr = cos[0];
    const wi = sign * sin[0];
    for (let a = offset; a < offset + size; a += 2) {
      const b = a + 1;
      const tr = wr * re[b] - wi * im[b];
      const ti = wr * im[b] + wi * re[b];
      re[b] = re[a] - tr;
      im[b] = im[a] - ti;
      re[a] += tr;
      im[a] += ti;
    }
    span = 4;
  }
  for (; span <= size; span <<= 2) {
    // Stages of span `span` and `2 * span` together.
    const h = span >> 1;
    const stepA = size / span;
    const stepB = stepA >> 1;
    for (let k = 0; k < h; k++) {
      const ar = cos[k * stepA];
      const ai = sign * sin[k * stepA];
      const br = cos[k * stepB];
      const bi = sign * sin[k * stepB];
      const cr = cos[(k + h) * stepB];
      const ci = sign * sin[(k + h) * stepB];
      for (let j0 = offset + k; j0 < offset + size; j0 += 2 * span) {
        const j1 = j0 + h;
        const j2 = j1 + h;
        const j3 = j2 + h;
        let r0 = re[j0];
        let i0 = im[j0];
        let r1 = re[j1];
        let i1 = im[j1];
        let r2 = re[j2];
        let i2 = im[j2];
        let r3 = re[j3];
        let i3 = im[j3];
        // Stage of span `span`: (j0, j1) and (j2, j3), twiddle a.
        let tr = ar * r1 - ai * i1;
        let ti = ar * i1 + ai * r1;
        r1 = r0 - tr;
        i1 = i0 - ti;
        r0 += tr;
        i0 += ti;
        tr = ar * r3 - ai * i3;
        ti = ar * i3 + ai * r3;
        r3 = r2 - tr;
        i3 = i2 - ti;
        r2 += tr;
        i2 += ti;
        // Stage of span `2 * span`: (j0, j2) with twiddle b, (j1, j3) with twiddle c.
        tr = br * r2 - bi * i2;
        ti = br * i2 + bi * r2;
        re[j2] = r0 - tr;
        im[j2] = i0 - ti;
        re[j0] = r0 + tr;
        im[j0] = i0 + ti;
        tr = cr * r3 - ci * i3;
        ti = cr * i3 + ci * r3;
        re[j3] = r1 - tr;
        im[j3] = i1 - ti;
        re[j1] = r1 + tr;
        im[j1] = i1 + ti;
      }
    }
  }
}

/**
 * Transforms every column of a row-major width × height array in place (unscaled). The butterflies
 * combine whole rows, so the inner loop runs along memory over all columns at once instead of
 * walking each column with a stride.
 */
function transformColumns(
  re: Float64Array,
  im: Float64Array,
  width: number,
  plan: FftPlan,
  inverse: boolean,
): void {
  const { size, reversed, cos, sin } = plan;
  const tmp = new Float64Array(width);
  const swapRows = (a: Float64Array, i: number, j: number) => {
    tmp.set(a.subarray(i, i + width));
    a.copyWithin(i, j, j + width);
    a.set(tmp, j);
  };
  for (let i = 0; i < size; i++) {
    const j = reversed[i];
    if (j > i) {
      swapRows(re, i * width, j * width);
      swapRows(im, i * width, j * width);
    }
  }
  const sign = inverse ? 1 : -1;
  let span = 2;
  if (plan.bits % 2 === 1) {
    const wr = cos[0];
    const wi = sign * sin[0];
    for (let start = 0; start < size; start += 2) {
      const a0 = start * width;
      const b0 = a0 + width;
      for (let x = 0; x < width; x++) {
        const a = a0 + x;
        const b = b0 + x;
        const tr = wr * re[b] - wi * im[b];
        const ti = wr * im[b] + wi * re[b];
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
      }
    }
    span = 4;
  }
  for (; span <= size; span <<= 2) {
    // Stages of span `span` and `2 * span` together, as in `transformRun`, on whole rows.
    const h = span >> 1;
    const stepA = size / span;
    const stepB = stepA >> 1;
    for (let k = 0; k < h; k++) {
      const ar = cos[k * stepA];
      const ai = sign * sin[k * stepA];
      const br = cos[k * stepB];
      const bi = sign * sin[k * stepB];
      const cr = cos[(k + h) * stepB];
      const ci = sign * sin[(k + h) * stepB];
      for (let start = k; start < size; start += 2 * span) {
        const o0 = start * width;
        const o1 = o0 + h * width;
        const o2 = o1 + h * width;
        const o3 = o2 + h * width;
        for (let x = 0; x < width; x++) {
          let r0 = re[o0 + x];
          let i0 = im[o0 + x];
          let r1 = re[o1 + x];
          let i1 = im[o1 + x];
          let r2 = re[o2 + x];
          let i2 = im[o2 + x];
          let r3 = re[o3 + x];
          let i3 = im[o3 + x];
          let tr = ar * r1 - ai * i1;
          let ti = ar * i1 + ai * r1;
          r1 = r0 - tr;
          i1 = i0 - ti;
          r0 += tr;
          i0 += ti;
          tr = ar * r3 - ai * i3;
          ti = ar * i3 + ai * r3;
          r3 = r2 - tr;
          i3 = i2 - ti;
          r2 += tr;
          i2 += ti;
          tr = br * r2 - bi * i2;
          ti = br * i2 + bi * r2;
          re[o2 + x] = r0 - tr;
          im[o2 + x] = i0 - ti;
          re[o0 + x] = r0 + tr;
          im[o0 + x] = i0 + ti;
          tr = cr * r3 - ci * i3;
          ti = cr * i3 + ci * r3;
          re[o3 + x] = r1 - tr;
          im[o3 + x] = i1 - ti;
          re[o1 + x] = r1 + tr;
          im[o1 + x] = i1 + ti;
        }
      }
    }
  }
}

function scale(re: Float64Array, im: Float64Array, factor: number): void {
  for (let i = 0; i < re.length; i++) {
    re[i] *= factor;
    im[i] *= factor;
  }
}

/**
 * 1-D FFT of (re, im) in place; the length must be a power of two.
 *
 * @param inverse inverse transform, scaled by 1/N
 */
export function fftInPlace(re: Float64Array, im: Float64Array, inverse = false): void {
  if (re.length !== im.length) throw new RangeError('real and imaginary parts differ in length');
  const plan = planFor(re.length);
  transformRun(re, im, 0, plan, inverse);
  if (inverse) scale(re, im, 1 / re.length);
}

/**
 * 2-D FFT of a row-major width × height complex array in place: rows, then columns. Both sizes
 * must be powers of two.
 *
 * @param inverse inverse transform, scaled by 1/(width·height)
 */
export function fft2dInPlace(
  re: Float64Array,
  im: Float64Array,
  width: number,
  height: number,
  inverse = false,
): void {
  if (re.length !== width * height || im.length !== width * height) {
    throw new RangeError('array length does not match width × height');
  }
  const rowPlan = planFor(width);
  const columnPlan = planFor(height);
  for (let y = 0; y < height; y++) transformRun(re, im, y * width, rowPlan, inverse);
  transformColumns(re, im, width, columnPlan, inverse);
  if (inverse) scale(re, im, 1 / (width * height));
}

/**
 * Half spectrum of a real row-major width × height image: `width / 2 + 1` columns (frequencies
 * 0 … width/2) × `height` rows; the other columns follow from F[−y][−x] = conj F[y][x]. Half
 * the work of `fft2dInPlace`: each pair of rows is transformed as one complex row (a + ib) and
 * split apart, and only the kept columns are transformed down. `image` is not modified.
 */
export function realFft2d(
  image: Float64Array,
  width: number,
  height: number,
): { re: Float64Array; im: Float64Array } {
  if (image.length !== width * height) throw new RangeError('array length does not match width × height');
  if (width < 2 || height < 2) throw new RangeError('a real 2-D FFT needs at least 2 × 2 values');
  const rowPlan = planFor(width);
  const columnPlan = planFor(height);
  const fast = realFft2dWasm(image, width, height, rowPlan, columnPlan);
  if (fast) return fast;
  const hw = width / 2 + 1;
  const re = new Float64Array(hw * height);
  const im = new Float64Array(hw * height);
  const zr = new Float64Array(width);
  const zi = new Float64Array(width);
  for (let y = 0; y < height; y += 2) {
    zr.set(image.subarray(y * width, (y + 1) * width));
    zi.set(image.subarray((y + 1) * width, (y + 2) * width));
    transformRun(zr, zi, 0, rowPlan, false);
    // Z = A + iB with A, B the spectra of the two real rows: A = (Z[k] + conj Z[−k]) / 2,
    // B = (Z[k] − conj Z[−k]) / 2i.
    const a = y * hw;
    const b = a + hw;
    for (let k = 0; k < hw; k++) {
      const m = (width - k) & (width - 1);
      re[a + k] = (zr[k] + zr[m]) / 2;
      im[a + k] = (zi[k] - zi[m]) / 2;
      re[b + k] = (zi[k] + zi[m]) / 2;
      im[b + k] = (zr[m] - zr[k]) / 2;
    }
  }
  transformColumns(re, im, hw, columnPlan, false);
  return { re, im };
}

/**
 * Inverse of `realFft2d` (scaled by 1/(width·height)): the real image whose half spectrum is
 * (re, im), which must come from a real image or share its symmetry (e.g. a cross-power
 * spectrum of two real images). The inputs may be used as work space and overwritten.
 */
export function inverseRealFft2d(
  re: Float64Array,
  im: Float64Array,
  width: number,
  height: number,
): Float64Array {
  const hw = width / 2 + 1;
  if (re.length !== hw * height || im.length !== hw * height) {
    throw new RangeError('half-spectrum length does not match (width / 2 + 1) × height');
  }
  const rowPlan = planFor(width);
  const fast = inverseRealFft2dWasm(re, im, width, height, rowPlan, planFor(height));
  if (fast) return fast;
  transformColumns(re, im, hw, planFor(height), true);
  const out = new Float64Array(width * height);
  const zr = new Float64Array(width);
  const zi = new Float64Array(width);
  for (let y = 0; y < height; y += 2) {
    // Z = A + iB over all frequencies, with A[−k] = conj A[k] (and B alike) for the missing half.
    const a = y * hw;
    const b = a + hw;
    for (let k = 0; k < width; k++) {
      const mirrored = k >= hw;
      const j = mirrored ? width - k : k;
      const ar = re[a + j];
      const ai = mirrored ? -im[a + j] : im[a + j];
      const br = re[b + j];
      const bi = mirrored ? -im[b + j] : im[b + j];
      zr[k] = ar - bi;
      zi[k] = ai + br;
    }
    transformRun(zr, zi, 0, rowPlan, true);
    const scale = 1 / (width * height);
    for (let x = 0; x < width; x++) {
      out[y * width + x] = zr[x] * scale;
      out[(y + 1) * width + x] = zi[x] * scale;
    }
  }
  return out;
}
