import { useCallback, useEffect, useRef, useState } from 'react';
import {
  centredAt,
  fitView,
  type Point,
  panBy,
  type Size,
  screenToFrame,
  type View,
  wheelZoomFactor,
  zoomAbout,
} from './view-transform.ts';

export interface FrameViewControls {
  /** null until the viewport has been measured. */
  view: View | null;
  zoomBy(factor: number): void;
  fit(): void;
  oneToOne(): void;
}

/**
 * Zoom and pan of the frame viewer: the wheel (and a trackpad's pinch, which arrives as
 * ctrl+wheel) zooms about the cursor, two touching fingers pinch, a drag pans. While a brush is
 * painting, the left button paints: pan with the middle button or with Space held. The view fits
 * the frame until the user zooms or pans, and again whenever `resetKey` (the movie) changes.
 */
export function useFrameView(
  element: HTMLDivElement | null,
  frame: Size | null,
  resetKey: string,
): FrameViewControls {
  const [view, setView] = useState<View | null>(null);
  const box = useRef<Size>({ width: 0, height: 0 });
  const fitted = useRef(true);
  const frameRef = useRef(frame);
  frameRef.current = frame;
  const width = frame?.width ?? 0;
  const height = frame?.height ?? 0;

  /** Applies a change to the current view (the frame and the box as they are now). */
  const update = useCallback((change: (view: View, frame: Size, box: Size) => View, manual = true) => {
    const f = frameRef.current;
    if (!f || box.current.width === 0) return;
    if (manual) fitted.current = false;
    setView((v) => change(v ?? fitView(f, box.current), f, box.current));
  }, []);

  // A new movie (or frame size) starts fitted.
  useEffect(() => {
    void resetKey;
    fitted.current = true;
    if (width > 0 && box.current.width > 0) setView(fitView({ width, height }, box.current));
  }, [resetKey, width, height]);

  // Follow the viewport's size: refit while fitted, else keep the frame point at the centre.
  useEffect(() => {
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      const previous = box.current;
      box.current = { width: entry.contentRect.width, height: entry.contentRect.height };
      const f = frameRef.current;
      if (!f || box.current.width === 0) return;
      setView((v) => {
        if (!v || fitted.current || previous.width === 0) return fitView(f, box.current);
        const centre = screenToFrame(v, { x: previous.width / 2, y: previous.height / 2 });
        return centredAt(f, box.current, v.scale, centre);
      });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);

  // The wheel zooms about the cursor. A non-passive listener: the page must not scroll meanwhile.
  useEffect(() => {
    if (!element) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = element.getBoundingClientRect();
      const anchor = { x: e.clientX - r.left, y: e.clientY - r.top };
      // ctrl+wheel is a trackpad pinch: its deltas are small, so they are scaled up.
      const factor = wheelZoomFactor(e.ctrlKey ? e.deltaY * 4 : e.deltaY, e.deltaMode);
      update((v, f, b) => zoomAbout(v, factor, anchor, f, b));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [element, update]);

  // Drag to pan, two pointers to pinch. Pointer positions are kept per pointer id.
  useEffect(() => {
    if (!element) return;
    const pointers = new Map<number, Point>();
    let spaceHeld = false;
    const local = (e: PointerEvent): Point => {
      const r = element.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };
    const onDown = (e: PointerEvent) => {
      const onBrush = (e.target as Element | null)?.classList.contains('brush-overlay') ?? false;
      // The brush paints with the left button (and a single finger): not a pan, unless Space is held.
      if (onBrush && e.button === 0 && !spaceHeld && pointers.size === 0 && e.pointerType !== 'touch') return;
      if (e.button !== 0 && e.button !== 1) return;
      e.preventDefault();
      element.setPointerCapture(e.pointerId);
      pointers.set(e.pointerId, local(e));
      element.classList.add('panning');
    };
    const onMove = (e: PointerEvent) => {
      const last = pointers.get(e.pointerId);
      if (!last) return;
      const p = local(e);
      if (pointers.size === 1) {
        update((v, f, b) => panBy(v, p.x - last.x, p.y - last.y, f, b));
      } else {
        // Pinch: scale by the change of the fingers' distance, about their midpoint, and follow it.
        const other = [...pointers.entries()].find(([id]) => id !== e.pointerId)?.[1];
        if (other) {
          const before = Math.hypot(last.x - other.x, last.y - other.y);
          const after = Math.hypot(p.x - other.x, p.y - other.y);
          const mid = { x: (p.x + other.x) / 2, y: (p.y + other.y) / 2 };
          const midBefore = { x: (last.x + other.x) / 2, y: (last.y + other.y) / 2 };
          if (before > 0)
            update((v, f, b) =>
              panBy(
                zoomAbout(v, after / before, midBefore, f, b),
                mid.x - midBefore.x,
                mid.y - midBefore.y,
                f,
                b,
              ),
            );
        }
      }
      pointers.set(e.pointerId, p);
    };
    const onUp = (e: PointerEvent) => {
      pointers.delete(e.pointerId);
      if (pointers.size === 0) element.classList.remove('panning');
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.code === 'Space') spaceHeld = e.type === 'keydown';
    };
    element.addEventListener('pointerdown', onDown);
    element.addEventListener('pointermove', onMove);
    element.addEventListener('pointerup', onUp);
    element.addEventListener('pointercancel', onUp);
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKey);
    return () => {
      element.removeEventListener('pointerdown', onDown);
      element.removeEventListener('pointermove', onMove);
      element.removeEventListener('pointerup', onUp);
      element.removeEventListener('pointercancel', onUp);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKey);
    };
  }, [element, update]);

  const centre = (): Point => ({ x: box.current.width / 2, y: box.current.height / 2 });
  return {
    view,
    zoomBy: (factor) => update((v, f, b) => zoomAbout(v, factor, centre(), f, b)),
    fit: () => {
      fitted.current = true;
      update((_v, f, b) => fitView(f, b), false);
    },
    oneToOne: () => update((v, f, b) => zoomAbout(v, 1 / v.scale, centre(), f, b)),
  };
}
