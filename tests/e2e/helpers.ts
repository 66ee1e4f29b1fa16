import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { expect, type Page } from '@playwright/test';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const exampleDir = resolve(repoRoot, 'public/example');
export const fixturesDir = resolve(repoRoot, '../shared/fixtures');

export interface DropFile {
  name: string;
  bytes: Buffer;
}

export function fileFromDisk(path: string, name = basename(path)): DropFile {
  return { name, bytes: readFileSync(path) };
}

/** Drops files on the page the way a user does: a real `drop` event carrying a DataTransfer. */
export async function dropFiles(page: Page, files: DropFile[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, base64: f.bytes.toString('base64') }));
  await page.evaluate((items) => {
    const transfer = new DataTransfer();
    for (const item of items) {
      const binary = atob(item.base64);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      transfer.items.add(new File([bytes], item.name));
    }
    const target = document.querySelector('[data-testid="dropzone"]') ?? document.body;
    target.dispatchEvent(new DragEvent('dragenter', { bubbles: true, dataTransfer: transfer }));
    target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
  }, payload);
}

/** Picks files with the "Open files…" button's file input. */
export async function pickFiles(page: Page, files: DropFile[]): Promise<void> {
  await page
    .getByTestId('file-input')
    .setInputFiles(
      files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: f.bytes })),
    );
}

/** `timeoutMs`: how long the run may take (a long movie needs more than the default). */
export async function runAnalysisToEnd(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.getByRole('button', { name: /run analysis|run again/i }).click();
  await expect(page.getByTestId('run-status')).toContainText('frames analysed', { timeout: timeoutMs });
  // The plot redraws on a throttle: wait until it shows every analysed frame.
  const analysed = ((await page.getByTestId('run-status').textContent()) ?? '').match(
    /(\d+) frames analysed/,
  )?.[1];
  const plot = page.getByTestId('area-bias-plot');
  // "120 analysed", or "120 analysed, 1 rejected" once the user has rejected frames.
  if ((await plot.count()) > 0)
    await expect(plot).toHaveAttribute('data-state', new RegExp(`^${analysed} analysed(,|$)`));
}

export interface PlottedTrace {
  name: string;
  x: number[];
  y: (number | null)[];
  yaxis?: string;
  customdata?: number[];
}

/** The traces Plotly is drawing, read from the plot element (what the user sees, as numbers). */
export async function plottedTraces(page: Page): Promise<PlottedTrace[]> {
  await expect(page.locator('[data-testid="area-bias-plot"][data-ready="true"]')).toBeVisible();
  return page.evaluate(() => {
    const plot = document.querySelector('[data-testid="area-bias-plot"] .js-plotly-plot') as unknown as {
      data: PlottedTrace[];
    };
    return plot.data.map((t) => ({
      name: t.name,
      x: Array.from(t.x),
      y: Array.from(t.y),
      yaxis: t.yaxis,
      customdata: t.customdata ? Array.from(t.customdata) : undefined,
    }));
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(repoRoot, `test-results/screenshots/${name}.png`), fullPage: true });
}
