import { existsSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';

/**
 * `operando figures`: the paper's figures from a movie and a log, written to a folder. It runs the
 * workbench itself in headless Chromium (the same code that draws and exports them in the
 * browser) and saves what its export buttons produce, so a figure can be rebuilt in a script.
 */

export const FIGURES_USAGE = `  operando figures MOVIE --log LOG --out DIR [--frame N]

  Writes s4, s5, s6 and s7 as .svg and .png (300 dpi), results.csv, log.csv and cycles.csv into
  DIR, drawn by the workbench in headless Chromium (/usr/bin/chromium, or CHROMIUM_PATH).
  --frame N   the frame (1-based) whose outline S6 draws in yellow (default: the last one)`;

const repoRoot = resolve(import.meta.dirname, '../..');

async function saveDownload(page: Page, button: string, path: string): Promise<void> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  await download.saveAs(path);
}

/** The per-cycle table as the S7 view shows it, as CSV. */
async function cycleTableCsv(page: Page): Promise<string> {
  const table = page.getByTestId('cycle-table');
  if ((await table.count()) === 0) return 'no complete lithiation cycle in the log\n';
  const rows = await table
    .locator('tr')
    .evaluateAll((trs) =>
      trs.map((tr) =>
        Array.from(tr.children, (td) => `"${(td.textContent ?? '').replace(/"/g, '""')}"`).join(','),
      ),
    );
  return `${rows.join('\n')}\n`;
}

export async function figures(args: string[], progress: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { log: { type: 'string' }, out: { type: 'string' }, frame: { type: 'string' } },
  });
  const movie = positionals[0];
  if (!movie || !values.log || !values.out || positionals.length > 1) {
    process.stderr.write(`Usage:\n${FIGURES_USAGE}\n`);
    return 2;
  }
  for (const path of [movie, values.log]) {
    if (!(await stat(path).catch(() => null))?.isFile()) throw new Error(`${path}: no such file`);
  }
  const chromium = CHROMIUM_PATH;
  if (!existsSync(chromium)) {
    throw new Error(`figures are drawn in Chromium, which is not at ${chromium}: apt-get install chromium`);
  }
  const out = resolve(values.out);
  await mkdir(out, { recursive: true });

  const vite = await import('vite');
  if (!existsSync(resolve(repoRoot, 'dist/index.html'))) {
    progress('building the workbench (first run only)…');
    await vite.build({ root: repoRoot, logLevel: 'warn' });
  }
  const server = await vite.preview({
    root: repoRoot,
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 0 },
  });
  const { chromium: launcher } = await import('playwright-core');
  const browser = await launcher.launch({ executablePath: chromium, args: CHROMIUM_ARGS, headless: true });
  try {
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('the preview server did not start');
    const page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1360, height: 1000 } });
    const failures: string[] = [];
    page.on('pageerror', (e) => failures.push(e.message));
    await page.goto(`${url}?example=none`);
    await page.getByTestId('file-input').setInputFiles([resolve(movie), resolve(values.log)]);
    const summary = page.getByTestId('movie-summary');
    const errors = page.getByTestId('error');
    await Promise.race([
      summary.filter({ hasText: basename(movie) }).waitFor({ timeout: 120_000 }),
      errors
        .first()
        .waitFor({ timeout: 120_000 })
        .then(async () => {
          throw new Error(
            (await errors.first().textContent())?.replace(/×$/, '') ?? 'the files could not be opened',
          );
        }),
    ]);
    await page
      .getByTestId('log-summary')
      .filter({ hasText: basename(values.log) })
      .waitFor();
    progress('analysing every frame…');
    await page.getByRole('button', { name: 'Run analysis' }).click();
    await page
      .getByTestId('run-status')
      .filter({ hasText: /frames analysed|failed/ })
      .waitFor({ timeout: 0 });
    const frames = Number(
      (await page.getByTestId('run-status').textContent())?.match(/(\d+) frames analysed/)?.[1],
    );
    if (!frames)
      throw new Error(`the analysis failed: ${await page.getByTestId('run-status').textContent()}`);
    await page.getByLabel('PNG resolution').selectOption('300');

    for (const id of ['s5', 's4', 's6', 's7'] as const) {
      await page.getByRole('tab', { name: new RegExp(`^${id.toUpperCase()}`) }).click();
      if (id === 's6') {
        await page.getByLabel('Chosen frame').fill(String(values.frame ?? frames));
        await page.locator(`canvas[data-frame="${Number(values.frame ?? frames) - 1}"]`).waitFor();
      } else {
        await page.locator('.panel.plot-panel [data-ready="true"]').first().waitFor();
      }
      await saveDownload(page, 'Export SVG', resolve(out, `${id}.svg`));
      await saveDownload(page, 'Export PNG', resolve(out, `${id}.png`));
      if (id === 's7') await writeFile(resolve(out, 'cycles.csv'), await cycleTableCsv(page));
      progress(`${id}: svg, png`);
    }
    await saveDownload(page, 'Results CSV', resolve(out, 'results.csv'));
    await saveDownload(page, 'Log CSV', resolve(out, 'log.csv'));
    if (failures.length > 0) throw new Error(`the workbench reported: ${failures.join('; ')}`);
    progress(`wrote s4–s7 (.svg, .png), results.csv, log.csv and cycles.csv to ${out}`);
    return 0;
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
}
