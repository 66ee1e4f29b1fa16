import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { plottedTraces, runAnalysisToEnd, screenshot } from './helpers.ts';

/** True when the element's whole box lies within the viewport (no scrolling needed to see it). */
async function inViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const size = page.viewportSize();
  if (!box || !size) return false;
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height;
}

for (const [width, height] of [
  [1280, 720],
  [1440, 900],
] as const) {
  test(`at ${width}×${height} the frame, the area plot and the frame's numbers are on screen together`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height });
    await page.goto('/');
    await expect(page.getByTestId('movie-summary')).toContainText('example-movie.tif');
    await runAnalysisToEnd(page);
    // Without any scrolling: the page opens at the top and stays there.
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const canvas = page.locator('[data-testid="frame-viewer"] canvas').first();
    const plot = page.locator('[data-testid="area-bias-plot"] .main-svg').first();
    const readout = page.getByTestId('frame-readout');
    expect(await inViewport(page, canvas), 'frame canvas in the viewport').toBe(true);
    expect(await inViewport(page, plot), 'area plot in the viewport').toBe(true);
    expect(await inViewport(page, readout), "the frame's numbers in the viewport").toBe(true);
    await screenshot(page, `layout-${width}x${height}`);
  });
}

test("the frame number shown for a plot point is the results CSV's frame", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  await expect(page.getByTestId('movie-summary')).toContainText('example-movie.tif');
  await runAnalysisToEnd(page);
  const area = (await plottedTraces(page)).find((t) => t.name.startsWith('Cluster area'));
  // A point in the middle of the curve, found by its position in the trace (not by its frame).
  const point = Math.floor((area?.x.length ?? 0) / 3);
  const time = area?.x[point] as number;
  const position = await page.evaluate((i) => {
    type AxisLike = { l2p(v: number): number; _offset: number };
    const plot = document.querySelector('[data-testid="area-bias-plot"] .js-plotly-plot') as unknown as {
      data: { name: string; x: number[]; y: number[] }[];
      _fullLayout: { xaxis: AxisLike; yaxis: AxisLike };
      getBoundingClientRect(): DOMRect;
    };
    const trace = plot.data.find((t) => t.name.startsWith('Cluster area')) as { x: number[]; y: number[] };
    const { xaxis, yaxis } = plot._fullLayout;
    const box = plot.getBoundingClientRect();
    return {
      x: box.left + xaxis._offset + xaxis.l2p(trace.x[i]),
      y: box.top + yaxis._offset + yaxis.l2p(trace.y[i]),
    };
  }, point);
  await page.mouse.move(position.x, position.y);
  // The number in the plot's hover label, the viewer's readout and the review panel agree…
  const hover = page.locator('[data-testid="area-bias-plot"] .hoverlayer').getByText(/^frame \d+/);
  const shown = Number((await hover.first().textContent())?.match(/frame (\d+)/)?.[1]);
  await expect(page.getByTestId('frame-readout')).toContainText(`Frame ${shown} (`);
  await expect(page.getByTestId('review-current')).toContainText(`Frame ${shown}`);

  // …with the frame column of the CSV row at that point's time.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Results CSV' }).click(),
  ]);
  const lines = readFileSync(await download.path(), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
  const columns = lines[0].split(',');
  const row = lines
    .slice(1)
    .map((l) => l.split(','))
    .find((r) => Math.abs(Number(r[columns.indexOf('time_s')]) - time) < 1e-6);
  expect(row, `a CSV row at t = ${time} s`).toBeDefined();
  expect(Number(row?.[columns.indexOf('frame')])).toBe(shown);
  await screenshot(page, 'numbering-hover');
});
