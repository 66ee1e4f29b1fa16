/**
 * The frame viewer's one view transform, shared by every layer (frame, outlines, exclusion, brush):
 * a screen point is `frame point × scale + offset`, in CSS pixels relative to the viewport's top
 * left. Pure functions so zoom, pan and the brush's pointer mapping are tested without a browser.
 */
export interface View {
  /** CSS pixels per frame pixel: 1 is "1:1" (100 %). */
  scale: number;
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** The closest zoom: a frame pixel 64 CSS pixels wide is enough to judge any edge. */
export const MAX_SCALE = 64;
/** The zoom steps of the +/− buttons and of one wheel notch. */
export const BUTTON_ZOOM_FACTOR = 1.25;

/** The whole frame, centred, as large as the viewport allows. */
export function fitView(frame: Size, box: Size): View {
  if (frame.width <= 0 || frame.height <= 0 || box.width <= 0 || box.height <= 0)
    return { scale: 1, x: 0, y: 0 };
  const scale = Math.min(box.width / frame.width, box.height / frame.height);
  return centredAt(frame, box, scale, { x: frame.width / 2, y: frame.height / 2 });
}

/** A view of the given scale with the frame point `at` in the middle of the viewport. */
export function centredAt(_frame: Size, box: Size, scale: number, at: Point): View {
  return { scale, x: box.width / 2 - at.x * scale, y: box.height / 2 - at.y * scale };
}

/** The lowest zoom: half the fitted size, so the frame never vanishes to a speck. */
export function minScale(frame: Size, box: Size): number {
  return Math.min(1, fitView(frame, box).scale / 2);
}

export function frameToScreen(view: View, p: Point): Point {
  return { x: p.x * view.scale + view.x, y: p.y * view.scale + view.y };
}

export function screenToFrame(view: View, p: Point): Point {
  return { x: (p.x - view.x) / view.scale, y: (p.y - view.y) / view.scale };
}

/**
 * Zooms by `factor` keeping the frame point under `anchor` (a screen point: the cursor, the
 * pinch's midpoint or the viewport's centre) where it is. The scale is kept within its limits.
 */
export function zoomAbout(view: View, factor: number, anchor: Point, frame: Size, box: Size): View {
  const scale = Math.min(MAX_SCALE, Math.max(minScale(frame, box), view.scale * factor));
  const under = screenToFrame(view, anchor);
  return constrain({ scale, x: anchor.x - under.x * scale, y: anchor.y - under.y * scale }, frame, box);
}

/** The view moved by a drag of (dx, dy) screen pixels. */
export function panBy(view: View, dx: number, dy: number, frame: Size, box: Size): View {
  return constrain({ ...view, x: view.x + dx, y: view.y + dy }, frame, box);
}

/**
 * Keeps part of the frame on screen: at least a quarter of the viewport (or the whole frame,
 * when it is smaller than that) overlaps the frame, so a fling can't lose it.
 */
export function constrain(view: View, frame: Size, box: Size): View {
  const keep = (frameExtent: number, boxExtent: number, offset: number): number => {
    const shown = frameExtent * view.scale;
    const overlap = Math.min(shown, boxExtent / 4);
    // offset + shown ≥ overlap (right/bottom edge not too far left/up) and offset ≤ box − overlap.
    return Math.min(boxExtent - overlap, Math.max(overlap - shown, offset));
  };
  return {
    scale: view.scale,
    x: keep(frame.width, box.width, view.x),
    y: keep(frame.height, box.height, view.y),
  };
}

/** One wheel event's zoom factor: a notch (≈100 px of deltaY) is one button step; trackpads are finer. */
export function wheelZoomFactor(deltaY: number, deltaMode: number): number {
  // deltaMode 1 = lines, 2 = pages; 0 = pixels.
  const pixels = deltaMode === 1 ? deltaY * 33 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return BUTTON_ZOOM_FACTOR ** (-pixels / 100);
}

/** "400 %": the zoom as the user reads it, 100 % being one frame pixel per CSS pixel. */
export function zoomPercent(view: View): string {
  const percent = view.scale * 100;
  return `${percent >= 10 ? Math.round(percent) : percent.toPrecision(2)} %`;
}
