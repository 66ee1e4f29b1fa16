import { driftReferenceIndex } from '../../core/analysis/drift.ts';
import { exclusionOnFrame } from '../../state/edit-controller.ts';
import { useWorkbench } from '../../state/store.ts';

/**
 * The painted exclusion region on the current frame (red, hatched), drawn in the frame's own
 * coordinates: strokes are stored on the drift reference frame and follow the sample's drift.
 */
export function ExclusionOverlay({ width, frameIndex }: { width: number; frameIndex: number }) {
  const strokes = useWorkbench((s) => s.params?.exclusionStrokes);
  const reference = useWorkbench((s) =>
    s.params && s.movie ? driftReferenceIndex(s.params, s.movie.info.frameCount) : 0,
  );
  const results = useWorkbench((s) => s.results);
  const placed = exclusionOnFrame(strokes, frameIndex, reference, results);
  if (placed.length === 0) return null;
  // Hatch spacing in frame pixels, proportional to the frame, so it looks alike at any size.
  const u = Math.max(2, width / 120);
  return (
    <g className="exclusion" data-testid="exclusion-overlay">
      <defs>
        <pattern
          id="exclusion-hatch"
          patternUnits="userSpaceOnUse"
          width={u}
          height={u}
          patternTransform="rotate(45)"
        >
          <rect width={u} height={u} fill="rgba(224, 49, 49, 0.3)" />
          <rect width={u / 3} height={u} fill="rgba(255, 107, 107, 0.85)" />
        </pattern>
      </defs>
      {placed.map((stroke, i) => {
        const p = stroke.points;
        // A lone point is drawn as a zero-length segment: its round caps make the disc.
        const coords = p.length === 2 ? [p[0], p[1], p[0], p[1]] : p;
        const points = [];
        for (let k = 0; k + 1 < coords.length; k += 2) points.push(`${coords[k]},${coords[k + 1]}`);
        return (
          <polyline
            // Strokes are only ever appended or cleared, so the index is a stable key.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            key={i}
            points={points.join(' ')}
            fill="none"
            stroke="url(#exclusion-hatch)"
            strokeWidth={2 * stroke.radiusPx}
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        );
      })}
    </g>
  );
}
