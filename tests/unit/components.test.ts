import { describe, expect, it } from 'vitest';
import { labelRuns, runsByLabel, selectRuns } from '../../src/core/analysis/components.ts';
import {
  fillHoles,
  labelComponents,
  largestComponent,
  maskToRuns,
  runsArea,
} from '../../src/core/analysis/index.ts';
import { withPixels } from '../../src/core/analysis/runs.ts';
import { createRng } from '../../src/core/synth/index.ts';

/** Parses a picture: '#' = 1, anything else = 0. */
function picture(rows: string[]): { mask: Uint8Array; width: number; height: number } {
  const width = rows[0].length;
  const height = rows.length;
  const mask = new Uint8Array(width * height);
  rows.forEach((r, y) => {
    for (let x = 0; x < width; x++) mask[y * width + x] = r[x] === '#' ? 1 : 0;
  });
  return { mask, width, height };
}

function render(mask: ArrayLike<number>, width: number): string[] {
  const rows: string[] = [];
  for (let i = 0; i < mask.length; i += width) {
    rows.push(Array.from({ length: width }, (_, x) => (mask[i + x] ? '#' : '.')).join(''));
  }
  return rows;
}

/** Plain BFS flood labelling, the obvious reference. */
function referenceLabels(
  mask: ArrayLike<number>,
  width: number,
  height: number,
  conn: 4 | 8,
  value = 1,
): Int32Array {
  const labels = new Int32Array(width * height);
  const steps =
    conn === 8
      ? [-1, 0, 1].flatMap((dy) => [-1, 0, 1].map((dx) => [dx, dy])).filter(([dx, dy]) => dx || dy)
      : [
          [1, 0],
          [-1, 0],
          [0, 1],
          [0, -1],
        ];
  let next = 0;
  for (let start = 0; start < mask.length; start++) {
    if ((mask[start] ? 1 : 0) !== value || labels[start]) continue;
    labels[start] = ++next;
    const queue = [start];
    while (queue.length) {
      const p = queue.pop() as number;
      const x = p % width;
      const y = (p - x) / width;
      for (const [dx, dy] of steps) {
        const nx = x + dx;
        const ny = y + dy;
        const q = ny * width + nx;
        if (nx >= 0 && ny >= 0 && nx < width && ny < height && (mask[q] ? 1 : 0) === value && !labels[q]) {
          labels[q] = next;
          queue.push(q);
        }
      }
    }
  }
  return labels;
}

/** True when two labellings partition the pixels identically. */
function samePartition(a: Int32Array, b: Int32Array): boolean {
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    if ((ab.get(a[i]) ?? b[i]) !== b[i] || (ba.get(b[i]) ?? a[i]) !== a[i]) return false;
    ab.set(a[i], b[i]);
    ba.set(b[i], a[i]);
  }
  return true;
}

function randomMask(seed: number, width: number, height: number, density: number): Uint8Array {
  const rng = createRng(seed);
  return Uint8Array.from({ length: width * height }, () => (rng.next() < density ? 1 : 0));
}

describe('connected components', () => {
  const hand = picture([
    '##....#.',
    '##.....#', // diagonal to the pixel above: one component under 8-connectivity
    '........',
    '..###...',
    '..#.#..#',
    '..###..#',
  ]);

  it('labels a hand-made mask under 8- and 4-connectivity', () => {
    const eight = labelComponents(hand.mask, hand.width, hand.height, 8);
    expect(eight.count).toBe(4);
    expect(eight.areas.slice(1)).toEqual([4, 2, 8, 2]);
    expect(eight.labels[6]).toBe(eight.labels[15]);
    const four = labelComponents(hand.mask, hand.width, hand.height, 4);
    expect(four.count).toBe(5);
    expect(four.labels[6]).not.toBe(four.labels[15]);
  });

  it('matches a flood-fill reference on random masks', () => {
    for (const [seed, density] of [
      [1, 0.3],
      [2, 0.5],
      [3, 0.62],
      [4, 0.8],
    ]) {
      const mask = randomMask(seed, 37, 23, density);
      for (const conn of [4, 8] as const) {
        const ours = labelComponents(mask, 37, 23, conn);
        const ref = referenceLabels(mask, 37, 23, conn);
        expect(samePartition(ours.labels, ref)).toBe(true);
        expect(ours.count).toBe(Math.max(0, ...ref));
      }
    }
  });

  it('groups the runs of every label in one pass, as selecting each label does', () => {
    const mask = randomMask(5, 41, 29, 0.45);
    const runs = maskToRuns(mask, 41, 29);
    const { labels, count } = labelRuns(runs, 8);
    const grouped = runsByLabel(runs, labels, count);
    expect(grouped).toHaveLength(count + 1);
    expect(grouped[0].y).toEqual([]);
    for (let label = 1; label <= count; label++)
      expect(grouped[label]).toEqual(selectRuns(runs, labels, label));
  });

  it('groups only the labels asked for; the others come back empty', () => {
    const mask = randomMask(6, 41, 29, 0.45);
    const runs = maskToRuns(mask, 41, 29);
    const { labels, count, areas } = labelRuns(runs, 8);
    const big = (label: number) => areas[label] >= 3;
    const grouped = runsByLabel(runs, labels, count, big);
    let skipped = 0;
    for (let label = 1; label <= count; label++) {
      if (big(label)) expect(grouped[label]).toEqual(selectRuns(runs, labels, label));
      else {
        expect(grouped[label].y).toEqual([]);
        skipped++;
      }
    }
    // The mask holds both kinds, so the test says something.
    expect(skipped).toBeGreaterThan(0);
    expect(skipped).toBeLessThan(count);
  });

  it('keeps only the largest component, or nothing below the minimum area', () => {
    const largest = largestComponent(hand.mask, hand.width, hand.height);
    expect(render(largest, hand.width)).toEqual([
      '........',
      '........',
      '........',
      '..###...',
      '..#.#...',
      '..###...',
    ]);
    expect(largestComponent(hand.mask, hand.width, hand.height, 9).every((v) => v === 0)).toBe(true);
    expect(largestComponent(new Uint8Array(16), 4, 4).every((v) => v === 0)).toBe(true);
  });

  it('does not modify its input', () => {
    const copy = hand.mask.slice();
    largestComponent(hand.mask, hand.width, hand.height);
    fillHoles(hand.mask, hand.width, hand.height);
    expect(hand.mask).toEqual(copy);
  });
});

describe('fill holes', () => {
  it('fills enclosed holes, including one walled off only diagonally', () => {
    const p = picture([
      '.........',
      '.#####...',
      '.#...#...',
      '.#.#.#.#.',
      '.#####.#.',
      '.......#.',
      '..###....',
      '.#...#...',
      '..###....',
    ]);
    const filled = fillHoles(p.mask, p.width, p.height);
    expect(render(filled, p.width)).toEqual([
      '.........',
      '.#####...',
      '.#####...',
      '.#####.#.',
      '.#####.#.',
      '.......#.',
      '..###....',
      '.#####...',
      '..###....',
    ]);
  });

  it('leaves background that reaches the border, even through a one-pixel gap', () => {
    const p = picture(['#####', '#...#', '#....', '#####']);
    expect(render(fillHoles(p.mask, p.width, p.height), p.width)).toEqual([
      '#####',
      '#...#',
      '#....',
      '#####',
    ]);
  });

  it('matches a flood-fill reference on random masks', () => {
    for (const [seed, density] of [
      [5, 0.45],
      [6, 0.55],
      [7, 0.65],
    ]) {
      const mask = randomMask(seed, 41, 29, density);
      const bg = referenceLabels(mask, 41, 29, 4, 0);
      const touching = new Set<number>();
      for (let i = 0; i < mask.length; i++) {
        const x = i % 41;
        const y = (i - x) / 41;
        if (bg[i] && (x === 0 || y === 0 || x === 40 || y === 28)) touching.add(bg[i]);
      }
      const expected = Uint8Array.from(mask, (v, i) => (v || !touching.has(bg[i]) ? 1 : 0));
      expect(fillHoles(mask, 41, 29)).toEqual(expected);
    }
  });
});

describe('runs', () => {
  it('encode a mask row by row', () => {
    const p = picture(['.##.#', '#####', '.....']);
    const runs = maskToRuns(p.mask, p.width, p.height);
    expect(runs).toEqual({ y: [0, 0, 1], x0: [1, 4, 0], x1: [3, 5, 5] });
    expect(runsArea(runs)).toBe(8);
  });

  it('take added pixels as a mask with them set would give', () => {
    for (const seed of [11, 12, 13]) {
      const width = 37;
      const height = 23;
      const mask = randomMask(seed, width, height, 0.5);
      const rng = createRng(seed + 100);
      // Pixels on a few rows only (as the needle's margin is), some already set, some at the row's ends.
      const pixels = new Set<number>();
      for (const y of [0, 3, 4, 22])
        for (let k = 0; k < 9; k++) pixels.add(y * width + Math.floor(rng.next() * width));
      pixels.add(5 * width);
      pixels.add(6 * width - 1);
      const sorted = [...pixels].sort((a, b) => a - b);
      const expected = Uint8Array.from(mask);
      for (const i of sorted) expected[i] = 1;
      expect(withPixels(maskToRuns(mask, width, height), sorted, width)).toEqual(
        maskToRuns(expected, width, height),
      );
    }
    expect(withPixels({ y: [], x0: [], x1: [] }, [7, 8, 20], 10)).toEqual({
      y: [0, 2],
      x0: [7, 0],
      x1: [9, 1],
    });
  });
});
