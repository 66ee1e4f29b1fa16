// Accuracy section of `npm run bench`: segmentation v2 (defaults) against v1 and the
// generator's truth on the operando presets, plus the cost of a brush edit at 2048². Figures,
// not tests (the pass/fail bounds live in tests/unit/segment-presets.test.ts).

import { defaultSegmentParams, edgeSegmentParams, segmentMask } from '../src/core/analysis/segment.ts';
import type { ResolvedSegmentParams } from '../src/core/analysis/types.ts';
import { analyzeMovie } from '../src/core/run/analyze-movie.ts';
import { FrameService } from '../src/core/run/frame-service.ts';
import {
  createPresetMovie,
  type SyntheticPresetName,
  scoreAgainstTruth,
  syntheticFrameSource,
} from '../src/core/synth/index.ts';
import { benchAccuracyDev } from './accuracy-dev.ts';
import { ACCURACY_HEADERS, fixed, mean, median, signedFixed, table } from './stats.ts';

const SEEDS = [3, 7, 11];
const FRAMES_PER_MOVIE = 12;
const MOVIE_FRAMES = 240;

interface Accuracy {
  meanAbs: number;
  /** Mean signed error, %: the bias. */
  bias: number;
  /** RMS of the signed error, %: what a calibrated 1σ would be. */
  rms: number;
  worst: number;
  meanIoU: number;
  /** Share of frames whose |error| ≤ 2 × the reported uncertainty. */
  covered: number;
  /** Share of frames whose |error| ≤ the reported uncertainty (a calibrated 1σ: about 68 %). */
  covered1: number;
  meanRelErr: number;
}

function score(
  name: SyntheticPresetName,
  params: ResolvedSegmentParams,
  size: number,
  seeds: number[],
): Accuracy {
  const errors: number[] = [];
  const signed: number[] = [];
  const ious: number[] = [];
  const rel: number[] = [];
  let covered = 0;
  let covered1 = 0;
  for (const seed of seeds) {
    const movie = createPresetMovie(name, { seed, frameCount: MOVIE_FRAMES, width: size, height: size });
    for (let k = 0; k < FRAMES_PER_MOVIE; k++) {
      const i = Math.round((k * (MOVIE_FRAMES - 1)) / (FRAMES_PER_MOVIE - 1));
      const f = movie.renderFrame(i);
      const { result, mask } = segmentMask({ width: size, height: size, data: f.data }, params, {
        frameIndex: i,
      });
      const s = scoreAgainstTruth(mask, result.areaPx, f);
      errors.push(Math.abs(s.areaError));
      signed.push(s.areaError);
      ious.push(s.iou);
      const err = result.areaErrPx ?? 0;
      rel.push(err / Math.max(1, result.areaPx));
      if (Math.abs(result.areaPx - f.truthAreaPx) <= 2 * err) covered++;
      if (Math.abs(result.areaPx - f.truthAreaPx) <= err) covered1++;
    }
  }
  return {
    meanAbs: 100 * mean(errors),
    bias: 100 * mean(signed),
    rms: 100 * Math.sqrt(mean(signed.map((e) => e * e))),
    worst: 100 * Math.max(...errors),
    meanIoU: mean(ious),
    covered: (100 * covered) / errors.length,
    covered1: (100 * covered1) / errors.length,
    meanRelErr: 100 * mean(rel),
  };
}

/**
 * Flicker frames of the low-dose preset found by a run as the app and the CLI do it (one inline
 * analyzer over the synthetic movie): [found, of, false flags].
 */
export async function flickerDetection(seed: number): Promise<[number, number, number]> {
  const movie = createPresetMovie('low-dose', { seed, frameCount: MOVIE_FRAMES });
  const flagged = await analyzeMovie({
    frameCount: movie.frameCount,
    params: defaultSegmentParams,
    analyzers: [FrameService.fromSource(syntheticFrameSource(movie))],
  });
  const truth = new Set(movie.flickerFrames);
  let found = 0;
  let falseFlags = 0;
  for (const r of flagged) {
    if (r.quality !== 'flicker') continue;
    if (truth.has(r.frame)) found++;
    else falseFlags++;
  }
  return [found, truth.size, falseFlags];
}

/** Re-segmenting a 2048² frame with a brush edit: what a worker does after each stroke. */
function editCost(): { plainMs: number; editedMs: number } {
  const size = 2048;
  const movie = createPresetMovie('operando', { seed: 3, frameCount: 4, width: size, height: size });
  const frame = { width: size, height: size, data: movie.renderFrame(1).data };
  const stroke = { mode: 'erase' as const, radiusPx: 40, points: [] as number[] };
  for (let t = 0; t <= 60; t++) stroke.points.push(700 + 10 * t, 900 + 80 * Math.sin(t / 9));
  const plain: number[] = [];
  const edited: number[] = [];
  for (let r = 0; r < 8; r++) {
    let start = performance.now();
    segmentMask(frame, defaultSegmentParams, { frameIndex: 1 });
    if (r > 0) plain.push(performance.now() - start);
    start = performance.now();
    segmentMask(frame, defaultSegmentParams, { frameIndex: 1, edit: { strokes: [stroke], refit: false } });
    if (r > 0) edited.push(performance.now() - start);
  }
  return { plainMs: median(plain), editedMs: median(edited) };
}

export async function benchAccuracy(): Promise<void> {
  const started = performance.now();
  console.log(
    `\nSegmentation accuracy vs generator truth (default parameters, no tuning; ${FRAMES_PER_MOVIE} frames` +
      ` over a ${MOVIE_FRAMES}-frame movie × seeds ${SEEDS.join(', ')})`,
  );
  const rows: string[][] = [];
  const cases: [SyntheticPresetName, number][] = [
    ['operando', 512],
    ['low-dose', 512],
    ['clean', 512],
    ['operando', 1024],
    ['operando', 2048],
  ];
  for (const [name, size] of cases) {
    const seeds = size > 512 ? SEEDS.slice(0, 1) : SEEDS;
    for (const [label, params] of [
      ['v2 contrast', defaultSegmentParams],
      ['v1 edge', edgeSegmentParams],
    ] as const) {
      if (label === 'v1 edge' && size > 512) continue;
      const a = score(name, params, size, seeds);
      rows.push([
        `${name} ${size}²`,
        label,
        fixed(a.meanAbs, 2),
        signedFixed(a.bias, 2),
        fixed(a.rms, 2),
        fixed(a.worst, 2),
        fixed(a.meanIoU, 3),
        // v1 reports no uncertainty.
        label === 'v1 edge' ? '–' : fixed(a.meanRelErr, 2),
        label === 'v1 edge' ? '–' : fixed(a.covered1, 0),
        label === 'v1 edge' ? '–' : fixed(a.covered, 0),
      ]);
    }
  }
  console.log(table(['movie', 'method', ...ACCURACY_HEADERS], rows));
  console.log(
    '  operando: 25 counts/px, 25 nm RMS drift, needle touching, 200 hot pixels, vignetting, film, fringes',
  );
  console.log(
    '  low-dose: 4 counts/px, needle overlapping, 5 % flicker frames; clean: 200 counts/px, nothing else',
  );
  const flicker: [number, number, number][] = [];
  for (const seed of SEEDS.slice(0, 2)) flicker.push(await flickerDetection(seed));
  for (const [i, [found, of, falseFlags]] of flicker.entries()) {
    console.log(
      `  low-dose seed ${SEEDS[i]}: ${found} of ${of} flicker frames flagged, ${falseFlags} false flags`,
    );
  }
  const edit = editCost();
  console.log(
    `\nBrush edit at 2048² (re-segmenting the frame with one 60-point stroke, on the worker):` +
      ` ${fixed(edit.editedMs, 1)} ms (without the edit ${fixed(edit.plainMs, 1)} ms)`,
  );
  console.log(`accuracy section: ${fixed((performance.now() - started) / 1000, 1)} s`);
  await benchAccuracyDev();
}
