import { useMemo, useRef } from 'react';
import { trackParticles, tracksByFrame } from '../../core/series/particle-tracks.ts';
import { useWorkbench } from '../../state/store.ts';
import { useThrottled } from '../use-throttled.ts';

/**
 * Particles mode: each particle's track id at its centroid on the current frame, the ids of the
 * per-particle CSV (`core/series/particle-tracks.ts`). Drawn in frame pixels under the viewer's
 * one transform, so the labels stay on their particles and grow with the zoom; white text on a
 * dark halo reads on bright film and on dark particles alike.
 */
export function ParticleIds({ width, frameIndex }: { width: number; frameIndex: number }) {
  // Tracks join every frame to the ones before it: computed once per change of the results, never
  // per frame shown, and on the main thread at most a tenth of the time while a run streams in
  // (at most 4 times a second; a long movie's tracking, ~0.5 s for 10⁴ frames of 20 particles,
  // every 5 s).
  const trackingMs = useRef(0);
  const results = useThrottled(
    useWorkbench((s) => s.results),
    Math.max(250, 10 * trackingMs.current),
  );
  const byFrame = useMemo(() => {
    const started = performance.now();
    const tracks = tracksByFrame(trackParticles(results));
    trackingMs.current = performance.now() - started;
    return tracks;
  }, [results]);
  const live = useWorkbench((s) => s.results[frameIndex]);
  const particles = byFrame.get(frameIndex);
  // Ids only from the frame's current result: while the throttled tracks lag behind it (a run
  // streaming in, another movie opened), none rather than another result's.
  if (!particles || results[frameIndex] !== live) return null;
  // Sizes in frame pixels, proportional to the frame (as the scale bar's), so labels look alike
  // on a 256² and a 4096² movie.
  const fontSize = (14 * width) / 400;
  return (
    <g
      className="particle-ids"
      data-testid="particle-ids"
      data-frame={frameIndex}
      fontSize={fontSize}
      strokeWidth={fontSize / 4}
    >
      {particles.map((p) => (
        <text
          key={p.track}
          x={p.centroidX}
          y={p.centroidY}
          textAnchor="middle"
          dominantBaseline="central"
          data-testid="particle-id"
          data-track={p.track}
          data-x={p.centroidX}
          data-y={p.centroidY}
        >
          {p.track}
        </text>
      ))}
    </g>
  );
}
