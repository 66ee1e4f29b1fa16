// Interleaved A/B timing of segmentation: the same frames through another checkout's
// `segmentFrame` and this tree's, alternating frame by frame in one process, so that the machine's
// drifting speed hits both alike. Prints the median ms of each and the median of the paired
// ratios (new / old), and whether their results (area, uncertainty, outline, flag) are identical.
//
//   git worktree add /tmp/old <commit> && ln -s "$PWD/node_modules" /tmp/old/node_modules
//   node --import tsx bench/ab.ts /tmp/old [preset | movie.tif] [size] [frames] [passes]
//
// preset: a generator preset (operando, low-dose, clean; default operando) at size² px (512),
// or a TIFF stack, of which the first `frames` (40) are used; `passes` (3) over them.

import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { openFileBlob } from '../src/cli/file-blob.ts';
import * as current from '../src/core/analysis/segment.ts';
import { openTiff } from '../src/core/io/tiff/index.ts';
import type { Frame } from '../src/core/io/types.ts';
import { createPresetMovie, type SyntheticPresetName } from '../src/core/synth/index.ts';
import { median } from './stats.ts';

const [oldTree, what = 'operando', sizeArg = '512', framesArg = '40', passesArg = '3'] =
  process.argv.slice(2);
if (!oldTree) {
  console.error(
    'usage: node --import tsx bench/ab.ts <other checkout> [preset | movie.tif] [size] [frames] [passes]',
  );
  process.exit(2);
}
const old: typeof current = await import(resolve(oldTree, 'src/core/analysis/segment.ts'));
const count = Number(framesArg);

async function framesOf(): Promise<Frame[]> {
  if (what.endsWith('.tif') || what.endsWith('.tiff')) {
    const source = await openTiff(openFileBlob(what), what);
    const frames: Frame[] = [];
    for (let i = 0; i < Math.min(count, source.frameCount); i++) frames.push(await source.getFrame(i));
    source.close();
    return frames;
  }
  const size = Number(sizeArg);
  const movie = createPresetMovie(what as SyntheticPresetName, {
    seed: 3,
    frameCount: count,
    width: size,
    height: size,
  });
  return Array.from({ length: count }, (_, i) => ({
    width: size,
    height: size,
    data: movie.renderFrame(i).data,
  }));
}

const frames = await framesOf();
const sides = [
  { segment: old, ms: [] as number[], hash: createHash('sha1') },
  { segment: current, ms: [] as number[], hash: createHash('sha1') },
];
for (let pass = 0; pass < Number(passesArg); pass++) {
  for (const [i, frame] of frames.entries()) {
    // Alternate which goes first, so neither always runs on a cache the other warmed.
    const order = (pass + i) % 2 === 0 ? sides : [sides[1], sides[0]];
    for (const side of order) {
      const start = performance.now();
      const r = side.segment.segmentFrame(frame, side.segment.defaultSegmentParams, { frameIndex: i });
      side.ms.push(performance.now() - start);
      if (pass === 0) side.hash.update(JSON.stringify([r.areaPx, r.areaErrPx, r.outline, r.quality]));
    }
  }
}
const [a, b] = sides;
const ratio = median(b.ms.map((ms, k) => ms / a.ms[k]));
const same = a.hash.digest('hex') === b.hash.digest('hex');
console.log(
  `${what}: old ${median(a.ms).toFixed(2)} ms, new ${median(b.ms).toFixed(2)} ms a frame; ` +
    `median of paired ratios new/old ${ratio.toFixed(3)}; results ${same ? 'identical' : 'DIFFER'}`,
);
