/** Geometry of the synthetic agglomerate: particle placement and disc rasterisation. */

import type { SyntheticMovieOptions } from './options.ts';
import type { Rng } from './rng.ts';

/** A pristine particle of the agglomerate. */
export interface Particle {
  /** Offset of the centre from the cluster centre along x, pristine, in pixels. */
  dx: number;
  /** Offset along y, in pixels. */
  dy: number;
  /** Pristine radius, in pixels. */
  r: number;
  /** Radius growth at full lithiation (fraction). */
  growth: number;
}

/** A particle at one instant, as the renderer sees it. */
export interface Disc {
  /** Centre x, in pixels (canvas convention: pixel x spans [x, x+1)). */
  cx: number;
  /** Centre y, in pixels. */
  cy: number;
  /** Radius, in pixels. */
  r: number;
  /** Optical depth per pixel of thickness. */
  kappa: number;
}

/**
 * Calls `fn(y, x0, x1, rem)` for each image row the disc covers (all rows, or only `onlyRow`),
 * where [x0, x1] are the pixels whose centres lie strictly inside and rem = r² − dy².
 */
export function forEachDiscRow(
  d: Disc,
  width: number,
  height: number,
  fn: (y: number, x0: number, x1: number, rem: number) => void,
  onlyRow?: number,
): void {
  const yStart = Math.max(0, Math.floor(d.cy - d.r));
  const yEnd = Math.min(height - 1, Math.ceil(d.cy + d.r));
  const from = onlyRow ?? yStart;
  const to = onlyRow ?? yEnd;
  if (from < yStart || to > yEnd) return;
  const r2 = d.r * d.r;
  for (let y = from; y <= to; y++) {
    const dy = y + 0.5 - d.cy;
    const rem = r2 - dy * dy;
    if (rem <= 0) continue;
    const half = Math.sqrt(rem);
    let x0 = Math.max(0, Math.ceil(d.cx - half - 0.5));
    let x1 = Math.min(width - 1, Math.floor(d.cx + half - 0.5));
    // Exact strict-inside test at both ends, so render and truth agree to the pixel.
    while (x0 <= x1 && (x0 + 0.5 - d.cx) ** 2 >= rem) x0++;
    while (x1 >= x0 && (x1 + 0.5 - d.cx) ** 2 >= rem) x1--;
    if (x0 <= x1) fn(y, x0, x1, rem);
  }
}

/**
 * Random sequential attachment: each new sphere touches or overlaps a random earlier one, and
 * may not overlap any other too much, giving a branched agglomerate like a dried NP drop. The
 * whole cluster must still fit inside the frame at full swelling, moved by up to `marginPx`
 * (the largest drift, in pixels).
 */
export function placeParticles(
  rng: Rng,
  o: SyntheticMovieOptions,
  rMin: number,
  rMax: number,
  marginPx = 0,
): Particle[] {
  const maxGrowth = o.radiusGrowth * 1.15;
  const limit = (0.46 * Math.min(o.width, o.height) - marginPx) / (1 + maxGrowth);
  const out: Particle[] = [];
  const growth = () => o.radiusGrowth * rng.uniform(0.85, 1.15);
  out.push({ dx: 0, dy: 0, r: rng.uniform(rMin, rMax), growth: growth() });
  for (let i = 1; i < o.particleCount; i++) {
    const r = rng.uniform(rMin, rMax);
    for (let attempt = 0; attempt < 200; attempt++) {
      const anchor = out[Math.floor(rng.next() * out.length)];
      const angle = rng.uniform(0, 2 * Math.PI);
      // ≤ 0.9·(r₁ + r₂) keeps necks wide enough that jittered swelling never splits the cluster.
      const dist = (anchor.r + r) * rng.uniform(0.7, 0.9);
      const dx = anchor.dx + dist * Math.cos(angle);
      const dy = anchor.dy + dist * Math.sin(angle);
      if (Math.hypot(dx, dy) + r > limit) continue;
      const crowded = out.some((p) => p !== anchor && Math.hypot(p.dx - dx, p.dy - dy) < 0.75 * (p.r + r));
      if (crowded) continue;
      out.push({ dx, dy, r, growth: growth() });
      break;
    }
  }
  return out;
}
