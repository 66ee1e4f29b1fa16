/**
 * Acquisition effects of real operando bright-field movies that the segmentation must survive:
 * hot detector pixels, beam flicker and decay, vignetting, carbon film texture, lattice fringes.
 * Each draws from its own seeded stream, so switching one on never changes what another draws.
 */

import { type Disc, forEachDiscRow } from './geometry.ts';
import type { FlickerOptions } from './options.ts';
import { createRng } from './rng.ts';

/** Stuck detector pixels: positions (row-major indices) and the counts they always read. */
export interface HotPixels {
  index: Uint32Array;
  value: Uint16Array;
}

export function createHotPixels(seed: number, pixelCount: number, count: number, dose: number): HotPixels {
  const rng = createRng(seed);
  const n = Math.min(count, pixelCount);
  const taken = new Set<number>();
  while (taken.size < n) taken.add(Math.floor(rng.next() * pixelCount));
  const index = Uint32Array.from(taken).sort();
  const value = Uint16Array.from(index, () => Math.min(65535, Math.round(rng.uniform(8, 30) * dose)));
  return { index, value };
}

/** Which frames flicker, and the beam multiplier of every frame (flicker × linear decay). */
export interface BeamPlan {
  flickerFrames: number[];
  factor: Float64Array;
}

export function createBeamPlan(
  seed: number,
  frameCount: number,
  flicker: FlickerOptions | undefined,
  decay: number,
): BeamPlan {
  const factor = new Float64Array(frameCount);
  for (let i = 0; i < frameCount; i++) factor[i] = 1 - (decay * i) / Math.max(1, frameCount - 1);
  const flickerFrames: number[] = [];
  if (flicker && flicker.fraction > 0) {
    const rng = createRng(seed);
    const count = Math.min(frameCount, Math.round(flicker.fraction * frameCount));
    // Partial Fisher–Yates: `count` distinct frames without rejection loops.
    const order = Uint32Array.from({ length: frameCount }, (_, i) => i);
    for (let k = 0; k < count; k++) {
      const j = k + Math.floor(rng.next() * (frameCount - k));
      [order[k], order[j]] = [order[j], order[k]];
      flickerFrames.push(order[k]);
    }
    flickerFrames.sort((a, b) => a - b);
    const [lo, hi] = flicker.factorRange;
    for (const i of flickerFrames) factor[i] *= rng.uniform(lo, hi);
  }
  return { flickerFrames, factor };
}

/** Carbon film transmission (1 + a·T) on a canvas padded by `pad` px on every side for the drift. */
export interface FilmTexture {
  field: Float32Array;
  stride: number;
  pad: number;
}

/**
 * Amorphous carbon looks like correlated noise at a few scales: two octaves of Gaussian-blurred
 * white noise (σ ≈ 1.5 and 5 px at 512², i.e. correlation lengths of ~5 and ~15 px), each
 * normalised, summed and scaled to the requested RMS. Built once; frames sample it shifted.
 */
export function createFilmTexture(
  seed: number,
  width: number,
  height: number,
  pad: number,
  amplitude: number,
  scale: number,
): FilmTexture {
  const stride = width + 2 * pad;
  const rows = height + 2 * pad;
  const rng = createRng(seed);
  const total = new Float32Array(stride * rows);
  const octave = new Float32Array(stride * rows);
  for (const sigma of [1.5 * scale, 5 * scale]) {
    // Uniform white noise is enough: after the blur it is Gaussian to the eye (central limit).
    for (let j = 0; j < octave.length; j++) octave[j] = rng.next() - 0.5;
    gaussianBlur(octave, stride, rows, Math.max(0.8, sigma));
    const k = 1 / rootMeanSquare(octave);
    for (let j = 0; j < total.length; j++) total[j] += octave[j] * k;
  }
  const k = amplitude / rootMeanSquare(total);
  for (let j = 0; j < total.length; j++) total[j] = Math.max(0, 1 + total[j] * k);
  return { field: total, stride, pad };
}

function rootMeanSquare(a: Float32Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * a[j];
  return Math.sqrt(s / a.length) || 1;
}

/** Three box passes per axis approximate a Gaussian of the given σ (in pixels) in O(n). */
function gaussianBlur(a: Float32Array, w: number, h: number, sigma: number): void {
  const r = Math.max(1, Math.round((Math.sqrt(4 * sigma * sigma + 1) - 1) / 2));
  const line = new Float32Array(w);
  const acc = new Float64Array(w);
  const tmp = new Float32Array(w * h);
  const inv = 1 / (2 * r + 1);
  for (let pass = 0; pass < 3; pass++) {
    for (let y = 0; y < h; y++) {
      const row = y * w;
      let s = 0;
      for (let i = -r; i <= r; i++) s += a[row + Math.min(w - 1, Math.max(0, i))];
      for (let x = 0; x < w; x++) {
        line[x] = s * inv;
        s += a[row + Math.min(w - 1, x + r + 1)] - a[row + Math.max(0, x - r)];
      }
      tmp.set(line, row);
    }
    // Vertical pass a row at a time, with one running sum per column: sequential memory access.
    acc.fill(0);
    for (let i = -r; i <= r; i++) {
      const src = Math.min(h - 1, Math.max(0, i)) * w;
      for (let x = 0; x < w; x++) acc[x] += tmp[src + x];
    }
    for (let y = 0; y < h; y++) {
      const row = y * w;
      const add = Math.min(h - 1, y + r + 1) * w;
      const sub = Math.max(0, y - r) * w;
      for (let x = 0; x < w; x++) {
        a[row + x] = acc[x] * inv;
        acc[x] += tmp[add + x] - tmp[sub + x];
      }
    }
  }
}

/** Static and per-frame illumination of the effects path. */
export interface Illumination {
  width: number;
  height: number;
  /** Counts per pixel at the frame centre, dose × beam factor of this frame. */
  dose: number;
  /** Tilt gradients, relative per pixel along x and y. */
  gx: number;
  gy: number;
  vignetting: number;
  film?: FilmTexture;
  /** Specimen drift of this frame, in pixels. */
  driftX: number;
  driftY: number;
}

/**
 * Turns optical depth into expected counts in place: dose × tilt × vignetting × film × e^(−depth).
 * The film is sampled at (x − drift): the drift is the same for every pixel, so the bilinear
 * weights are constant over the frame and the lookup is four reads.
 */
export function expectedCounts(depth: Float32Array, il: Illumination): void {
  const { width, height, vignetting } = il;
  const film = il.film;
  const invCorner2 = 4 / (width * width + height * height);
  let ix = 0;
  let iy = 0;
  let w00 = 1;
  let w10 = 0;
  let w01 = 0;
  let w11 = 0;
  if (film) {
    const fx = film.pad - il.driftX;
    const fy = film.pad - il.driftY;
    ix = Math.floor(fx);
    iy = Math.floor(fy);
    const ax = fx - ix;
    const ay = fy - iy;
    w00 = (1 - ax) * (1 - ay);
    w10 = ax * (1 - ay);
    w01 = (1 - ax) * ay;
    w11 = ax * ay;
  }
  for (let y = 0; y < height; y++) {
    const cy = y + 0.5 - height / 2;
    const rowBase = il.dose * (1 + il.gy * cy + il.gx * (0.5 - width / 2));
    const dRow = il.dose * il.gx;
    const vRow = cy * cy;
    const row = y * width;
    const fRow = film ? (y + iy) * film.stride + ix : 0;
    for (let x = 0; x < width; x++) {
      let bg = rowBase + dRow * x;
      if (vignetting > 0) {
        const cx = x + 0.5 - width / 2;
        bg *= 1 - vignetting * (cx * cx + vRow) * invCorner2;
      }
      if (film) {
        const f = film.field;
        const s = film.stride;
        const k = fRow + x;
        bg *= w00 * f[k] + w10 * f[k + 1] + w01 * f[k + s] + w11 * f[k + s + 1];
      }
      const od = depth[row + x];
      depth[row + x] = od !== 0 ? bg * Math.exp(-od) : bg;
    }
  }
}

/** Lattice fringes of one particle: wave vector (radians per pixel) and phase. */
export interface Fringe {
  kx: number;
  ky: number;
  phase: number;
}

export function createFringes(seed: number, count: number): Fringe[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => {
    const theta = rng.uniform(0, Math.PI);
    const k = (2 * Math.PI) / rng.uniform(4, 9);
    return { kx: k * Math.cos(theta), ky: k * Math.sin(theta), phase: rng.uniform(0, 2 * Math.PI) };
  });
}

/**
 * Adds the fringes of the crystalline core `core` (the particle's pristine disc, which the
 * amorphous lithiated shell grows around) to `depth`. Diffraction contrast scales with the
 * crystal's thickness, so the amplitude falls as √(1 − ρ²/r²) towards the core's rim instead of
 * stopping in a step that the segmentation would mistake for an edge. Along a row the phase
 * advances by a constant, so cos is stepped by rotation instead of evaluated per pixel.
 */
export function addFringes(
  depth: Float32Array,
  core: Disc,
  f: Fringe,
  amplitude: number,
  width: number,
  height: number,
): void {
  const cosStep = Math.cos(f.kx);
  const sinStep = Math.sin(f.kx);
  const invR = 1 / core.r;
  forEachDiscRow(core, width, height, (y, x0, x1, rem) => {
    const dy = y + 0.5 - core.cy;
    const arg = f.kx * (x0 + 0.5 - core.cx) + f.ky * dy + f.phase;
    let c = Math.cos(arg);
    let s = Math.sin(arg);
    const row = y * width;
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - core.cx;
      const t2 = rem - dx * dx;
      if (t2 > 0) depth[row + x] -= Math.log1p(amplitude * Math.sqrt(t2) * invR * c);
      const c1 = c * cosStep - s * sinStep;
      s = s * cosStep + c * sinStep;
      c = c1;
    }
  });
}
