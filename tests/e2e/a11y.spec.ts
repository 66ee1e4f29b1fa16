import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, type Page, test } from '@playwright/test';
import { runAnalysisToEnd } from './helpers.ts';

// axe is injected as an inline script, which the app's Content-Security-Policy (rightly) blocks.
test.use({ bypassCSP: true });

// axe-core from node_modules, injected into the page: no network.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Rules that must have run and found something to check (so a pass is not a page axe could not see). */
const MUST_CHECK = ['color-contrast', 'button-name', 'label'];

/** axe's serious and critical findings (WCAG 2 A/AA rules) within `selector`, readable in a failure. */
async function seriousViolations(page: Page, selector: string, mustCheck = MUST_CHECK): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async (include) => {
    type Results = { violations: Violation[]; passes: { id: string }[] };
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<Results> } }).axe;
    const found = await axe.run(
      { include: [include] },
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } },
    );
    return { violations: found.violations, checked: [...found.passes, ...found.violations].map((r) => r.id) };
  }, selector);
  for (const rule of mustCheck) expect(result.checked, `axe checked ${rule}`).toContain(rule);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
}

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  await expect(page.getByTestId('movie-summary')).toContainText('example-movie.tif');
  await runAnalysisToEnd(page);
});

test('axe finds no serious or critical violation on the main view and the review panel', async ({ page }) => {
  await expect(page.getByRole('region', { name: 'Review' })).toBeVisible();
  expect(await seriousViolations(page, 'body')).toEqual([]);
  // While editing an outline: the brush controls and the painting canvas.
  await page.getByRole('button', { name: 'Edit outline' }).click();
  await expect(page.getByTestId('brush-controls')).toBeVisible();
  expect(await seriousViolations(page, 'body')).toEqual([]);
});

test('axe finds no serious or critical violation on any figure', async ({ page }) => {
  for (const name of [/^S5/, /^S4/, /^S6/, /^S7/]) {
    await page.getByRole('tab', { name }).click();
    await expect(page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
    if (String(name) !== String(/^S6/))
      await expect(page.locator('.plot-panel [data-ready="true"]').first()).toBeVisible();
    expect(
      await seriousViolations(page, '.plot-panel', ['color-contrast', 'button-name']),
      String(name),
    ).toEqual([]);
  }
});

test('every control has a name and keyboard focus is visible', async ({ page }) => {
  // Tab through the page: each focused element shows an outline or a box-shadow ring.
  const unmarked: string[] = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const ring = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2;
      return { ring: ring || style.boxShadow !== 'none', name: el.outerHTML.slice(0, 80) };
    });
    if (focus && !focus.ring) unmarked.push(focus.name);
  }
  expect(unmarked).toEqual([]);
});
