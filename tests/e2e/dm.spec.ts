import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { createSyntheticMovie } from '../../src/core/synth/index.ts';
import { dmImageFile, partsToBytes, pixelBytes } from '../helpers/dm-writer.ts';
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

test('an in-situ recording (a folder tree of per-frame DM4 files) opens as one movie and runs', async ({
  page,
}) => {
  // GMS layout: rec/Hour_00/Minute_00/Second_SS/rec_Frame_N.dm4, written from the synthetic movie.
  const movie = createSyntheticMovie({ width: 96, height: 96, frameCount: 12, frameIntervalS: 0.25 });
  const root = mkdtempSync(join(tmpdir(), 'operando-rec-'));
  for (let n = 1; n <= 12; n++) {
    const dir = join(
      root,
      'rec',
      'Hour_00',
      'Minute_00',
      `Second_${String(Math.floor((n - 1) / 4)).padStart(2, '0')}`,
    );
    mkdirSync(dir, { recursive: true });
    const { data } = movie.renderFrame(n - 1);
    const parts = dmImageFile({
      dtype: 'uint16',
      dims: [96, 96],
      pixels: pixelBytes('uint16', Array.from(data), true),
      axes: [
        { scale: 0.5, origin: 0, units: 'nm' },
        { scale: 0.5, origin: 0, units: 'nm' },
      ],
    });
    writeFileSync(join(dir, `rec_Frame_${n}.dm4`), partsToBytes(parts));
  }
  try {
    await page.goto('/?example=none');
    await page.getByTestId('folder-input').setInputFiles(join(root, 'rec'));
    const summary = page.getByTestId('movie-summary');
    await expect(summary).toContainText('rec (12 frames)');
    await expect(summary).toContainText('96 × 96 px, 12 frames, uint16');
    await runAnalysisToEnd(page);
    await expect(page.getByTestId('run-status')).toContainText('12 frames analysed');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
