import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  dropFiles,
  exampleDir,
  fileFromDisk,
  fixturesDir,
  pickFiles,
  plottedTraces,
  runAnalysisToEnd,
  screenshot,
} from './helpers.ts';

const movie = () => fileFromDisk(resolve(exampleDir, 'example-movie.tif'));
const log = () => fileFromDisk(resolve(exampleDir, 'example-log.csv'));

/** Ground truth written beside the example by the generator: frame,time_s,truth_area_px. */
function truthAreas(): number[] {
  const lines = readFileSync(resolve(exampleDir, 'example-truth.csv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => Number(line.split(',')[2]));
}

test('opens with the example dataset, runs it, and plots area and bias on one time axis', async ({
  page,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto('/');
  await expect(page.getByTestId('movie-summary')).toContainText('example-movie.tif');
  await expect(page.getByTestId('log-summary')).toContainText('example-log.csv');
  await runAnalysisToEnd(page);
  await expect(page.getByTestId('outline')).toBeVisible();
  // The area on show says, on hover, what its ± is and which way it errs.
  await expect(page.getByTestId('area-readout')).toContainText('±');
  await expect(page.getByTestId('area-readout')).toHaveAttribute(
    'title',
    /± is 1σ.*held the truth on about 60–80 %.*reads about 1 % low/,
  );

  const traces = await plottedTraces(page);
  const area = traces.find((t) => t.name.startsWith('Cluster area'));
  const bias = traces.find((t) => t.name.startsWith('Bias'));
  expect(area, 'area trace').toBeDefined();
  expect(bias?.yaxis, 'bias is on the right-hand axis').toBe('y2');

  // Plotted areas (nm²) against the generator's truth (px² × pixel size²), frame by frame.
  const truth = truthAreas();
  const manifest = JSON.parse(readFileSync(resolve(exampleDir, 'manifest.json'), 'utf8'));
  const nm2PerPx = manifest.pixelSizeNm ** 2;
  expect(area?.y.length).toBe(truth.length);
  const errors = (area?.y ?? []).map((a, i) => Math.abs((a ?? 0) / (truth[i] * nm2PerPx) - 1));
  const meanError = errors.reduce((s, e) => s + e, 0) / errors.length;
  expect(meanError).toBeLessThan(0.05);

  // The bias trace is the log's: it steps to the lithiation bias of the example (-0.2 V).
  const minBias = Math.min(...(bias?.y ?? []).map((v) => v ?? 0));
  expect(minBias).toBeCloseTo(-0.2, 2);
  // Frame times and log times share one axis in seconds.
  expect(Math.max(...(area?.x ?? []))).toBeGreaterThan(1);
  await screenshot(page, 'example-analysed');
  expect(pageErrors).toEqual([]);
});

test('hovering a point of the area plot shows that frame', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('movie-summary')).toContainText('example-movie.tif');
  await runAnalysisToEnd(page);
  const target = 17;
  await plottedTraces(page);
  // As a user would: scroll the plot into view before pointing at it.
  await page.getByTestId('area-bias-plot').scrollIntoViewIfNeeded();
  const position = await page.evaluate((frame) => {
    const plot = document.querySelector('[data-testid="area-bias-plot"] .js-plotly-plot') as unknown as {
      data: { x: number[]; y: number[] }[];
      _fullLayout: { xaxis: AxisLike; yaxis: AxisLike };
      getBoundingClientRect(): DOMRect;
    };
    type AxisLike = { l2p(v: number): number; _offset: number };
    const { xaxis, yaxis } = plot._fullLayout;
    const box = plot.getBoundingClientRect();
    return {
      x: box.left + xaxis._offset + xaxis.l2p(plot.data[0].x[frame]),
      y: box.top + yaxis._offset + yaxis.l2p(plot.data[0].y[frame]),
    };
  }, target);
  await page.mouse.move(position.x, position.y);
  await expect(page.getByTestId('frame-readout')).toContainText(`Frame ${target} (0–`);
  await expect(page.getByTestId('frame-viewer')).toHaveAttribute('data-frame', String(target));
});

test('drop a log first and a movie second, by drag-and-drop and by the file picker', async ({ page }) => {
  await page.goto('/?example=none');
  await expect(page.getByText(/Drop a movie/)).toBeVisible();
  await dropFiles(page, [log()]);
  await expect(page.getByTestId('log-summary')).toContainText('example-log.csv');
  await pickFiles(page, [movie()]);
  await expect(page.getByTestId('movie-summary')).toContainText('example-movie.tif');
  await expect(page.getByTestId('log-summary')).toContainText('example-log.csv');
  await expect(page.getByLabel('Bias channel')).not.toHaveValue('');
});

test('a run can be cancelled, keeps what it has, and can be run again', async ({ page }) => {
  // One worker so the run lasts long enough to cancel.
  await page.goto('/?pool=1');
  await expect(page.getByTestId('movie-summary')).toContainText('example-movie.tif');
  await page.getByRole('button', { name: 'Run analysis' }).click();
  await expect(page.getByTestId('run-status')).toContainText(/Analysing… [1-9]/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  const status = page.getByTestId('run-status');
  await expect(status).toContainText('Cancelled after');
  const [done, total] = ((await status.textContent()) ?? '').match(/\d+/g)?.map(Number) ?? [];
  expect(done).toBeLessThan(total);
  await expect(page.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  await runAnalysisToEnd(page);
});

test('a corrupt or mislabelled file gives an error naming it, and the session survives', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('movie-summary')).toContainText('example-movie.tif');
  await runAnalysisToEnd(page);

  const good = movie().bytes;
  // The header survives but the file is cut inside the first frame's pixels.
  await dropFiles(page, [{ name: 'broken-stack.tif', bytes: good.subarray(0, 4096) }]);
  await dropFiles(page, [{ name: 'notes.tif', bytes: Buffer.from('this is not an image\n'.repeat(20)) }]);
  const errors = page.getByTestId('error');
  await expect(errors.filter({ hasText: 'broken-stack.tif' })).toBeVisible();
  await expect(errors.filter({ hasText: 'notes.tif' })).toContainText(/not|unrecognised/i);
  await screenshot(page, 'corrupt-file-error');

  // Nothing the user did is lost: the example movie, its log and its results are still there.
  await expect(page.getByTestId('movie-summary')).toContainText('example-movie.tif');
  await expect(page.getByTestId('run-status')).toContainText('frames analysed');
  await page.getByRole('button', { name: 'Dismiss' }).first().click();
  await expect(errors).toHaveCount(1);

  // The same damaged file again is the same problem: still one banner. (Files open in order, so
  // once the second file's banner shows, the first has been handled.)
  const text = Buffer.from('this is not an image\n'.repeat(20));
  await dropFiles(page, [
    { name: 'notes.tif', bytes: text },
    { name: 'other.tif', bytes: text },
  ]);
  await expect(errors.filter({ hasText: 'other.tif' })).toBeVisible();
  await expect(errors.filter({ hasText: 'notes.tif' })).toHaveCount(1);
  // Replaced by a good file of the same name, its banner goes.
  await dropFiles(page, [{ name: 'notes.tif', bytes: good }]);
  await expect(page.getByTestId('movie-summary')).toContainText('notes.tif');
  await expect(errors.filter({ hasText: 'notes.tif' })).toHaveCount(0);
  await expect(errors.filter({ hasText: 'other.tif' })).toHaveCount(1);
});

test('a real ImageJ TIFF stack opens with its calibration', async ({ page }) => {
  await page.goto('/?example=none');
  await pickFiles(page, [
    fileFromDisk(resolve(fixturesDir, 'rosettasciio/tiff/test_loading_image_saved_with_imageJ_stack.tif')),
  ]);
  const summary = page.getByTestId('movie-summary');
  await expect(summary).toContainText('test_loading_image_saved_with_imageJ_stack.tif');
  await expect(summary).toContainText('68 × 68 px, 2 frames');
  await expect(summary).toContainText('Pixel size 168.7 nm');
  await expect(page.getByTestId('frame-viewer')).toHaveAttribute('data-frame', '0');
  await screenshot(page, 'imagej-stack');
});

test('a log column the reader did not recognise can be re-mapped to the bias, with its unit', async ({
  page,
}) => {
  // The example log with anonymous column names and the bias written in millivolts.
  const rows = readFileSync(resolve(exampleDir, 'example-log.csv'), 'utf8').trim().split('\n').slice(1);
  const csv = [
    't,signal_1,signal_2',
    ...rows.map((r) => {
      const [t, v, i] = r.split(',').map(Number);
      return `${t},${(v * 1000).toFixed(3)},${i}`;
    }),
  ].join('\n');
  await page.goto('/');
  await expect(page.getByTestId('movie-summary')).toContainText('example-movie.tif');
  await dropFiles(page, [{ name: 'anonymous-log.csv', bytes: Buffer.from(csv) }]);
  await expect(page.getByTestId('log-summary')).toContainText('anonymous-log.csv');
  await expect(page.getByLabel('Bias channel')).toHaveValue('');

  await page.getByText(/Columns of the log/).click();
  await page.getByLabel('Unit of column signal_1').fill('mV');
  await page.getByLabel('Role of column signal_1').selectOption('voltage');
  await expect(page.getByLabel('Bias channel')).not.toHaveValue('');
  await runAnalysisToEnd(page);
  const bias = (await plottedTraces(page)).find((t) => t.name.startsWith('Bias'));
  expect(bias?.name).toBe('Bias (V)');
  expect(Math.min(...(bias?.y ?? []).map((v) => v ?? 0))).toBeCloseTo(-0.2, 3);
  await screenshot(page, 'log-columns');
});

test('a damaged log says beside its summary which rows it left out, and the plots go on', async ({
  page,
}) => {
  // The example log with an infinite bias, a row without a time and a block pasted out of order.
  const [header, ...rows] = readFileSync(resolve(exampleDir, 'example-log.csv'), 'utf8').trim().split('\n');
  rows[200] = rows[200].replace(/^([^,]+),[^,]+,/, '$1,inf,');
  rows[300] = rows[300].replace(/^[^,]+,/, 'NaN,');
  rows.splice(500, 0, rows[100], rows[101]);
  await page.goto('/');
  await expect(page.getByTestId('movie-summary')).toContainText('example-movie.tif');
  await dropFiles(page, [{ name: 'damaged-log.csv', bytes: Buffer.from([header, ...rows].join('\n')) }]);
  const warnings = page.getByTestId('log-warnings');
  await expect(warnings).toContainText(
    'damaged-log.csv: column "voltage_V": 1 infinite value read as missing (line 202)',
  );
  await expect(warnings).toContainText('damaged-log.csv: left out 1 row without a finite time (line 302)');
  await expect(warnings).toContainText(
    "damaged-log.csv: left out 2 rows whose time goes back before an earlier row's (lines 502, 503)",
  );
  await runAnalysisToEnd(page);
  const bias = (await plottedTraces(page)).find((t) => t.name.startsWith('Bias'));
  // The missing reading is a gap in the bias trace, not a value.
  expect(Math.min(...(bias?.y ?? []).filter((v): v is number => Number.isFinite(v)))).toBeCloseTo(-0.2, 3);
  await screenshot(page, 'log-warnings');
});

test('a million-row log (17 minutes at 1 kHz) loads and is drawn thinned, every bias step kept', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('movie-summary')).toContainText('example-movie.tif');
  // Built in the page: pushing 20 MB through the test driver would itself hold up the page.
  await page.evaluate(() => {
    const rows = ['time_s,voltage_V,current_A'];
    for (let i = 0; i < 1_000_000; i++) {
      rows.push(
        `${(i / 1000).toFixed(3)},${Math.floor(i / 60_000) % 2 ? -0.2 : 0},${Math.sin(i / 5000) * 1e-9}`,
      );
    }
    const transfer = new DataTransfer();
    transfer.items.add(new File([rows.join('\n')], 'long-log.csv'));
    const target = document.querySelector('[data-testid="dropzone"]') ?? document.body;
    target.dispatchEvent(new DragEvent('dragenter', { bubbles: true, dataTransfer: transfer }));
    target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
  });
  await expect(page.getByTestId('log-summary')).toContainText('long-log.csv', { timeout: 60_000 });
  await expect(page.getByTestId('log-summary')).toContainText('1000000 samples');
  await runAnalysisToEnd(page);
  const bias = (await plottedTraces(page)).find((t) => t.name.startsWith('Bias'));
  // A thousand pixels of plot get a few thousand points, not a million; the steps between rest
  // (0 V) and lithiation (−0.2 V) every minute are all still drawn.
  expect(bias?.x.length).toBeLessThanOrEqual(4001);
  const y = (bias?.y ?? []) as number[];
  let steps = 0;
  for (let i = 1; i < y.length; i++) if (Math.abs(y[i] - y[i - 1]) > 0.1) steps++;
  expect(steps).toBe(16);
  await screenshot(page, 'long-log');
});
