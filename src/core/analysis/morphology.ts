/** Binary mask filters. Pure: a new mask is returned, the input is never modified. */

/**
 * 3×3 majority filter: a pixel is set when at least 5 of the 9 pixels of its neighbourhood are
 * (outside the frame counts as unset). Shot noise flips pixels near a threshold both ways; the
 * majority vote removes isolated flips on either side alike, so it cleans a noisy outline
 * without moving it on average (an opening or closing would shrink or grow it).
 */
export function majorityFilter3(mask: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  // Column sums of three rows, updated as the window slides down; rows outside count as 0.
  const col = new Uint8Array(width);
  const rowAt = (y: number) => (y >= 0 && y < height ? y * width : -1);
  for (let y = 0; y < height; y++) {
    const a = rowAt(y - 1);
    const b = rowAt(y);
    const c = rowAt(y + 1);
    for (let x = 0; x < width; x++) {
      col[x] = (a >= 0 ? mask[a + x] : 0) + mask[b + x] + (c >= 0 ? mask[c + x] : 0);
    }
    let sum = col[0] + (width > 1 ? col[1] : 0);
    for (let x = 0; x < width; x++) {
      out[b + x] = sum >= 5 ? 1 : 0;
      if (x + 2 < width) sum += col[x + 2];
      if (x - 1 >= 0) sum -= col[x - 1];
    }
  }
  return out;
}
