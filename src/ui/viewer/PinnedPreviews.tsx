import { useEffect, useRef, useState } from 'react';
import type { FrameResult } from '../../core/analysis/types.ts';
import { isFileFormatError } from '../../core/io/errors.ts';
import { movieController } from '../../state/app-controller.ts';
import { useWorkbench } from '../../state/store.ts';
import { formatArea } from '../format-area.ts';
import { frameToRgba, quantileWindow } from './render-frame.ts';

const THUMB_PX = 180;

/**
 * Frames pinned for tuning: each shows its live preview outline, so a change of parameters can
 * be judged on a few chosen frames (say before, during and after lithiation) at once.
 */
export function PinnedPreviews() {
  const pinned = useWorkbench((s) => s.pinned);
  if (pinned.length === 0) return null;
  return (
    <section className="pinned" aria-label="Pinned frames" data-testid="pinned-previews">
      {[...pinned]
        .sort((a, b) => a - b)
        .map((frame) => (
          <PinnedFrame key={frame} frame={frame} />
        ))}
    </section>
  );
}

function PinnedFrame({ frame }: { frame: number }) {
  const movie = useWorkbench((s) => s.movie);
  const contrast = useWorkbench((s) => s.contrast);
  const preview = useWorkbench((s) => s.previews[frame] ?? null);
  const { setFrameIndex, togglePinned, addError } = useWorkbench.getState();
  const canvas = useRef<HTMLCanvasElement>(null);
  // The frame drawn once at thumbnail size; outlines are drawn over a copy of it.
  const [image, setImage] = useState<HTMLCanvasElement | null>(null);

  useEffect(() => {
    let current = true;
    movieController()
      .getViewerFrame(frame)
      ?.then((f) => {
        if (!current) return;
        const full = document.createElement('canvas');
        full.width = f.width;
        full.height = f.height;
        const rgba = new ImageData(f.width, f.height);
        const { min, max } = quantileWindow(f, contrast.low, contrast.high);
        frameToRgba(f, min, max, rgba.data);
        full.getContext('2d')?.putImageData(rgba, 0, 0);
        const scale = THUMB_PX / Math.max(f.width, f.height);
        const small = document.createElement('canvas');
        small.width = Math.round(f.width * scale);
        small.height = Math.round(f.height * scale);
        small.getContext('2d')?.drawImage(full, 0, 0, small.width, small.height);
        setImage(small);
      })
      .catch((e: unknown) => {
        // A damaged frame is said in its caption (its preview is 'unreadable'); anything else is an error.
        if (current && !isFileFormatError(e))
          addError({ message: `Pinned frame ${frame} could not be read: ${String(e)}` });
      });
    return () => {
      current = false;
    };
  }, [frame, contrast, addError]);

  useEffect(() => {
    const c = canvas.current;
    if (c && image && movie) drawThumbnail(c, image, preview, movie.info.width);
  }, [image, preview, movie]);

  if (!movie) return null;
  const calibrated = movie.info.calibration?.pixelSizeNm !== undefined;
  return (
    <figure className="pinned-frame" data-testid="pinned-frame" data-frame={frame}>
      <button
        type="button"
        className="thumb"
        title={`Show frame ${frame} in the viewer`}
        onClick={() => setFrameIndex(frame)}
      >
        <canvas ref={canvas} aria-label={`Preview of frame ${frame}`} />
      </button>
      <figcaption>
        <span>
          Frame {frame}
          <br />
          {preview
            ? preview.quality === 'unreadable'
              ? 'could not be read (damaged)'
              : formatArea(preview, calibrated)
            : 'segmenting…'}
        </span>
        <button type="button" aria-label={`Unpin frame ${frame}`} onClick={() => togglePinned(frame)}>
          ×
        </button>
      </figcaption>
    </figure>
  );
}

function drawThumbnail(
  c: HTMLCanvasElement,
  image: HTMLCanvasElement,
  preview: FrameResult | null,
  frameWidth: number,
): void {
  c.width = image.width;
  c.height = image.height;
  const ctx = c.getContext('2d');
  if (!ctx) return;
  ctx.drawImage(image, 0, 0);
  const p = preview?.outline ?? [];
  if (p.length < 6) return;
  const s = image.width / frameWidth;
  ctx.strokeStyle = '#3bc9db';
  ctx.lineWidth = 1.5;
  ctx.setLineDash([4, 3]);
  ctx.beginPath();
  ctx.moveTo(p[0] * s, p[1] * s);
  for (let i = 2; i + 1 < p.length; i += 2) ctx.lineTo(p[i] * s, p[i + 1] * s);
  ctx.closePath();
  ctx.stroke();
}
