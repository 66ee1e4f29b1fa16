import { describe, expect, it } from 'vitest';
import {
  constrain,
  fitView,
  frameToScreen,
  MAX_SCALE,
  minScale,
  panBy,
  screenToFrame,
  wheelZoomFactor,
  zoomAbout,
  zoomPercent,
} from '../../src/ui/viewer/view-transform.ts';

const frame = { width: 2048, height: 1024 };
const box = { width: 800, height: 600 };

describe('view transform', () => {
  it('fits the whole frame, centred, touching the limiting sides', () => {
    const view = fitView(frame, box);
    expect(view.scale).toBeCloseTo(800 / 2048, 12);
    const topLeft = frameToScreen(view, { x: 0, y: 0 });
    const bottomRight = frameToScreen(view, { x: frame.width, y: frame.height });
    expect(topLeft.x).toBeCloseTo(0, 9);
    expect(bottomRight.x).toBeCloseTo(800, 9);
    // Letterboxed vertically: equal margins above and below.
    expect(topLeft.y).toBeCloseTo(600 - bottomRight.y, 9);
  });

  it('maps screen to frame and back exactly', () => {
    const view = { scale: 3.7, x: -512.25, y: 40.5 };
    const p = { x: 123.4, y: 567.8 };
    const back = frameToScreen(view, screenToFrame(view, p));
    expect(back.x).toBeCloseTo(p.x, 9);
    expect(back.y).toBeCloseTo(p.y, 9);
  });

  it('keeps the frame point under the cursor fixed while zooming', () => {
    const start = fitView(frame, box);
    const cursor = { x: 610, y: 333 };
    const before = screenToFrame(start, cursor);
    const zoomed = zoomAbout(start, 4, cursor, frame, box);
    expect(zoomed.scale).toBeCloseTo(start.scale * 4, 12);
    const after = screenToFrame(zoomed, cursor);
    expect(after.x).toBeCloseTo(before.x, 9);
    expect(after.y).toBeCloseTo(before.y, 9);
  });

  it('zooming in then out by the same factor returns to the same view', () => {
    const start = fitView(frame, box);
    const cursor = { x: 200, y: 450 };
    const round = zoomAbout(zoomAbout(start, 2.5, cursor, frame, box), 1 / 2.5, cursor, frame, box);
    expect(round.scale).toBeCloseTo(start.scale, 12);
    expect(round.x).toBeCloseTo(start.x, 9);
    expect(round.y).toBeCloseTo(start.y, 9);
  });

  it('clamps the zoom between half the fitted size and the maximum', () => {
    const start = fitView(frame, box);
    expect(zoomAbout(start, 1e6, { x: 0, y: 0 }, frame, box).scale).toBe(MAX_SCALE);
    expect(zoomAbout(start, 1e-6, { x: 0, y: 0 }, frame, box).scale).toBeCloseTo(minScale(frame, box), 12);
    expect(minScale(frame, box)).toBeCloseTo(start.scale / 2, 12);
  });

  it('pans by the drag and never loses the frame off screen', () => {
    const view = { scale: 4, x: -1000, y: -500 };
    const moved = panBy(view, 30, -20, frame, box);
    expect(moved).toEqual({ scale: 4, x: -970, y: -520 });
    // A fling far to the right: a quarter of the viewport still shows the frame.
    const flung = panBy(view, 1e6, 1e6, frame, box);
    expect(flung.x).toBe(800 - 200);
    expect(flung.y).toBe(600 - 150);
    const flungBack = constrain({ scale: 4, x: -1e7, y: -1e7 }, frame, box);
    expect(flungBack.x + frame.width * 4).toBe(200);
  });

  it('turns wheel notches into button steps, in and out symmetrically', () => {
    expect(wheelZoomFactor(-100, 0)).toBeCloseTo(1.25, 12);
    expect(wheelZoomFactor(100, 0) * wheelZoomFactor(-100, 0)).toBeCloseTo(1, 12);
    expect(wheelZoomFactor(-3, 1)).toBeGreaterThan(1);
  });

  it('reads the zoom as a percentage of 1:1', () => {
    expect(zoomPercent({ scale: 4, x: 0, y: 0 })).toBe('400 %');
    expect(zoomPercent({ scale: 0.39, x: 0, y: 0 })).toBe('39 %');
    expect(zoomPercent({ scale: 0.05, x: 0, y: 0 })).toBe('5.0 %');
  });
});
