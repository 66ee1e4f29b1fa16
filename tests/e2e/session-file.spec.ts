import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { exampleDir, plottedTraces, runAnalysisToEnd, screenshot } from './helpers.ts';

/** The area trace as plotted: frame → area (what the user reads off the plot). */
async function areasNow(page: Page): Promise<Map<number, number>> {
  const area = (await plottedTraces(page)).find((t) => t.name.startsWith('Cluster area'));
  return new Map((area?.customdata ?? []).map((frame, k) => [frame, Number(area?.y[k])]));
}

async function plottedAreas(page: Page): Promise<Map<number, number>> {
  const areas = await areasNow(page);
  expect(areas.size).toBeGreaterThan(10);
  return areas;
}

async function clearStorage(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((done, fail) => {
        const request = indexedDB.deleteDatabase('operando-workbench');
        request.onsuccess = () => done();
        request.onerror = () => fail(request.error);
        request.onblocked = () => done();
      }),
  );
}

/** Analyse the clean example and reject one frame: a session worth keeping. */
async function analyseAndReject(page: Page): Promise<number> {
  await page.goto('/');
  await expect(page.getByTestId('movie-summary')).toContainText('example-movie.tif');
  await runAnalysisToEnd(page);
  await page.getByLabel('Frame', { exact: true }).fill('5');
  await expect(page.getByTestId('frame-viewer')).toHaveAttribute('data-frame', '5');
  await page.getByRole('region', { name: 'Review' }).getByRole('button', { name: 'Reject' }).click();
  await expect(page.getByTestId('area-bias-plot')).toHaveAttribute('data-state', '120 analysed, 1 rejected');
  return 5;
}

test('a session file brings back every plotted number without running, and takes only its own movie', async ({
  page,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const rejected = await analyseAndReject(page);
  const before = await plottedAreas(page);
  expect(before.has(rejected)).toBe(false);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save session' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('example-movie.operando');
  const file = readFileSync((await download.path()) as string);

  await clearStorage(page);
  await page.goto('/?example=none');
  await page.getByTestId('session-input').setInputFiles({
    name: 'example-movie.operando',
    mimeType: 'application/gzip',
    buffer: file,
  });
  await expect(page.getByTestId('session-waiting')).toContainText('example-movie.tif');
  await expect(page.getByTestId('area-bias-plot')).toHaveAttribute('data-state', '120 analysed, 1 rejected');
  expect(await plottedAreas(page)).toEqual(before);
  // Nothing ran: the numbers came from the file.
  await expect(page.getByTestId('run-status')).toContainText('restored');
  await screenshot(page, 'session-imported');

  // Another movie, even under the same name, is refused; the session's own movie brings its frames and outlines.
  await page.getByTestId('file-input').setInputFiles(resolve(exampleDir, 'operando/example-movie.tif'));
  await expect(page.getByTestId('error')).toContainText('is not the movie of this session');
  await page.getByTestId('file-input').setInputFiles(resolve(exampleDir, 'example-movie.tif'));
  await expect(page.getByTestId('session-waiting')).toHaveCount(0);
  await expect(page.getByTestId('outline')).toBeVisible();
  expect(await plottedAreas(page)).toEqual(before);

  // The session is listed as recent in this browser.
  await page.getByText('Recent sessions').click();
  await expect(page.getByRole('button', { name: 'example-movie.tif' })).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test('a reviewer link opens a read-only view with the same areas; the bundled movie adds outlines; a tampered link is refused', async ({
  page,
  browser,
}) => {
  await analyseAndReject(page);
  const before = await plottedAreas(page);
  await page.getByRole('button', { name: 'Reviewer link' }).click();
  const url = await page.getByLabel('Reviewer link').inputValue();
  expect(url).toMatch(/#review=1\./);
  await expect(page.getByTestId('reviewer-link')).toContainText('KB');
  console.log(`reviewer link for 120 frames: ${url.length} characters`);

  // A fresh browser context: nothing stored, nothing shared with the authors' page.
  const context = await browser.newContext();
  const reviewer = await context.newPage();
  const errors: string[] = [];
  reviewer.on('pageerror', (e) => errors.push(e.message));
  await reviewer.goto(url);
  await expect(reviewer.getByTestId('reviewer-dataset')).toContainText('example-movie.tif');
  const seen = await plottedAreas(reviewer);
  expect([...seen.keys()]).toEqual([...before.keys()]);
  for (const [frame, area] of before) expect(Math.abs((seen.get(frame) ?? 0) / area - 1)).toBeLessThan(1e-6);
  await expect(reviewer.getByTestId('reviewer-table').locator('tbody tr')).toHaveCount(120);
  await expect(reviewer.getByTestId('reviewer-params')).toContainText('contrastStep');
  // No control that changes the analysis.
  for (const name of [
    /run analysis|run again/i,
    /^Reject$/,
    /^Accept$/,
    /Edit outline/,
    /Paint exclusion/,
    /Propose offset/,
  ])
    await expect(reviewer.getByRole('button', { name })).toHaveCount(0);
  await expect(reviewer.getByRole('spinbutton', { name: /Contrast step/ })).toHaveCount(0);
  // The session is of a bundled example: its movie opens, and the outlines come back on the frames.
  await expect(reviewer.getByTestId('outline')).toBeVisible({ timeout: 60_000 });
  // They are segmented again with the session's parameters: the same numbers, to the last digit.
  await expect
    .poll(async () => [...(await areasNow(reviewer)).entries()], { timeout: 60_000 })
    .toEqual([...before.entries()]);
  await screenshot(reviewer, 'reviewer-view');

  // A link altered in transit is refused with a message, not a blank page.
  const tampered = url.replace(
    /(#review=1\.)(.{40})(.)/,
    (_, head, mid, c) => `${head}${mid}${c === 'A' ? 'B' : 'A'}`,
  );
  const broken = await context.newPage();
  await broken.goto(tampered.slice(0, tampered.length - 30));
  await expect(broken.getByTestId('link-error')).toContainText('This reviewer link cannot be opened');
  await screenshot(broken, 'reviewer-link-tampered');
  expect(errors).toEqual([]);
  await context.close();
});
