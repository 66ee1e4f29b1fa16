import { expect, test } from '@playwright/test';
import { runAnalysisToEnd } from './helpers.ts';

/**
 * The closed-and-offline promise: while every feature is used, no request leaves the app's own
 * origin, and the Content-Security-Policy (in the built index.html) blocks nothing the app needs.
 */
test('no request leaves the origin and the CSP blocks nothing while the features are used', async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const origin = new URL(baseURL ?? '').origin;
  const outside: string[] = [];
  const violations: string[] = [];
  // Every request of the page and its workers, whatever its kind.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      outside.push(url);
      return route.abort();
    }
    return route.continue();
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) violations.push(m.text());
  });
  page.on('pageerror', (e) => violations.push(e.message));

  await page.goto('/');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("default-src 'self'");
  await expect(page.getByTestId('movie-summary')).toContainText('example-movie.tif');
  await runAnalysisToEnd(page);
  // The plots' toolbar offers nothing that uploads (Plotly's cloud and editor buttons are gone).
  await page.getByTestId('area-bias-plot').hover();
  await expect(
    page.locator('.modebar-btn[data-title*="Chart Studio"], .modebar-btn[data-title*="cloud"]'),
  ).toHaveCount(0);
  await expect(page.locator('a.modebar-btn[href*="plotly"]')).toHaveCount(0);
  for (const tab of ['S4', 'S6', 'S7', 'S5']) {
    await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
    if (tab === 'S6') await page.locator('canvas[data-frame]').first().waitFor();
    else await page.locator('.panel.plot-panel [data-ready="true"]').first().waitFor();
    for (const button of ['Export PNG', 'Export SVG']) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: button }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.(png|svg)$/);
    }
  }
  for (const button of ['Results CSV', 'Save session']) {
    await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  }
  await page.getByRole('button', { name: 'Reviewer link' }).click();
  const link = await page.getByLabel('Reviewer link').inputValue();
  await page.goto(link);
  await expect(page.getByTestId('reviewer-dataset')).toContainText('example-movie.tif');
  await expect(page.getByTestId('outline')).toBeVisible({ timeout: 60_000 });
  // The other example: drift, needle, the live preview.
  await page.goto('/?example=operando');
  await expect(page.getByTestId('movie-summary')).toContainText('example-movie.tif');
  await expect(page.getByTestId('preview-readout')).toContainText(/Preview: \d/);

  expect(outside).toEqual([]);
  expect(violations).toEqual([]);
});
