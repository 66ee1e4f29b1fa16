import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { runAnalysisToEnd, screenshot } from './helpers.ts';

/**
 * Issue 17: closing the tab mid-analysis and reopening the movie restores what was analysed so
 * far, and Resume analyses only the frames left, ending with the table of an uninterrupted run.
 * One worker (`pool=1`), and the CPU slowed down for the run that is interrupted, keep it long
 * enough to be caught part-way however fast the machine is (the autosave saves every 2 s).
 */
const MOVIE = '/?example=operando&pool=1';
const FRAMES = 120;

/** The autosaved session of the movie in this browser: frames it holds and, for an unfinished run, why. */
function savedRun(page: Page): Promise<{ analysed: number; interrupted?: string } | null> {
  return page.evaluate(
    () =>
      new Promise<{ analysed: number; interrupted?: string } | null>((resolve, reject) => {
        const req = indexedDB.open('operando-workbench', 1);
        req.onerror = () => reject(req.error);
        req.onupgradeneeded = () => req.result.createObjectStore('sessions');
        req.onsuccess = () => {
          const store = req.result.transaction('sessions').objectStore('sessions');
          const all = store.getAll();
          all.onsuccess = () => {
            const sessions = (
              all.result as { key?: string; results?: unknown[]; interrupted?: string }[]
            ).filter((s) => s.key?.startsWith('session-v2:'));
            if (sessions.length !== 1) return resolve(null);
            const { results = [], interrupted } = sessions[0];
            resolve({ analysed: results.filter((r) => r !== null).length, interrupted });
          };
        };
      }),
  );
}

/** The Results CSV's rows (frame onwards; the provenance header carries the export time). */
async function resultRows(page: Page): Promise<string[]> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Results CSV' }).click(),
  ]);
  const lines = readFileSync(await file.path(), 'utf8')
    .trim()
    .split('\n');
  return lines.slice(lines.findIndex((l) => l.startsWith('frame,')));
}

const analysing = async (page: Page): Promise<number> =>
  Number(((await page.getByTestId('run-status').textContent()) ?? '').match(/Analysing… (\d+) \//)?.[1] ?? 0);

test('a run cut short by closing the tab comes back with its frames, and Resume finishes it exactly', async ({
  context,
}) => {
  test.setTimeout(240_000);
  // The uninterrupted run, for reference.
  const first = await context.newPage();
  await first.goto(MOVIE);
  await expect(first.getByTestId('movie-summary')).toContainText(`${FRAMES} frames`);
  await runAnalysisToEnd(first);
  const whole = await resultRows(first);
  expect(whole).toHaveLength(FRAMES + 1);

  // Again, and the tab is closed as soon as the run's own autosave (not the finished run's,
  // still on disk until then) holds some frames.
  const cdp = await context.newCDPSession(first);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await first.getByRole('button', { name: 'Run again' }).click();
  await expect.poll(() => analysing(first), { timeout: 60_000 }).toBeGreaterThanOrEqual(12);
  await expect
    .poll(
      async () => {
        const saved = await savedRun(first);
        return saved?.interrupted === 'page-closed' ? saved.analysed : 0;
      },
      { timeout: 30_000, intervals: [100] },
    )
    .toBeGreaterThanOrEqual(12);
  await first.close();

  // A new tab in the same browser (same IndexedDB): what the closed one saved.
  const page = await context.newPage();
  await page.goto('/?example=none');
  const saved = await savedRun(page);
  expect(saved?.interrupted).toBe('page-closed');
  const kept = saved?.analysed ?? 0;
  expect(kept).toBeGreaterThanOrEqual(12);
  expect(kept).toBeLessThan(FRAMES);
  console.log(`run-restore: ${kept} of ${FRAMES} frames autosaved before the tab was closed`);

  // The same movie opened again: the notice says what came back, the plot shows those frames.
  await page.goto(MOVIE);
  const notice = page.getByTestId('restore-notice');
  await expect(notice).toContainText(
    `Restored ${kept} of ${FRAMES} frames, analysed before the page was closed`,
  );
  await expect(page.getByTestId('area-bias-plot')).toHaveAttribute('data-state', `${kept} analysed`);
  await screenshot(page, 'run-restore-notice');

  // Resume analyses the frames left and ends with the uninterrupted run's table.
  await notice.getByRole('button', { name: `Resume (${FRAMES - kept} frames left)` }).click();
  // It starts where the closed tab stopped: the kept frames are not analysed again.
  await expect(page.getByTestId('run-status')).toContainText(/Analysing… \d+ \//);
  expect(await analysing(page)).toBeGreaterThanOrEqual(kept);
  await expect(page.getByTestId('run-status')).toContainText(`${FRAMES} frames analysed`, {
    timeout: 120_000,
  });
  await expect(page.getByTestId('area-bias-plot')).toHaveAttribute('data-state', `${FRAMES} analysed`);
  expect(await resultRows(page)).toEqual(whole);
  // The notice was about the unfinished run: it goes once the run has gone on.
  await expect(notice).toHaveCount(0);
});
