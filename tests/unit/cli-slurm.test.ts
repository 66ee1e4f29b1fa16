// `operando slurm --submit` on a real single-node SLURM cluster started by the test: a 4-shard run
// of a generated movie, merged by the dependent job, equals a single-process run byte for byte.
// If SLURM can't be started the test fails with the reason; it is never skipped.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { encodeTiff } from '../../src/core/io/tiff/write-tiff.ts';
import { createPresetMovie } from '../../src/core/synth/index.ts';
import { runCli } from '../helpers/cli-run.ts';
import { type SlurmCluster, startSlurm } from '../helpers/slurm-cluster.ts';

const FRAMES = 16;
const SIZE = 192;
let dir: string;
let cluster: SlurmCluster | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'operando-slurm-'));
  const movie = createPresetMovie('operando', { seed: 4, frameCount: FRAMES, width: SIZE, height: SIZE });
  const pages = Array.from({ length: FRAMES }, (_, i) => ({
    width: SIZE,
    height: SIZE,
    data: movie.renderFrame(i).data,
  }));
  await writeFile(join(dir, 'run7.tif'), encodeTiff(pages, { compression: 'deflate' }));
  await writeFile(join(dir, 'run7.csv'), movie.toCsv());
  cluster = await startSlurm(join(dir, 'cluster'));
}, 300_000);

afterAll(async () => {
  await cluster?.stop();
  await rm(dir, { recursive: true, force: true });
});

it("a 4-shard job array and its merge job write the single run's table", async () => {
  if (!cluster) throw new Error('no cluster');
  const out = join(dir, 'out');
  const submit = await runCli(
    ['slurm', join(dir, 'run7.tif'), '--shards', '4', '--out', out, '--time', '00:10:00', '--submit'],
    60_000,
    cluster.env,
  );
  expect(submit.code, submit.stderr).toBe(0);
  const merge = /merge_job=(\d+)/.exec(submit.stdout)?.[1];
  expect(submit.stdout).toMatch(/shards_job=\d+/);
  expect(merge).toBeDefined();
  const state = await cluster.waitForJob(merge as string, 240_000);
  const logs = await Promise.all(
    (await readdir(join(out, 'logs'))).map((f) => readFile(join(out, 'logs', f), 'utf8')),
  );
  expect(state, logs.join('\n')).toBe('COMPLETED');
  expect((await readdir(join(out, 'parts'))).sort()).toEqual([0, 1, 2, 3].map((k) => `run7.part${k}.csv`));

  const single = await runCli([
    'analyze',
    join(dir, 'run7.tif'),
    '--log',
    join(dir, 'run7.csv'),
    '--out',
    join(dir, 'single.csv'),
  ]);
  expect(single.code, single.stderr).toBe(0);
  expect(await readFile(join(out, 'run7.csv'), 'utf8')).toBe(await readFile(join(dir, 'single.csv'), 'utf8'));
}, 300_000);
