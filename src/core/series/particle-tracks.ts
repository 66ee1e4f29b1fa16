/**
 * Particles mode over time: each particle of each frame joined to a track. A particle continues
 * the track whose last position (both brought back to the drift reference frame by their frames'
 * drift) lies within its own equivalent radius: the two would overlap. Pairs are taken nearest
 * first, one particle per track per frame; a particle with no such track starts a new one.
 * Tracks are numbered from 1 in order of first appearance.
 */

import { equivalentDiameter } from '../analysis/particles.ts';
import type { FrameResult } from '../analysis/types.ts';

export interface TrackedParticle {
  frame: number;
  track: number;
  areaPx: number;
  centroidX: number;
  centroidY: number;
}

interface Track {
  id: number;
  x: number;
  y: number;
}

/**
 * Tracks' last positions binned into square cells, so that a particle is compared with the tracks
 * near it only: every track ever started is kept (a particle may come back where one ended), and
 * comparing each particle with all of them made a movie with a few specks of noise per frame
 * quadratic in its length (1,000 frames with 2 passing specks each: 3.3 s; 3,000: 14 s).
 */
class TrackGrid {
  private readonly cells = new Map<number, number[]>();
  constructor(private readonly size: number) {}

  // Cell indices within ±2²⁰ of the origin map to distinct keys (far beyond any frame).
  private key(x: number, y: number): number {
    return (Math.floor(x / this.size) + 0x100000) * 0x200000 + Math.floor(y / this.size) + 0x100000;
  }

  add(track: number, x: number, y: number): void {
    const key = this.key(x, y);
    const cell = this.cells.get(key);
    if (cell) cell.push(track);
    else this.cells.set(key, [track]);
  }

  move(track: number, from: Track, x: number, y: number): void {
    const old = this.key(from.x, from.y);
    if (old === this.key(x, y)) return;
    const cell = this.cells.get(old);
    cell?.splice(cell.indexOf(track), 1);
    this.add(track, x, y);
  }

  /** Every track whose cell meets the square of half-side `reach` around (x, y). */
  near(x: number, y: number, reach: number, visit: (track: number) => void): void {
    // A position that is not finite (a NaN drift) overlaps nothing, as its distance says.
    if (!Number.isFinite(x) || !Number.isFinite(y) || !(reach >= 0)) return;
    const x0 = Math.floor((x - reach) / this.size);
    const x1 = Math.floor((x + reach) / this.size);
    const y0 = Math.floor((y - reach) / this.size);
    const y1 = Math.floor((y + reach) / this.size);
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        const cell = this.cells.get((cx + 0x100000) * 0x200000 + cy + 0x100000);
        if (cell) for (const t of cell) visit(t);
      }
    }
  }
}

/** Twice the median reach of the first frame's particles: a typical particle looks at 1 to 4 cells. */
function cellSize(reaches: readonly number[]): number {
  const sorted = reaches.filter(Number.isFinite).sort((a, b) => a - b);
  const median = sorted.length > 0 ? sorted[Math.floor(sorted.length / 2)] : 0;
  return Math.max(4, 2 * median);
}

export function trackParticles(results: readonly (FrameResult | null | undefined)[]): TrackedParticle[] {
  const rows: TrackedParticle[] = [];
  const tracks: Track[] = [];
  let grid: TrackGrid | undefined;
  for (const r of results) {
    if (!r?.particles?.length) continue;
    const dx = r.driftXPx ?? 0;
    const dy = r.driftYPx ?? 0;
    const here = r.particles.map((p) => ({
      p,
      x: p.centroidX - dx,
      y: p.centroidY - dy,
      reach: equivalentDiameter(p.areaPx) / 2,
    }));
    grid ??= new TrackGrid(cellSize(here.map((h) => h.reach)));
    const pairs: { i: number; t: number; d: number }[] = [];
    for (const [i, h] of here.entries()) {
      // Squared distances first (cheap), a margin wide: Math.hypot decides, as it always has.
      const outside = h.reach * h.reach * 1.000001;
      grid.near(h.x, h.y, h.reach, (t) => {
        const ex = h.x - tracks[t].x;
        const ey = h.y - tracks[t].y;
        if (ex * ex + ey * ey > outside) return;
        const d = Math.hypot(ex, ey);
        if (d <= h.reach) pairs.push({ i, t, d });
      });
    }
    // Nearest first; equal distances in particle, then track order (the grid visits in cell order).
    pairs.sort((a, b) => a.d - b.d || a.i - b.i || a.t - b.t);
    const trackOf = new Map<number, number>();
    const taken = new Set<number>();
    for (const { i, t } of pairs) {
      if (trackOf.has(i) || taken.has(t)) continue;
      trackOf.set(i, t);
      taken.add(t);
    }
    for (const [i, h] of here.entries()) {
      let t = trackOf.get(i);
      if (t === undefined) {
        t = tracks.length;
        tracks.push({ id: tracks.length + 1, x: h.x, y: h.y });
        grid.add(t, h.x, h.y);
      } else {
        grid.move(t, tracks[t], h.x, h.y);
      }
      tracks[t].x = h.x;
      tracks[t].y = h.y;
      rows.push({
        frame: r.frame,
        track: tracks[t].id,
        areaPx: h.p.areaPx,
        centroidX: h.p.centroidX,
        centroidY: h.p.centroidY,
      });
    }
  }
  return rows;
}

/**
 * The tracked particles of each frame, keyed by frame index, in the order `trackParticles` gives
 * them: what the viewer labels with track ids (the ids of the per-particle CSV). Frames without
 * particles have no entry.
 */
export function tracksByFrame(rows: readonly TrackedParticle[]): Map<number, TrackedParticle[]> {
  const byFrame = new Map<number, TrackedParticle[]>();
  for (const row of rows) {
    const list = byFrame.get(row.frame);
    if (list) list.push(row);
    else byFrame.set(row.frame, [row]);
  }
  return byFrame;
}
