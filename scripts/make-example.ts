// Writes the bundled example datasets into public/example/ (and public/example/operando/): a
// synthetic operando movie (uint16 ImageJ TIFF stack, calibrated), the holder log that drove it
// (CSV), the ground-truth area per frame, and a manifest the app reads at start
// (`?example=<name>`). Skips a dataset whose files are up to date.

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  exampleDatasets,
  GALLERY_DM,
  galleryDatasets,
  writeDataset,
  writeDmExample,
} from './example-datasets.ts';
import { writeThumbnail } from './thumbnail.ts';

const root = resolve(import.meta.dirname, '../public/example');
const datasets = [...exampleDatasets(root), ...galleryDatasets(root)];

for (const { dir, title, key, make } of datasets) {
  const manifestPath = resolve(dir, 'manifest.json');
  if (
    existsSync(manifestPath) &&
    existsSync(resolve(dir, 'picture.png')) &&
    JSON.parse(readFileSync(manifestPath, 'utf8')).key === key
  ) {
    console.log(`example dataset is up to date in ${dir}`);
    continue;
  }
  const started = performance.now();
  await writeDataset(dir, title, key, make());
  await writeThumbnail(resolve(dir, 'example-movie.tif'), resolve(dir, 'picture.png'));
  console.log(`example dataset written to ${dir} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

// The gallery's real DM file (MIT): copied, with its licence, when the fixtures are beside the checkout.
if (existsSync(resolve(root, '../../../shared/fixtures/scifidatasets'))) {
  writeDmExample(resolve(root, 'dm'));
  await writeThumbnail(resolve(root, 'dm', GALLERY_DM.name), resolve(root, 'dm', 'picture.png'));
} else console.log("../shared/fixtures/ not found: the gallery's DigitalMicrograph example is left out");
