/** The biasing needle of the synthetic movie: placement against the cluster and rasterisation. */

import type { NeedleOptions, NeedleSide } from './options.ts';

/** The needle's footprint in one frame: a capsule around the segment base → tip, in pixels. */
export interface NeedleCapsule {
  /** Start of the axis, far outside the frame (x, y in pixels, canvas convention). */
  baseX: number;
  baseY: number;
  /** End of the axis: the centre of the round tip. */
  tipX: number;
  tipY: number;
  /** Radius of the tungsten core, in pixels. */
  coreRadiusPx: number;
  /** Radius of the core plus its coating: the footprint, in pixels. */
  outerRadiusPx: number;
}

/** A placed needle: its capsule before drift and the optical depths of its two zones. */
export interface NeedleModel {
  capsule: NeedleCapsule;
  /** Optical depth of the core, −ln(coreTransmission). */
  tauCore: number;
  /** Optical depth of the coating alone, −ln(coatingTransmission). */
  tauCoating: number;
}

interface Circle {
  cx: number;
  cy: number;
  r: number;
}

const INWARD: Record<NeedleSide, [number, number]> = {
  left: [1, 0],
  right: [-1, 0],
  top: [0, 1],
  bottom: [0, -1],
};

/** Distance from (px, py) to the segment (ax, ay)–(bx, by). */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const vx = bx - ax;
  const vy = by - ay;
  const len2 = vx * vx + vy * vy;
  const h = len2 > 0 ? Math.min(1, Math.max(0, ((px - ax) * vx + (py - ay) * vy) / len2)) : 0;
  return Math.hypot(px - ax - h * vx, py - ay - h * vy);
}

/**
 * Aims the needle at the area-weighted centre of the pristine particles and advances its tip
 * along that axis until the gap between the coating and the nearest particle is `tipGapPx`.
 * The gap only shrinks as the tip advances (the capsule grows), so bisection finds it; a gap
 * more negative than reachable leaves the tip past the far side of the cluster.
 */
export function placeNeedle(
  o: NeedleOptions,
  particles: readonly Circle[],
  width: number,
  height: number,
  scale: number,
): NeedleModel {
  const coreR = o.coreRadiusPx ?? 14 * scale;
  const outerR = coreR + (o.coatingPx ?? 6 * scale);
  const angle = ((o.angleDeg ?? 6) * Math.PI) / 180;
  const [nx, ny] = INWARD[o.side];
  const ux = nx * Math.cos(angle) - ny * Math.sin(angle);
  const uy = nx * Math.sin(angle) + ny * Math.cos(angle);
  let area = 0;
  let gx = 0;
  let gy = 0;
  for (const p of particles) {
    area += p.r * p.r;
    gx += p.r * p.r * p.cx;
    gy += p.r * p.r * p.cy;
  }
  gx /= area;
  gy /= area;
  const far = 3 * (width + height);
  const baseX = gx - ux * far;
  const baseY = gy - uy * far;
  const gap = (t: number) => {
    let g = Number.POSITIVE_INFINITY;
    for (const p of particles) {
      g = Math.min(g, segmentDistance(p.cx, p.cy, baseX, baseY, gx - ux * t, gy - uy * t) - outerR - p.r);
    }
    return g;
  };
  let extent = 0;
  for (const p of particles) extent = Math.max(extent, Math.hypot(p.cx - gx, p.cy - gy) + p.r);
  // t is how far the tip stops short of the aim point; gap(t) grows with t.
  let lo = -(extent + outerR);
  let hi = far - 1;
  if (gap(lo) >= o.tipGapPx) hi = lo;
  else if (gap(hi) <= o.tipGapPx) lo = hi;
  for (let k = 0; k < 60 && hi - lo > 1e-9; k++) {
    const mid = 0.5 * (lo + hi);
    if (gap(mid) >= o.tipGapPx) hi = mid;
    else lo = mid;
  }
  return {
    capsule: {
      baseX,
      baseY,
      tipX: gx - ux * hi,
      tipY: gy - uy * hi,
      coreRadiusPx: coreR,
      outerRadiusPx: outerR,
    },
    tauCore: -Math.log(o.coreTransmission ?? 0.08),
    tauCoating: -Math.log(o.coatingTransmission ?? 0.75),
  };
}

/** The capsule moved by the specimen drift (the needle rides on the holder with the specimen). */
export function shiftCapsule(c: NeedleCapsule, dx: number, dy: number): NeedleCapsule {
  return { ...c, baseX: c.baseX + dx, baseY: c.baseY + dy, tipX: c.tipX + dx, tipY: c.tipY + dy };
}

/**
 * Marks the footprint (pixel centre strictly inside the outer capsule) in `mask` and, when given,
 * adds the needle's optical depth to `depth`. The footprint test does not depend on `depth`, so
 * the truth computed without an image is the same as the rendered one. The 1-px soft edge lies
 * inside the footprint: a pixel outside it carries no needle depth at all.
 */
export function rasteriseNeedle(
  c: NeedleCapsule,
  width: number,
  height: number,
  mask: Uint8Array,
  depth?: Float32Array,
  tauCore = 0,
  tauCoating = 0,
): void {
  const rOut = c.outerRadiusPx;
  const rOut2 = rOut * rOut;
  const rCore = c.coreRadiusPx;
  const xMin = Math.max(0, Math.floor(Math.min(c.baseX, c.tipX) - rOut - 1));
  const xMax = Math.min(width - 1, Math.ceil(Math.max(c.baseX, c.tipX) + rOut));
  const yMin = Math.max(0, Math.floor(Math.min(c.baseY, c.tipY) - rOut - 1));
  const yMax = Math.min(height - 1, Math.ceil(Math.max(c.baseY, c.tipY) + rOut));
  const vx = c.tipX - c.baseX;
  const vy = c.tipY - c.baseY;
  const len = Math.hypot(vx, vy);
  const ux = len > 0 ? vx / len : 0;
  const uy = len > 0 ? vy / len : 0;
  const dTau = tauCore - tauCoating;
  for (let y = yMin; y <= yMax; y++) {
    const py = y + 0.5 - c.baseY;
    const row = y * width;
    for (let x = xMin; x <= xMax; x++) {
      const px = x + 0.5 - c.baseX;
      const h = Math.min(len, Math.max(0, px * ux + py * uy));
      const ex = px - h * ux;
      const ey = py - h * uy;
      const e2 = ex * ex + ey * ey;
      if (e2 >= rOut2) continue;
      mask[row + x] = 1;
      if (!depth) continue;
      const e = Math.sqrt(e2);
      const core = rCore - e;
      depth[row + x] += tauCoating * Math.min(1, rOut - e) + dTau * Math.max(0, Math.min(1, core));
    }
  }
}
