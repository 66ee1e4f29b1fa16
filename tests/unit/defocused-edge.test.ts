/**
 * A defocused bright-field image rings at every edge (a bright Fresnel fringe outside, a dark one
 * inside). The images here are made by wave optics, independently of the segmentation: the
 * electron wave leaves the specimen with amplitude √T inside each particle and 1 on the film, is
 * propagated by a defocus (a phase chirp in Fourier space, damped by partial coherence), and the
 * image is its intensity. In focus the step's outline is kept.
 */
import { describe, expect, it } from 'vitest';
import { labelRuns } from '../../src/core/analysis/components.ts';
import { isDefocused, moveToDefocusedEdges } from '../../src/core/analysis/edge-outline.ts';
import { defocusedEdgeLevel, edgeLevel, showsFringe } from '../../src/core/analysis/edge-profile.ts';
import { fft2dInPlace, fftInPlace } from '../../src/core/analysis/fft.ts';
import { gaussianBlur } from '../../src/core/analysis/filters.ts';
import { defaultSegmentParams, resolveParams } from '../../src/core/analysis/params.ts';
import { maskToRuns, runsToMask } from '../../src/core/analysis/runs.ts';
import { segmentMask } from '../../src/core/analysis/segment.ts';
import { edgeInputOn, profileOnFlatBeam } from '../helpers/edge-input.ts';
import { seededNormals } from '../helpers/seeded-noise.ts';

const SIZE = 256;
const FILM = 1000;

interface Disk {
  x: number;
  y: number;
  radius: number;
  /** Fraction of the intensity the particle transmits. */
  transmission: number;
}

/** λΔf of the defocus, px²: the first fringe is about √(λΔf) wide. */
const DEFOCUS_PX2 = 40;
/** Partial coherence damps spatial frequencies above this, per px: the edge's ramp spreads over several px, as on the real crops. */
const COHERENCE_PER_PX = 0.12;

/**
 * The lens acting on the wave's Fourier component (re[i], im[i]) at squared spatial frequency
 * `k2` (px⁻²), in place: the defocus's phase chirp, damped by partial coherence.
 */
function defocusComponent(re: Float64Array, im: Float64Array, i: number, k2: number): void {
  const chi = Math.PI * DEFOCUS_PX2 * k2;
  const damping = Math.exp(-k2 / (2 * COHERENCE_PER_PX ** 2));
  const [a, b] = [re[i], im[i]];
  re[i] = damping * (a * Math.cos(chi) + b * Math.sin(chi));
  im[i] = damping * (b * Math.cos(chi) - a * Math.sin(chi));
}

/** Signed frequency of FFT bin `u` of `n`, per px. */
const frequency = (u: number, n: number) => (u < n / 2 ? u : u - n) / n;

/**
 * The intensity image of `disks` under defocus (`defocusComponent`). Returns the noise-free
 * intensity (film = 1) and, per disk, its true area (pixel centres inside).
 */
function defocusedImage(disks: Disk[]) {
  const re = new Float64Array(SIZE * SIZE);
  const im = new Float64Array(SIZE * SIZE);
  const areas = disks.map(() => 0);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let amplitude = 1;
      for (const [k, d] of disks.entries()) {
        if ((x - d.x) ** 2 + (y - d.y) ** 2 < d.radius ** 2) {
          amplitude = Math.sqrt(d.transmission);
          areas[k]++;
        }
      }
      re[y * SIZE + x] = amplitude;
    }
  }
  fft2dInPlace(re, im, SIZE, SIZE);
  for (let v = 0; v < SIZE; v++) {
    for (let u = 0; u < SIZE; u++) {
      defocusComponent(re, im, v * SIZE + u, frequency(u, SIZE) ** 2 + frequency(v, SIZE) ** 2);
    }
  }
  fft2dInPlace(re, im, SIZE, SIZE, true);
  const intensity = new Float64Array(SIZE * SIZE);
  for (let i = 0; i < intensity.length; i++) intensity[i] = re[i] * re[i] + im[i] * im[i];
  return { intensity, areas };
}

/** `intensity` on a film of FILM counts with 2 % white noise, as a uint16 frame. */
function toFrame(intensity: Float64Array, seed: number) {
  const noise = seededNormals(seed);
  const data = new Uint16Array(intensity.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(FILM * intensity[i] * (1 + 0.02 * noise()));
  return { width: SIZE, height: SIZE, data };
}

/** The segmented area of the object under (x, y), from a mask of frame pixels. */
function areaUnder(mask: Uint8Array, x: number, y: number): number {
  const runs = maskToRuns(mask, SIZE, SIZE);
  const { labels, areas } = labelRuns(runs, 8);
  for (let r = 0; r < runs.y.length; r++) {
    if (runs.y[r] === y && runs.x0[r] <= x && x < runs.x1[r]) return areas[labels[r]];
  }
  return 0;
}

describe('defocused edges', () => {
  it('the intensity on a defocused edge is that of the mean wave, ((1 + √T) / 2)², not half-way', () => {
    // The physics the edge level rests on, checked by wave optics on a straight edge: a line of
    // 1024 px, particle (amplitude √T) on its middle half, film elsewhere, defocused as above.
    const n = 1024;
    for (const transmission of [0.3, 0.6]) {
      const re = Float64Array.from({ length: n }, (_, x) =>
        x >= n / 4 && x < (3 * n) / 4 ? Math.sqrt(transmission) : 1,
      );
      const im = new Float64Array(n);
      fftInPlace(re, im);
      for (let u = 0; u < n; u++) defocusComponent(re, im, u, frequency(u, n) ** 2);
      fftInPlace(re, im, true);
      const intensity = (x: number) => re[x] * re[x] + im[x] * im[x];
      // The edge lies between pixels 767 (particle) and 768 (film).
      const onEdge = (intensity(767) + intensity(768)) / 2;
      const level = defocusedEdgeLevel(1, transmission);
      const halfWay = (1 + transmission) / 2;
      expect(Math.abs(onEdge - level)).toBeLessThan(0.25 * Math.abs(halfWay - level));
    }
  });

  it('measures a defocused particle within 1.5 % (the step alone: +5 % or more)', () => {
    const { intensity, areas } = defocusedImage([{ x: 128, y: 128, radius: 40, transmission: 0.5 }]);
    const frame = toFrame(intensity, 1);
    const { result } = segmentMask(frame, defaultSegmentParams, { frameIndex: 0 });
    expect(Math.abs(result.areaPx - areas[0]) / areas[0]).toBeLessThan(0.015);
  });

  it('measures each particle on its own contrast, and keeps close neighbours apart', () => {
    // A dark particle and a faint one 6 px apart: one level for both would put the faint one's
    // edge too far in (or the dark one's too far out).
    const disks = [
      { x: 80, y: 128, radius: 36, transmission: 0.3 },
      { x: 158, y: 128, radius: 36, transmission: 0.75 },
    ];
    const { intensity, areas } = defocusedImage(disks);
    const frame = toFrame(intensity, 3);
    const { mask, result } = segmentMask(frame, resolveParams({ particles: true }), { frameIndex: 0 });
    expect(result.particles?.length).toBe(2);
    for (const [k, d] of disks.entries()) {
      expect(Math.abs(areaUnder(mask, d.x, d.y) - areas[k]) / areas[k]).toBeLessThan(0.02);
    }
  });

  it('redraws the rim only: a pale spot inside a particle does not become a hole', () => {
    // A dark particle (T = 0.4, edge level 0.67) with a pale core (T = 0.72: darker than the
    // step even where its own edge rings, brighter than the particle's edge level) of radius 12.
    const { intensity, areas } = defocusedImage([
      { x: 128, y: 128, radius: 40, transmission: 0.4 },
      { x: 128, y: 128, radius: 12, transmission: 0.72 },
    ]);
    const { result } = segmentMask(toFrame(intensity, 5), defaultSegmentParams, { frameIndex: 0 });
    expect(Math.abs(result.areaPx - areas[0]) / areas[0]).toBeLessThan(0.02);
  });

  it('draws the edge where the particle is, not along the step outline’s spikes into the film', () => {
    const { intensity, areas } = defocusedImage([{ x: 128, y: 128, radius: 40, transmission: 0.5 }]);
    const image = new Float32Array(toFrame(intensity, 9).data);
    // The step's outline: the disk 1.5 px out, with eight 3-px-wide spikes 5 px long.
    const mask = new Uint8Array(SIZE * SIZE);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const r = Math.hypot(x - 128, y - 128);
        const angle = Math.atan2(y - 128, x - 128);
        // sin 4θ ≈ 4 × the angle from the nearest spoke: r |sin 4θ| / 4 is the distance to its axis.
        const spoke = (r * Math.abs(Math.sin(4 * angle))) / 4 < 1.5 && r < 40 + 6.5;
        mask[y * SIZE + x] = r < 40 + 1.5 || spoke ? 1 : 0;
      }
    }
    const input = edgeInputOn(image, SIZE, FILM, 0.005, 30);
    const object = maskToRuns(mask, SIZE, SIZE);
    expect(isDefocused(object, input)).toBe(true);
    const out = runsToMask(moveToDefocusedEdges(object, input, 0.9), SIZE, SIZE);
    let area = 0;
    let spikes = 0;
    for (let i = 0; i < out.length; i++) {
      if (!out[i]) continue;
      area++;
      if (Math.hypot((i % SIZE) - 128, Math.floor(i / SIZE) - 128) > 40 + 3) spikes++;
    }
    expect(spikes).toBe(0);
    expect(Math.abs(area - areas[0]) / areas[0]).toBeLessThan(0.02);
  });

  it('draws no faint particle’s edge nearer the film than the step, where the film’s grain is', () => {
    // T = 0.85: the mean wave's level (0.96) lies within the grain (σ 0.06 over ~3 px), and an
    // outline drawn there spreads into it; at the step (0.9) it stays on the particle.
    const { intensity } = defocusedImage([{ x: 128, y: 128, radius: 30, transmission: 0.85 }]);
    const white = seededNormals(4);
    const grain = gaussianBlur(
      Float32Array.from(intensity, () => white()),
      SIZE,
      SIZE,
      3,
    );
    const sd = Math.sqrt(grain.reduce((s, v) => s + v * v, 0) / grain.length);
    const image = Float32Array.from(intensity, (v, i) => FILM * (v + (0.06 * grain[i]) / sd));
    const disk = new Uint8Array(SIZE * SIZE);
    for (let i = 0; i < disk.length; i++)
      disk[i] = Math.hypot((i % SIZE) - 128, Math.floor(i / SIZE) - 128) < 30 ? 1 : 0;
    const input = edgeInputOn(image, SIZE, FILM, 0.01, 30);
    const beyond = (stepLevel: number) =>
      runsToMask(moveToDefocusedEdges(maskToRuns(disk, SIZE, SIZE), input, stepLevel), SIZE, SIZE).reduce(
        (n, v, i) => n + (v && Math.hypot((i % SIZE) - 128, Math.floor(i / SIZE) - 128) > 32 ? 1 : 0),
        0,
      );
    // Without the floor, 53 px lie more than 2 px outside the particle; with it, none.
    expect(beyond(1)).toBeGreaterThan(30);
    expect(beyond(0.9)).toBeLessThan(5);
  });

  it('finds the fringe in the averaged profile, and none on an in-focus edge', () => {
    const inFocus = new Float64Array(SIZE * SIZE);
    const disk = new Float32Array(SIZE * SIZE);
    for (let i = 0; i < disk.length; i++)
      disk[i] = Math.hypot((i % SIZE) - 128, Math.floor(i / SIZE) - 128) < 40 ? 1 : 0;
    // In focus: the intensity blurred (a detector's or a lens's incoherent blur), no fringe.
    const blurred = gaussianBlur(disk, SIZE, SIZE, 2);
    for (let i = 0; i < inFocus.length; i++) inFocus[i] = 1 - 0.5 * blurred[i];
    const defocused = defocusedImage([{ x: 128, y: 128, radius: 40, transmission: 0.5 }]).intensity;
    // The outline a step would draw: 1.5 px outside the disk.
    const mask = new Uint8Array(SIZE * SIZE);
    for (let i = 0; i < mask.length; i++) {
      mask[i] = Math.hypot((i % SIZE) - 128, Math.floor(i / SIZE) - 128) < 41.5 ? 1 : 0;
    }
    for (const [intensity, fringe] of [
      [defocused, true],
      [inFocus, false],
    ] as const) {
      const image = new Float32Array(toFrame(intensity, 7).data);
      const profile = profileOnFlatBeam(mask, image, SIZE, FILM);
      expect(showsFringe(profile, 0.005)).toBe(fringe);
      // Either way the profile reads the film (1) and the particle's own level (0.5).
      expect(edgeLevel(profile)).toBeCloseTo(defocusedEdgeLevel(1, 0.5), 1);
    }
  });

  it('keeps the step outline on an in-focus blurred edge', () => {
    const disk = new Float32Array(SIZE * SIZE);
    let trueArea = 0;
    for (let i = 0; i < disk.length; i++) {
      disk[i] = Math.hypot((i % SIZE) - 128, Math.floor(i / SIZE) - 128) < 40 ? 1 : 0;
      trueArea += disk[i];
    }
    const blurred = gaussianBlur(disk, SIZE, SIZE, 3);
    const intensity = new Float64Array(SIZE * SIZE);
    for (let i = 0; i < intensity.length; i++) intensity[i] = 1 - 0.4 * blurred[i];
    const { result } = segmentMask(toFrame(intensity, 1), defaultSegmentParams, { frameIndex: 0 });
    // A 10 % step on a 40 % deep edge blurred by 3 px lands ~2 px outside it: about +10 %.
    expect(result.areaPx / trueArea).toBeGreaterThan(1.05);
  });
});
