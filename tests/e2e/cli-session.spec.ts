import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { exampleDir, plottedTraces, repoRoot } from './helpers.ts';

const run = promisify(execFile);
const cli = (args: string[]) =>
  run('node', ['bin/operando.mjs', ...args], { cwd: repoRoot, timeout: 170_000, maxBuffer: 1 << 24 });

/** frame → area_nm2 from a results CSV (rows without an area left out). */
function csvAreas(path: string): Map<number, number> {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const header = lines.findIndex((l) => l.startsWith('frame,'));
  const columns = lines[header].split(',');
  const out = new Map<number, number>();
  for (const line of lines.slice(header + 1)) {
    const cells = line.split(',');
    const area = cells[columns.indexOf('area_nm2')];
    if (area !== '') out.set(Number(cells[0]), Number(area));
  }
  return out;
}

test('CLI: analyze --session-out, then link, opened in Chromium, shows the same areas; analyze --session reproduces them', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'operando-session-'));
  try {
    const movie = resolve(exampleDir, 'example-movie.tif');
    const log = resolve(exampleDir, 'example-log.csv');
    const session = join(dir, 'example.operando');
    await cli(['analyze', movie, '--log', log, '--out', join(dir, 'first.csv'), '--session-out', session]);
    const areas = csvAreas(join(dir, 'first.csv'));
    expect(areas.size).toBe(120);

    const { stdout, stderr } = await cli(['link', session, '--base', `${baseURL}/`]);
    const url = stdout.trim();
    expect(url.startsWith(`${baseURL}/#review=1.`)).toBe(true);
    expect(stderr).toMatch(/\d+ characters/);

    await page.goto(url);
    await expect(page.getByTestId('reviewer-dataset')).toContainText('example-movie.tif');
    const area = (await plottedTraces(page)).find((t) => t.name.startsWith('Cluster area'));
    const plotted = new Map((area?.customdata ?? []).map((f, k) => [f, Number(area?.y[k])]));
    expect([...plotted.keys()]).toEqual([...areas.keys()]);
    // The CSV has 6 significant digits, the link 7.
    for (const [frame, a] of areas) expect(Math.abs((plotted.get(frame) ?? 0) / a - 1)).toBeLessThan(1e-5);

    // Run again from the session: the same parameters give the same table.
    await cli(['analyze', movie, '--log', log, '--session', session, '--out', join(dir, 'again.csv')]);
    expect(csvAreas(join(dir, 'again.csv'))).toEqual(areas);
    // Another movie is refused: the session belongs to the first one's content.
    const other = cli(['analyze', resolve(exampleDir, 'operando/example-movie.tif'), '--session', session]);
    await expect(other).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('not the movie of the session'),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
