import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { fileFromDisk, fixturesDir, pickFiles, runAnalysisToEnd, screenshot } from './helpers.ts';

test('a real DM4 stack opens with its frames, calibrated scale bar and metadata, and runs', async ({
  page,
}) => {
  await page.goto('/?example=none');
  await pickFiles(page, [fileFromDisk(resolve(fixturesDir, 'openncem/dmTest_3D_int16_64-65-66.dm4'))]);
  const summary = page.getByTestId('movie-summary');
  await expect(summary).toContainText('dmTest_3D_int16_64-65-66.dm4');
  // ncempy's reference: shape (66, 65, 64) = 66 frames of 64 × 65, int16, x calibrated at 2 pm.
  await expect(summary).toContainText('64 × 65 px, 66 frames, int16');
  await expect(summary).toContainText('Pixel size 0.002000 nm');
  await expect(page.getByTestId('scale-bar')).toContainText('nm');

  await page.getByLabel('Frame', { exact: true }).fill('40');
  await expect(page.getByTestId('frame-viewer')).toHaveAttribute('data-frame', '40');

  await page.getByText('Metadata', { exact: true }).click();
  const panel = page.getByTestId('metadata-panel');
  await expect(panel).toContainText('dm');
  await panel.getByText('All tags as stored in the file').click();
  await expect(page.getByTestId('original-metadata')).toContainText('ImageList');

  await runAnalysisToEnd(page);
  await expect(page.getByTestId('run-status')).toContainText('66 frames analysed');
  await screenshot(page, 'dm4-stack');
});
