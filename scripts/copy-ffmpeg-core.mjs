// ffmpeg.wasm's core (≈32 MB) is served from the app's own origin, never from a CDN: copy it from
// node_modules into public/ffmpeg/ (git-ignored). Runs at `npm install` (postinstall) and again
// before start/build/e2e, where it costs nothing when the copies are already up to date.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const outDir = resolve(root, 'public/ffmpeg');
// The ES-module build: the frame workers are module workers and load it with import(). npm puts a
// direct dependency in the root node_modules (the package's `exports` hide its package.json).
const coreDir = resolve(root, 'node_modules/@ffmpeg/core/dist/esm');
if (!existsSync(resolve(coreDir, 'ffmpeg-core.wasm'))) {
  console.error(`copy-ffmpeg-core: ${coreDir} is missing; run \`npm install\` first`);
  process.exit(1);
}

mkdirSync(outDir, { recursive: true });
let copied = 0;
for (const name of ['ffmpeg-core.js', 'ffmpeg-core.wasm']) {
  const from = resolve(coreDir, name);
  const to = resolve(outDir, name);
  const source = statSync(from);
  if (existsSync(to)) {
    const target = statSync(to);
    if (target.size === source.size && target.mtimeMs >= source.mtimeMs) continue;
  }
  copyFileSync(from, to);
  copied++;
}
if (copied > 0) console.log(`copy-ffmpeg-core: copied ffmpeg.wasm core into ${outDir}`);
