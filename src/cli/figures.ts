import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { defaultSegmentParams } from '../core/analysis/segment.ts';
import { fileFingerprint } from '../core/export/fingerprint.ts';
import { defaultFigureSettings } from '../core/series/figure-settings.ts';
import { sessionKey } from '../state/autosave.ts';
import { DB_NAME, STORE } from '../state/idb.ts';
import { SESSION_VERSION, type StoredSession } from '../state/session-schema.ts';
import { analyzeMovieFile } from './analyze-movie.ts';
import { repoRoot } from './bundle.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';
import { EXIT, InputError } from './errors.ts';
import { writeFigureTables } from './figure-tables.ts';
import { openFileBlob } from './file-blob.ts';
import { defaultNodePoolSize } from './node-pool.ts';
import { FIGURES_USAGE } from './usage.ts';

/**
 * `operando figures`: the paper's figures and tables from a movie and a log, written to a folder.
 * The analysis runs here in Node (`analyze-movie.ts`) and the tables are written from core at
 * full precision (`figure-tables.ts`). Chromium only draws: the results are handed to the
 * workbench as an autosaved session of the movie (the same data and schema a reload restores),
 * and the four figures are saved from its export buttons, so they show exactly these numbers.
 */

async function saveDownload(page: Page, button: string, path: string): Promise<void> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  await download.saveAs(path);
}

/** Stores `session` under `key` in the page's IndexedDB, where the workbench's autosave reads it. */
async function storeSession(page: Page, key: string, session: StoredSession): Promise<void> {
  await page.evaluate(
    async ({ db, store, key, session }) => {
      const open = indexedDB.open(db, 1);
      open.onupgradeneeded = () => open.result.createObjectStore(store);
      const database = await new Promise<IDBDatabase>((done, fail) => {
        open.onsuccess = () => done(open.result);
        open.onerror = () => fail(open.error);
      });
      const tx = database.transaction(store, 'readwrite');
      tx.objectStore(store).put(session, key);
      await new Promise<void>((done, fail) => {
        tx.oncomplete = () => done();
        tx.onerror = () => fail(tx.error);
      });
      database.close();
    },
    { db: DB_NAME, store: STORE, key, session },
  );
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
    return EXIT.usage;
  }
  for (const path of [movie, values.log]) {
    if (!(await stat(path).catch(() => null))?.isFile()) {
      throw new InputError(path, 'no such file', 'check the path (and the current folder)');
    }
  }
  const chromium = CHROMIUM_PATH;
  if (!existsSync(chromium)) {
    throw new InputError(
      chromium,
      'figures are drawn in Chromium, which is not installed there',
      'apt-get install chromium, or set CHROMIUM_PATH',
    );
  }
  const out = resolve(values.out);
  progress('analysing every frame…');
  const analysed = await analyzeMovieFile(movie, values.log, defaultNodePoolSize());
  const settings = { ...defaultFigureSettings };
  for (const line of await writeFigureTables(out, { movie, log: values.log }, analysed, settings))
    progress(line);
  const frames = analysed.info.frameCount;
  // The workbench keys the session by the movie's content, as it will fingerprint the dropped file.
  const fingerprint = await fileFingerprint(openFileBlob(movie), (bytes) =>
    crypto.subtle.digest('SHA-256', bytes),
  );
  const key = sessionKey({ fingerprint });

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
    await storeSession(page, key, {
      version: SESSION_VERSION,
      key,
      fingerprint,
      savedAt: Date.now(),
      params: defaultSegmentParams,
      runParams: defaultSegmentParams,
      corrections: {},
      results: analysed.results,
      figureSettings: settings,
    });
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
    // The workbench restores the session when the movie opens: the Node run's results, as drawn.
    const status = page.getByTestId('run-status').filter({ hasText: /frames analysed \(restored\)/ });
    await status.waitFor({ timeout: 60_000 }).catch(() => {
      throw new Error('the workbench did not take the analysis results (autosave restore)');
    });

    for (const id of ['s5', 's4', 's6', 's7'] as const) {
      await page.getByRole('tab', { name: new RegExp(`^${id.toUpperCase()}`) }).click();
      if (id === 's6') {
        const chosen = values.frame ?? String(frames - 1);
        await page.getByLabel('Chosen frame').fill(chosen);
        await page.locator(`canvas[data-frame="${Number(chosen)}"]`).waitFor();
      } else {
        await page.locator('.panel.plot-panel [data-ready="true"]').first().waitFor();
      }
      await saveDownload(page, 'Export SVG', resolve(out, `${id}.svg`));
      await saveDownload(page, 'Export PNG', resolve(out, `${id}.png`));
      progress(`${id}: svg, png`);
    }
    if (failures.length > 0) throw new Error(`the workbench reported: ${failures.join('; ')}`);
    progress(`wrote s4–s7 (.svg, .png) and the tables to ${out}`);
    return 0;
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
}
