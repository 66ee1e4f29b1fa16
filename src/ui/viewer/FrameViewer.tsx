import { useEffect, useRef, useState } from 'react';
import { questionsArea } from '../../core/analysis/types.ts';
import { isFileFormatError } from '../../core/io/errors.ts';
import type { Frame } from '../../core/io/types.ts';
import { unreadableSentence } from '../../core/run/unreadable.ts';
import { movieController } from '../../state/app-controller.ts';
import { useWorkbench } from '../../state/store.ts';
import { BrushOverlay } from './BrushOverlay.tsx';
import { ExclusionOverlay } from './ExclusionOverlay.tsx';
import { ParticleIds } from './ParticleIds.tsx';
import { frameToRgba, quantileWindow } from './render-frame.ts';
import { ScaleBar } from './ScaleBar.tsx';
import { useFrameView } from './use-frame-view.ts';
import './viewer.css';
import { BUTTON_ZOOM_FACTOR, zoomPercent } from './view-transform.ts';

/** "x0,y0 x1,y1 …" of a flat [x0, y0, x1, y1, …] outline, for an SVG polygon. */
function svgPoints(outline: readonly number[]): string {
  const pairs = [];
  for (let i = 0; i + 1 < outline.length; i += 2) pairs.push(`${outline[i]},${outline[i + 1]}`);
  return pairs.join(' ');
}

interface ReadFailure {
  fileId: string;
  index: number;
  /** The reader's own message (file, frame, strip, byte offset). */
  detail: string;
  /** The file is damaged there (a FileFormatError), as opposed to a worker that stopped. */
  damaged: boolean;
}

/** Said in place of a frame that could not be read, in core's wording for unreadable frames. */
function UnreadableFrame({ failure }: { failure: ReadFailure }) {
  const sentence = failure.damaged
    ? unreadableSentence([failure.index])
    : `Frame ${failure.index} could not be read.`;
  return (
    <div className="viewer-message" role="alert" data-testid="frame-unreadable">
      <p>
        <strong>{sentence}</strong>
      </p>
      <p className="small">{failure.detail}</p>
    </div>
  );
}

/**
 * Shows the current frame with the display contrast, the run's cluster outline (solid; red dashed
 * when the user rejected the frame), the live preview's outline with the current parameters (dashed
 * cyan), the exclusion region, the particles' track ids in particles mode, and the brush while editing.
 */
export function FrameViewer() {
  const movie = useWorkbench((s) => s.movie);
  const frameIndex = useWorkbench((s) => s.frameIndex);
  const contrast = useWorkbench((s) => s.contrast);
  const result = useWorkbench((s) => s.results[s.frameIndex] ?? null);
  const preview = useWorkbench((s) => s.previews[s.frameIndex] ?? null);
  const rejected = useWorkbench((s) => s.corrections[s.frameIndex]?.status === 'rejected');
  const brushOn = useWorkbench((s) => s.brush.target !== 'off');
  const canvas = useRef<HTMLCanvasElement>(null);
  const [viewport, setViewport] = useState<HTMLDivElement | null>(null);
  const size = movie ? { width: movie.info.width, height: movie.info.height } : null;
  const { view, zoomBy, fit, oneToOne } = useFrameView(viewport, size, movie?.fileId ?? '');
  // Keyed by the movie's file id, so a frame of the previous movie is never shown for the new one.
  const [shown, setShown] = useState<{ fileId: string; index: number; frame: Frame } | null>(null);
  const frame = shown && shown.fileId === movie?.fileId ? shown : null;
  // A frame that could not be read, kept with its movie and index like `shown`.
  const [failure, setFailure] = useState<ReadFailure | null>(null);
  const failed = failure && failure.fileId === movie?.fileId && failure.index === frameIndex ? failure : null;

  // Fetch the frame from the viewer worker; a newer request supersedes an older one.
  useEffect(() => {
    if (!movie) return;
    let current = true;
    const pending = movieController().getViewerFrame(frameIndex);
    pending
      ?.then((f) => {
        if (current) {
          setShown({ fileId: movie.fileId, index: frameIndex, frame: f });
          setFailure(null);
        }
      })
      .catch((e: unknown) => {
        if (!current) return;
        const detail = e instanceof Error ? e.message : String(e);
        setFailure({ fileId: movie.fileId, index: frameIndex, detail, damaged: isFileFormatError(e) });
      });
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
  const outline = result?.outline ?? [];
  const previewOutline = preview?.outline ?? [];
  const outlineClass = rejected
    ? 'outline rejected'
    : result && questionsArea(result.quality)
      ? 'outline flagged'
      : 'outline';

  return (
    <div
      className="viewer"
      data-testid="frame-viewer"
      data-frame={failed ? frameIndex : (frame?.index ?? -1)}
      data-state={failed ? 'unreadable' : frame ? 'shown' : 'loading'}
      data-edited={result?.edited ? 'true' : 'false'}
    >
      <div className="viewer-viewport" ref={setViewport} data-testid="viewer-viewport">
        <div
          className="viewer-stage"
          data-testid="viewer-stage"
          style={{
            width,
            height,
            // One transform for the frame and every overlay, so they stay registered at any zoom.
            transform: view ? `translate(${view.x}px, ${view.y}px) scale(${view.scale})` : undefined,
            // A frame that could not be read shows nothing of another frame (see the message).
            visibility: view && !failed ? 'visible' : 'hidden',
          }}
        >
          <canvas ref={canvas} aria-label={`Frame ${frameIndex} of ${movie.info.frameCount}`} />
          <svg
            viewBox={`0 0 ${width} ${height}`}
            preserveAspectRatio="none"
            className="overlay"
            aria-hidden="true"
          >
            <ExclusionOverlay width={width} frameIndex={frameIndex} />
            {outline.length > 4 ? (
              <polygon
                points={svgPoints(outline)}
                className={outlineClass}
                data-testid="outline"
                data-area={result?.areaPx}
              />
            ) : null}
            {result?.particles?.map((particle, i) =>
              particle.outline && particle.outline.length > 4 ? (
                <polygon
                  // biome-ignore lint/suspicious/noArrayIndexKey: a frame's particles are listed largest first and never reordered
                  key={i}
                  points={svgPoints(particle.outline)}
                  className={outlineClass}
                  data-testid="particle-outline"
                />
              ) : null,
            )}
            {previewOutline.length > 4 ? (
              <polygon
                points={svgPoints(previewOutline)}
                className="preview-outline"
                data-testid="preview-outline"
                data-area={preview?.areaPx}
              />
            ) : null}
            {/* The live preview's particles, as the run's above. */}
            {preview?.particles?.map((particle, i) =>
              particle.outline && particle.outline.length > 4 ? (
                <polygon
                  // biome-ignore lint/suspicious/noArrayIndexKey: a frame's particles are listed largest first and never reordered
                  key={i}
                  points={svgPoints(particle.outline)}
                  className="preview-outline"
                  data-testid="preview-particle-outline"
                />
              ) : null,
            )}
            <ParticleIds width={width} frameIndex={frameIndex} />
            <ScaleBar width={width} height={height} calibration={movie.info.calibration} />
          </svg>
          {brushOn ? <BrushOverlay width={width} height={height} frameIndex={frameIndex} /> : null}
        </div>
        {failed ? <UnreadableFrame failure={failed} /> : null}
      </div>
      <div className="zoom-bar" role="toolbar" aria-label="Zoom">
        <button
          type="button"
          onClick={() => zoomBy(1 / BUTTON_ZOOM_FACTOR)}
          aria-label="Zoom out"
          title="Zoom out"
        >
          −
        </button>
        <output className="readout" data-testid="zoom-level" aria-label="Zoom level">
          {view ? zoomPercent(view) : ''}
        </output>
        <button type="button" onClick={() => zoomBy(BUTTON_ZOOM_FACTOR)} aria-label="Zoom in" title="Zoom in">
          +
        </button>
        <button type="button" onClick={fit} title="Show the whole frame">
          Fit
        </button>
        <button type="button" onClick={oneToOne} title="One frame pixel per screen pixel">
          1:1
        </button>
        <span className="hint small">
          Wheel or pinch to zoom, drag to pan{brushOn ? ' (Space + drag while painting)' : ''}
        </span>
      </div>
    </div>
  );
}
