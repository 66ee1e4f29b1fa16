/**
 * Brush edits of a cluster mask: the user's corrections (add / erase strokes) and painted
 * exclusion regions. Pure: masks are copied, never modified in place.
 */

import type { BrushStroke, MaskEdit } from './types.ts';

/**
 * Calls `fn(y, x0, x1)` for every row span (pixels x0 ≤ x < x1) whose pixel centres lie within
 * `radiusPx` of the stroke's polyline, clipped to the frame. Spans of successive segments may
 * overlap; callers only set or clear pixels, so that is harmless.
 */
export function forEachStrokeSpan(
  stroke: BrushStroke,
  width: number,
  height: number,
  fn: (y: number, x0: number, x1: number) => void,
  shiftX = 0,
  shiftY = 0,
): void {
  const p = stroke.points;
  const r = Math.max(0.5, stroke.radiusPx);
  const count = p.length >> 1;
  if (count === 0) return;
  for (let s = 0; s < Math.max(1, count - 1); s++) {
    const ax = p[2 * s] + shiftX;
    const ay = p[2 * s + 1] + shiftY;
    const bx = (count > 1 ? p[2 * s + 2] : p[0]) + shiftX;
    const by = (count > 1 ? p[2 * s + 3] : p[1]) + shiftY;
    const y0 = Math.max(0, Math.floor(Math.min(ay, by) - r));
    const y1 = Math.min(height - 1, Math.ceil(Math.max(ay, by) + r));
    const xMin = Math.max(0, Math.floor(Math.min(ax, bx) - r));
    const xMax = Math.min(width - 1, Math.ceil(Math.max(ax, bx) + r));
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    for (let y = y0; y <= y1; y++) {
      let start = -1;
      for (let x = xMin; x <= xMax + 1; x++) {
        let inside = false;
        if (x <= xMax) {
          const px = x + 0.5 - ax;
          const py = y + 0.5 - ay;
          const t = len2 > 0 ? Math.min(1, Math.max(0, (px * dx + py * dy) / len2)) : 0;
          const ex = px - t * dx;
          const ey = py - t * dy;
          inside = ex * ex + ey * ey <= r * r;
        }
        if (inside && start < 0) start = x;
        else if (!inside && start >= 0) {
          fn(y, start, x);
          start = -1;
        }
      }
    }
  }
}

/** A mask (width × height, 1 inside) of everything the strokes cover, shifted by (shiftX, shiftY) px. */
export function rasterizeStrokes(
  strokes: readonly BrushStroke[],
  width: number,
  height: number,
  shiftX = 0,
  shiftY = 0,
): Uint8Array {
  const out = new Uint8Array(width * height);
  for (const stroke of strokes) {
    forEachStrokeSpan(
      stroke,
      width,
      height,
      (y, x0, x1) => out.fill(1, y * width + x0, y * width + x1),
      shiftX,
      shiftY,
    );
  }
  return out;
}

/**
 * Applies the strokes in the order they were painted (a later erase wins over an earlier add
 * and vice versa) to a copy of `mask`. When `edit.refit` is set, 'add' only takes pixels where
 * `candidates` is 1 (the frame's own dark pixels), so an edit carried to a neighbour frame
 * follows that frame's cluster instead of stamping the brush shape onto it.
 */
export function applyMaskEdit(
  mask: Uint8Array,
  width: number,
  height: number,
  edit: MaskEdit,
  candidates?: Uint8Array,
): Uint8Array {
  const out = mask.slice();
  for (const stroke of edit.strokes) {
    const add = stroke.mode === 'add';
    const gate = add && edit.refit ? candidates : undefined;
    forEachStrokeSpan(stroke, width, height, (y, x0, x1) => {
      const row = y * width;
      if (!gate) out.fill(add ? 1 : 0, row + x0, row + x1);
      else for (let k = row + x0; k < row + x1; k++) out[k] = gate[k] ? 1 : out[k];
    });
  }
  return out;
}

/** Moves every stroke by (dx, dy) pixels: an edit carried along the sample's drift. */
export function shiftStrokes(strokes: readonly BrushStroke[], dx: number, dy: number): BrushStroke[] {
  return strokes.map((s) => ({
    ...s,
    points: s.points.map((v, i) => (i % 2 === 0 ? v + dx : v + dy)),
  }));
}

/** Scales every stroke (points and radius) by `f`: strokes in frame pixels onto a binned image. */
export function scaleStrokes(strokes: readonly BrushStroke[], f: number): BrushStroke[] {
  if (f === 1) return [...strokes];
  return strokes.map((s) => ({ ...s, radiusPx: s.radiusPx * f, points: s.points.map((v) => v * f) }));
}
