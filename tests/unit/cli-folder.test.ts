import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyntheticMovie } from '../../src/core/synth/index.ts';
import { parseResultsCsv, runCli } from '../helpers/cli-run.ts';
import { dmImageFile, partsToBytes, pixelBytes } from '../helpers/dm-writer.ts';

const FRAMES = 10;
const movie = createSyntheticMovie({ width: 256, height: 256, frameCount: FRAMES, frameIntervalS: 0.5 });
let root = '';

/** A GMS in-situ recording: rec/Hour_00/Minute_00/Second_SS/rec_Frame_N.dm4, 4 frames a second. */
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'operando-cli-rec-'));
  for (let n = 1; n <= FRAMES; n++) {
    const dir = join(root, 'rec', 'Hour_00', 'Minute_00', `Second_0${Math.floor((n - 1) / 4)}`);
    mkdirSync(dir, { recursive: true });
    const parts = dmImageFile({
      dtype: 'uint16',
      dims: [256, 256],
      pixels: pixelBytes('uint16', Array.from(movie.renderFrame(n - 1).data), true),
      axes: [
        { scale: 0.5, origin: 0, units: 'nm' },
        { scale: 0.5, origin: 0, units: 'nm' },
      ],
    });
    writeFileSync(join(dir, `rec_Frame_${n}.dm4`), partsToBytes(parts));
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('operando analyze FOLDER (an in-situ DM recording)', () => {
  it('analyses the per-frame files in natural order as one calibrated movie', async () => {
    const run = await runCli(['analyze', join(root, 'rec'), '--workers', '2']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`${FRAMES} frames`);
    const { rows } = parseResultsCsv(run.stdout);
    expect(rows).toHaveLength(FRAMES);
    for (let i = 0; i < FRAMES; i++) {
      // Frame_10 comes after Frame_9: each row's area matches its own frame's truth.
      const truth = movie.truthAreaPx(i);
      // Small 256² particles: see cli.test.ts on the tolerance.
      expect(Math.abs(Number(rows[i].area_px) / truth - 1)).toBeLessThan(0.08);
      expect(Number(rows[i].area_nm2)).toBeCloseTo(Number(rows[i].area_px) * 0.25, 3);
    }
  });

  it('says so when a folder holds no DM files', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty, { recursive: true });
    const run = await runCli(['analyze', empty]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/no \.dm3 or \.dm4 files/);
  });
});
