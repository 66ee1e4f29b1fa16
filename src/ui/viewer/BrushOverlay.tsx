import { type PointerEvent as ReactPointerEvent, useEffect, useRef } from 'react';
import type { BrushStroke } from '../../core/analysis/types.ts';
import { addExclusionStroke, addOutlineStroke, chooseObject } from '../../state/edit-controller.ts';
import { useWorkbench } from '../../state/store.ts';

const COLOURS = {
  add: 'rgba(64, 192, 87, 0.55)',
  erase: 'rgba(250, 82, 82, 0.55)',
  exclusion: 'rgba(224, 49, 49, 0.5)',
};

/**
 * Captures pointer drags over the frame and turns them into brush strokes in frame pixels.
 * The stroke being drawn lives in a ref and is painted straight onto this canvas, so a pointer
 * move costs a canvas redraw, not a React render. On pointer-up the stroke goes to the outline
 * edit of the frame or to the exclusion region.
 */
export function BrushOverlay({
  width,
  height,
  frameIndex,
}: {
  width: number;
  height: number;
  frameIndex: number;
}) {
  const brush = useWorkbench((s) => s.brush);
  const result = useWorkbench((s) => s.results[frameIndex] ?? null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const points = useRef<number[] | null>(null);
  const colour = brush.target === 'exclusion' ? COLOURS.exclusion : COLOURS[brush.mode];

  // The painted stroke stays until the frame's new outline replaces it (or the frame changes).
  useEffect(() => {
    void result;
    void frameIndex;
    if (!points.current) clear(canvas.current);
  }, [result, frameIndex]);

  /** Frame pixel coordinates of a pointer event, from the canvas's box on screen. */
  const toFrame = (e: ReactPointerEvent): [number, number] => {
    const rect = e.currentTarget.getBoundingClientRect();
    const x = ((e.clientX - rect.left) / rect.width) * width;
    const y = ((e.clientY - rect.top) / rect.height) * height;
    return [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
  };

  const draw = (path: number[], cursor?: [number, number]) => {
    const c = canvas.current;
    const ctx = c && fitToBox(c)?.getContext('2d');
    if (!c || !ctx) return;
    const scale = c.width / width;
    ctx.clearRect(0, 0, c.width, c.height);
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    if (path.length >= 2) {
      ctx.strokeStyle = colour;
      ctx.fillStyle = colour;
      ctx.lineWidth = 2 * brush.radiusPx * scale;
      ctx.beginPath();
      if (path.length === 2)
        ctx.arc(path[0] * scale, path[1] * scale, brush.radiusPx * scale, 0, 2 * Math.PI);
      else {
        ctx.moveTo(path[0] * scale, path[1] * scale);
        for (let i = 2; i < path.length; i += 2) ctx.lineTo(path[i] * scale, path[i + 1] * scale);
      }
      if (path.length === 2) ctx.fill();
      else ctx.stroke();
    }
    if (cursor) {
      ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.arc(cursor[0] * scale, cursor[1] * scale, brush.radiusPx * scale, 0, 2 * Math.PI);
      ctx.stroke();
    }
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    if (brush.target === 'object') {
      const [x, y] = toFrame(e);
      chooseObject(frameIndex, x, y);
      useWorkbench.getState().setBrush({ target: 'off' });
      return;
    }
    e.currentTarget.setPointerCapture(e.pointerId);
    points.current = toFrame(e);
    draw(points.current);
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (brush.target === 'object') return;
    const p = toFrame(e);
    const path = points.current;
    if (!path) {
      draw([], p);
      return;
    }
    // A point every third of the radius is as smooth as the disc chain needs, and keeps strokes small.
    const dx = p[0] - path[path.length - 2];
    const dy = p[1] - path[path.length - 1];
    if (dx * dx + dy * dy >= Math.max(1, brush.radiusPx / 3) ** 2) path.push(p[0], p[1]);
    draw(path, p);
  };

  const onPointerUp = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const path = points.current;
    points.current = null;
    if (!path) return;
    const startedAt = performance.now();
    const p = toFrame(e);
    if (p[0] !== path[path.length - 2] || p[1] !== path[path.length - 1]) path.push(p[0], p[1]);
    if (brush.target === 'exclusion') {
      const stroke: BrushStroke = { mode: 'add', radiusPx: brush.radiusPx, points: path };
      addExclusionStroke(frameIndex, stroke);
      clear(canvas.current);
    } else {
      const stroke: BrushStroke = { mode: brush.mode, radiusPx: brush.radiusPx, points: path };
      draw(path);
      void addOutlineStroke(frameIndex, stroke, startedAt);
    }
  };

  const onPointerCancel = () => {
    points.current = null;
    clear(canvas.current);
  };

  return (
    <canvas
      ref={canvas}
      className="brush-overlay"
      data-testid="brush-overlay"
      aria-label={
        brush.target === 'object'
          ? 'Click the particle or cluster to measure'
          : brush.target === 'exclusion'
            ? 'Paint the region to exclude from the segmentation'
            : `Paint to ${brush.mode === 'add' ? 'add to' : 'erase from'} the outline of frame ${frameIndex}`
      }
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerCancel}
      onPointerLeave={() => {
        if (!points.current) clear(canvas.current);
      }}
    />
  );
}

/** Sizes the canvas's bitmap to its box on screen (device pixels), so strokes draw crisply. */
function fitToBox(c: HTMLCanvasElement): HTMLCanvasElement {
  const ratio = globalThis.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(c.clientWidth * ratio));
  const h = Math.max(1, Math.round(c.clientHeight * ratio));
  if (c.width !== w || c.height !== h) {
    c.width = w;
    c.height = h;
  }
  return c;
}

function clear(c: HTMLCanvasElement | null): void {
  c?.getContext('2d')?.clearRect(0, 0, c.width, c.height);
}
