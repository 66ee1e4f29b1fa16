import { expect, type Page, test } from '@playwright/test';
import { screenshot } from './helpers.ts';

/** Does what the current step asks, the way a student would. */
async function followStep(page: Page, text: string): Promise<void> {
  const frame = text.match(/Step to frame (\d+)/)?.[1];
  if (/^Run the analysis/.test(text)) {
    await page.getByRole('button', { name: /run analysis/i }).click();
    await expect(page.getByTestId('run-status')).toContainText('frames analysed', { timeout: 90_000 });
  } else if (frame) {
    // The slider, the readout and the step all count from 0.
    await page.getByLabel('Frame', { exact: true }).fill(frame);
    await expect(page.getByTestId('frame-readout')).toContainText(`Frame ${frame} (`);
  } else if (/Next flagged/.test(text)) {
    await page.getByRole('button', { name: 'Next flagged ▶' }).click();
  } else {
    const tab = text.match(/Open (S\d)/)?.[1];
    if (tab) await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
    if (/Open Metadata/.test(text)) await page.getByText('Metadata', { exact: true }).click();
    await page.getByTestId('guide').getByRole('button', { name: 'Done' }).click();
  }
}

test.use({ actionTimeout: 30_000 });

test('the gallery shows every example with a picture; each opens and its steps can be followed to the end', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/?gallery');
  const cards = page.getByTestId('gallery-card');
  await expect(cards).toHaveCount(5);
  // Every picture loaded (a broken image has no natural width).
  await expect
    .poll(() =>
      page
        .locator('.gallery-card img')
        .evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth > 0)),
    )
    .toEqual([true, true, true, true, true]);
  await screenshot(page, 'gallery');
  const links = await cards
    .getByRole('link')
    .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));

  for (const [k, href] of links.entries()) {
    await page.goto(href);
    await expect(page.getByTestId('movie-summary')).toBeVisible({ timeout: 60_000 });
    const steps = page.getByTestId('guide-step');
    const total = await steps.count();
    expect(total).toBeGreaterThan(1);
    for (let i = 0; i < total; i++) {
      await expect(steps.nth(i)).toHaveClass(/current/);
      await followStep(page, (await steps.nth(i).textContent()) ?? '');
      await expect(steps.nth(i)).toHaveAttribute('data-done', 'true');
    }
    await expect(page.getByTestId('guide-complete')).toBeVisible();
    if (k === 2) await screenshot(page, 'gallery-guided-contact-loss');
  }
  expect(errors).toEqual([]);
});
