import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { runAnalysisToEnd, screenshot } from './helpers.ts';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function download(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('movie-summary')).toContainText('example-movie.tif');
  await runAnalysisToEnd(page);
});

test('S4 shows the current in nA with the bias, and S7 the cycles with a per-cycle table', async ({
  page,
}) => {
  await page.getByRole('tab', { name: /S4/ }).click();
  const s4 = page.locator('[data-testid="current-plot"][data-ready="true"]');
  await expect(s4).toBeVisible();
  await expect(s4.locator('.ytitle').first()).toHaveText('Current (nA)');
  await screenshot(page, 'figure-s4');

  await page.getByRole('tab', { name: /S7/ }).click();
  await expect(page.locator('[data-testid="cycles-plot"][data-ready="true"]')).toBeVisible();
  const rows = page.getByTestId('cycle-table').locator('tbody tr');
  // The example runs two lithiation/delithiation cycles.
  await expect(rows).toHaveCount(2);
  // Numbers as the UI writes them (number-format.ts): a typographic minus and thin-space groups.
  const firstRow = (await rows.first().locator('td').allTextContents()).map((t) =>
    t.replaceAll('\u2212', '-').replaceAll('\u2009', ''),
  );
  const expansion = Number(firstRow[3]);
  const contraction = Number(firstRow[4]);
  expect(expansion).toBeGreaterThan(30);
  expect(contraction).toBeGreaterThan(10);
  expect(Number(firstRow[5].split('/')[0])).toBeLessThan(0); // lithiation charge is negative
  await screenshot(page, 'figure-s7');
});

test('figures export as PNG at the chosen DPI and as SVG, results as CSV with a header', async ({ page }) => {
  const plot = page.locator('[data-testid="area-bias-plot"] .plot-root');
  await expect(page.locator('[data-testid="area-bias-plot"][data-ready="true"]')).toBeVisible();
  const cssWidth = await plot.evaluate((el) => el.clientWidth);
  await page.getByLabel('PNG resolution').selectOption('300');
  const png = await download(page, 'Export PNG');
  expect(png.name).toBe('example-movie-s5.png');
  const size = pngSize(png.bytes);
  // 300 dpi = 300/96 image pixels per CSS pixel of the figure on screen (Plotly rounds down).
  expect(Math.abs(size.width - (cssWidth * 300) / 96)).toBeLessThan(1);
  expect(size.height).toBeGreaterThan(300);

  const svg = await download(page, 'Export SVG');
  const text = svg.bytes.toString('utf8');
  expect(text.startsWith('<svg')).toBe(true);
  expect(text).toContain('Cluster area');
  expect(text).toContain('Bias (V)');
  expect(text).toMatch(/class="scatterlayer/);

  const csv = (await download(page, 'Results CSV')).bytes.toString('utf8').trim().split('\n');
  expect(csv[0]).toMatch(/^# Operando Workbench \d+\.\d+\.\d+/);
  expect(csv.some((l) => l.startsWith('# movie: example-movie.tif'))).toBe(true);
  const header = csv.findIndex((l) => l.startsWith('frame,'));
  expect(csv[header]).toBe(
    'frame,time_s,area_px,area_nm2,centroid_x_px,centroid_y_px,quality,area_err_px,area_err_nm2,drift_x_px,drift_y_px,drift_err_px,drift_measured_x_px,drift_measured_y_px,drift_confidence,review,bias_V,current_A',
  );
  expect(csv.length - header - 1).toBe(120);
  expect(
    csv.some((l) =>
      /^# movie fingerprint: sha256\(size\+first\+16 spread\+last 64 KiB\) [0-9a-f]{64}$/.test(l),
    ),
  ).toBe(true);
  expect(csv.some((l) => /^# log fingerprint: sha256 [0-9a-f]{64}$/.test(l))).toBe(true);
  expect(csv).toContain(
    '# figure settings: rest below 0.02 V; area in nm² (px² uncalibrated); font 13 pt; aspect 3:1; PNG 300 dpi',
  );

  const logCsv = (await download(page, 'Log CSV')).bytes.toString('utf8').trim().split('\n');
  expect(logCsv[0]).toBe('time_log_s,time_movie_s,voltage_V,current_A');
  expect(logCsv).toHaveLength(1 + 1201);
});

test('S6 draws the outline before lithiation (red) and at a chosen time (yellow) on the frame, and exports', async ({
  page,
}) => {
  await page.getByRole('tab', { name: /S6/ }).click();
  const figure = page.getByTestId('outlines-figure');
  // By default: the last frame before the first lithiation step (6.4 s: frame 6 at 6 s) and the
  // last unflagged frame; S6 says so in its own caption. Frames are numbered from 0, as in the CSV.
  await expect(page.getByLabel('Reference frame')).toHaveValue('6');
  await expect(page.getByLabel('Chosen frame')).toHaveValue('119');
  await expect(page.getByTestId('figure-caption')).toContainText(
    'the last frame before the first lithiation step',
  );
  await page.getByLabel('Chosen frame').fill('29');
  await expect(figure.locator('canvas')).toHaveAttribute('data-frame', '29');
  // The red outline is moved by the drift measured between frames 6 and 29 (small in the example).
  await expect(figure.getByTestId('outline-drift')).toContainText(/moved [+−]\d+\.\d, [+−]\d+\.\d px/);
  await screenshot(page, 'figure-s6');

  await page.getByLabel('PNG resolution').selectOption('300');
  const png = await download(page, 'Export PNG');
  // 384 px frame at 300 dpi = 384 × 300/96 image pixels.
  expect(pngSize(png.bytes)).toEqual({ width: 1200, height: 1200 });
  const svg = (await download(page, 'Export SVG')).bytes.toString('utf8');
  expect(svg).toMatch(/<path class="outline-reference" d="M[\d.]+ [\d.]+ L/);
  expect(svg).toMatch(/<path class="outline-chosen" d="M[\d.]+ [\d.]+ L/);
  expect(svg).toContain('stroke="#ff2020"');
  expect(svg).toContain('class="scale-bar"');
  expect(svg).toContain('t = 29.00 s');
});

test('the log can be shifted against the movie by hand, and an offset proposed from the data and accepted', async ({
  page,
}) => {
  const biasX0 = async () => {
    const traces = await page.evaluate(() => {
      const plot = document.querySelector('[data-testid="area-bias-plot"] .js-plotly-plot') as unknown as {
        data: { name: string; x: number[] }[];
      };
      return plot.data.map((t) => ({ name: t.name, x0: t.x[0] }));
    });
    return traces.find((t) => t.name.startsWith('Bias'))?.x0;
  };
  await expect(page.getByTestId('alignment-source')).toContainText('not aligned');
  expect(await biasX0()).toBeCloseTo(0, 6);
  // The log started 10 s before the movie: its first sample is at movie time -10 s.
  await page.getByLabel('Log offset in seconds').fill('10');
  await expect(page.getByTestId('alignment-source')).toContainText('set by hand');
  await expect.poll(biasX0).toBeCloseTo(-10, 6);
  // The example's movie and log really start together: the proposal (the current matched to the
  // rate of area change) says so, with its uncertainty, and changes nothing until accepted.
  await page.getByRole('button', { name: 'Propose offset' }).click();
  await expect(page.getByTestId('alignment-message')).toContainText(
    /Proposed: offset [+−]\d+\.\d\d ± \d+\.\d\d s \(current vs\. rate of area change: r = 0\.\d\d, \d+ frames\)/,
  );
  await expect(page.getByLabel('Log offset in seconds')).toHaveValue('10');
  await screenshot(page, 'alignment-proposal');
  await page.getByRole('button', { name: 'Accept offset' }).click();
  await expect(page.getByTestId('alignment-source')).toContainText('accepted by you');
  const offset = Number(await page.getByLabel('Log offset in seconds').inputValue());
  expect(Math.abs(offset)).toBeLessThanOrEqual(1);
  // The slider drags the log too.
  await page.getByLabel('Drag the log against the movie').fill('-5');
  await expect(page.getByLabel('Log offset in seconds')).toHaveValue('-5');
  await expect.poll(biasX0).toBeCloseTo(5, 6);
});

test('cycle phases follow the rest threshold the user sets', async ({ page }) => {
  await page.getByRole('tab', { name: /S7/ }).click();
  const rows = page.getByTestId('cycle-table').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  // With rest below 0.3 V the −0.2 V lithiation counts as rest: no lithiation, no cycle.
  await page.getByLabel('Rest below volts').fill('0.3');
  await expect(page.getByTestId('cycle-table')).toHaveCount(0);
  await page.getByLabel('Rest below volts').fill('0.02');
  await expect(rows).toHaveCount(2);
});

test('area can be plotted as A/A0 and the font size changed for publication', async ({ page }) => {
  await page.getByLabel('A/A₀').check();
  const areaTitle = page.locator('[data-testid="area-bias-plot"] .ytitle').first();
  await expect(areaTitle).toHaveText('Cluster area (A/A₀)');
  const first = await page.evaluate(() => {
    const plot = document.querySelector('[data-testid="area-bias-plot"] .js-plotly-plot') as unknown as {
      data: { y: number[] }[];
    };
    return plot.data[0].y.slice(0, 3);
  });
  expect(first[0]).toBe(1);
  expect(first[1]).toBeCloseTo(1, 1);
  await page.getByLabel('Font size').fill('20');
  // Tick labels take the base size; Plotly draws axis titles 1.2× larger.
  await expect(page.locator('[data-testid="area-bias-plot"] .ytick text').first()).toHaveCSS(
    'font-size',
    '20px',
  );
  await expect(areaTitle).toHaveCSS('font-size', '24px');
});

test('the annotated movie is encoded in the browser with every frame, and the export can be cancelled', async ({
  page,
}) => {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    page.getByRole('button', { name: 'Annotated movie' }).click(),
  ]);
  expect(file.suggestedFilename()).toMatch(/^example-movie-annotated\.(mp4|webm)$/);
  await expect(page.getByTestId('movie-export-status')).toContainText('Movie exported: 120 frames');
  // Decode the download with Debian's ffprobe: it must hold every frame of the movie.
  const probe = execFileSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-count_frames',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=nb_read_frames,width,height',
      '-of',
      'json',
      await file.path(),
    ],
    { encoding: 'utf8' },
  );
  const stream = JSON.parse(probe).streams[0];
  expect(Number(stream.nb_read_frames)).toBe(120);
  expect(stream.width).toBe(768);

  await page.getByRole('button', { name: 'Annotated movie' }).click();
  await expect(page.getByTestId('movie-export-progress')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel export' }).click();
  await expect(page.getByTestId('movie-export-status')).toHaveText('Movie export cancelled');
});

test('the aspect ratio sets the figure height for export', async ({ page }) => {
  const plot = page.locator('[data-testid="area-bias-plot"] .main-svg').first();
  await page.getByLabel('Aspect ratio').selectOption('2');
  await expect.poll(async () => plot.evaluate((svg) => svg.clientWidth / svg.clientHeight)).toBeCloseTo(2, 1);
  await page.getByLabel('Aspect ratio').selectOption('3');
  await expect.poll(async () => plot.evaluate((svg) => svg.clientWidth / svg.clientHeight)).toBeCloseTo(3, 1);
});

test('figure settings are autosaved: they come back after a reload and go into the results CSV', async ({
  page,
}) => {
  await page.getByLabel('Rest below volts').fill('0.05');
  await page.getByLabel('Font size').fill('18');
  await page.getByLabel('PNG resolution').selectOption('600');
  // Autosave waits ~0.5 s after the last change.
  await page.waitForTimeout(1500);
  await page.reload();
  await expect(page.getByTestId('movie-summary')).toContainText('example-movie.tif');
  await expect(page.getByLabel('Rest below volts')).toHaveValue('0.05');
  await expect(page.getByLabel('Font size')).toHaveValue('18');
  await expect(page.getByLabel('PNG resolution')).toHaveValue('600');
  const csv = (await download(page, 'Results CSV')).bytes.toString('utf8');
  expect(csv).toContain('# figure settings: rest below 0.05 V; area in nm² (px² uncalibrated); font 18 pt');
  expect(csv).toContain('PNG 600 dpi');
});
