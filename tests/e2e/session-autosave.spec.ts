import { expect, type Page, test } from '@playwright/test';
import { encodeTiff } from '../../src/core/io/tiff/write-tiff.ts';
import { createSyntheticMovie } from '../../src/core/synth/index.ts';
import { runAnalysisToEnd } from './helpers.ts';

/**
 * Two uncompressed stacks from "one camera": the same name, size and frame count, other pixels
 * (another cluster). The session of one must never come back on the other.
 */
function stack(seed: number): Buffer {
  const size = 160;
  const frames = 6;
  const movie = createSyntheticMovie({
    width: size,
    height: size,
    frameCount: frames,
    frameIntervalS: 1,
    pixelSizeNm: 0.5,
    dose: 300,
    seed,
  });
  const pages = Array.from({ length: frames }, (_, i) => ({
    width: size,
    height: size,
    data: movie.renderFrame(i).data,
  }));
  return Buffer.from(
    encodeTiff(pages, { imagej: { pixelSizeUm: 0.0005, unit: 'micron', frameIntervalS: 1 } }),
  );
}

async function open(page: Page, bytes: Buffer): Promise<void> {
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'stack.tif', mimeType: 'image/tiff', buffer: bytes });
  await expect(page.getByTestId('movie-summary')).toContainText('stack.tif');
}

/** Rejected frames in each session autosaved in this browser, in ascending order. */
function savedSessions(page: Page): Promise<number[]> {
  return page.evaluate(
    () =>
      new Promise<number[]>((resolve, reject) => {
        const req = indexedDB.open('operando-workbench', 1);
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const all = req.result.transaction('sessions').objectStore('sessions').getAll();
          all.onsuccess = () =>
            resolve(
              (all.result as { corrections?: Record<string, { status?: string }> }[])
                .map((s) => Object.values(s.corrections ?? {}).filter((c) => c.status === 'rejected').length)
                .sort(),
            );
        };
      }),
  );
}

test('a second movie with the same name, size and frame count but other pixels does not get the first one’s session', async ({
  page,
}) => {
  const first = stack(3);
  const second = stack(4);
  expect(second.length).toBe(first.length);
  expect(second.equals(first)).toBe(false);
  await page.goto('/?example=none');

  await open(page, first);
  await runAnalysisToEnd(page);
  const review = page.getByRole('region', { name: 'Review' });
  await review.getByRole('button', { name: 'Reject' }).click();
  await expect(page.getByTestId('review-label')).toHaveText('rejected');
  // Wait for the autosave (debounced) to hold the rejection.
  await expect.poll(() => savedSessions(page)).toEqual([1]);

  // The other movie opens clean: no restored notice, no results, no review.
  await page.reload();
  await open(page, second);
  // A change the autosave keeps: it saves only once it has looked for this movie's session, so
  // when the second session is on disk, the first one has been passed over.
  await page.getByLabel('Font size').fill('15');
  await expect.poll(() => savedSessions(page)).toEqual([0, 1]);
  await expect(page.getByTestId('restore-notice')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Run analysis' })).toBeVisible();
  await expect(page.getByTestId('run-status')).toHaveCount(0);

  // The first movie, opened again, gets its own session back.
  await open(page, first);
  await expect(page.getByTestId('restore-notice')).toContainText('Restored your corrections');
  await expect(page.getByTestId('run-status')).toContainText('6 frames analysed (restored)');
});
