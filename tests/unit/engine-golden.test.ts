// The engine's numbers, pinned: `operando analyze` on the two bundled examples and two movies
// from the independent image model (`../shared/dev/synthetic/`, read in place) must write these
// tables to the last digit. A refactor keeps them; a change to the science updates them on
// purpose (`npx vitest run tests/unit/engine-golden.test.ts -u`) and says why in its commit.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDatasets, writeDataset } from '../../scripts/example-datasets.ts';
import { runCli } from '../helpers/cli-run.ts';

const devDir = resolve(import.meta.dirname, '../../../shared/dev/synthetic');
let examplesDir: string;

beforeAll(async () => {
  examplesDir = await mkdtemp(join(tmpdir(), 'operando-golden-'));
  for (const { dir, title, key, make } of exampleDatasets(examplesDir)) {
    await writeDataset(dir, title, key, make());
  }
}, 120_000);

afterAll(async () => {
  await rm(examplesDir, { recursive: true, force: true });
});

async function analyze(movie: string, log: string): Promise<string> {
  const out = join(examplesDir, `${Math.random().toString(36).slice(2)}.csv`);
  const run = await runCli(['analyze', movie, '--log', log, '--out', out], 120_000);
  expect(run.stderr).not.toMatch(/operando: /);
  expect(run.code).toBe(0);
  return readFile(out, 'utf8');
}

describe('the engine writes the same table as when it was pinned', () => {
  it('bundled clean example', async () => {
    const csv = await analyze(join(examplesDir, 'example-movie.tif'), join(examplesDir, 'example-log.csv'));
    await expect(csv).toMatchFileSnapshot('../golden/example-clean.csv');
  });

  it('bundled operando example (low dose, drift, needle, hot pixels)', async () => {
    const dir = join(examplesDir, 'operando');
    const csv = await analyze(join(dir, 'example-movie.tif'), join(dir, 'example-log.csv'));
    await expect(csv).toMatchFileSnapshot('../golden/example-operando.csv');
  });

  for (const name of ['dev_lowdose_drift', 'dev_clean_softpsf']) {
    it(`independent model: ${name}`, async () => {
      const csv = await analyze(join(devDir, `${name}.tif`), join(devDir, `${name}_bias.csv`));
      await expect(csv).toMatchFileSnapshot(`../golden/${name}.csv`);
    });
  }
});
