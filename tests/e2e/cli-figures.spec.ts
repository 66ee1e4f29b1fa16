import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { exampleDir, repoRoot } from './helpers.ts';

const run = promisify(execFile);

test('npx operando figures writes the tables from core and S4–S7 as SVG and PNG, drawn by the workbench', async () => {
  test.setTimeout(180_000);
  const out = mkdtempSync(join(tmpdir(), 'operando-figures-'));
  try {
    const { stderr } = await run(
      'node',
      [
        'bin/operando.mjs',
        'figures',
        resolve(exampleDir, 'example-movie.tif'),
        '--log',
        resolve(exampleDir, 'example-log.csv'),
        '--out',
        out,
        '--frame',
        '59',
      ],
      { cwd: repoRoot, timeout: 170_000 },
    );
    expect(stderr).toContain('wrote s4–s7');
    for (const id of ['s4', 's5', 's6', 's7']) {
      const svg = readFileSync(join(out, `${id}.svg`), 'utf8');
      expect(svg.startsWith('<svg'), id).toBe(true);
      const png = readFileSync(join(out, `${id}.png`));
      expect(png.subarray(1, 4).toString('latin1'), id).toBe('PNG');
    }
    expect(readFileSync(join(out, 's4.svg'), 'utf8')).toContain('Current (nA)');
    expect(readFileSync(join(out, 's5.svg'), 'utf8')).toContain('Cluster area (nm²)');
    expect(readFileSync(join(out, 's6.svg'), 'utf8')).toContain('t = 59.00 s');
    // S6 at 300 dpi: the 384 px frame becomes 1200 px.
    expect(readFileSync(join(out, 's6.png')).readUInt32BE(16)).toBe(1200);
    const results = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n');
    expect(results.filter((l) => /^\d+,/.test(l))).toHaveLength(120);
    expect(readFileSync(join(out, 'log.csv'), 'utf8').split('\n')[0]).toBe(
      'time_log_s,time_movie_s,voltage_V,current_A',
    );
    expect(results.some((l) => l.startsWith('# figure settings: rest below 0.02 V'))).toBe(true);
    // The cycle table comes from core at full precision, not from the page (two cycles).
    const cycles = readFileSync(join(out, 'cycles.csv'), 'utf8').trim().split('\n');
    expect(cycles).toHaveLength(3);
    expect(cycles[0]).toBe(
      'cycle,start_log_s,end_log_s,area_start_nm2,area_max_nm2,area_end_nm2,expansion_pct,contraction_pct,lithiation_charge_C,delithiation_charge_C,area_per_charge_nm2_per_C',
    );
    const first = cycles[1].split(',').map(Number);
    expect(first[0]).toBe(1);
    expect(first[6]).toBeGreaterThan(30); // expansion, %
    expect(first[8]).toBeLessThan(0); // lithiation charge, C
    // More digits than the 4 the page shows.
    expect(cycles[1].split(',')[3].replace(/[.-]/g, '').length).toBeGreaterThan(4);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
