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

export function trackParticles(results: readonly (FrameResult | null | undefined)[]): TrackedParticle[] {
  const rows: TrackedParticle[] = [];
  const tracks: Track[] = [];
  for (const r of results) {
    if (!r?.particles?.length) continue;
    const dx = r.driftXPx ?? 0;
    const dy = r.driftYPx ?? 0;
    const here = r.particles.map((p) => ({ p, x: p.centroidX - dx, y: p.centroidY - dy }));
    const pairs: { i: number; t: number; d: number }[] = [];
    for (const [i, h] of here.entries()) {
      const reach = equivalentDiameter(h.p.areaPx) / 2;
      for (const [t, track] of tracks.entries()) {
        const d = Math.hypot(h.x - track.x, h.y - track.y);
        if (d <= reach) pairs.push({ i, t, d });
      }
    }
    pairs.sort((a, b) => a.d - b.d);
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
