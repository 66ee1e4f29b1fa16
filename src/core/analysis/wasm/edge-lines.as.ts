// AssemblyScript twin of the pixel loops of edge-profile.ts `sampleEdgeProfile`: `outlinePixels`
// and the sampling of each profile line, with the JS's f64 operations in its order (the same
// profile to the bit). A frame samples about a thousand lines of 29 points; in JS each point cost
// about 30 ns. Compiled into the one module of flatten-blur.as.ts (which re-exports it); memory
// laid out by shape-kernels.ts `edgeLinesWasm`.

import { f32At, f64At } from './address.as';

/**
 * `outlinePixels`: indices (i32, into `out`) of the pixels of `soft` (width × height f32) at or
 * above 0.5 with a 4-neighbour below it, 2 px or more from the border, within [x0, x1) × [y0, y1);
 * returns their number.
 */
export function outlinePixels(soft: usize, width: i32, height: i32, x0: i32, y0: i32, x1: i32, y1: i32, out: usize): i32 {
  let count = 0;
  const from = max(2, x0);
  const to = min(width - 2, x1);
  for (let y = max(2, y0); y < min(height - 2, y1); y++) {
    for (let i = y * width + from; i < y * width + to; i++) {
      if (load<f32>(f32At(soft, i)) < 0.5) continue;
      if (
        load<f32>(f32At(soft, i - 1)) < 0.5 ||
        load<f32>(f32At(soft, i + 1)) < 0.5 ||
        load<f32>(f32At(soft, i - width)) < 0.5 ||
        load<f32>(f32At(soft, i + width)) < 0.5
      ) {
        store<i32>(out + (<usize>count << 2), i);
        count++;
      }
    }
  }
  return count;
}

/**
 * The sampling of `sampleEdgeProfile` for `count` lines given at `lines` as (ex, ey, nx, ny, beam)
 * f64 each, in `soft` and `image` (width × height f32) with `blocked` (u8, or 0 for none): points
 * s = −inside … length − 1 − inside, a line cut short within `clear` px outside dropped; each kept
 * line's points added to `values`, `squares` (length f64) and `counts` (length i32). Returns the
 * number of lines kept; `line` is length f64 of scratch.
 */
export function sampleLines(
  soft: usize,
  blocked: usize,
  image: usize,
  width: i32,
  height: i32,
  lines: usize,
  count: i32,
  mirror: i32,
  inside: i32,
  length: i32,
  clear: i32,
  values: usize,
  squares: usize,
  counts: usize,
  line: usize,
): i32 {
  const xMax = <f64>(width - 2);
  const yMax = <f64>(height - 2);
  let kept = 0;
  for (let l = 0; l < count; l++) {
    const p = f64At(lines, 5 * l);
    const ex = load<f64>(p);
    const ey = load<f64>(p, 8);
    const nx = load<f64>(p, 16);
    const ny = load<f64>(p, 24);
    const beam = load<f64>(p, 32);
    let ok = true;
    let deepest = 0;
    let end = length;
    for (let j = 0; j < length; j++) {
      const s = j - inside;
      const px = ex + <f64>s * nx;
      const py = ey + <f64>s * ny;
      if (px < 0 || py < 0 || px > xMax || py > yMax) {
        if (s <= clear) ok = false;
        end = j;
        break;
      }
      const q = <i32>(py + 0.5) * width + <i32>(px + 0.5);
      const inside = load<f32>(f32At(soft, q)) >= 0.5;
      if (s >= 1 && (inside || (blocked !== 0 && load<u8>(blocked + <usize>q) !== 0))) {
        if (s <= clear) ok = false;
        end = j;
        break;
      }
      if (s <= -1 && !inside) deepest = j + 1;
      // `bilinear`: px, py ≥ 0, so truncation is the floor.
      const x0 = <i32>px;
      const y0 = <i32>py;
      const fx = px - <f64>x0;
      const fy = py - <f64>y0;
      const i = y0 * width + x0;
      const a = <f64>load<f32>(f32At(image, i));
      const b = <f64>load<f32>(f32At(image, i + 1));
      const c = <f64>load<f32>(f32At(image, i + width));
      const d = <f64>load<f32>(f32At(image, i + width + 1));
      const top = a + fx * (b - a);
      const bottom = c + fx * (d - c);
      const t = (top + fy * (bottom - top)) / beam;
      store<f64>(f64At(line, j), mirror ? 2 - t : t);
    }
    if (!ok) continue;
    for (let j = deepest; j < end; j++) {
      const v = load<f64>(f64At(line, j));
      store<f64>(f64At(values, j), load<f64>(f64At(values, j)) + v);
      store<f64>(f64At(squares, j), load<f64>(f64At(squares, j)) + v * v);
      store<i32>(counts + (<usize>j << 2), load<i32>(counts + (<usize>j << 2)) + 1);
    }
    kept++;
  }
  return kept;
}
