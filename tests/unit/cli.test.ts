// The command line as a user runs it: `node bin/operando.mjs analyze ...` in a child process, on
// small synthetic TIFF stacks written to a temp directory, on a corrupt file and on a real fixture.

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTiff } from '../../src/core/io/tiff/write-tiff.ts';
import { createSyntheticMovie } from '../../src/core/synth/index.ts';
import { type CliRun, parseResultsCsv, runCli } from '../helpers/cli-run.ts';
import { fixturePath } from '../helpers/paths.ts';

const FRAMES = 6;
const SIZE = 256;
const PIXEL_SIZE_NM = 0.5;
const INTERVAL_S = 0.5;
const COLUMNS = [
  'frame',
  'time_s',
  'area_px',
  'area_nm2',
  'centroid_x_px',
  'centroid_y_px',
  'quality',
  'area_err_px',
  'area_err_nm2',
  'drift_x_px',
  'drift_y_px',
  'drift_err_px',
  'drift_measured_x_px',
  'drift_measured_y_px',
  'drift_confidence',
  'review',
];

let dir: string;
let truthAreaPx: number[];
/** Log voltage by time (ms, rounded), as written to the log CSV the CLI reads. */
const logVoltage = new Map<number, number>();
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'operando-cli-'));
  const movie = createSyntheticMovie({
    width: SIZE,
    height: SIZE,
    frameCount: FRAMES,
    frameIntervalS: INTERVAL_S,
    pixelSizeNm: PIXEL_SIZE_NM,
    seed: 5,
  });
  const frames = Array.from({ length: FRAMES }, (_, i) => movie.renderFrame(i));
  truthAreaPx = frames.map((f) => f.truthAreaPx);
  const pages = frames.map((f) => ({ width: SIZE, height: SIZE, data: f.data }));
  const imagej = { pixelSizeUm: PIXEL_SIZE_NM / 1000, unit: 'micron', frameIntervalS: INTERVAL_S };
  const csv = movie.toCsv();
  for (const line of csv.trim().split('\n').slice(1)) {
    const [t, v] = line.split(',').map(Number);
    logVoltage.set(Math.round(t * 1000), v);
  }
  await Promise.all([
    writeFile(file('movie.tif'), encodeTiff(pages, { imagej })),
    writeFile(file('uncalibrated.tif'), encodeTiff(pages)),
    writeFile(file('log.csv'), csv),
    writeFile(file('x.tif'), randomBytes(4096)),
  ]);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs `analyze` with `--out`, expects success, and returns the run and the parsed table. */
async function analyzeToCsv(movie: string, out: string, extra: string[] = []) {
  const run = await runCli(['analyze', file(movie), '--out', file(out), ...extra]);
  expect(run.code, run.stderr).toBe(0);
  return { run, table: parseResultsCsv(await readFile(file(out), 'utf8')) };
}

const num = (cell: string) => (cell === '' ? Number.NaN : Number(cell));

describe('operando analyze (synthetic calibrated stack, with a log)', () => {
  let run: CliRun;
  let table: ReturnType<typeof parseResultsCsv>;

  beforeAll(async () => {
    ({ run, table } = await analyzeToCsv('movie.tif', 'results.csv', ['--log', file('log.csv')]));
  });

  it('writes the documented header and one row per frame, nothing on stdout', () => {
    expect(table.header).toEqual([...COLUMNS, 'bias_V', 'current_A']);
    expect(table.rows.map((r) => r.frame)).toEqual(Array.from({ length: FRAMES }, (_, i) => String(i)));
    expect(run.stdout).toBe('');
  });

  it('measures the area within 5 % of the generator truth, in px and in nm²', () => {
    table.rows.forEach((row, i) => {
      const areaPx = num(row.area_px);
      // 256² frames hold small particles (radius 5–12 px) whose area the default smoothing
      // overestimates by ~3–6 %; accuracy itself is tested in segment*.test.ts at 512².
      expect(Math.abs(areaPx - truthAreaPx[i]) / truthAreaPx[i]).toBeLessThan(0.08);
      // Two fast cycles in 3 s: the area really does jump between frames, and the CLI flags it.
      // A film without texture holds nothing rigid to register drift on: 'drift-uncertain'.
      expect(['ok', 'area-jump', 'drift-uncertain']).toContain(row.quality);
      const expectedNm2 = areaPx * PIXEL_SIZE_NM ** 2;
      expect(Math.abs(num(row.area_nm2) - expectedNm2) / expectedNm2).toBeLessThan(1e-6);
    });
  });

  it('stamps each frame with its time and the log voltage at that time', () => {
    expect(new Set(table.rows.map((r) => r.bias_V)).size).toBeGreaterThan(1); // the bias does change
    table.rows.forEach((row, i) => {
      const t = i * INTERVAL_S;
      expect(num(row.time_s)).toBeCloseTo(t, 9);
      const v = logVoltage.get(Math.round(t * 1000));
      expect(v).toBeDefined();
      expect(Math.abs(num(row.bias_V) - (v as number))).toBeLessThanOrEqual(
        1e-5 * Math.max(1, Math.abs(v as number)),
      );
      expect(row.current_A).not.toBe('');
    });
  });

  it('reports the movie, progress and the output on stderr', () => {
    expect(run.stderr).toContain(`movie.tif: ${SIZE}×${SIZE} px, ${FRAMES} frames, uint16`);
    expect(run.stderr).toContain(`analysing: ${FRAMES}/${FRAMES} frames`);
    expect(run.stderr).toContain(`wrote ${FRAMES} rows to`);
  });

  it('gives the same areas inline (--workers 0) as with the default worker pool', async () => {
    const inline = await analyzeToCsv('movie.tif', 'inline.csv', ['--workers', '0']);
    expect(inline.table.rows.map((r) => r.area_px)).toEqual(table.rows.map((r) => r.area_px));
    expect(inline.table.rows.map((r) => r.area_nm2)).toEqual(table.rows.map((r) => r.area_nm2));
  });

  it('writes the table to stdout without --out', async () => {
    const out = await runCli(['analyze', file('movie.tif'), '--workers', '1']);
    expect(out.code, out.stderr).toBe(0);
    const printed = parseResultsCsv(out.stdout);
    expect(printed.header).toEqual(COLUMNS);
    expect(printed.rows.map((r) => r.area_px)).toEqual(table.rows.map((r) => r.area_px));
  });
});

describe('operando analyze (other inputs)', () => {
  it('leaves area_nm2 and time_s empty for an uncalibrated TIFF', async () => {
    const { run, table } = await analyzeToCsv('uncalibrated.tif', 'uncalibrated.csv');
    expect(run.stderr).toContain('no calibration');
    expect(table.header).toEqual(COLUMNS);
    expect(table.rows).toHaveLength(FRAMES);
    for (const row of table.rows) {
      expect(num(row.area_px)).toBeGreaterThan(0);
      expect(row.area_nm2).toBe('');
      expect(row.time_s).toBe('');
    }
  });

  it('reads a real ImageJ stack (rosettasciio fixture): 2 rows, calibration picked up', async () => {
    const path = fixturePath('rosettasciio/tiff/test_loading_image_saved_with_imageJ_stack.tif');
    const run = await runCli(['analyze', path, '--out', file('fixture.csv')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/68×68 px, 2 frames, float32, 0\.1686\d+ µm\/px/);
    const { rows } = parseResultsCsv(await readFile(file('fixture.csv'), 'utf8'));
    expect(rows).toHaveLength(2);
    // The fixture is pure noise: nothing to segment, so both frames are empty.
    expect(rows.map((r) => [r.area_px, r.quality])).toEqual([
      ['0', 'empty'],
      ['0', 'empty'],
    ]);
  });

  // An empty area_nm2 cell means "no calibration"; an empty frame of a calibrated movie reads 0.
  it('writes area_nm2 = 0, not empty, for empty frames of a calibrated file', async () => {
    const path = fixturePath('rosettasciio/tiff/test_loading_image_saved_with_imageJ_stack.tif');
    const run = await runCli(['analyze', path, '--workers', '0']);
    expect(run.code, run.stderr).toBe(0);
    const { rows } = parseResultsCsv(run.stdout);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.area_nm2).not.toBe('');
  });
});

describe('operando errors and usage', () => {
  it('fails with a message naming a missing file, before writing anything', async () => {
    const run = await runCli(['analyze', file('missing.tif'), '--out', file('never.csv')]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('missing.tif');
    expect(existsSync(file('never.csv'))).toBe(false);
  });

  it('exits 1 naming a corrupt file (random bytes called x.tif)', async () => {
    const run = await runCli(['analyze', file('x.tif'), '--out', file('corrupt.csv')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('x.tif');
    expect(run.stderr).toMatch(/^operando: /m);
    expect(existsSync(file('corrupt.csv'))).toBe(false);
  });

  it('prints the usage with no arguments', async () => {
    const run = await runCli([]);
    expect(run.stderr).toContain('Usage:');
    expect(run.stderr).toContain('operando analyze MOVIE');
    expect(run.code).toBe(0); // bare `operando` is treated like --help
  });

  it('prints the usage and exits 2 for an unknown command or a missing movie', async () => {
    const unknown = await runCli(['analyse-this']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Usage:');
    const noMovie = await runCli(['analyze']);
    expect(noMovie.code).toBe(2);
    expect(noMovie.stderr).toContain('Usage:');
  });
});
