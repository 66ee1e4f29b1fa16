import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { exampleDir, runAnalysisToEnd, screenshot } from './helpers.ts';

/**
 * The second bundled example, a hard operando recording: a student opens it from the header,
 * runs it with the default parameters and gets areas close to the generator's truth, with the
 * needle kept out and the drift measured.
 */
test('the operando example opens from the header and its areas follow the truth despite needle and drift', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('movie-summary')).toContainText('example-movie.tif');
  await page
    .getByRole('navigation', { name: 'Examples' })
    .getByRole('link', { name: /Operando/ })
    .click();
  await expect(page).toHaveURL(/\?example=operando$/);
  await expect(page.getByTestId('movie-summary')).toContainText('384 × 384 px, 120 frames');
  await runAnalysisToEnd(page);

  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Results CSV' }).click(),
  ]);
  const csv = readFileSync(await file.path(), 'utf8')
    .trim()
    .split('\n');
  const header = csv.findIndex((l) => l.startsWith('frame,'));
  const columns = csv[header].split(',');
  const rows = csv.slice(header + 1).map((l) => l.split(','));
  const truth = readFileSync(resolve(exampleDir, 'operando/example-truth.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => Number(l.split(',')[2]));
  const errors = rows.map((r, i) => Math.abs(Number(r[columns.indexOf('area_px')]) / truth[i] - 1));
  const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
  // The same bar as the known-answer tests of the 'operando' preset (tests/unit/segment-presets).
  expect(mean).toBeLessThan(0.03);
  // The drift is on screen with how sure it is.
  await expect(page.getByTestId('frame-readout')).toContainText(
    /drift [+−]\d+\.\d, [+−]\d+\.\d ± \d+\.\d px \((measured, confidence \d+|between measured frames)\)/,
  );
  // The sample drifts by many pixels; the tracker reports it on every frame.
  const driftX = rows.map((r) => Number(r[columns.indexOf('drift_x_px')]));
  const driftY = rows.map((r) => Number(r[columns.indexOf('drift_y_px')]));
  expect(driftX.every(Number.isFinite)).toBe(true);
  expect(Math.max(...driftX.map((x, i) => Math.hypot(x, driftY[i])))).toBeGreaterThan(3);
  await screenshot(page, 'example-operando');
});
