// Particles mode on screen: every particle's track id drawn on the frame (the ids of the CLI's
// --particles-out table), and the particle count plotted over time under the area plot.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { encodeTiff } from '../../src/core/io/tiff/write-tiff.ts';
import { parseResultsCsv, runCli } from '../helpers/cli-run.ts';
import { runAnalysisToEnd } from './helpers.ts';

const W = 256;
const H = 256;
const FRAMES = 5;

/**
 * The particles of frame i (half transmission on film of 400 counts): A still; B still but
 * growing past A from frame 2 (the largest-first order swaps, the ids must not); C moving 3 px
 * a frame; D appearing on frame 2 (a new track).
 */
function discs(i: number): { cx: number; cy: number; r: number }[] {
  const out = [
    { cx: 70, cy: 70, r: 24 },
    { cx: 180, cy: 80, r: [16, 20, 30, 30, 30][i] },
    { cx: 110 + 3 * i, cy: 190, r: 12 },
  ];
  if (i >= 2) out.push({ cx: 205, cy: 200, r: 10 });
  return out;
}

function movie(): Buffer {
  const pages = Array.from({ length: FRAMES }, (_, i) => {
    const data = new Uint16Array(W * H);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const inside = discs(i).some((d) => (x - d.cx) ** 2 + (y - d.cy) ** 2 <= d.r * d.r);
        data[y * W + x] = inside ? 200 : 400;
      }
    }
    return { width: W, height: H, data };
  });
  return Buffer.from(encodeTiff(pages));
}

interface Label {
  track: number;
  x: number;
  y: number;
}

/** The ids drawn on the frame shown, with where they are drawn (frame pixels), by track. */
async function drawnIds(page: Page): Promise<Label[]> {
  const labels = await page.getByTestId('particle-id').evaluateAll((nodes) =>
    nodes.map((n) => ({
      track: Number(n.textContent),
      x: Number(n.getAttribute('x')),
      y: Number(n.getAttribute('y')),
    })),
  );
  return labels.sort((a, b) => a.track - b.track);
}

async function showFrame(page: Page, frame: number): Promise<void> {
  await page.getByLabel('Frame', { exact: true }).fill(String(frame));
  await expect(page.getByTestId('frame-viewer')).toHaveAttribute('data-frame', String(frame));
  await expect(page.getByTestId('particle-ids')).toHaveAttribute('data-frame', String(frame));
}

/** The count the frame readout gives ("· 4 particles"). */
async function readoutCount(page: Page): Promise<number> {
  const text = (await page.getByTestId('frame-readout').textContent()) ?? '';
  const match = text.match(/(\d+) particles?/);
  if (!match) throw new Error(`no particle count in the readout: ${text}`);
  return Number(match[1]);
}

test('"Every particle": the ids on the frame are the CSV tracks, one per counted particle, and the count is plotted per frame', async ({
  page,
}) => {
  const bytes = movie();
  const dir = mkdtempSync(join(tmpdir(), 'operando-particles-ui-'));
  let csv: Label[][];
  let cliTable: string;
  try {
    // What the command line writes for the same movie: the ids the viewer must show.
    const path = join(dir, 'particles.tif');
    writeFileSync(path, bytes);
    const parts = join(dir, 'parts.csv');
    const cli = await runCli(['analyze', path, '--particles-out', parts, '--out', join(dir, 'out.csv')]);
    expect(cli.code, cli.stderr).toBe(0);
    cliTable = readFileSync(parts, 'utf8');
    const rows = parseResultsCsv(cliTable).rows;
    csv = Array.from({ length: FRAMES }, (_, f) =>
      rows
        .filter((r) => Number(r.frame) === f)
        .map((r) => ({ track: Number(r.track), x: Number(r.centroid_x_px), y: Number(r.centroid_y_px) }))
        .sort((a, b) => a.track - b.track),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // The movie is what it is meant to be: 3 particles, then a fourth, a new track.
  expect(csv.map((f) => f.length)).toEqual([3, 3, 4, 4, 4]);
  expect(csv[4].map((p) => p.track)).toEqual([1, 2, 3, 4]);

  await page.goto('/?example=none');
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'particles.tif', mimeType: 'image/tiff', buffer: bytes });
  await expect(page.getByTestId('movie-summary')).toContainText(`256 × 256 px, ${FRAMES} frames`);
  await page.getByLabel('Every particle').check();
  await runAnalysisToEnd(page);

  for (const frame of [0, 2, 4]) {
    await showFrame(page, frame);
    const count = await readoutCount(page);
    expect(count, `frame ${frame}`).toBe(csv[frame].length);
    await expect(page.getByTestId('particle-id')).toHaveCount(count);
    // Every counted particle is outlined, not only the first.
    await expect(page.getByTestId('particle-outline')).toHaveCount(count);
    // The live preview (same parameters as the run) outlines every particle too.
    await expect(page.getByTestId('preview-particle-outline')).toHaveCount(count);
    const drawn = await drawnIds(page);
    expect(
      drawn.map((p) => p.track),
      `frame ${frame}`,
    ).toEqual(csv[frame].map((p) => p.track));
    // Each id sits on its particle: at the CSV's centroid (written to 6 digits) for that track.
    for (const [i, p] of drawn.entries()) {
      expect(Math.abs(p.x - csv[frame][i].x), `track ${p.track} x`).toBeLessThan(0.01);
      expect(Math.abs(p.y - csv[frame][i].y), `track ${p.track} y`).toBeLessThan(0.01);
    }
    if (frame === 4) {
      // The still particle A keeps its id from the first frame to the last.
      const a = (labels: Label[]) => labels.find((p) => Math.hypot(p.x - 70, p.y - 70) < 2)?.track;
      expect(a(drawn)).toBe(a(csv[0]));
      expect(a(drawn)).toBeDefined();
    }
  }
  await page.getByTestId('frame-viewer').screenshot({ path: '/tmp/pui-ids.png' });

  // The same table from the browser: one row per particle per frame, as the command line wrote it.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Particles CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('particles-particles.csv');
  expect(readFileSync(await download.path(), 'utf8')).toBe(cliTable);

  // Zoomed in, the labels grow with the frame (they are drawn in frame pixels).
  const viewer = page.getByTestId('frame-viewer');
  const fitted = (await viewer.getByTestId('zoom-level').textContent()) ?? '';
  const labelWidth = async () => (await viewer.getByTestId('particle-id').first().boundingBox())?.width ?? 0;
  const before = await labelWidth();
  await viewer.getByRole('button', { name: 'Zoom in' }).click();
  await viewer.getByRole('button', { name: 'Zoom in' }).click();
  await expect(viewer.getByTestId('zoom-level')).not.toHaveText(fitted);
  await expect.poll(labelWidth).toBeGreaterThan(1.5 * before);
  await viewer.screenshot({ path: '/tmp/pui-ids-zoomed.png' });

  // The count over time: one point per analysed frame, the readout's count on each.
  const plot = page.getByTestId('particle-count-plot');
  await expect(plot).toHaveAttribute('data-state', `${FRAMES} counted`);
  const trace = await plot.evaluate((element) => {
    const data = (element.querySelector('.js-plotly-plot') as unknown as { data: Record<string, unknown>[] })
      .data[0];
    return {
      name: data.name as string,
      x: Array.from(data.x as number[]),
      y: Array.from(data.y as number[]),
      frames: Array.from(data.customdata as number[]),
    };
  });
  const analysed = Number(
    ((await page.getByTestId('run-status').textContent()) ?? '').match(/(\d+) frames analysed/)?.[1],
  );
  expect(analysed).toBe(FRAMES);
  expect(trace.name).toBe('Particles (count)');
  expect(trace.x).toHaveLength(analysed);
  expect(trace.frames).toEqual([0, 1, 2, 3, 4]);
  expect(trace.y).toEqual(csv.map((f) => f.length));
  await expect(plot.locator('.legendtext')).toHaveText('Particles (count)');
  await expect(plot.locator('.ytitle')).toHaveText('Particles (count)');
  // The area plotted above it is the particles' total, and says so.
  await expect(page.getByTestId('area-bias-plot').locator('.ytitle')).toHaveText('Total particle area (px²)');
  // Whole numbers on the count axis, each once.
  const ticks = await plot.locator('.ytick text').allTextContents();
  expect(ticks.length).toBeGreaterThan(1);
  for (const tick of ticks) expect(tick).toMatch(/^\d+$/);
  expect(new Set(ticks).size).toBe(ticks.length);
  await page.screenshot({ path: '/tmp/pui-page.png', fullPage: true });

  // One object again: no ids on the frame, no count plot, the area a cluster's again.
  await page.getByLabel('Every particle').uncheck();
  await runAnalysisToEnd(page);
  await expect(page.getByTestId('frame-readout')).not.toContainText('particle');
  await expect(page.getByTestId('particle-id')).toHaveCount(0);
  await expect(page.getByTestId('particle-outline')).toHaveCount(0);
  await expect(page.getByTestId('particle-count-plot')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Particles CSV' })).toHaveCount(0);
  await expect(page.getByTestId('area-bias-plot').locator('.ytitle')).toHaveText('Cluster area (px²)');
});
