import type { Layout } from 'plotly.js-cartesian-dist-min';

/** The name of the current-frame line: exports leave it out (it is a viewer aid, not data). */
export const FRAME_CURSOR = 'frame-cursor';

/** The layout with a vertical line at the current frame's time, over the whole plot height. */
export function withFrameCursor(layout: Layout, x: number | undefined): Layout {
  if (x === undefined || !Number.isFinite(x)) return layout;
  const shapes = (layout.shapes as Record<string, unknown>[] | undefined) ?? [];
  return {
    ...layout,
    shapes: [
      ...shapes,
      {
        name: FRAME_CURSOR,
        type: 'line',
        xref: 'x',
        yref: 'paper',
        x0: x,
        x1: x,
        y0: 0,
        y1: 1,
        line: { color: 'rgba(31, 78, 156, 0.75)', width: 1.5 },
        layer: 'above',
      },
    ],
  };
}

/** The layout as exported: without the current-frame line. */
export function withoutFrameCursor(layout: Layout): Layout {
  const shapes = layout.shapes as Record<string, unknown>[] | undefined;
  return shapes ? { ...layout, shapes: shapes.filter((s) => s.name !== FRAME_CURSOR) } : layout;
}
