/** The CLI's messages and exit codes for damaged and unusable inputs (issue 17). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeFailure, EXIT } from '../../src/cli/errors.ts';
import { CancelledError, FileFormatError } from '../../src/core/io/errors.ts';
import { runCli } from '../helpers/cli-run.ts';
import { CRASHERS, tinyDm3 } from '../helpers/crashers.ts';

const dir = mkdtempSync(join(tmpdir(), 'operando-cli-errors-'));
const path = (name: string) => join(dir, name);

beforeAll(() => {
  for (const c of CRASHERS) writeFileSync(path(c.name), c.bytes());
  writeFileSync(path('tiny.dm3'), tinyDm3());
  writeFileSync(path('inf.csv'), 'Time (s),Voltage (V)\n0,0.1\n1,1e999\n2,inf\n3,0.4\n');
});

describe('CLI errors', () => {
  it('a damaged TIFF (fractional strip offsets) is exit 1, naming file, problem and what to do, in a worker', async () => {
    const run = await runCli(['analyze', path('rational-strip-offsets.tif'), '--workers', '1']);
    expect(run.code).toBe(EXIT.badInput);
    expect(run.stderr).toMatch(
      /operando: rational-strip-offsets\.tif: page 1: StripOffsets \(273\) is stored as field type 5/,
    );
    expect(run.stderr).toMatch(/→ the file is damaged: export it again/);
    expect(run.stdout).toBe('');
  });

  it('a frame over the budget is exit 1 with advice to bin or crop', async () => {
    const run = await runCli(['analyze', path('tile-46336-f64.tif'), '--workers', '0']);
    expect(run.code).toBe(EXIT.badInput);
    expect(run.stderr).toMatch(/tile-46336-f64\.tif: .* more than the frame budget of 1 GiB/);
    expect(run.stderr).toMatch(/→ bin or crop the movie/);
  });

  it('a 4 × 4 DM file (with a 400,000-character tag) is analysed without drift, with one warning', async () => {
    for (const name of ['tiny.dm3', 'string-400k.dm3']) {
      const run = await runCli(['analyze', path(name), '--workers', '0']);
      expect(run.code).toBe(EXIT.ok);
      const warnings = run.stderr.match(/analysed without drift/g) ?? [];
      expect(warnings).toHaveLength(1);
      expect(run.stdout.split('\n')[1]).toMatch(/^0,/);
    }
  });

  it('infinite log values are named on stderr as read as missing', async () => {
    const run = await runCli(['analyze', path('tiny.dm3'), '--log', path('inf.csv'), '--workers', '0']);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stderr).toMatch(
      /warning: inf\.csv: column "Voltage \(V\)": 2 infinite values read as missing/,
    );
  });

  it('a missing file is exit 1, a bad option exit 2', async () => {
    const missing = await runCli(['analyze', path('nope.tif')]);
    expect(missing.code).toBe(EXIT.badInput);
    expect(missing.stderr).toMatch(/nope\.tif: no such file or folder\n {2}→ check the path/);
    const bad = await runCli(['analyze', path('tiny.dm3'), '--workers', 'two']);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toMatch(/--workers takes a whole number/);
  });

  it('classifies cancellation as 130 and anything unexpected as an internal error (70)', () => {
    expect(describeFailure(new CancelledError('analysis')).code).toBe(EXIT.interrupted);
    const internal = describeFailure(new TypeError('x is undefined'));
    expect(internal.code).toBe(EXIT.internal);
    expect(internal.message).toMatch(
      /internal error: TypeError: x is undefined[\s\S]*this is a bug in operando/,
    );
    const file = describeFailure(new FileFormatError('a.tif', 'truncated', 'frame 3 is cut short', 99));
    expect(file).toEqual({
      code: EXIT.badInput,
      message:
        'operando: a.tif: frame 3 is cut short (at byte 99)\n  → the file is incomplete: copy it again from the acquisition computer',
    });
  });
});
