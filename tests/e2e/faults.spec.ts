import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { damagedClusterTiff } from '../helpers/tiff-fixtures.ts';
import { plottedTraces, runAnalysisToEnd, screenshot } from './helpers.ts';

// Issue 17 in the browser: a movie with one frame whose decoding throws (frame 5's Deflate strip
// is damaged). The run goes on past it, the frame is 'unreadable' everywhere the user looks,
// the run's status names it in plain words, and the viewer says so instead of showing a stale
// picture, a blank one, or throwing.

const FRAMES = 12;
const DAMAGED = 5;

async function goToFrame(page: Page, frame: number): Promise<void> {
  await page.getByLabel('Frame', { exact: true }).fill(String(frame));
  await expect(page.getByTestId('frame-readout')).toHaveAttribute('data-frame', String(frame));
}

test('a frame whose decoding throws is marked unreadable, named on screen, and the run goes on', async ({
  page,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto('/?example=none');
  await page.getByTestId('file-input').setInputFiles({
    name: 'damaged-frame.tif',
    mimeType: 'image/tiff',
    buffer: Buffer.from(damagedClusterTiff({ frames: FRAMES, damagedFrame: DAMAGED })),
  });
  await expect(page.getByTestId('movie-summary')).toContainText(`128 × 128 px, ${FRAMES} frames`);
  await expect(page.getByTestId('frame-viewer')).toHaveAttribute('data-frame', '0');

  // The run finishes, and its status names the frame it could not read, numbered from 0.
  await runAnalysisToEnd(page);
  await expect(page.getByTestId('run-status')).toHaveText(
    `${FRAMES} frames analysed; frame ${DAMAGED} could not be read (damaged) and has no area`,
  );

  // The area trace: a gap (no value) at the damaged frame, an area at every other one.
  const area = (await plottedTraces(page)).find((t) => t.name.startsWith('Cluster area'));
  expect(area?.customdata).toEqual(Array.from({ length: FRAMES }, (_, i) => i));
  for (const [i, y] of (area?.y ?? []).entries()) {
    if (i === DAMAGED) expect(y, `frame ${i}`).toBeNull();
    else expect(y, `frame ${i}`).toBeGreaterThan(0);
  }

  // The results CSV: frame 5's row says unreadable and has no area; every other row has one.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Results CSV' }).click(),
  ]);
  const lines = readFileSync(await download.path(), 'utf8')
    .trim()
    .split('\n');
  // The '#' lines above the table say what was analysed and how.
  const [header, ...rows] = lines.filter((line) => !line.startsWith('#'));
  const columns = header.split(',');
  const cells = rows.map((line) => line.split(','));
  const col = (name: string) => columns.indexOf(name);
  expect(cells).toHaveLength(FRAMES);
  for (const [i, row] of cells.entries()) {
    if (i === DAMAGED) {
      expect(row[col('quality')]).toBe('unreadable');
      expect(row[col('area_px')]).toBe('');
    } else {
      expect(row[col('quality')], `frame ${i}`).not.toBe('unreadable');
      expect(Number(row[col('area_px')]), `frame ${i}`).toBeGreaterThan(0);
    }
  }

  // Stepping the viewer to the damaged frame: a clear message, no picture (stale or blank).
  const viewer = page.getByTestId('frame-viewer');
  const canvas = viewer.locator('canvas');
  await goToFrame(page, DAMAGED - 1);
  await expect(viewer).toHaveAttribute('data-frame', String(DAMAGED - 1));
  await expect(canvas).toBeVisible();
  await goToFrame(page, DAMAGED);
  const message = page.getByTestId('frame-unreadable');
  await expect(message).toContainText(`Frame ${DAMAGED} could not be read (damaged) and has no area`);
  await expect(message).toContainText(
    `frame ${DAMAGED} (of 0–${FRAMES - 1}): strip 0: Deflate data is damaged`,
  );
  await expect(viewer).toHaveAttribute('data-state', 'unreadable');
  await expect(canvas).toBeHidden();
  await expect(viewer.getByTestId('outline')).toHaveCount(0);
  await expect(page.getByTestId('review-current')).toHaveText(`Frame ${DAMAGED} · unreadable · –`);
  // Nothing can be painted on a frame that has no pixels.
  await expect(page.getByRole('button', { name: 'Edit outline' })).toBeDisabled();
  // Pinned for tuning, its thumbnail's caption says the same.
  await page.getByRole('button', { name: 'Pin frame' }).click();
  await expect(page.locator(`[data-testid="pinned-frame"][data-frame="${DAMAGED}"]`)).toContainText(
    'could not be read (damaged)',
  );
  await screenshot(page, 'faults-1-unreadable-frame');

  // The next frame shows again, with its outline, and the message is gone.
  await goToFrame(page, DAMAGED + 1);
  await expect(viewer).toHaveAttribute('data-frame', String(DAMAGED + 1));
  await expect(viewer).toHaveAttribute('data-state', 'shown');
  await expect(canvas).toBeVisible();
  await expect(message).toHaveCount(0);
  await expect(viewer.getByTestId('outline')).toHaveCount(1);

  // S6 with the damaged frame as the chosen one: said in place of the figure, not a stale drawing.
  await page.getByRole('tab', { name: /S6/ }).click();
  const figure = page.getByTestId('outlines-figure');
  await page.getByLabel('Chosen frame').fill(String(DAMAGED + 1));
  await expect(figure.locator('canvas')).toHaveAttribute('data-frame', String(DAMAGED + 1));
  await page.getByLabel('Chosen frame').fill(String(DAMAGED));
  await expect(figure.getByTestId('outlines-unreadable')).toHaveText(
    `Frame ${DAMAGED} could not be read (damaged) and has no area.`,
  );
  await expect(figure.locator('canvas')).toBeHidden();
  await screenshot(page, 'faults-2-s6');

  // The annotated movie keeps every frame: the damaged one is a black frame that says so.
  const [movie] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByRole('button', { name: 'Annotated movie' }).click(),
  ]);
  expect(movie.suggestedFilename()).toMatch(/^damaged-frame-annotated\.(mp4|webm)$/);
  const exported = page.getByTestId('movie-export-status');
  await expect(exported).toContainText(`Movie exported: ${FRAMES} frames`);
  await expect(exported).toContainText(
    `frame ${DAMAGED} could not be read (damaged) and has no area: a black frame says so`,
  );
  // Decoded with Debian's ffprobe: every frame is there, the damaged one included.
  const probe = execFileSync(
    'ffprobe',
    [
      ...['-v', 'error', '-count_frames', '-select_streams', 'v:0'],
      ...['-show_entries', 'stream=nb_read_frames', '-of', 'json', await movie.path()],
    ],
    { encoding: 'utf8' },
  );
  expect(Number(JSON.parse(probe).streams[0].nb_read_frames)).toBe(FRAMES);

  // Nothing went wrong silently: no uncaught errors, and no error banner for an expected damage.
  await expect(page.getByTestId('error')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});
