// The bundled example datasets (`public/example/`, `public/example/operando/`): what the generator
// is asked for, and how a dataset is written (uint16 ImageJ TIFF stack, the holder log, the truth
// per frame, a manifest). `make-example.ts` writes them for the app; the engine's golden test
// writes the same movies to a temp folder.

import { once } from 'node:events';
import { copyFileSync, createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { encodeTiffChunks } from '../src/core/io/tiff/write-tiff.ts';
import { createPresetMovie, createSyntheticMovie, type SyntheticMovie } from '../src/core/synth/index.ts';

const GENERATOR_VERSION = 3;

const clean = {
  width: 384,
  height: 384,
  frameCount: 120,
  frameIntervalS: 1,
  pixelSizeNm: 0.8,
  dose: 120,
  seed: 7,
  cycles: 2,
  // A few frames where the beam flickered: the review panel has something to step to.
  flicker: { fraction: 0.03, factorRange: [0.6, 0.7] as [number, number] },
  // The carbon support film, as in every real recording: without its texture the drift tracker
  // has only the swelling cluster to lock on to, and reports its swelling as a drift of a few px.
  filmTexture: 0.04,
};

/** The generator's `operando` preset: low dose, drift, the needle touching the cluster, hot pixels. */
const operando = { width: 384, height: 384, frameCount: 120, frameIntervalS: 1, seed: 5, cycles: 2 };

/** The examples, written below `root`; `key` changes whenever what the generator is asked for does. */
export function exampleDatasets(root: string) {
  return [
    {
      dir: root,
      title: 'Synthetic Si nanoparticle cluster, two lithiation/delithiation cycles',
      key: JSON.stringify({ GENERATOR_VERSION, options: clean }),
      make: () => createSyntheticMovie(clean),
    },
    {
      dir: resolve(root, 'operando'),
      title:
        'Synthetic operando recording: 25 counts/px, drifting sample, biasing needle touching the cluster, hot pixels',
      key: JSON.stringify({ GENERATOR_VERSION, preset: 'operando', options: operando }),
      make: () => createPresetMovie('operando', operando),
    },
  ];
}

/**
 * A loss of electrical contact, as in the paper's Movie S2: 30 s into the lithiation the current
 * falls to nothing while the −0.2 V bias stays on (a rest at −0.2 V in the generator's terms),
 * and the cluster stops growing; the contact is not regained before the bias is switched off.
 */
const contactLoss = {
  width: 320,
  height: 320,
  frameCount: 90,
  frameIntervalS: 1,
  pixelSizeNm: 0.8,
  dose: 120,
  seed: 11,
  filmTexture: 0.04,
  schedule: [
    { kind: 'rest' as const, voltageV: 0, durationS: 8 },
    { kind: 'lithiation' as const, voltageV: -0.2, durationS: 30 },
    { kind: 'rest' as const, voltageV: -0.2, durationS: 40 },
    { kind: 'rest' as const, voltageV: 0, durationS: 12 },
  ],
};

/** One clean lithiation, as in figure S5: rest, −0.2 V for 50 s, rest. */
const lithiation = {
  width: 320,
  height: 320,
  frameCount: 80,
  frameIntervalS: 1,
  pixelSizeNm: 0.8,
  dose: 150,
  seed: 3,
  filmTexture: 0.04,
  schedule: [
    { kind: 'rest' as const, voltageV: 0, durationS: 10 },
    { kind: 'lithiation' as const, voltageV: -0.2, durationS: 50 },
    { kind: 'rest' as const, voltageV: 0, durationS: 20 },
  ],
};

/** The real DigitalMicrograph file of the gallery (MIT, pycroscopy/SciFiDatasets; see its SOURCES.md). */
export const GALLERY_DM = {
  source: resolve(import.meta.dirname, '../../shared/fixtures/scifidatasets/DMReader_Image_SI-Survey.dm3'),
  name: 'DMReader_Image_SI-Survey.dm3',
  licence:
    'DMReader_Image_SI-Survey.dm3 is an unchanged copy from pycroscopy/SciFiDatasets (data/microscopy/em/tem/), MIT licence, Copyright (c) pycroscopy. Only this MIT file is bundled; no GPL fixture is.',
};

/** The gallery's extra examples (the two above are in it too), written by `make-example.ts` only. */
export function galleryDatasets(root: string) {
  return [
    {
      dir: resolve(root, 'lithiation'),
      title: 'Synthetic clean lithiation at −0.2 V',
      key: JSON.stringify({ GENERATOR_VERSION, options: lithiation }),
      make: () => createSyntheticMovie(lithiation),
    },
    {
      dir: resolve(root, 'contact-loss'),
      title:
        'Synthetic loss of electrical contact: the current falls under bias and the cluster stops growing',
      key: JSON.stringify({ GENERATOR_VERSION, options: contactLoss }),
      make: () => createSyntheticMovie(contactLoss),
    },
  ];
}

/** Copies the MIT DM file into `dir` with its licence and a manifest (a single image, no log). */
export function writeDmExample(dir: string): void {
  mkdirSync(dir, { recursive: true });
  copyFileSync(GALLERY_DM.source, resolve(dir, GALLERY_DM.name));
  writeFileSync(resolve(dir, 'LICENCE.txt'), `${GALLERY_DM.licence}\n`);
  const manifest = {
    title: 'A real DigitalMicrograph file: DigiScan STEM survey image',
    files: [GALLERY_DM.name],
    key: GALLERY_DM.name,
  };
  writeFileSync(resolve(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

export async function writeDataset(
  dir: string,
  title: string,
  key: string,
  movie: SyntheticMovie,
): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const truth = ['frame,time_s,truth_area_px'];
  function* pages() {
    for (let i = 0; i < movie.frameCount; i++) {
      const frame = movie.renderFrame(i);
      truth.push(`${i},${movie.frameTimeS(i)},${frame.truthAreaPx}`);
      yield { width: movie.width, height: movie.height, data: frame.data };
    }
  }
  const out = createWriteStream(resolve(dir, 'example-movie.tif'));
  for (const chunk of encodeTiffChunks(pages(), movie.frameCount, {
    imagej: { pixelSizeUm: movie.pixelSizeNm / 1000, unit: 'micron', frameIntervalS: movie.frameIntervalS },
    software: 'Operando Workbench synthetic generator',
  })) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  writeFileSync(resolve(dir, 'example-log.csv'), movie.toCsv());
  writeFileSync(resolve(dir, 'example-truth.csv'), `${truth.join('\n')}\n`);
  const manifest = {
    title,
    files: ['example-movie.tif', 'example-log.csv'],
    pixelSizeNm: movie.pixelSizeNm,
    flickerFrames: movie.flickerFrames,
    frameIntervalS: movie.frameIntervalS,
    key,
  };
  writeFileSync(resolve(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}
