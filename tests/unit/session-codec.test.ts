/** Session files and reviewer links: round trips, sizes, and refusal of damaged or crafted input. */
import { gzipSync, strToU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveParams } from '../../src/core/analysis/params.ts';
import { segmentFrame } from '../../src/core/analysis/segment.ts';
import type { FrameResult } from '../../src/core/analysis/types.ts';
import type { MovieInfo } from '../../src/core/run/frame-service.ts';
import { defaultFigureSettings } from '../../src/core/series/figure-settings.ts';
import { toBase64Url } from '../../src/core/session/base64url.ts';
import { buildSessionDocument } from '../../src/core/session/build.ts';
import { decodeSessionFile, encodeSessionFile, inflateBounded } from '../../src/core/session/codec.ts';
import { type SessionDocument, SessionError } from '../../src/core/session/document.ts';
import {
  decodeReviewerLink,
  encodeReviewerLink,
  fragmentOf,
  LINK_BUDGET,
  LINK_HARD_LIMIT,
  LINK_PREFIX,
} from '../../src/core/session/link.ts';
import { createSyntheticMovie } from '../../src/core/synth/index.ts';

const SIZE = 384;
const params = resolveParams({});
/** Real outlines and measurements: a few frames of a generated movie, segmented. */
let sample: FrameResult[] = [];
beforeAll(() => {
  const movie = createSyntheticMovie({ width: SIZE, height: SIZE, frameCount: 8, dose: 120, seed: 7 });
  sample = [0, 3, 5, 7].map((i) =>
    segmentFrame({ width: SIZE, height: SIZE, data: movie.renderFrame(i).data }, params, { frameIndex: i }),
  );
});

const info = (frames: number): MovieInfo => ({
  name: 'movie.tif',
  formatId: 'tiff',
  width: SIZE,
  height: SIZE,
  frameCount: frames,
  dtype: 'uint16',
  calibration: { pixelSizeX: 0.8, pixelSizeY: 0.8, unit: 'nm', pixelSizeNm: 0.8, pixelSizeYNm: 0.8 },
  frameIntervalS: 1,
  metadata: {},
  originalMetadata: {},
});

/** A session of `frames` frames: the sample results repeated, one unreadable and one not analysed. */
function session(frames: number): SessionDocument {
  // Each frame its own outline, as in a real movie: the sample's, swollen and drifted a little.
  const results: (FrameResult | null)[] = Array.from({ length: frames }, (_, i) => {
    const r = sample[i % sample.length];
    const scale = 1 + (0.3 * i) / frames;
    const shift = 3 * Math.sin(i / 7);
    const outline = r.outline.map(
      (v, k) =>
        (k % 2 === 0 ? r.centroidX : r.centroidY) +
        (v - (k % 2 === 0 ? r.centroidX : r.centroidY)) * scale +
        shift,
    );
    const areaPx = r.areaPx * scale * scale;
    return {
      ...r,
      frame: i,
      outline,
      areaPx,
      areaNm2: areaPx * 0.64,
      areaErrNm2: (r.areaErrPx ?? 0) * 0.64,
      driftXPx: shift,
    };
  });
  results[1] = {
    frame: 1,
    areaPx: Number.NaN,
    centroidX: Number.NaN,
    centroidY: Number.NaN,
    outline: [],
    quality: 'unreadable',
  };
  results[frames - 1] = null;
  const timeS = Float64Array.from({ length: frames * 10 }, (_, i) => i / 10);
  const bias = (t: number) => (Math.floor(t / 30) % 2 === 0 ? -0.2 : 0.5);
  const log = {
    name: 'log.csv',
    timeS,
    columns: ['t', 'V', 'I'],
    notes: [],
    channels: [
      { id: 'v', column: 'V', quantity: 'voltage' as const, unit: 'V', values: timeS.map(bias) },
      {
        id: 'i',
        column: 'I',
        quantity: 'current' as const,
        unit: 'A',
        values: timeS.map((t) => -1e-9 * bias(t)),
      },
    ],
  };
  return buildSessionDocument({
    app: '0.1.0',
    savedAt: 1_700_000_000_000,
    movie: {
      name: '<img src=x onerror=alert(1)>.tif',
      sizeBytes: 123_456,
      fingerprint: 'sha256 abc',
      info: info(frames),
    },
    log: { series: log, voltage: log.channels[0], current: log.channels[1] },
    alignment: { offsetS: 2.5, rate: 1, source: 'manual' },
    params: { ...params, contrastStep: 0.09 },
    runParams: params,
    object: { x: 190, y: 200 },
    corrections: {
      2: { status: 'rejected' },
      3: { edit: { sourceFrame: 3, strokes: [{ mode: 'erase', radiusPx: 5, points: [10, 10, 12, 12] }] } },
    },
    results,
    figureSettings: { ...defaultFigureSettings, fontSize: 16 },
  });
}

describe('session file (.operando)', () => {
  it('round-trips every part, NaN measurements included', () => {
    const doc = session(50);
    const back = decodeSessionFile(encodeSessionFile(doc));
    expect(back.dataset).toEqual(doc.dataset);
    expect(back.results).toEqual(doc.results);
    expect(back.results[1]?.areaPx).toBeNaN();
    expect(back.params.contrastStep).toBe(0.09);
    expect(back.object).toEqual({ x: 190, y: 200 });
    expect(back.corrections).toEqual(doc.corrections);
    expect(back.alignment).toEqual(doc.alignment);
    expect(back.figureSettings.fontSize).toBe(16);
    expect(back.log?.current?.values).toEqual(doc.log?.current?.values);
    // Markup in a name is kept as text (the UI renders it as text, never as HTML).
    expect(back.dataset.name).toBe('<img src=x onerror=alert(1)>.tif');
  });

  const refuse = (bytes: Uint8Array) => expect(() => decodeSessionFile(bytes));

  it('refuses truncated, tampered and foreign files with a message', () => {
    const bytes = encodeSessionFile(session(20));
    refuse(bytes.subarray(0, bytes.length / 2)).toThrow(/cut short|damaged/);
    const flipped = bytes.slice();
    flipped[Math.floor(bytes.length / 2)] ^= 0xff;
    refuse(flipped).toThrow(SessionError);
    refuse(strToU8('frame,area\n1,2\n')).toThrow(/not a session file/);
    const gz = (value: unknown) => gzipSync(strToU8(JSON.stringify(value)));
    refuse(gz({ kind: 'operando-session', version: 99 })).toThrow(/newer version/);
    refuse(gz({ ...session(5), results: [] })).toThrow(/0 results for 5 frames/);
    refuse(gz({ ...session(5), dataset: { ...session(5).dataset, frameCount: 1e9 } })).toThrow(
      /damaged or was altered/,
    );
    refuse(gz({ ...session(5), object: { x: 1e6, y: 1 } })).toThrow(/outside the frame/);
  });

  it('refuses absurd sizes before allocating them', () => {
    // 10⁹ results claimed as a sparse array: measured, not walked.
    const huge = `{"kind":"operando-session","version":2,"results":[${'0,'.repeat(200_000)}0]}`;
    const t0 = performance.now();
    expect(() => decodeSessionFile(gzipSync(strToU8(huge)))).toThrow(/too large/);
    expect(performance.now() - t0).toBeLessThan(5_000);
    // A "zip bomb" (8 MB of zeros in 8 KB) stops at the cap, not after inflating it all.
    const bomb = gzipSync(new Uint8Array(8 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(() => inflateBounded(bomb, 1024 * 1024, 'the session')).toThrow(/more than 1 MB: refused/);
  });
});

describe('reviewer link', () => {
  it('round-trips what the reviewer sees: areas ± σ, flags, review, bias and current at the frames', () => {
    const doc = session(40);
    const link = encodeReviewerLink(doc);
    expect(link.fragment.startsWith(LINK_PREFIX)).toBe(true);
    const back = decodeReviewerLink(`#${link.fragment}`);
    expect(back.dataset).toEqual(doc.dataset);
    for (let i = 0; i < 40; i++) {
      const a = doc.results[i];
      const b = back.results[i];
      if (a === null) expect(b).toBeNull();
      else {
        expect(b?.quality).toBe(a.quality);
        if (Number.isNaN(a.areaPx)) expect(b?.areaPx).toBeNaN();
        else expect(b?.areaNm2).toBeCloseTo(a.areaNm2 ?? Number.NaN, 2);
        if (a.areaErrNm2 !== undefined)
          expect(Math.abs((b?.areaErrNm2 ?? 0) / a.areaErrNm2 - 1)).toBeLessThan(0.005);
      }
    }
    expect(back.corrections).toEqual({ 2: { status: 'rejected' } });
    expect(back.log?.atFrames).toBe(true);
    expect(back.log?.timeS).toHaveLength(40);
    // Frame 10 at 10 s on the movie's clock is 12.5 s on the log's (offset 2.5 s): bias −0.2 V.
    expect(back.log?.voltage?.values[10]).toBeCloseTo(-0.2, 6);
    expect(back.log?.voltage?.values[30]).toBeCloseTo(0.5, 6);
    expect(back.alignment).toMatchObject({ offsetS: 0, rate: 1 });
  });

  it('keeps simplified outlines when they fit, within a pixel and a half of the traced ones', () => {
    const link = encodeReviewerLink(session(12));
    expect(link.outlines).toBe('full');
    const back = decodeReviewerLink(link.fragment);
    const traced = session(12).results[4]?.outline ?? [];
    const outline = back.results[4]?.outline ?? [];
    expect(outline.length).toBeGreaterThan(8);
    for (let i = 0; i < outline.length; i += 2) {
      let best = Number.POSITIVE_INFINITY;
      for (let k = 0; k < traced.length; k += 2)
        best = Math.min(best, Math.hypot(outline[i] - traced[k], outline[i + 1] - traced[k + 1]));
      expect(best).toBeLessThanOrEqual(1);
    }
  });

  it('leaves the outlines out over 16 KB: its length for 200 and 1000 frames', () => {
    const sizes: Record<number, { chars: number; outlines: string; withOutlines: number }> = {};
    for (const frames of [200, 1000]) {
      const link = encodeReviewerLink(session(frames));
      sizes[frames] = {
        chars: link.fragment.length,
        outlines: link.outlines,
        withOutlines: fragmentOf(session(frames), true).length,
      };
      expect(link.fragment.length).toBeLessThanOrEqual(LINK_HARD_LIMIT);
      if (link.outlines === 'dropped') expect(link.fragment.length).toBeGreaterThan(0);
      else expect(link.fragment.length).toBeLessThanOrEqual(LINK_BUDGET);
      expect(decodeReviewerLink(link.fragment).results).toHaveLength(frames);
    }
    console.log(
      `reviewer link: 200 frames ${sizes[200].chars} characters (outlines ${sizes[200].outlines}; ${sizes[200].withOutlines} with them); 1000 frames ${sizes[1000].chars} characters (outlines ${sizes[1000].outlines}; ${sizes[1000].withOutlines} with them)`,
    );
    expect(sizes[200].outlines).toBe('dropped');
  });

  it('refuses tampered, truncated and foreign links with a message', () => {
    const { fragment } = encodeReviewerLink(session(30));
    expect(() => decodeReviewerLink(fragment.slice(0, fragment.length - 40))).toThrow(SessionError);
    const body = fragment.slice(LINK_PREFIX.length);
    const altered = `${LINK_PREFIX}${body.slice(0, 100)}${body[100] === 'A' ? 'B' : 'A'}${body.slice(101)}`;
    expect(() => decodeReviewerLink(altered)).toThrow(SessionError);
    expect(() => decodeReviewerLink(`${LINK_PREFIX}not base64!`)).toThrow(/damaged/);
    expect(() => decodeReviewerLink('review=9.abc')).toThrow(/newer version/);
    expect(() => decodeReviewerLink('something-else')).toThrow(/not a reviewer link/);
    expect(() => decodeReviewerLink(`${LINK_PREFIX}${'A'.repeat(LINK_HARD_LIMIT + 10)}`)).toThrow(
      /longer than/,
    );
    // Crafted: valid compression around a frame index beyond the movie.
    const crafted = {
      ...session(3),
      results: [],
      frames: {
        i: [5],
        a: [1],
        an: [1],
        e: [1],
        en: [1],
        cx: [1],
        cy: [1],
        dx: [1],
        dy: [1],
        q: [0],
        ed: [],
      },
    };
    const link = LINK_PREFIX + toBase64Url(gzipSync(strToU8(JSON.stringify(crafted))));
    expect(() => decodeReviewerLink(link)).toThrow(/beyond the movie/);
  });
});
