import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { encodeTiff } from '../../src/core/io/tiff/write-tiff.ts';
import { createSyntheticMovie } from '../../src/core/synth/index.ts';
import { type DropFile, dropFiles, exampleDir, fileFromDisk, screenshot } from './helpers.ts';

/** A small movie (5 frames of 96²) so that dropping it takes no time. */
function smallMovie(name: string, seed: number): DropFile {
  const movie = createSyntheticMovie({ width: 96, height: 96, frameCount: 5, frameIntervalS: 1, seed });
  const pages = Array.from({ length: 5 }, (_, i) => ({
    width: 96,
    height: 96,
    data: movie.renderFrame(i).data,
  }));
  return { name, bytes: Buffer.from(encodeTiff(pages, { imagej: { frameIntervalS: 1 } })) };
}
const log = () => fileFromDisk(resolve(exampleDir, 'example-log.csv'));

test('opening another movie while a log is loaded asks, with the keyboard, whether to keep that log', async ({
  page,
}) => {
  const [first, second] = [smallMovie('first.tif', 1), smallMovie('second.tif', 2)];
  await page.goto('/?example=none');
  // A movie and a log dropped together belong together: no question.
  await dropFiles(page, [first, log()]);
  await expect(page.getByTestId('log-pairing')).toContainText('Paired with the movie first.tif');
  const dialog = page.getByRole('dialog', { name: 'Keep the log with the new movie?' });
  await expect(dialog).toBeHidden();

  // Another movie alone: the question, with the focus on "Keep" (the answer that loses nothing).
  await dropFiles(page, [second]);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('example-log.csv');
  await expect(dialog).toContainText('second.tif');
  await expect(dialog.getByRole('button', { name: /Keep/ })).toBeFocused();
  await screenshot(page, 'log-pairing-dialog');
  // Tab to "Remove the log", Enter: the new movie stands alone.
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Remove the log' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('movie-summary')).toContainText('second.tif');
  await expect(page.getByTestId('log-summary')).toHaveCount(0);

  // A log dropped alone pairs with the open movie, without a question.
  await dropFiles(page, [log()]);
  await expect(page.getByTestId('log-pairing')).toContainText('Paired with the movie second.tif');
  await expect(dialog).toBeHidden();

  // Escape keeps the log, and the summary says it now goes with the new movie.
  await dropFiles(page, [first]);
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('movie-summary')).toContainText('first.tif');
  await expect(page.getByTestId('log-pairing')).toContainText('Paired with the movie first.tif');
});
