/**
 * Drift that follows the specimen while the cluster swells: known-answer tests on the
 * generator's movies (their frames carry the true drift), through the FrameService as a run
 * measures it, and the pieces: what is left out (`driftMasks`), the 'drift-uncertain' flag and
 * the drift of uncertain frames from the curve through the measured ones (`fitDriftSeries`).
 */
import { describe, expect, it } from 'vitest';
import { driftMasks } from '../../src/core/analysis/drift-mask.ts';
import { driftMaskGrid } from '../../src/core/analysis/drift-masked.ts';
import { DRIFT_WORKING_SIZE_PX, MIN_DRIFT_CONFIDENCE } from '../../src/core/analysis/drift-tracker.ts';
import { resolveParams } from '../../src/core/analysis/params.ts';
import { fitDriftSeries } from '../../src/core/analysis/quality.ts';
import type { FrameResult } from '../../src/core/analysis/types.ts';
import { workingFrameFor } from '../../src/core/analysis/working-frame.ts';
import { FrameService } from '../../src/core/run/frame-service.ts';
import {
  createPresetMovie,
  type PresetOverrides,
  type SyntheticMovie,
  type SyntheticPresetName,
  syntheticFrameSource,
} from '../../src/core/synth/index.ts';

/** Every 10th frame of a 120-frame movie, each measured against frame 0. */
const FRAMES = Array.from({ length: 12 }, (_, i) => i * 10);

async function measured(movie: SyntheticMovie): Promise<FrameResult[]> {
  const service = FrameService.fromSource(syntheticFrameSource(movie));
  return service.analyzeFrames(FRAMES, { driftStrideFrames: 1 });
}

/** Median and worst distance, in px, of the reported drift from the truth; undefined counts as a miss. */
function errors(movie: SyntheticMovie, results: FrameResult[]): { median: number; worst: number } {
  const e = results
    .map((r) => {
      const t = movie.driftPx(r.frame);
      return r.driftXPx === undefined
        ? Number.POSITIVE_INFINITY
        : Math.hypot(r.driftXPx - t.x, (r.driftYPx ?? 0) - t.y);
    })
    .sort((a, b) => a - b);
  return { median: e[e.length >> 1], worst: e[e.length - 1] };
}

function movieOf(preset: SyntheticPresetName, overrides: PresetOverrides): SyntheticMovie {
  const movie = createPresetMovie(preset, { seed: 3, frameCount: 120, ...overrides });
  // A test of tracking needs a movie that drifts well beyond the bounds.
  expect(Math.max(...FRAMES.map((i) => Math.hypot(movie.driftPx(i).x, movie.driftPx(i).y)))).toBeGreaterThan(
    8,
  );
  return movie;
}

describe('drift that follows the specimen while the cluster swells', () => {
  it("tracks the 'operando' preset (25 counts/px, needle touching the swelling cluster) within 0.5 px median, 2 px worst", async () => {
    const movie = movieOf('operando', {});
    const e = errors(movie, await measured(movie));
    expect(e.median).toBeLessThanOrEqual(0.5);
    expect(e.worst).toBeLessThanOrEqual(2);
  }, 60_000);

  it('tracks at 12 counts/px with the needle pressed into the cluster and a flickering beam', async () => {
    const movie = movieOf('low-dose', { dose: 12, driftRmsNm: 20 });
    const results = await measured(movie);
    const e = errors(movie, results);
    expect(e.median).toBeLessThanOrEqual(0.5);
    expect(e.worst).toBeLessThanOrEqual(2);
    for (const r of results) expect(r.driftConfidence).toBeGreaterThanOrEqual(MIN_DRIFT_CONFIDENCE);
  }, 60_000);

  it('tracks a cluster that swells by 35 % in radius with no needle, on the film alone', async () => {
    const movie = movieOf('clean', { dose: 25, driftRmsNm: 15, filmTexture: 0.04, radiusGrowth: 0.35 });
    const e = errors(movie, await measured(movie));
    expect(e.median).toBeLessThanOrEqual(0.5);
    expect(e.worst).toBeLessThanOrEqual(2);
  }, 60_000);

  it("flags frames with nothing rigid to match 'drift-uncertain' and reports no drift for them", async () => {
    // Bare film with no texture: only the swelling cluster, which drift must not follow.
    const movie = createPresetMovie('clean', { seed: 3, frameCount: 120 });
    const results = await measured(movie);
    const later = results.filter((r) => r.frame > 0);
    for (const r of later) {
      expect(r.quality, `frame ${r.frame}`).toBe('drift-uncertain');
      expect(r.driftXPx).toBeUndefined();
      expect(r.driftConfidence).toBeLessThan(MIN_DRIFT_CONFIDENCE);
    }
    // The reference frame matches itself.
    expect(results[0].driftXPx).toBeCloseTo(0, 6);
  }, 60_000);
});

describe('which frames are measured', () => {
  it('measures the last frame as well as every stride-th, so the end is interpolated, not held', async () => {
    const movie = createPresetMovie('operando', { seed: 3, frameCount: 30 });
    const service = FrameService.fromSource(syntheticFrameSource(movie));
    const results = await service.analyzeFrames([26, 27, 28, 29], resolveParams({ driftStrideFrames: 4 }));
    expect(results.map((r) => r.driftXPx !== undefined)).toEqual([false, false, true, true]);
  }, 60_000);
});

describe('driftMasks', () => {
  it('leaves out the cluster with a margin, keeps the film, and keeps the needle only in filmAndNeedle', () => {
    const movie = createPresetMovie('operando', { seed: 3, frameCount: 60 });
    const frame = movie.renderFrame(50);
    const params = resolveParams();
    const working = workingFrameFor({ width: movie.width, height: movie.height, data: frame.data }, params);
    const grid = driftMaskGrid(working, DRIFT_WORKING_SIZE_PX);
    const masks = driftMasks(working, params, { ...grid, scale: grid.scale * working.bin });
    expect(grid.width).toBe(movie.width);
    let clusterLeft = 0;
    let cluster = 0;
    let film = 0;
    for (let i = 0; i < frame.truthMask.length; i++) {
      if (frame.truthMask[i]) {
        cluster++;
        if (masks.film[i]) clusterLeft++;
      } else if (!masks.film[i]) film++;
    }
    expect(clusterLeft / cluster).toBeGreaterThan(0.995);
    // Most of the frame is film and is kept.
    expect(film / frame.truthMask.length).toBeGreaterThan(0.5);
    // The needle's core, entering at the right edge, is left out of `film` but kept in `filmAndNeedle`.
    expect(movie.needleCapsule(50)).toBeDefined();
    // The needle's core where it enters at the right edge: the darkest 9-px stretch of a column
    // there (core transmission 0.08; particles stay above 0.4).
    const x = movie.width - 3;
    let y = 0;
    let darkest = Number.POSITIVE_INFINITY;
    for (let row = 4; row < movie.height - 4; row++) {
      let sum = 0;
      for (let k = -4; k <= 4; k++) sum += frame.data[(row + k) * movie.width + x];
      if (sum < darkest) [darkest, y] = [sum, row];
    }
    const edge = y * movie.width + x;
    expect(masks.film[edge]).toBe(1);
    expect(masks.filmAndNeedle()?.[edge]).toBe(0);
  });
});

describe('fitDriftSeries and uncertain drift', () => {
  const at = (frame: number, drift?: number, quality: FrameResult['quality'] = 'ok'): FrameResult => ({
    frame,
    areaPx: 100,
    centroidX: 0,
    centroidY: 0,
    outline: [],
    quality,
    ...(drift === undefined ? {} : { driftMeasuredXPx: drift, driftMeasuredYPx: -drift }),
  });

  it('interpolates a frame flagged drift-uncertain between the measured frames around it', () => {
    const unconfident = { ...at(4, undefined, 'drift-uncertain'), driftConfidence: 6 };
    const filled = fitDriftSeries([at(0, 0), unconfident, at(8, 8)], 0);
    expect(filled[1]).toMatchObject({ driftXPx: 4, driftYPx: -4, quality: 'drift-uncertain' });
  });

  it('flags frames farther beyond the last measurement than the measurement spacing, instead of freezing them silently', () => {
    const results = [
      at(0, 0),
      at(1),
      at(2),
      at(3),
      at(4, 4),
      at(5),
      at(6),
      at(7),
      at(8),
      at(9),
      at(10, undefined, 'area-jump'),
    ];
    const filled = fitDriftSeries(results, 0);
    // Within a stride of the last measurement: the usual hold, not flagged.
    expect(filled.slice(5, 9).map((r) => r.quality)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(filled[9]).toMatchObject({ driftXPx: 4, quality: 'drift-uncertain' });
    // A flag about the area stays.
    expect(filled[10].quality).toBe('area-jump');
    // Between measurements: interpolated, not flagged.
    expect(filled[2]).toMatchObject({ driftXPx: 2, quality: 'ok' });
  });

  it('flags every frame whose drift is known to worse than a pixel, and decides afresh each time', () => {
    // 30 measurements along a slow drift, with ±0.2 px or ±3 px of scatter.
    const series = (scatter: number) =>
      Array.from({ length: 120 }, (_, f) => {
        const wobble = f === 0 ? 0 : scatter * Math.sin(f * 12.9898);
        return at(f, f % 4 === 0 ? 0.05 * f + wobble : undefined);
      });
    const quiet = fitDriftSeries(series(0.2), 0);
    expect(quiet.every((r) => r.quality === 'ok')).toBe(true);
    expect(quiet[50].driftErrPx).toBeGreaterThan(0.05);
    expect(quiet[50].driftErrPx).toBeLessThan(0.5);
    const noisy = fitDriftSeries(series(3), 0);
    expect(noisy.slice(1).every((r) => r.quality === 'drift-uncertain')).toBe(true);
    expect(noisy[50].driftErrPx).toBeGreaterThan(1);
    // A frame flagged elsewhere (a shard's own window) is cleared when the whole series is sure.
    const stale = series(0.2).map((r) =>
      r.frame === 50 ? { ...r, quality: 'drift-uncertain' as const } : r,
    );
    expect(fitDriftSeries(stale, 0)[50].quality).toBe('ok');
    // An unconfident match stays flagged however good the rest is.
    const weak = series(0.2).map((r) =>
      r.frame === 48
        ? { ...r, driftMeasuredXPx: undefined, driftMeasuredYPx: undefined, driftConfidence: 6 }
        : r,
    );
    expect(fitDriftSeries(weak, 0)[48].quality).toBe('drift-uncertain');
  });
});
