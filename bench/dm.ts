// DM section of `npm run bench`: opening a >4 GiB DM4 stack (sparse file: tags real, pixels holes)
// and an in-situ recording of N per-frame DM4 files. Figures, not tests. Files go to the OS temp
// directory and are deleted afterwards.

import { writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileBlob } from '../src/cli/file-blob.ts';
import { openDm } from '../src/core/io/dm/index.ts';
import { openDmSequence } from '../src/core/io/dm/sequence.ts';
import { dmImageFile, group, partsToBytes, tag, writeSparseBigDm4 } from '../tests/helpers/dm-writer.ts';
import { bytes, fixed, timed } from './stats.ts';

// Issue 4's scale: a K2 in-situ recording of 10,000 per-frame files (small frames keep the disk use at ~80 MB).
const SEQUENCE_FILES = 10_000;
const SEQUENCE_SIZE = 64;

/** Samples the resident set size while `fn` runs: the peak above the level before it started. */
async function peakRss<T>(fn: () => Promise<T>): Promise<{ value: T; baseline: number; peak: number }> {
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 2);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, baseline, peak };
  } finally {
    clearInterval(timer);
  }
}

async function benchBigDm4(dir: string): Promise<void> {
  const path = join(dir, 'big.dm4');
  const { size } = writeSparseBigDm4(path);
  const { value, baseline, peak } = await peakRss(async () => {
    const open = await timed(() => openDm(openFileBlob(path), 'big.dm4'));
    const source = open.value;
    const atOpen = source.bytesRead;
    const first = await timed(() => source.getFrame(0));
    const last = await timed(() => source.getFrame(source.frameCount - 1));
    return { source, open: open.ms, atOpen, first: first.ms, last: last.ms };
  });
  const s = value.source;
  console.log(
    `  DM4 ${bytes(size)} (${s.width}×${s.height}×${s.frameCount} uint16, sparse): open ${fixed(value.open, 1)} ms ` +
      `reading ${bytes(value.atOpen)}; first frame ${fixed(value.first, 1)} ms, last frame ${fixed(value.last, 1)} ms; ` +
      `peak RSS ${bytes(peak)} (+${bytes(peak - baseline)} over ${bytes(baseline)} before)`,
  );
  await rm(path, { force: true });
}

async function benchSequence(dir: string): Promise<void> {
  const root = join(dir, 'recording');
  const paths: string[] = [];
  for (let i = 0; i < SEQUENCE_FILES; i++) {
    const second = Math.floor(i / 40);
    const folder = join(
      root,
      'Hour_00',
      `Minute_${String(Math.floor(second / 60)).padStart(2, '0')}`,
      `Second_${String(second % 60).padStart(2, '0')}`,
    );
    if (i % 40 === 0) await mkdir(folder, { recursive: true });
    const parts = dmImageFile({
      dtype: 'uint16',
      dims: [SEQUENCE_SIZE, SEQUENCE_SIZE],
      pixels: new Uint8Array(new Uint16Array(SEQUENCE_SIZE * SEQUENCE_SIZE).fill(i).buffer),
      imageTags: [
        ['DataBar', group(['Acquisition Time (OS)', tag('u64', 133_500_000_000_000_000 + i * 250_000)])],
      ],
    });
    const path = join(folder, `rec_Frame_${i + 1}.dm4`);
    writeFileSync(path, partsToBytes(parts));
    paths.push(path);
  }
  const files = paths.map((path) => ({ blob: openFileBlob(path), path: path.slice(dir.length + 1) }));
  const { value, ms } = await timed(() => openDmSequence(files));
  console.log(
    `  in-situ recording of ${SEQUENCE_FILES} per-frame DM4 files (${SEQUENCE_SIZE}×${SEQUENCE_SIZE}): open ${fixed(ms, 0)} ms ` +
      `(${fixed((1000 * ms) / SEQUENCE_FILES, 0)} µs/file), reading ${bytes(value.bytesRead)} ` +
      `(${value.metadata.order} order)`,
  );
}

export async function benchDm(): Promise<void> {
  console.log('\nGatan DM3/DM4');
  const dir = await mkdtemp(join(tmpdir(), 'operando-bench-dm-'));
  try {
    await benchBigDm4(dir);
    await benchSequence(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
