// Drift tracking: the error against the true specimen drift and the cost per measured frame, on
// the generator's presets at 512² and, when present, the development movies of ../shared/dev
// (an independent image model). The phase correlation that tracking used before (whole frame
// against the reference, `estimateDrift`) is timed and scored beside it, for scale.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFileBlob } from '../src/cli/file-blob.ts';
import { createDriftReference, estimateDrift } from '../src/core/analysis/drift.ts';
import { DRIFT_TOLERANCE_PX, type DriftSample, smoothDrift } from '../src/core/analysis/drift-smooth.ts';
import { DriftTracker } from '../src/core/analysis/drift-tracker.ts';
import { resolveParams } from '../src/core/analysis/params.ts';
import { type WorkingFrame, workingFrameFor } from '../src/core/analysis/working-frame.ts';
import { openMovie } from '../src/core/io/registry.ts';
import type { Frame } from '../src/core/io/types.ts';
import { createPresetMovie, type SyntheticPresetName } from '../src/core/synth/index.ts';
import { fixed, median, table } from './stats.ts';

/** Frames measured per movie: every STRIDE-th, as a run does by default. */
const STRIDE = 4;
const DEV = join(import.meta.dirname, '..', '..', 'shared', 'dev', 'synthetic');
const DEV_MOVIES = ['dev_lowdose_drift', 'dev_overlap_flicker', 'dev_clean_softpsf'];
const PRESETS: SyntheticPresetName[] = ['operando', 'low-dose', 'clean'];

interface Movie {
  name: string;
  frameCount: number;
  frame: (index: number) => Promise<Frame>;
  truth: (index: number) => { x: number; y: number };
}

interface Score {
  medianPx: number;
  worstPx: number;
  /** Frames whose drift was not measured with confidence (left to interpolation). */
  uncertain: number;
  /** Median stated one-σ of the curve, px per axis. */
  sigmaPx: number;
  /** Frames whose stated σ is over `DRIFT_TOLERANCE_PX` (flagged 'drift-uncertain' in a run). */
  overTolerance: number;
  msPerFrame: number;
}

function presetMovie(name: SyntheticPresetName): Movie {
  const movie = createPresetMovie(name, { seed: 4, frameCount: 120 });
  return {
    name: `preset ${name}`,
    frameCount: movie.frameCount,
    frame: async (i) => ({ width: movie.width, height: movie.height, data: movie.renderFrame(i).data }),
    truth: (i) => movie.driftPx(i),
  };
}

async function devMovie(name: string): Promise<Movie> {
  const source = await openMovie(openFileBlob(join(DEV, `${name}.tif`)), `${name}.tif`);
  const lines = readFileSync(join(DEV, `${name}_truth.csv`), 'utf8')
    .trim()
    .split(/\r?\n/);
  const head = lines[0].split(',');
  const [fx, fy] = [head.indexOf('drift_x_px'), head.indexOf('drift_y_px')];
  const truth = lines.slice(1).map((l) => l.split(',').map(Number));
  return {
    name,
    frameCount: source.frameCount,
    frame: (i) => source.getFrame(i),
    truth: (i) => ({ x: truth[i][fx], y: truth[i][fy] }),
  };
}

/**
 * Errors, in px, over every frame of the drift a run reports: measured on every STRIDE-th frame
 * (`measure` returns undefined for an uncertain frame) and read off the curve through the
 * measurements (`smoothDrift`, as `fitDriftSeries` does in a run).
 */
async function score(
  movie: Movie,
  measure: (w: WorkingFrame, index: number) => Promise<{ x: number; y: number } | undefined>,
): Promise<Score> {
  const params = resolveParams();
  const samples: DriftSample[] = [];
  let uncertain = 0;
  let ms = 0;
  let count = 0;
  // Every STRIDE-th frame and the last, as a run measures them (`FrameService.measuresDrift`).
  const measured = Array.from({ length: movie.frameCount }, (_, i) => i).filter(
    (i) => i % STRIDE === 0 || i === movie.frameCount - 1,
  );
  for (const i of measured) {
    const working = workingFrameFor(await movie.frame(i), params);
    const start = performance.now();
    const drift = await measure(working, i);
    // Frame 0 builds the reference: its time is not a frame's.
    if (i > 0) {
      ms += performance.now() - start;
      count++;
    }
    if (drift) samples.push({ frame: i, x: drift.x, y: drift.y });
    else uncertain++;
  }
  const frames = Array.from({ length: movie.frameCount }, (_, i) => i);
  const curve = smoothDrift(samples, frames, 0);
  const errors: number[] = [];
  const sigmas: number[] = [];
  for (const [f, v] of curve) {
    errors.push(Math.hypot(v.x - movie.truth(f).x, v.y - movie.truth(f).y));
    if (f !== 0) sigmas.push(v.sigma);
  }
  return {
    medianPx: median(errors),
    worstPx: Math.max(...errors),
    uncertain,
    sigmaPx: median(sigmas),
    overTolerance: sigmas.filter((s) => s > DRIFT_TOLERANCE_PX).length,
    msPerFrame: ms / count,
  };
}

async function scoreBoth(movie: Movie): Promise<[Score, Score]> {
  const params = resolveParams();
  const tracker = new DriftTracker(
    async (i) => movie.frame(i),
    () => false,
  );
  const masked = await score(movie, async (w, i) => {
    const m = await tracker.measure(w, i, params, movie.frameCount);
    return m?.certain ? m : undefined;
  });
  const reference = createDriftReference(workingFrameFor(await movie.frame(0), params), {
    workingSizePx: 256,
  });
  const phase = await score(movie, async (w) => {
    const e = estimateDrift(reference, w);
    // The cut the frame service applied to phase correlation.
    return e.confidence >= 10 ? { x: e.x * w.bin, y: e.y * w.bin } : undefined;
  });
  return [masked, phase];
}

export async function benchDrift(): Promise<void> {
  const movies = PRESETS.map(presetMovie);
  for (const name of DEV_MOVIES) if (existsSync(join(DEV, `${name}.tif`))) movies.push(await devMovie(name));
  const rows: string[][] = [];
  for (const movie of movies) {
    const [masked, phase] = await scoreBoth(movie);
    const cells = (s: Score) => [
      `${fixed(s.medianPx, 2)} / ${fixed(s.worstPx, 2)}`,
      `${fixed(s.sigmaPx, 2)} (${s.overTolerance})`,
      String(s.uncertain),
      fixed(s.msPerFrame, 1),
    ];
    rows.push([movie.name, ...cells(masked), ...cells(phase)]);
  }
  console.log(
    `\nDrift against the truth (measured every ${STRIDE}th frame, inline; error px median / worst over every frame, of the curve through the measurements)`,
  );
  console.log(
    table(
      [
        'movie',
        'masked err px',
        'σ px (>1 px)',
        'uncertain',
        'ms/frame',
        'phase corr. err px',
        'σ px (>1 px)',
        'uncertain',
        'ms/frame',
      ],
      rows,
    ),
  );
  console.log(
    '  masked = drift tracking now (film, then film and needle; cluster left out); phase corr. =' +
      " whole frame at 256², as before. σ: the curve's stated one-σ per axis, median, and (in brackets) the" +
      ' frames over 1 px, flagged drift-uncertain in a run. Target (issue 13): median ≤ 0.5 px, worst ≤ 2 px.',
  );
}

// `npx tsx bench/drift.ts`: this table alone (`npm run bench` prints it among the others).
if (import.meta.url === `file://${process.argv[1]}`) await benchDrift();
