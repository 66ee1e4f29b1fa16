import { useEffect, useRef, useState } from 'react';
import type { Frame } from '../../core/io/types.ts';
import { getViewerFrame } from '../../state/movie-controller.ts';
import { useWorkbench } from '../../state/store.ts';
import { frameToRgba, quantileWindow } from './render-frame.ts';
import { ScaleBar } from './ScaleBar.tsx';

/** Shows the current frame with the display contrast and the cluster outline of that frame. */
export function FrameViewer() {
  const movie = useWorkbench((s) => s.movie);
  const frameIndex = useWorkbench((s) => s.frameIndex);
  const contrast = useWorkbench((s) => s.contrast);
  const result = useWorkbench((s) => s.results[s.frameIndex] ?? null);
  const canvas = useRef<HTMLCanvasElement>(null);
  // Keyed by the movie's file id, so a frame of the previous movie is never shown for the new one.
  const [shown, setShown] = useState<{ fileId: string; index: number; frame: Frame } | null>(null);
  const frame = shown && shown.fileId === movie?.fileId ? shown : null;
  const [loadError, setLoadError] = useState<string | null>(null);

  // Fetch the frame from the viewer worker; a newer request supersedes an older one.
  useEffect(() => {
    if (!movie) return;
    let current = true;
    const pending = getViewerFrame(frameIndex);
    pending
      ?.then((f) => {
        if (current) {
          setShown({ fileId: movie.fileId, index: frameIndex, frame: f });
          setLoadError(null);
        }
      })
      .catch((e: unknown) => current && setLoadError(e instanceof Error ? e.message : String(e)));
    return () => {
      current = false;
    };
  }, [movie, frameIndex]);

  useEffect(() => {
    const element = canvas.current;
    if (!element || !frame) return;
    const { width, height } = frame.frame;
    element.width = width;
    element.height = height;
    const { min, max } = quantileWindow(frame.frame, contrast.low, contrast.high);
    const image = new ImageData(width, height);
    frameToRgba(frame.frame, min, max, image.data);
    element.getContext('2d')?.putImageData(image, 0, 0);
  }, [frame, contrast]);

  if (!movie) return null;
  const { width, height } = movie.info;
  const points = result?.outline ?? [];
  const polygon = [];
  for (let i = 0; i + 1 < points.length; i += 2) polygon.push(`${points[i]},${points[i + 1]}`);

  return (
    <div className="viewer" data-testid="frame-viewer" data-frame={frame?.index ?? -1}>
      <div className="viewer-stage" style={{ aspectRatio: `${width} / ${height}` }}>
        <canvas ref={canvas} aria-label={`Frame ${frameIndex + 1} of ${movie.info.frameCount}`} />
        <svg
          viewBox={`0 0 ${width} ${height}`}
          preserveAspectRatio="none"
          className="overlay"
          aria-hidden="true"
        >
          {polygon.length > 2 ? (
            <polygon
              points={polygon.join(' ')}
              className={result?.quality === 'ok' ? 'outline' : 'outline flagged'}
              data-testid="outline"
            />
          ) : null}
          <ScaleBar width={width} height={height} calibration={movie.info.calibration} />
        </svg>
      </div>
      {loadError ? (
        <p className="error-text">
          Frame {frameIndex + 1} could not be read: {loadError}
        </p>
      ) : null}
    </div>
  );
}
