// Issue 17 on the command line for TIFF stacks: one frame whose compressed strip is damaged (its
// decoding throws) is recorded as unreadable, every other frame is analysed, and the warning on
// stderr names the file and the frame. The video side is in cli-video.test.ts.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseResultsCsv, runCli } from '../helpers/cli-run.ts';
import { damagedClusterTiff } from '../helpers/tiff-fixtures.ts';

const FRAMES = 12;
const DAMAGED = 5;
let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'operando-cli-damaged-'));
  await Promise.all([
    writeFile(file('deflate.tif'), damagedClusterTiff({ frames: FRAMES, damagedFrame: DAMAGED })),
    writeFile(
      file('lzw.tif'),
      damagedClusterTiff({ frames: FRAMES, damagedFrame: DAMAGED, compression: 'lzw' }),
    ),
  ]);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('operando analyze on a TIFF with one damaged frame', () => {
  // Two worker threads (the catch is inside each worker) and inline (the main thread).
  it.each([
    ['deflate.tif', '2'],
    ['lzw.tif', '0'],
  ])(
    '%s with --workers %s: the run goes on, the frame is unreadable, the warning names it',
    async (name, workers) => {
      const out = file(`${name}.csv`);
      const run = await runCli(['analyze', file(name), '--out', out, '--workers', workers]);
      expect(run.code, run.stderr).toBe(0);
      const { rows } = parseResultsCsv(await readFile(out, 'utf8'));
      expect(rows.map((r) => Number(r.frame))).toEqual(Array.from({ length: FRAMES }, (_, i) => i));
      expect(rows[DAMAGED]).toMatchObject({ quality: 'unreadable', area_px: '', area_nm2: '' });
      for (const row of rows.filter((r) => Number(r.frame) !== DAMAGED)) {
        expect(row.quality, `frame ${row.frame}`).not.toBe('unreadable');
        expect(Number(row.area_px), `frame ${row.frame}`).toBeGreaterThan(0);
        expect(Number(row.area_nm2), `frame ${row.frame}`).toBeGreaterThan(0);
      }
      expect(run.stderr).toContain(
        `warning: ${name}: frame ${DAMAGED} could not be read (damaged) and has no area; its row says "unreadable"`,
      );
    },
  );
});
