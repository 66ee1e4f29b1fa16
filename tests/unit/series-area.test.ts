import { describe, expect, it } from 'vitest';
import type { FrameResult, QualityFlag } from '../../src/core/analysis/types.ts';
import { cyclesToCsv } from '../../src/core/export/cycles-csv.ts';
import { provenanceHeader } from '../../src/core/export/provenance.ts';
import { resultsToCsv } from '../../src/core/export/results-csv.ts';
import type { LogChannel, LogSeries } from '../../src/core/io/types.ts';
import type { MovieInfo } from '../../src/core/run/frame-service.ts';
import { noAlignment } from '../../src/core/series/alignment.ts';
import { areaByFrame, areaSeries, type FrameReview } from '../../src/core/series/area-series.ts';
import { cycleTable } from '../../src/core/series/cycles.ts';
import { defaultFigureSettings } from '../../src/core/series/figure-settings.ts';
import { defaultOutlineFrames } from '../../src/core/series/outline-frames.ts';
import { proposeAlignmentFor } from '../../src/core/series/propose.ts';
import { frameTimeBase, frameTimeLabel, frameTimeS } from '../../src/core/series/time-base.ts';

function info(
  frameCount: number,
  time: { intervalS?: number; timesS?: number[] } = {},
  pixelSizeNm = 2,
): MovieInfo {
  return {
    name: 'movie.tif',
    formatId: 'tiff',
    width: 64,
    height: 64,
    frameCount,
    dtype: 'uint16',
    calibration: {
      pixelSizeNm,
      pixelSizeX: pixelSizeNm,
      pixelSizeY: pixelSizeNm,
      unit: 'nm',
    } as MovieInfo['calibration'],
    frameIntervalS: time.intervalS,
    frameTimesS: time.timesS,
    metadata: {},
    originalMetadata: {},
  };
}

const frame = (i: number, areaNm2: number, quality: QualityFlag = 'ok'): FrameResult => ({
  frame: i,
  areaPx: quality === 'unreadable' ? Number.NaN : areaNm2 / 4,
  areaNm2: quality === 'unreadable' ? Number.NaN : areaNm2,
  areaErrNm2: 5,
  centroidX: 10,
  centroidY: 10,
  outline: [],
  quality,
});

describe('the frame time base', () => {
  it('takes the file’s frame times, else index × interval, else the frame index labelled "frame"', () => {
    expect(frameTimeBase(info(3, { timesS: [0, 0.5, 2] }))).toEqual({ unit: 's', values: [0, 0.5, 2] });
    expect(frameTimeBase(info(3, { intervalS: 2 }))).toEqual({ unit: 's', values: [0, 2, 4] });
    // A partial list of frame times is not trusted: the interval is used.
    expect(frameTimeBase(info(3, { timesS: [0, 1], intervalS: 3 })).values).toEqual([0, 3, 6]);
    const none = frameTimeBase(info(3));
    expect(none).toEqual({ unit: 'frame', values: [0, 1, 2] });
    expect(frameTimeS(info(3), 1)).toBeUndefined();
    expect(frameTimeLabel(none, 1)).toBe('frame 1');
    expect(frameTimeLabel(frameTimeBase(info(3, { intervalS: 2 })), 1)).toBe('t = 2.000 s');
  });

  it('leaves time_s empty in the results CSV when the movie has no frame times', () => {
    const rows = resultsToCsv({ info: info(2), results: [frame(0, 100), frame(1, 110)] }).split('\n');
    expect(rows[1].split(',')[1]).toBe('');
  });
});

describe('the area inclusion rule', () => {
  const results = [
    frame(0, 100),
    frame(1, 0, 'empty'),
    frame(2, 0, 'unreadable'),
    frame(3, 140, 'area-jump'),
    frame(4, 150),
    null,
    frame(6, 160, 'touches-border'),
  ];
  const review: FrameReview[] = ['', '', '', '', 'rejected', '', 'accepted'];

  it('leaves rejected and unanalysed frames out, gives empty and unreadable frames no area, keeps flagged ones', () => {
    const s = areaSeries(info(7, { intervalS: 1 }), results, review);
    expect(s.unit).toBe('nm²');
    expect(s.points.map((p) => p.frame)).toEqual([0, 1, 2, 3, 6]);
    expect(s.points.map((p) => p.area)).toEqual([100, undefined, undefined, 140, 160]);
    expect(s.points.map((p) => p.flagged)).toEqual([false, false, false, true, true]);
    expect(areaByFrame(s, 7)).toEqual([100, Number.NaN, Number.NaN, 140, Number.NaN, Number.NaN, 160]);
  });

  it('counts a rejected frame again once the review is withdrawn, and uses px² without calibration', () => {
    const s = areaSeries({ ...info(7, { intervalS: 1 }), calibration: undefined }, results);
    expect(s.unit).toBe('px²');
    expect(s.points.find((p) => p.frame === 4)?.area).toBe(150 / 4);
  });
});

/** A log: rest 0–10 s, lithiation −0.2 V at −2 nA 10–30 s, rest, delithiation +0.5 V at 1 nA 40–50 s. */
function log(): { series: LogSeries; voltage: LogChannel; current: LogChannel } {
  const t = Float64Array.from({ length: 501 }, (_, k) => k * 0.1);
  const v = t.map((x) => (x >= 10 && x < 30 ? -0.2 : x >= 40 && x < 50 ? 0.5 : 0));
  const i = t.map((x) => (x >= 10 && x < 30 ? -2e-9 : x >= 40 && x < 50 ? 1e-9 : 0));
  const voltage = {
    id: 'v',
    column: 'V',
    quantity: 'voltage',
    unit: 'V',
    values: v,
  } as unknown as LogChannel;
  const current = {
    id: 'i',
    column: 'I',
    quantity: 'current',
    unit: 'A',
    values: i,
  } as unknown as LogChannel;
  return { series: { timeS: t, channels: [voltage, current] } as unknown as LogSeries, voltage, current };
}

/** Area 100 nm² until 10 s, +2.5 nm²/s to 150 at 30 s, flat, −3 nm²/s from 40 s; one frame a second. */
const grow = (x: number) =>
  x <= 10 ? 100 : x <= 30 ? 100 + 2.5 * (x - 10) : x <= 40 ? 150 : 150 - 3 * (x - 40);
const growing = Array.from({ length: 51 }, (_, k) => frame(k, grow(k)));

describe('the per-cycle table from core', () => {
  const { series, voltage, current } = log();
  const inputs = { log: series, voltage, current, alignment: noAlignment, restBelowV: 0.02 };

  it('gives full-precision rows from the dataset, and its CSV', () => {
    const table = cycleTable({ info: info(51, { intervalS: 1 }), results: growing, ...inputs });
    if (!table.ok) throw new Error(table.reason);
    expect(table.rows).toHaveLength(1);
    const [row] = table.rows;
    expect([row.areaStart, row.areaMax, row.areaEnd]).toEqual([100, 150, 120]);
    const csv = cyclesToCsv(table.rows, table.areaUnit).trim().split('\n');
    expect(csv[0].split(',')[3]).toBe('area_start_nm2');
    expect(csv[1].split(',').map(Number)).toEqual([
      1,
      row.startS,
      row.endS,
      100,
      150,
      120,
      row.expansionPct,
      row.contractionPct,
      row.lithiationChargeC,
      row.delithiationChargeC,
      row.areaChangePerCharge,
    ]);
  });

  it('follows review: rejecting the frame with the maximum area changes the maximum', () => {
    const review: FrameReview[] = growing.map((_, k) => (k >= 30 && k <= 40 ? 'rejected' : ''));
    const table = cycleTable({ info: info(51, { intervalS: 1 }), results: growing, review, ...inputs });
    expect(table.ok && table.rows[0].areaMax).toBe(grow(29));
  });

  it('follows the rest threshold: above the lithiation bias there is no cycle', () => {
    const table = cycleTable({
      info: info(51, { intervalS: 1 }),
      results: growing,
      ...inputs,
      restBelowV: 0.3,
    });
    expect(table.ok && table.rows).toEqual([]);
  });

  it('refuses, rather than read frame indices as log seconds, when the movie has no frame times', () => {
    const table = cycleTable({ info: info(51), results: growing, ...inputs });
    expect(table.ok).toBe(false);
    expect(!table.ok && table.reason).toMatch(/no frame times/);
  });
});

describe('the alignment proposal from the dataset', () => {
  const { series, voltage, current } = log();

  it('matches the current to the rate of area change when the frames have times', () => {
    const outcome = proposeAlignmentFor(
      info(51, { intervalS: 1 }),
      growing,
      undefined,
      series,
      voltage,
      current,
    );
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(Math.abs(outcome.alignment.offsetS)).toBeLessThanOrEqual(1);
    expect(outcome.alignment).toMatchObject({ rate: 1, source: 'proposed' });
  });

  it('leaves rejected frames out of the match', () => {
    // Rejecting every frame of the growth leaves nothing to match the lithiation current with.
    const review = growing.map((_, k) => (k >= 5 && k <= 45 ? ('rejected' as const) : undefined));
    const outcome = proposeAlignmentFor(
      info(51, { intervalS: 1 }),
      growing,
      review,
      series,
      voltage,
      current,
    );
    expect(outcome.ok).toBe(false);
  });

  it('refuses without frame times, and without a current channel', () => {
    const none = proposeAlignmentFor(info(51), growing, undefined, series, voltage, current);
    expect(!none.ok && none.reason).toMatch(/no frame times/);
    const noCurrent = proposeAlignmentFor(
      info(51, { intervalS: 1 }),
      growing,
      undefined,
      series,
      voltage,
      undefined,
    );
    expect(!noCurrent.ok && noCurrent.reason).toBe('No reliable proposal: pick the current channel first.');
  });
});

describe('the results CSV provenance header', () => {
  it('records the figure settings beside the inputs and parameters', () => {
    const header = provenanceHeader({
      appVersion: '9.9.9',
      exportedAt: '2026-01-01T00:00:00.000Z',
      movie: { fileName: 'movie.tif', fileSize: 1234, info: info(3, { intervalS: 1 }) },
      alignment: noAlignment,
      params: null,
      figureSettings: { ...defaultFigureSettings, restBelowV: 0.05, normalise: true, dpi: 600 },
    }).split('\n');
    expect(header[0]).toBe('# Operando Workbench 9.9.9, exported 2026-01-01T00:00:00.000Z');
    expect(header).toContain('# movie fingerprint: n/a (folder recording)');
    expect(header).toContain('# log: none');
    expect(header).toContain(
      '# figure settings: rest below 0.05 V; area as A/A0; font 13 pt; aspect 3:1; PNG 600 dpi',
    );
  });
});

describe('the frames S6 draws by default', () => {
  const base = info(51, { intervalS: 1 });
  it('takes the last unflagged frame before lithiation as reference and the last unflagged frame as the other', () => {
    const results = growing.map((r, k) => (k === 9 || k === 50 ? { ...r, quality: 'flicker' as const } : r));
    const series = areaSeries(base, results);
    expect(defaultOutlineFrames(series, 10)).toEqual({ reference: 8, chosen: 49 });
  });

  it('leaves rejected frames out, and falls back to the first frame without a lithiation', () => {
    const review = growing.map((_, k) => (k >= 45 ? ('rejected' as const) : undefined));
    const series = areaSeries(base, growing, review);
    expect(defaultOutlineFrames(series, undefined)).toEqual({ reference: 0, chosen: 44 });
    expect(defaultOutlineFrames(areaSeries(base, []), 10)).toEqual({});
  });
});
