/**
 * Iterative radix-2 complex FFT on split real / imaginary Float64Arrays, 1-D and 2-D.
 *
 * These are low-level kernels that transform their work buffers in place (unlike the image
 * functions, which never modify their input). Bit-reversal tables and twiddles are computed once
 * per length and cached. Conventions follow numpy: the forward transform is
 * X[k] = Σ x[n]·e^(−2πi·kn/N), the inverse carries the 1/N factor.
 */

interface FftPlan {
  size: number;
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

function planFor(size: number): FftPlan {
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
  const plan = { size, reversed, cos, sin };
  plans.set(size, plan);
  return plan;
}

/** Transforms re/im[offset, offset + size) in place (unscaled). */
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
  for (let span = 2; span <= size; span <<= 1) {
    const half = span >> 1;
    const step = size / span;
    for (let k = 0; k < half; k++) {
      const wr = cos[k * step];
      const wi = sign * sin[k * step];
      for (let start = offset + k; start < offset + size; start += span) {
        const b = start + half;
        const tr = wr * re[b] - wi * im[b];
        const ti = wr * im[b] + wi * re[b];
        re[b] = re[start] - tr;
        im[b] = im[start] - ti;
        re[start] += tr;
        im[start] += ti;
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
  for (let span = 2; span <= size; span <<= 1) {
    const half = span >> 1;
    const step = size / span;
    for (let k = 0; k < half; k++) {
      const wr = cos[k * step];
      const wi = sign * sin[k * step];
      for (let start = k; start < size; start += span) {
        const a0 = start * width;
        const b0 = (start + half) * width;
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
 * spectrum of two real images). The inputs are used as work space and overwritten.
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
