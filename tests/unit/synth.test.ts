import { describe, expect, it } from 'vitest';
import {
  buildBiasSchedule,
  createBiasModel,
  createRng,
  createSyntheticMovie,
  defaultSyntheticOptions,
  fillPoisson,
  fillPoissonFast,
  syntheticFrameSource,
} from '../../src/core/synth/index.ts';

const small = { width: 256, height: 256, frameCount: 60, frameIntervalS: 0.5 };

function meanVar(values: ArrayLike<number>): [number, number] {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  const m = s / values.length;
  let v = 0;
  for (let i = 0; i < values.length; i++) v += (values[i] - m) ** 2;
  return [m, v / (values.length - 1)];
}

/** Index of the first phase of a kind, and its start time in seconds. */
function phaseOf(
  phases: readonly { kind: string; durationS: number }[],
  kind: string,
  nth = 0,
): [number, number] {
  let t = 0;
  let seen = 0;
  for (let i = 0; i < phases.length; i++) {
    if (phases[i].kind === kind && seen++ === nth) return [i, t];
    t += phases[i].durationS;
  }
  throw new Error(`no ${kind} phase`);
}

describe('random numbers', () => {
  it('is reproducible from the seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it.each([0.5, 3, 20, 29.9, 30, 200, 5000])('Poisson(%d) has mean and variance ≈ mean', (mean) => {
    const rng = createRng(7);
    const n = 40_000;
    const xs = Float64Array.from({ length: n }, () => rng.poisson(mean));
    const [m, v] = meanVar(xs);
    expect(Math.abs(m - mean)).toBeLessThan(5 * Math.sqrt(mean / n));
    expect(v / mean).toBeGreaterThan(0.95);
    expect(v / mean).toBeLessThan(1.05);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
  });

  it.each([0.8, 5, 25, 50, 500])('fillPoisson(%d) has mean and variance ≈ mean', (mean) => {
    const n = 100_000;
    const out = new Uint16Array(n);
    fillPoisson(new Float32Array(n).fill(mean), out, 3);
    const [m, v] = meanVar(out);
    expect(Math.abs(m - mean)).toBeLessThan(5 * Math.sqrt(mean / n));
    expect(v / mean).toBeGreaterThan(0.97);
    expect(v / mean).toBeLessThan(1.03);
  });

  it.each([0.3, 0.8, 4, 12.345, 25, 29.99, 50])(
    'fillPoissonFast(%d) has mean and variance ≈ mean',
    (mean) => {
      const n = 100_000;
      const out = new Uint16Array(n);
      fillPoissonFast(new Float32Array(n).fill(mean), out, 3);
      const [m, v] = meanVar(out);
      expect(Math.abs(m - mean)).toBeLessThan(5 * Math.sqrt(mean / n));
      expect(v / mean).toBeGreaterThan(0.97);
      expect(v / mean).toBeLessThan(1.03);
      // The exact Poisson zero fraction, e^-mean, within binomial error.
      const zeros = out.filter((c) => c === 0).length / n;
      expect(Math.abs(zeros - Math.exp(-mean))).toBeLessThan(5 * Math.sqrt(Math.exp(-mean) / n) + 1e-9);
    },
  );
});

describe('bias schedule', () => {
  it('cycles rest, lithiation, rest, delithiation and ends at rest', () => {
    const phases = buildBiasSchedule({ durationS: 100, cycles: 2 });
    expect(phases.map((p) => p.kind)).toEqual([
      'rest',
      'lithiation',
      'rest',
      'delithiation',
      'rest',
      'lithiation',
      'rest',
      'delithiation',
      'rest',
    ]);
    expect(phases.map((p) => p.voltageV)).toEqual([0, -0.2, 0, 0.5, 0, -0.2, 0, 0.5, 0]);
    expect(phases.reduce((s, p) => s + p.durationS, 0)).toBeCloseTo(100, 9);
  });

  it('drives lithiation to 1 with a decaying negative current, then removes part of it', () => {
    const phases = buildBiasSchedule({ durationS: 100, cycles: 1 });
    const model = createBiasModel(phases);
    const [li, t0] = phaseOf(phases, 'lithiation');
    const t1 = t0 + phases[li].durationS;
    const start = model.stateAt(t0 + 1e-6);
    const end = model.stateAt(t1 - 1e-6);
    expect(start.currentA).toBeCloseTo(-5e-9, 10);
    expect(end.currentA).toBeLessThan(0);
    expect(end.currentA).toBeGreaterThan(-1.2e-9);
    expect(end.lithiation).toBeCloseTo(1, 4);
    const [di, d0] = phaseOf(phases, 'delithiation');
    const after = model.stateAt(d0 + phases[di].durationS - 1e-6);
    expect(model.stateAt(d0 + 1).currentA).toBeGreaterThan(0);
    expect(after.lithiation).toBeCloseTo(0.4, 3);
  });
});

describe('synthetic movie', () => {
  it('is deterministic for a seed, and frames do not depend on render order', () => {
    const a = createSyntheticMovie({ ...small, seed: 5 });
    const b = createSyntheticMovie({ ...small, seed: 5 });
    const c = createSyntheticMovie({ ...small, seed: 6 });
    a.renderFrame(3);
    a.renderFrame(0);
    const fa = a.renderFrame(40);
    const fb = b.renderFrame(40);
    expect(fb.data).toEqual(fa.data);
    expect(fb.truthMask).toEqual(fa.truthMask);
    expect(b.log.currentA).toEqual(a.log.currentA);
    expect(c.renderFrame(40).data).not.toEqual(fa.data);
    expect(b.renderFrame(41).data).not.toEqual(fa.data);
  });

  it('renders any single 512² frame on demand with a consistent truth', () => {
    const movie = createSyntheticMovie({ ...defaultSyntheticOptions, seed: 9 });
    const last = movie.frameCount - 1;
    const frame = movie.renderFrame(last);
    expect(frame.data).toBeInstanceOf(Uint16Array);
    expect(frame.data.length).toBe(512 * 512);
    const counted = frame.truthMask.reduce((s, v) => s + v, 0);
    expect(frame.truthAreaPx).toBe(counted);
    expect(movie.truthAreaPx(last)).toBe(counted);
    expect(counted).toBeGreaterThan(5000);
    // The cluster stays inside the frame even when fully swollen.
    for (let x = 0; x < 512; x++) {
      expect(frame.truthMask[x] + frame.truthMask[511 * 512 + x] + frame.truthMask[x * 512]).toBe(0);
    }
  });

  it('grows during lithiation (area ×1.6–2) and shrinks during delithiation', () => {
    const movie = createSyntheticMovie({ ...small, frameCount: 120, seed: 2 });
    const phases = movie.bias.phases;
    const frameAt = (t: number) => Math.round(t / movie.frameIntervalS);
    const [li, l0] = phaseOf(phases, 'lithiation');
    const lEnd = l0 + phases[li].durationS;
    const lithFrames: number[] = [];
    for (let i = frameAt(l0); i <= frameAt(lEnd); i++) lithFrames.push(i);
    const areas = lithFrames.map((i) => movie.truthAreaPx(i));
    for (let k = 1; k < areas.length; k++) expect(areas[k]).toBeGreaterThanOrEqual(areas[k - 1]);
    const ratio = areas[areas.length - 1] / areas[0];
    expect(ratio).toBeGreaterThan(1.6);
    expect(ratio).toBeLessThan(2);

    const [di, d0] = phaseOf(phases, 'delithiation');
    const before = movie.truthAreaPx(frameAt(d0));
    const after = movie.truthAreaPx(frameAt(d0 + phases[di].durationS) - 1);
    expect(after).toBeLessThan(0.85 * before);
    expect(after).toBeGreaterThan(areas[0]);
    // Rest phases keep the area.
    expect(movie.truthAreaPx(0)).toBe(movie.truthAreaPx(1));
  });

  it('logs the scheduled voltage and a current of the right sign, every 0.1 s', () => {
    const movie = createSyntheticMovie({ ...small, seed: 3 });
    const { timeS, voltageV, currentA } = movie.log;
    expect(timeS.length).toBe(Math.round((movie.frameCount * movie.frameIntervalS) / 0.1) + 1);
    expect(timeS[1] - timeS[0]).toBeCloseTo(0.1, 12);
    const byKind: Record<string, number[]> = { rest: [], lithiation: [], delithiation: [] };
    for (let i = 0; i < timeS.length; i++) {
      const state = movie.bias.stateAt(timeS[i]);
      expect(voltageV[i]).toBe(state.voltageV);
      byKind[state.kind].push(currentA[i]);
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(byKind.lithiation)).toBeLessThan(-1e-9);
    expect(mean(byKind.delithiation)).toBeGreaterThan(0.2e-9);
    expect(Math.abs(mean(byKind.rest))).toBeLessThan(0.02e-9);
    expect(new Set(voltageV)).toEqual(new Set([0, -0.2, 0.5]));
  });

  it('writes the log as CSV', () => {
    const movie = createSyntheticMovie({ ...small, frameCount: 10 });
    const lines = movie.toCsv().trim().split('\n');
    expect(lines[0]).toBe('time_s,voltage_V,current_A');
    expect(lines.length).toBe(movie.log.timeS.length + 1);
    const [t, v, c] = lines[3].split(',').map(Number);
    expect(t).toBeCloseTo(0.2, 9);
    expect(v).toBe(movie.log.voltageV[2]);
    expect(c).toBeCloseTo(movie.log.currentA[2], 15);
  });

  it.each([50, 200])('has a background mean of the dose (%d) within Poisson error', (dose) => {
    const movie = createSyntheticMovie({ ...defaultSyntheticOptions, dose, illuminationTilt: 0, seed: 4 });
    const { data, truthMask } = movie.renderFrame(10);
    const bg: number[] = [];
    for (let i = 0; i < data.length; i++) if (!truthMask[i]) bg.push(data[i]);
    const [m, v] = meanVar(bg);
    expect(Math.abs(m - dose)).toBeLessThan(5 * Math.sqrt(dose / bg.length));
    expect(v / dose).toBeGreaterThan(0.97);
    expect(v / dose).toBeLessThan(1.03);
    // The particles are dark: transmitted counts fall well below the background.
    let inside = 0;
    let n = 0;
    for (let i = 0; i < data.length; i++) {
      if (truthMask[i]) {
        inside += data[i];
        n++;
      }
    }
    expect(inside / n).toBeLessThan(0.8 * dose);
  });

  it('keeps the default mild illumination tilt within a few percent of the dose', () => {
    const movie = createSyntheticMovie({ ...defaultSyntheticOptions, seed: 8 });
    const { data, truthMask } = movie.renderFrame(0);
    const bg = Array.from(data).filter((_, i) => !truthMask[i]);
    expect(Math.abs(meanVar(bg)[0] / 200 - 1)).toBeLessThan(0.02);
  });

  it('presents itself as a FrameSource', async () => {
    const movie = createSyntheticMovie({ ...small, frameCount: 4 });
    const source = syntheticFrameSource(movie);
    expect(source.calibration?.pixelSizeNm).toBe(0.5);
    const frame = await source.getFrame(2);
    expect(frame.data).toEqual(movie.renderFrame(2).data);
    await expect(source.getFrame(4)).rejects.toThrow(/frame 4/);
  });

  it('renders plain movies bit-identically to earlier versions (the example dataset depends on it)', () => {
    // FNV-1a of the counts; a change here means every plain synthetic movie changed.
    const fnv = (a: Uint16Array) => {
      let h = 0x811c9dc5;
      for (let i = 0; i < a.length; i++) {
        h = Math.imul(h ^ (a[i] & 0xff), 0x01000193);
        h = Math.imul(h ^ (a[i] >>> 8), 0x01000193);
      }
      return (h >>> 0).toString(16);
    };
    const movie = createSyntheticMovie({ width: 96, height: 80, frameCount: 30, dose: 20, seed: 17 });
    const bright = createSyntheticMovie({ width: 96, height: 80, frameCount: 30, dose: 300, seed: 17 });
    expect([
      fnv(movie.renderFrame(0).data),
      fnv(movie.renderFrame(29).data),
      fnv(bright.renderFrame(12).data),
    ]).toEqual(['8264f128', '57e3f92f', 'd9e75997']);
    expect(movie.truthAreaPx(29)).toBe(519);
    // Effects set to zero are the same as absent.
    const zeros = createSyntheticMovie({
      width: 96,
      height: 80,
      frameCount: 30,
      dose: 20,
      seed: 17,
      driftRmsNm: 0,
      hotPixels: 0,
      beamDecay: 0,
      vignetting: 0,
      filmTexture: 0,
      latticeFringes: 0,
      flicker: { fraction: 0, factorRange: [0.5, 0.7] },
    });
    expect(fnv(zeros.renderFrame(29).data)).toBe('57e3f92f');
    expect(zeros.flickerFrames).toEqual([]);
    expect(zeros.driftPx(29)).toEqual({ x: 0, y: 0 });
  });

  it('refuses frames outside the movie', () => {
    const movie = createSyntheticMovie({ ...small, frameCount: 4 });
    expect(() => movie.renderFrame(4)).toThrow(/frame 4 does not exist/);
    expect(() => movie.truthAreaPx(-1)).toThrow(RangeError);
    expect(() => movie.renderFrame(1.5)).toThrow(RangeError);
  });
});
