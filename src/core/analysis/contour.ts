/**
 * Outer boundary of a mask as a polygon, and its simplification.
 *
 * Coordinates follow the canvas convention: pixel (x, y) covers [x, x+1) × [y, y+1), so its
 * centre is (x + ½, y + ½). The boundary is traced along pixel edges (the crack-following form
 * of Moore's neighbour tracing), so the polygon encloses exactly the object's pixels: its
 * shoelace area equals the pixel count of a hole-free object, and an overlay drawn from it sits
 * on the object's edge rather than half a pixel inside.
 */

// Directions: 0 east (+x), 1 south (+y), 2 west, 3 north. y grows downwards.
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];

/**
 * Traces the outer boundary of the 8-connected component containing the first foreground pixel
 * in raster order, clockwise on screen (object on the right). Returns the corner vertices
 * (direction changes only) as a flat [x0, y0, x1, y1, ...] array; empty if the mask is empty.
 *
 * @param mask row-major, non-zero = object; not modified
 * @param offsetX added to every x (to place a cropped mask back in the frame), in pixels
 * @param offsetY added to every y, in pixels
 */
export function traceOuterBoundary(
  mask: ArrayLike<number>,
  width: number,
  height: number,
  offsetX = 0,
  offsetY = 0,
): number[] {
  let start = -1;
  for (let i = 0; i < width * height; i++) {
    if (mask[i] !== 0) {
      start = i;
      break;
    }
  }
  if (start < 0) return [];
  const inside = (x: number, y: number) =>
    x >= 0 && y >= 0 && x < width && y < height && mask[y * width + x] !== 0;
  const sx = start % width;
  const sy = (start - sx) / width;
  // Start at the top-left corner of the first pixel heading east along its top edge: the pixel
  // above is background (raster order), so this edge is on the outer boundary.
  const out = [sx + offsetX, sy + offsetY];
  let x = sx;
  let y = sy;
  let dir = 0;
  const limit = 4 * (width + 1) * (height + 1);
  for (let step = 0; step < limit; step++) {
    x += DX[dir];
    y += DY[dir];
    // The two pixels ahead of the vertex: left and right of the direction of travel.
    let lx: number;
    let ly: number;
    let rx: number;
    let ry: number;
    if (dir === 0) [lx, ly, rx, ry] = [x, y - 1, x, y];
    else if (dir === 1) [lx, ly, rx, ry] = [x, y, x - 1, y];
    else if (dir === 2) [lx, ly, rx, ry] = [x - 1, y, x - 1, y - 1];
    else [lx, ly, rx, ry] = [x - 1, y - 1, x, y - 1];
    // Turning left when the ahead-left pixel is set keeps diagonal neighbours in one outline
    // (8-connectivity); otherwise go straight along a set ahead-right pixel, else turn right.
    const next = inside(lx, ly) ? (dir + 3) % 4 : inside(rx, ry) ? dir : (dir + 1) % 4;
    if (x === sx && y === sy && next === 0) break;
    if (next !== dir) out.push(x + offsetX, y + offsetY);
    dir = next;
  }
  return out;
}

/** Absolute shoelace area of a closed polygon given as flat [x0, y0, ...], in px². */
export function polygonArea(points: ArrayLike<number>): number {
  const n = points.length >> 1;
  let twice = 0;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    twice += points[2 * i] * points[2 * j + 1] - points[2 * j] * points[2 * i + 1];
  }
  return Math.abs(twice) / 2;
}

/**
 * Douglas–Peucker simplification of a closed polygon: keeps the vertices needed so that no
 * dropped vertex lies farther than `tolerancePx` from the simplified outline. The loop is cut at
 * vertex 0 and the vertex farthest from it, and each half simplified as an open chain.
 *
 * @param points flat [x0, y0, ...] closed polygon (last vertex not repeated), in pixels
 * @param tolerancePx maximum distance of a dropped vertex from the result, in pixels
 */
export function simplifyClosedPolygon(points: ArrayLike<number>, tolerancePx: number): number[] {
  const n = points.length >> 1;
  if (n <= 3 || !(tolerancePx > 0)) return Array.from(points).slice(0, 2 * n);
  let far = 0;
  let farD = -1;
  for (let i = 1; i < n; i++) {
    const d = (points[2 * i] - points[0]) ** 2 + (points[2 * i + 1] - points[1]) ** 2;
    if (d > farD) {
      farD = d;
      far = i;
    }
  }
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[far] = 1;
  markChain(points, n, 0, far, tolerancePx, keep);
  markChain(points, n, far, n, tolerancePx, keep);
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(points[2 * i], points[2 * i + 1]);
  return out;
}

// Iterative (explicit stack) so long outlines can't overflow the call stack. Index n wraps to 0.
function markChain(
  p: ArrayLike<number>,
  n: number,
  from: number,
  to: number,
  tol: number,
  keep: Uint8Array,
): void {
  const stack = [from, to];
  const tol2 = tol * tol;
  while (stack.length > 0) {
    const b = stack.pop() as number;
    const a = stack.pop() as number;
    if (b - a < 2) continue;
    const ax = p[2 * a];
    const ay = p[2 * a + 1];
    const bx = p[2 * (b % n)];
    const by = p[2 * (b % n) + 1];
    const vx = bx - ax;
    const vy = by - ay;
    const len2 = vx * vx + vy * vy;
    let best = -1;
    let bestD = tol2;
    for (let i = a + 1; i < b; i++) {
      const wx = p[2 * i] - ax;
      const wy = p[2 * i + 1] - ay;
      // Distance to the segment (not the infinite line), so hairpins are not collapsed.
      const t = len2 > 0 ? Math.min(1, Math.max(0, (wx * vx + wy * vy) / len2)) : 0;
      const d = (wx - t * vx) ** 2 + (wy - t * vy) ** 2;
      if (d > bestD) {
        bestD = d;
        best = i;
      }
    }
    if (best >= 0) {
      keep[best] = 1;
      stack.push(a, best, best, b);
    }
  }
}
