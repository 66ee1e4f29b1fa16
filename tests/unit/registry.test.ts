import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../../src/core/io/errors.ts';
import { allFormats, detectFormat, openFile } from '../../src/core/io/registry.ts';
import { fixturePath } from '../helpers/paths.ts';

/** One real sample per registered format: adding a format without a sample fails this test. */
const samples: Record<string, string> = {
  tiff: 'rosettasciio/tiff/test_loading_image_saved_with_imageJ_stack.tif',
  'log-text': 'rosettasciio/insitu/protochips_electrical.csv',
  dm: 'openncem/dmTest_3D_int16_64-65-66.dm4',
};

const blobOf = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);

describe('format registry', () => {
  it('has unique ids, lower-case extensions and a sample for every entry', () => {
    const ids = allFormats.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const format of allFormats) {
      expect(format.extensions.length).toBeGreaterThan(0);
      for (const ext of format.extensions) expect(ext).toMatch(/^[a-z0-9]+$/);
      expect(samples[format.id], `sample for ${format.id}`).toBeDefined();
    }
  });

  for (const [id, relative] of Object.entries(samples)) {
    it(`routes the ${id} sample to ${id} by content, whatever its name`, async () => {
      const bytes = readFileSync(fixturePath(relative));
      expect((await detectFormat(blobOf(bytes), relative)).id).toBe(id);
      expect((await detectFormat(blobOf(bytes), 'renamed.bin')).id).toBe(id);
      const opened = await openFile(blobOf(bytes), 'renamed.bin');
      const format = allFormats.find((f) => f.id === id);
      expect(opened.kind).toBe(format?.kind);
    });

    it(`only ${id} claims the ${id} sample`, () => {
      const head = new Uint8Array(readFileSync(fixturePath(relative)).subarray(0, 4096));
      const claimants = allFormats.filter((f) => f.sniff(head, 'x')).map((f) => f.id);
      expect(claimants).toEqual([id]);
    });
  }

  it('a TIFF named .csv still opens as a movie', async () => {
    const bytes = readFileSync(fixturePath(samples.tiff));
    expect((await openFile(blobOf(bytes), 'mislabelled.csv')).kind).toBe('movie');
  });

  it('names the file when the content does not match its extension', async () => {
    const error = await detectFormat(new Blob([new Uint8Array([0, 1, 2, 3, 250, 251])]), 'pic.tif').catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(FileFormatError);
    expect(error.message).toContain('pic.tif');
    expect(error.message).toMatch(/TIFF/);
    const unknown = await detectFormat(
      new Blob([new Uint8Array([0, 159, 146, 150, 0, 0])]),
      'data.xyz',
    ).catch((e) => e);
    expect(unknown.message).toMatch(/data\.xyz: unrecognised file type/);
  });

  it('reports an empty file as empty', async () => {
    await expect(detectFormat(new Blob([]), 'empty.tif')).rejects.toThrow('empty.tif: the file is empty');
  });
});
