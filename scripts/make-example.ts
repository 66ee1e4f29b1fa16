// Writes the bundled example datasets into public/example/ (and public/example/operando/): a
// synthetic operando movie (uint16 ImageJ TIFF stack, calibrated), the holder log that drove it
// (CSV), the ground-truth area per frame, and a manifest the app reads at start
// (`?example=<name>`). Skips a dataset whose files are up to date.

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { exampleDatasets, writeDataset } from './example-datasets.ts';

const datasets = exampleDatasets(resolve(import.meta.dirname, '../public/example'));

for (const { dir, title, key, make } of datasets) {
  const manifestPath = resolve(dir, 'manifest.json');
  if (existsSync(manifestPath) && JSON.parse(readFileSync(manifestPath, 'utf8')).key === key) {
    console.log(`example dataset is up to date in ${dir}`);
    continue;
  }
  const started = performance.now();
  await writeDataset(dir, title, key, make());
  console.log(`example dataset written to ${dir} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
