import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { encodeTiff } from '../../src/core/io/tiff/write-tiff.ts';
import { createSyntheticMovie } from '../../src/core/synth/index.ts';
import { plottedTraces, runAnalysisToEnd, screenshot } from './helpers.ts';

// Review and correction of a run as a user does it: tune with the live preview, run, step to a
// flagged frame, reject it, erase part of another frame's outline with the brush, and find all
// of it again after reloading the page (autosave in IndexedDB).

/** Number of frames the area trace has a point for (rejected frames are left out). */
async function plottedAreaCount(page: Page): Promise<number> {
  const area = (await plottedTraces(page)).find((t) => t.name.startsWith('Cluster area'));
  return area?.x.length ?? 0;
}

async function goToFrame(page: Page, frame: number): Promise<void> {
  await page.getByLabel('Frame', { exact: true }).fill(String(frame));
  await expect(page.getByTestId('frame-viewer')).toHaveAttribute('data-frame', String(frame));
}

/** The vertices of an outline polygon, as [x, y] in frame pixels. */
async function outlinePoints(polygon: Locator): Promise<[number, number][]> {
  const text = (await polygon.getAttribute('points')) ?? '';
  return text
    .trim()
    .split(/\s+/)
    .map((pair) => pair.split(',').map(Number) as [number, number]);
}

/** Drags the mouse over the viewer along frame-pixel points, as a user paints with the brush. */
async function paint(page: Page, frameSize: number, path: [number, number][]): Promise<void> {
  const box = await page.getByTestId('brush-overlay').boundingBox();
  if (!box) throw new Error('the brush overlay is not on screen');
  const toScreen = ([x, y]: [number, number]) =>
    [box.x + (x / frameSize) * box.width, box.y + (y / frameSize) * box.height] as const;
  await page.mouse.move(...toScreen(path[0]));
  await page.mouse.down();
  for (const p of path.slice(1)) await page.mouse.move(...toScreen(p), { steps: 8 });
  await page.mouse.up();
}

/** A horizontal erase stroke from the outline's centre to beyond its right edge. */
function strokeAcross(points: [number, number][]): [number, number][] {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
  return [
    [cx, cy],
    [Math.max(...xs) + 8, cy],
  ];
}

/** A short stroke from just outside the outline's extreme vertex on `side`, `depth` px inward. */
function nickAt(
  points: [number, number][],
  side: 'right' | 'top' | 'left',
  depth: number,
): [number, number][] {
  const pick = (score: (p: [number, number]) => number) =>
    points.reduce((best, p) => (score(p) > score(best) ? p : best), points[0]);
  if (side === 'right') {
    const [x, y] = pick((p) => p[0]);
    return [
      [x + 10, y],
      [x - depth, y],
    ];
  }
  if (side === 'left') {
    const [x, y] = pick((p) => -p[0]);
    return [
      [x - 10, y],
      [x + depth, y],
    ];
  }
  const [x, y] = pick((p) => -p[1]);
  return [
    [x, y - 10],
    [x, y + depth],
  ];
}

async function download(page: Page, button: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  return readFileSync(await file.path(), 'utf8');
}

/** The autosaved session of the example, read straight from IndexedDB (what a reload finds). */
async function savedSession(page: Page): Promise<{
  corrections?: Record<string, { status?: string; edit?: unknown }>;
  alignment?: { offsetS: number };
}> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('operando-workbench', 1);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const store = open.result.transaction('sessions').objectStore('sessions');
          const all = store.getAll();
          all.onsuccess = () => resolve(all.result[0] ?? {});
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

async function savedCorrections(page: Page): Promise<Record<string, { status?: string; edit?: unknown }>> {
  return (await savedSession(page)).corrections ?? {};
}

test('tune with the live preview, reject a flagged frame, erase part of an outline, and keep both over a reload', async ({
  page,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto('/');
  await expect(page.getByTestId('movie-summary')).toContainText('example-movie.tif');
  const size = 384;

  // Live preview: the dashed outline follows a parameter change before any run.
  const preview = page.getByTestId('preview-outline');
  await expect(preview).toBeVisible();
  await expect(page.getByTestId('preview-readout')).toContainText(/Preview: [\d\u2009]+ ± \d+ nm²/);
  const before = await preview.getAttribute('points');
  // The Segmentation panel's contrast step (older builds: the smoothing).
  const contrastStep = page.getByRole('spinbutton', { name: /^Contrast step/ });
  const field =
    (await contrastStep.count()) > 0 ? contrastStep : page.getByRole('spinbutton', { name: /Smoothing σ/ });
  const original = await field.inputValue();
  await field.fill(String(Number((Number(original) * 1.6).toPrecision(3))));
  await expect(preview).not.toHaveAttribute('points', before ?? '');
  await page.getByRole('button', { name: 'Pin frame' }).click();
  await expect(page.getByTestId('pinned-frame')).toHaveCount(1);
  await screenshot(page, 'review-1-preview');
  await field.fill(original);
  await expect(preview).toHaveAttribute('points', before ?? '');

  // An exclusion region painted across the cluster takes that part out of the preview.
  await page.getByRole('button', { name: 'Paint exclusion' }).click();
  await page.getByLabel('Brush radius (px)').fill('6');
  await paint(page, size, strokeAcross(await outlinePoints(preview)));
  await expect(page.getByTestId('exclusion-overlay').locator('polyline')).toHaveCount(1);
  await expect(preview).not.toHaveAttribute('points', before ?? '');
  await screenshot(page, 'review-1b-exclusion');
  await page.getByRole('button', { name: 'Clear exclusion' }).click();
  await expect(page.getByTestId('exclusion-overlay')).toHaveCount(0);
  await expect(preview).toHaveAttribute('points', before ?? '');
  await page.getByRole('button', { name: 'Done painting' }).click();

  await runAnalysisToEnd(page);
  const review = page.getByRole('region', { name: 'Review' });
  await expect(review).toBeVisible();
  const total = await plottedAreaCount(page);
  expect(total).toBe(120);

  // The example has a few frames where the beam flickered: step to the first flagged one.
  const manifest = JSON.parse(readFileSync('public/example/manifest.json', 'utf8'));
  const flickering: number[] = manifest.flickerFrames;
  expect(flickering.length).toBeGreaterThan(0);
  await expect(page.getByTestId('flag-counts')).toContainText('flicker');
  const next = review.getByRole('button', { name: 'Next flagged ▶' });
  await next.click();
  await expect(page.getByTestId('review-current')).toContainText(' · flicker · ');
  // The viewer shows the frame once it has been read: wait for it, then take its index.
  const viewer = page.getByTestId('frame-viewer');
  await expect
    .poll(async () => flickering.includes(Number(await viewer.getAttribute('data-frame'))))
    .toBe(true);
  const rejected = Number(await viewer.getAttribute('data-frame'));
  await review.getByRole('button', { name: 'Accept' }).click();
  await expect(page.getByTestId('review-label')).toHaveText('accepted');
  await review.getByRole('button', { name: 'Reject' }).click();
  await expect(page.getByTestId('review-label')).toHaveText('rejected');
  await expect(page.getByTestId('area-bias-plot')).toHaveAttribute('data-state', '120 analysed, 1 rejected');
  expect(await plottedAreaCount(page)).toBe(total - 1);
  const area = (await plottedTraces(page)).find((t) => t.name.startsWith('Cluster area'));
  expect(area?.customdata).not.toContain(rejected);
  await screenshot(page, 'review-2-rejected');

  // "Skip reviewed": from the start of the movie, Next goes past the frame already rejected.
  await review.getByLabel('Skip reviewed').check();
  await goToFrame(page, 0);
  await next.click();
  await expect
    .poll(async () => Number(await viewer.getAttribute('data-frame')))
    .toBe(flickering.find((f) => f !== rejected));
  await review.getByLabel('Skip reviewed').uncheck();

  // The same from the keyboard: ← → step frames, [ ] flagged frames, A accepts (again: undoes).
  await goToFrame(page, 10);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('ArrowRight');
  await expect(viewer).toHaveAttribute('data-frame', '11');
  await page.keyboard.press(']');
  await expect(viewer).toHaveAttribute('data-frame', String(Math.min(...flickering)));
  await page.keyboard.press('ArrowRight');
  await expect(viewer).toHaveAttribute('data-frame', String(Math.min(...flickering) + 1));
  await page.keyboard.press('a');
  await expect(page.getByTestId('review-label')).toHaveText('accepted');
  await page.keyboard.press('a');
  await expect(page.getByTestId('review-label')).toHaveCount(0);

  // Erase a band across the outline of another frame: its area drops and it is marked edited.
  const edited = Math.abs(rejected - 60) > 3 ? 60 : 90;
  await goToFrame(page, edited);
  const outline = page.getByTestId('outline');
  const areaBefore = Number(await outline.getAttribute('data-area'));
  await review.getByRole('button', { name: 'Edit outline' }).click();
  await page.getByRole('button', { name: 'Erase', exact: true }).click();
  await page.getByLabel('Brush radius (px)').fill('8');
  await paint(page, size, strokeAcross(await outlinePoints(outline)));
  await expect(page.getByTestId('edit-status')).toContainText(/re-segmented with your edit in \d+ ms/);
  await expect(page.getByTestId('frame-viewer')).toHaveAttribute('data-edited', 'true');
  const areaAfter = Number(await outline.getAttribute('data-area'));
  expect(areaAfter).toBeLessThan(areaBefore);
  await expect(page.getByTestId('review-label')).toHaveText('edited');
  // Carry the edit to the frames either side (shifted by the drift, re-fitted to each frame).
  await page.getByLabel('Carry to ±N frames').fill('1');
  await page.getByRole('button', { name: 'Apply to neighbours' }).click();
  await expect(page.getByTestId('edit-status')).toContainText(
    // Its neighbours, numbered from 0 as in the CSV's frame column (checked below).
    `carried to 2 frames (${edited - 1}–${edited + 1})`,
  );
  await screenshot(page, 'review-3-edited');
  await review.getByRole('button', { name: 'Done editing' }).click();

  // The results CSV says what the user did, frame by frame.
  const csv = (await download(page, 'Results CSV')).trim().split('\n');
  const header = csv.findIndex((l) => l.startsWith('frame,'));
  const columns = csv[header].split(',');
  const cell = (frame: number, column: string) => csv[header + 1 + frame].split(',')[columns.indexOf(column)];
  expect(cell(rejected, 'review')).toBe('rejected');
  expect(cell(rejected, 'area_px')).toBe('');
  expect(cell(edited, 'review')).toBe('edited');
  expect(Number(cell(edited, 'area_px'))).toBe(areaAfter);
  expect([cell(edited - 1, 'review'), cell(edited + 1, 'review')]).toEqual(['edited', 'edited']);

  // The log's time offset, typed by hand, is part of the session too.
  await page.getByLabel('Log offset in seconds').fill('2.5');
  await expect(page.getByTestId('alignment-source')).toContainText('set by hand');

  // Autosave (debounced) has written both corrections; a reload brings them back.
  await expect
    .poll(async () => {
      const saved = await savedCorrections(page);
      return [saved[rejected]?.status, saved[edited]?.edit !== undefined];
    })
    .toEqual(['rejected', true]);
  await expect.poll(async () => (await savedSession(page))?.alignment?.offsetS).toBe(2.5);
  await page.reload();
  await expect(page.getByTestId('movie-summary')).toContainText('example-movie.tif');
  await expect(page.getByTestId('restore-notice')).toContainText('Restored your corrections from');
  await expect(page.getByLabel('Log offset in seconds')).toHaveValue('2.5');
  await expect(page.getByTestId('pinned-frame')).toHaveCount(1);
  await expect(page.getByTestId('alignment-source')).toContainText('set by hand');
  await expect(page.getByTestId('run-status')).toContainText('120 frames analysed');
  await expect(page.getByTestId('area-bias-plot')).toHaveAttribute('data-state', '120 analysed, 1 rejected');
  expect(await plottedAreaCount(page)).toBe(total - 1);
  await goToFrame(page, edited);
  await expect(page.getByTestId('outline')).toHaveAttribute('data-area', String(areaAfter));
  await expect(page.getByTestId('review-label')).toHaveText('edited');
  await goToFrame(page, rejected);
  await expect(page.getByTestId('review-label')).toHaveText('rejected');
  await expect(page.getByTestId('preview-readout')).toContainText(/Preview: \d/);
  await screenshot(page, 'review-4-restored');

  // Run again: the rejection stays and the edit is applied again.
  await page.getByRole('button', { name: 'Run again' }).click();
  await expect(page.getByTestId('run-status')).toContainText('120 frames analysed', { timeout: 60_000 });
  await expect(page.getByTestId('area-bias-plot')).toHaveAttribute('data-state', '120 analysed, 1 rejected');
  await goToFrame(page, edited);
  await expect(page.getByTestId('outline')).toHaveAttribute('data-area', String(areaAfter));

  // Start fresh forgets it all.
  await page.getByRole('button', { name: 'Start fresh' }).click();
  await expect(page.getByTestId('restore-notice')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Review' })).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

test('brush stroke on a 2048² frame: time from pointer-up to the new outline', async ({ page }) => {
  test.setTimeout(180_000);
  const size = 2048;
  const movie = createSyntheticMovie({
    width: size,
    height: size,
    frameCount: 3,
    frameIntervalS: 1,
    pixelSizeNm: 0.5,
    dose: 300,
    seed: 11,
  });
  const pages = Array.from({ length: 3 }, (_, i) => ({
    width: size,
    height: size,
    data: movie.renderFrame(i).data,
  }));
  const tiff = encodeTiff(pages, { imagej: { pixelSizeUm: 0.0005, unit: 'micron', frameIntervalS: 1 } });
  const timings: string[] = [];
  page.on('console', (m) => {
    if (m.text().startsWith('brush stroke:')) timings.push(m.text());
  });
  await page.goto('/?example=none');
  await page.getByTestId('file-input').setInputFiles({
    name: 'large-2048.tif',
    mimeType: 'image/tiff',
    buffer: Buffer.from(tiff),
  });
  await expect(page.getByTestId('movie-summary')).toContainText('2048 × 2048 px, 3 frames');
  await runAnalysisToEnd(page);
  // Step through the flagged frames (three frames with very different areas: some are flagged).
  const next = page.getByRole('button', { name: 'Next flagged ▶' });
  if (await next.isEnabled()) {
    const from = Number(await page.getByTestId('frame-viewer').getAttribute('data-frame'));
    await next.click();
    await expect(page.getByTestId('frame-viewer')).not.toHaveAttribute('data-frame', String(from));
    await expect(page.getByTestId('review-current')).not.toContainText(' · ok · ');
  }
  await goToFrame(page, 1);
  const outline = page.getByTestId('outline');
  await expect(outline).toBeVisible();
  await page.getByRole('button', { name: 'Edit outline' }).click();
  await page.getByLabel('Brush radius (px)').fill('20');

  // Nicks at the outline's right, top and left extremes: each changes the outline without
  // splitting the cluster (a split could leave the next stroke on the part no longer outlined).
  const measured: number[] = [];
  for (const side of ['right', 'top', 'left', 'right', 'top'] as const) {
    const previous = await outline.getAttribute('points');
    const t0 = Date.now();
    await paint(page, size, nickAt(await outlinePoints(outline), side, 40));
    await expect(outline).not.toHaveAttribute('points', previous ?? '');
    measured.push(Date.now() - t0);
  }
  await expect(page.getByTestId('edit-status')).toContainText(/in \d+ ms/);
  await screenshot(page, 'review-5-2048-edit');
  // Timed in the app (pointer-up → new outline painted), and from here (including the drag).
  console.log(`2048² brush strokes, in-app: ${timings.join(' | ')}`);
  console.log(`2048² brush strokes, from the test (drag + re-segmentation): ${measured.join(', ')} ms`);
  expect(timings.length).toBeGreaterThanOrEqual(5);
});
