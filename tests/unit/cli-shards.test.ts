// Facility-scale commands as a user runs them (the built bin, in child processes): shards and
// merge give the single run's table byte for byte, merge refuses incomplete sets, batch goes on
// past a broken movie, and slurm writes a job array and its dependent merge job.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTiff } from '../../src/core/io/tiff/write-tiff.ts';
import { createPresetMovie } from '../../src/core/synth/index.ts';
import { runCli } from '../helpers/cli-run.ts';

const FRAMES = 24;
const SIZE = 256;
let dir: string;
let whole: string;
let wholeStderr: string;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'operando-shards-'));
  const movie = createPresetMovie('operando', { seed: 3, frameCount: FRAMES, width: SIZE, height: SIZE });
  const pages = Array.from({ length: FRAMES }, (_, i) => ({
    width: SIZE,
    height: SIZE,
    data: movie.renderFrame(i).data,
  }));
  await writeFile(
    file('run1.tif'),
    encodeTiff(pages, { compression: 'deflate', imagej: { pixelSizeUm: 0.001, frameIntervalS: 0.5 } }),
  );
  await writeFile(file('run1.csv'), movie.toCsv());
  const run = await runCli([
    'analyze',
    file('run1.tif'),
    '--log',
    file('run1.csv'),
    '--out',
    file('whole.csv'),
  ]);
  expect(run.code, run.stderr).toBe(0);
  whole = await readFile(file('whole.csv'), 'utf8');
  wholeStderr = run.stderr;
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function shard(range: string, out: string): Promise<void> {
  const run = await runCli([
    'analyze',
    file('run1.tif'),
    '--log',
    file('run1.csv'),
    '--frames',
    range,
    '--out',
    out,
    '--quiet',
    '--workers',
    '1',
  ]);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toBe(''); // --quiet: no progress, no description
}

describe('progress of a long run', () => {
  it('prints frames/s and the time left on stderr, and the total at the end', () => {
    expect(wholeStderr).toMatch(/analysing: \d+\/24 frames \(\d+%\), [\d.]+ frames\/s, ETA \d+ (s|min)/);
    expect(wholeStderr).toMatch(/analysing: 24\/24 frames \(100%\), [\d.]+ frames\/s, \d+ s\n/);
  });
});

describe('operando analyze --frames and operando merge', () => {
  it('4 shards merged are the single run, byte for byte', async () => {
    const ranges = ['0:6', '6:12', '12:18', '18:'];
    await Promise.all(ranges.map((r, i) => shard(r, file(`p${i}.csv`))));
    const part = await readFile(file('p1.csv'), 'utf8');
    expect(part).toMatch(/^# operando shard: frames 6:12 of 24 /);
    const merged = await runCli([
      'merge',
      file('p3.csv'),
      file('p1.csv'),
      file('p0.csv'),
      file('p2.csv'),
      '--out',
      file('merged.csv'),
    ]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(await readFile(file('merged.csv'), 'utf8')).toBe(whole);
    // Drift interpolated across boundaries is part of what is compared.
    expect(whole.split('\n')[7].split(',')[9]).not.toBe('');
  }, 120_000);

  it('merge refuses a missing part, saying which frames are missing (exit 1)', async () => {
    const run = await runCli([
      'merge',
      file('p0.csv'),
      file('p2.csv'),
      file('p3.csv'),
      '--out',
      file('bad.csv'),
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/frames 6:12 are in no part/);
  });

  it('refuses a range beyond the movie (exit 2)', async () => {
    const run = await runCli(['analyze', file('run1.tif'), '--frames', '20:30', '--out', file('x.csv')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/has 24 frames/);
  });
});

describe('operando batch', () => {
  it('writes a table per movie and a summary, goes on past a broken file, exits 4', async () => {
    const inbox = join(dir, 'inbox');
    const out = join(dir, 'batch-out');
    await mkdir(inbox);
    await writeFile(join(inbox, 'run1.tif'), await readFile(file('run1.tif')));
    await writeFile(join(inbox, 'run1.csv'), await readFile(file('run1.csv')));
    await writeFile(join(inbox, 'broken.tif'), 'II*\0this is not a movie');
    const run = await runCli(['batch', inbox, '--out', out, '--jobs', '2', '--quiet']);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/broken\.tif/);
    expect(await readFile(join(out, 'run1.csv'), 'utf8')).toBe(whole); // with its log, as a single run
    const summary = (await readFile(join(out, 'summary.csv'), 'utf8')).trim().split('\n');
    expect(summary[0]).toBe('movie,frames,seconds,flagged,status,error');
    const byMovie = new Map(summary.slice(1).map((line) => [line.split(',')[0], line]));
    expect(byMovie.get('run1.tif')).toMatch(/^run1\.tif,24,[\d.]+,\d+,ok,$/);
    expect(byMovie.get('broken.tif')).toMatch(/^broken\.tif,,[\d.]+,,failed,.*broken\.tif/);
  }, 120_000);
});

describe('operando batch with a list', () => {
  it('pairs movies and logs from LIST.csv (paths relative to it) and names a missing movie', async () => {
    const out = join(dir, 'list-out');
    await writeFile(file('list.csv'), 'movie,log\nrun1.tif,run1.csv\nmissing.tif,\n');
    const run = await runCli(['batch', file('list.csv'), '--out', out, '--quiet']);
    expect(run.code).toBe(4);
    expect(await readFile(join(out, 'run1.csv'), 'utf8')).toBe(whole);
    const summary = await readFile(join(out, 'summary.csv'), 'utf8');
    expect(summary).toMatch(/\nmissing\.tif,,[\d.]+,,failed,.*no such file/);
  }, 120_000);
});

describe('operando slurm', () => {
  it('writes a job array of shards and a merge job that waits for it', async () => {
    const out = join(dir, 'slurm');
    const run = await runCli([
      'slurm',
      file('run1.tif'),
      '--shards',
      '4',
      '--out',
      out,
      '--partition',
      'short',
      '--time',
      '00:10:00',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/--dependency=afterok:\$jobid/);
    expect((await readdir(out)).sort()).toEqual([
      'logs',
      'operando-merge.sbatch',
      'operando-shards.sbatch',
      'parts',
    ]);
    const shards = await readFile(join(out, 'operando-shards.sbatch'), 'utf8');
    expect(shards).toMatch(/#SBATCH --array=0-3/);
    expect(shards).toMatch(/#SBATCH --partition=short/);
    expect(shards).toMatch(/'0:6'\n {2}'6:12'\n {2}'12:18'\n {2}'18:24'/);
    expect(shards).toContain(`'${file('run1.csv')}'`); // the log of the same name goes with it
    const merge = await readFile(join(out, 'operando-merge.sbatch'), 'utf8');
    expect(merge).toMatch(/ merge '.*run1\.part0\.csv' .* '.*run1\.part3\.csv' --out '.*run1\.csv'/);
  }, 60_000);
});
