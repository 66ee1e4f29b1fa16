// Writes the bundled example dataset into public/example/: a synthetic operando movie (uint16
// ImageJ TIFF stack, calibrated), the holder log that drove it (CSV), the ground-truth area per
// frame, and a manifest the app reads at start. Skips the work when the files are up to date.

import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { encodeTiffChunks } from '../src/core/io/tiff/write-tiff.ts';
import { createSyntheticMovie } from '../src/core/synth/index.ts';

const outDir = resolve(import.meta.dirname, '../public/example');
const GENERATOR_VERSION = 3;
const options = {
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
const key = JSON.stringify({ GENERATOR_VERSION, options });
const manifestPath = resolve(outDir, 'manifest.json');

if (existsSync(manifestPath) && JSON.parse(readFileSync(manifestPath, 'utf8')).key === key) {
  console.log(`example dataset is up to date in ${outDir}`);
  process.exit(0);
}

mkdirSync(outDir, { recursive: true });
const started = performance.now();
const movie = createSyntheticMovie(options);
const truth = ['frame,time_s,truth_area_px'];

function* pages() {
  for (let i = 0; i < movie.frameCount; i++) {
    const frame = movie.renderFrame(i);
    truth.push(`${i},${movie.frameTimeS(i)},${frame.truthAreaPx}`);
    yield { width: movie.width, height: movie.height, data: frame.data };
  }
}

const out = createWriteStream(resolve(outDir, 'example-movie.tif'));
for (const chunk of encodeTiffChunks(pages(), movie.frameCount, {
  imagej: { pixelSizeUm: movie.pixelSizeNm / 1000, unit: 'micron', frameIntervalS: movie.frameIntervalS },
  software: 'Operando Workbench synthetic generator',
})) {
  if (!out.write(chunk)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');

writeFileSync(resolve(outDir, 'example-log.csv'), movie.toCsv());
writeFileSync(resolve(outDir, 'example-truth.csv'), `${truth.join('\n')}\n`);
writeFileSync(
  manifestPath,
  `${JSON.stringify(
    {
      title: 'Synthetic Si nanoparticle cluster, two lithiation/delithiation cycles',
      files: ['example-movie.tif', 'example-log.csv'],
      pixelSizeNm: movie.pixelSizeNm,
      flickerFrames: movie.flickerFrames,
      frameIntervalS: movie.frameIntervalS,
      key,
    },
    null,
    2,
  )}\n`,
);
console.log(`example dataset written to ${outDir} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
