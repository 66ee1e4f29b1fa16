/**
 * Seeded mutants of the real TIFF and DM fixtures: each must open and read, or be refused with a
 * `FileFormatError` naming the file, within a time limit and without decoding more than the frame
 * budget. Reproduce a failure with its seed: `mutate(bytes, seed)` rebuilds the same file.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../../src/core/io/errors.ts';
import { FRAME_BUDGET_BYTES } from '../../src/core/io/frame-budget.ts';
import { openMovie } from '../../src/core/io/registry.ts';
import { encodeTiff } from '../../src/core/io/tiff/index.ts';
import { mutate } from '../helpers/mutate.ts';
import { fixturePath } from '../helpers/paths.ts';
import { testPixels } from '../helpers/tiff-fixtures.ts';

const MUTANTS_PER_SEED = 120;
const TIME_LIMIT_MS = 2000;

const fixture = (relative: string) => new Uint8Array(readFileSync(fixturePath(relative)));
/** Compressed TIFFs of our own writer, so LZW and Deflate strips get mutated too. */
const compressed = (compression: 'lzw' | 'deflate') =>
  encodeTiff(
    [0, 1].map((p) => ({ width: 24, height: 20, data: testPixels('uint16', 24, 20, p) })),
    { compression, rowsPerStrip: 8 },
  );

const SEEDS: Record<'tiff' | 'dm', [string, () => Uint8Array][]> = {
  tiff: [
    ['dm-stack.tif', () => fixture('rosettasciio/tiff/test_loading_image_saved_with_DM_stack.tif')],
    ['imagej-stack.tif', () => fixture('rosettasciio/tiff/test_loading_image_saved_with_imageJ_stack.tif')],
    ['fei.tif', () => fixture('rosettasciio/tiff/FEI-Helios-Ebeam-16bits.tif')],
    ['lzw.tif', () => compressed('lzw')],
    ['deflate.tif', () => compressed('deflate')],
  ],
  dm: [
    ['nonsquare.dm4', () => fixture('openncem/dmTest_float32_nonSquare_diffPixelSize.dm4')],
    ['test-10.dm4', () => fixture('rosettasciio/dm/2D/test-10.dm4')],
    ['stem.dm3', () => fixture('rosettasciio/dm/test_STEM_image.dm3')],
    ['stack.dm3', () => fixture('rosettasciio/dm/test_stackbuilder_imagestack.dm3')],
  ],
};

type Outcome = 'opened' | 'refused';

/** Opens the mutant and reads its first and last frame, as the app does; returns how it ended. */
async function probe(bytes: Uint8Array, name: string): Promise<Outcome> {
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
  try {
    const source = await openMovie(blob, name, AbortSignal.timeout(TIME_LIMIT_MS));
    for (const index of new Set([0, source.frameCount - 1])) {
      const frame = await source.getFrame(index);
      expect(frame.data.byteLength).toBeLessThanOrEqual(FRAME_BUDGET_BYTES);
      expect(frame.data.length).toBe(frame.width * frame.height);
    }
    source.close();
    return 'opened';
  } catch (error) {
    if (error instanceof FileFormatError && error.message.startsWith(`${name}: `)) return 'refused';
    throw error;
  }
}

describe.each(Object.entries(SEEDS))('fuzzed %s readers', (family, seeds) => {
  it(`${seeds.length * MUTANTS_PER_SEED} mutants each open or are refused with a typed error naming the file`, async () => {
    const tally: Record<Outcome, number> = { opened: 0, refused: 0 };
    for (const [seedIndex, [name, load]] of seeds.entries()) {
      const original = load();
      for (let i = 0; i < MUTANTS_PER_SEED; i++) {
        const seed = 1000 * seedIndex + i;
        const { bytes, recipe } = mutate(original, seed);
        const what = `${family} mutant ${seed} of ${name} (${recipe.join('; ')})`;
        const t0 = performance.now();
        const outcome = await probe(bytes, name).catch((error: unknown) => {
          throw new Error(`${what}: untyped failure ${String(error)}`);
        });
        const ms = performance.now() - t0;
        expect(ms, `${what} took ${Math.round(ms)} ms`).toBeLessThan(TIME_LIMIT_MS);
        tally[outcome]++;
      }
    }
    // Both outcomes occur: a mutator that only ever breaks (or never breaks) the files tests little.
    expect(tally.opened).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
  }, 60_000);
});
