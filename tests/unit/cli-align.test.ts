// `operando align` as a user runs it: one machine-readable line with the offset and its
// uncertainty, or "no reliable proposal" with exit code 3, on the bundled clean example and on
// a movie of the independent image model (true offset 0 s in both).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDatasets, writeDataset } from '../../scripts/example-datasets.ts';
import { runCli } from '../helpers/cli-run.ts';

const devDir = resolve(import.meta.dirname, '../../../shared/dev/synthetic');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'operando-align-'));
  const [clean] = exampleDatasets(dir);
  await writeDataset(clean.dir, clean.title, clean.key, clean.make());
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('operando align', () => {
  it('prints the offset and its uncertainty when the data place the log within a frame', async () => {
    const run = await runCli(
      ['align', join(dir, 'example-movie.tif'), '--log', join(dir, 'example-log.csv')],
      120_000,
    );
    expect(run.code).toBe(0);
    const m = /^offset_s=(-?\d+\.\d+) uncertainty_s=(\d+\.\d+)$/m.exec(run.stdout);
    if (!m) throw new Error(`no offset line in: ${run.stdout}`);
    const [offset, sigma] = [Number(m[1]), Number(m[2])];
    // True offset 0 s; frames 1 s apart.
    expect(Math.abs(offset)).toBeLessThanOrEqual(1);
    expect(Math.abs(offset)).toBeLessThanOrEqual(2 * sigma);
    expect(run.stderr).toMatch(
      /evidence: offset [+−]\d+\.\d\d ± \d+\.\d\d s \(current vs\. rate of area change/,
    );
  });

  it('says "no reliable proposal" with exit code 3 when the evidence is not good to a frame', async () => {
    const movie = join(devDir, 'dev_clean_softpsf.tif');
    const run = await runCli(['align', movie, '--log', join(devDir, 'dev_clean_softpsf_bias.csv')], 120_000);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('no reliable proposal\n');
    expect(run.stderr).toMatch(
      /No reliable proposal: the best match, offset .* is not sure to within one frame interval/,
    );
  });

  it('needs a log', async () => {
    const run = await runCli(['align', join(dir, 'example-movie.tif')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('operando align MOVIE|FOLDER --log LOG');
  });
});
