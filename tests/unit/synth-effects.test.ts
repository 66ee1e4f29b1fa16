/** The generator's detector and illumination effects: hot pixels, flicker, beam decay,
 * vignetting, carbon film and lattice fringes. The presets and their geometry are in
 * synth-presets.test.ts. */
import { describe, expect, it } from 'vitest';
import {
  createPresetMovie,
  createSyntheticMovie,
  type Disc,
  type SyntheticMovie,
} from '../../src/core/synth/index.ts';

/** Union of the discs with the generator's pixel test (centre strictly inside), as a mask. */
function discUnion(discs: readonly Disc[], width: number, height: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (const d of discs) {
    for (let y = Math.max(0, Math.floor(d.cy - d.r)); y <= Math.min(height - 1, Math.ceil(d.cy + d.r)); y++) {
      const dy = y + 0.5 - d.cy;
      const rem = d.r * d.r - dy * dy;
      for (
        let x = Math.max(0, Math.floor(d.cx - d.r));
        x <= Math.min(width - 1, Math.ceil(d.cx + d.r));
        x++
      ) {
        const dx = x + 0.5 - d.cx;
        if (dx * dx < rem) mask[y * width + x] = 1;
      }
    }
  }
  return mask;
}

const sum = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};

/** Mean counts over the bare background: outside truth and needle, hot pixels left out. */
function backgroundMean(movie: SyntheticMovie, i: number): number {
  const { data, truthMask, needleMask } = movie.renderFrame(i);
  const hot = new Set(movie.hotPixelIndices);
  let s = 0;
  let n = 0;
  for (let k = 0; k < data.length; k++) {
    if (truthMask[k] || needleMask?.[k] || hot.has(k)) continue;
    s += data[k];
    n++;
  }
  return s / n;
}

describe('synthetic detector and illumination effects', () => {
  const operando = createPresetMovie('operando', { seed: 11 });
  const lowDose = createPresetMovie('low-dose', { seed: 12 });

  it('puts hot pixels at the same places with the same counts in every frame', () => {
    const movie = operando;
    expect(movie.hotPixelIndices.length).toBe(200);
    const a = movie.renderFrame(3).data;
    const b = movie.renderFrame(150).data;
    for (const k of movie.hotPixelIndices) {
      expect(a[k]).toBe(b[k]);
      expect(a[k]).toBeGreaterThanOrEqual(8 * 25);
    }
    // Nothing else reaches hot-pixel counts at 25 counts/px.
    let bright = 0;
    for (let k = 0; k < a.length; k++) if (a[k] >= 8 * 25) bright++;
    expect(bright).toBe(200);
  });

  it('dims the flicker frames by their factor relative to their neighbours', () => {
    const movie = lowDose;
    expect(movie.flickerFrames.length).toBe(12);
    const flicker = new Set(movie.flickerFrames);
    const checked = movie.flickerFrames.filter((f) => f > 0 && !flicker.has(f - 1) && !flicker.has(f + 1));
    expect(checked.length).toBeGreaterThan(2);
    for (const f of checked.slice(0, 3)) {
      expect(movie.beamFactor(f)).toBeGreaterThanOrEqual(0.55);
      expect(movie.beamFactor(f)).toBeLessThanOrEqual(0.75);
      expect(movie.beamFactor(f - 1)).toBe(1);
      const ratio = backgroundMean(movie, f) / backgroundMean(movie, f - 1);
      expect(Math.abs(ratio / movie.beamFactor(f) - 1)).toBeLessThan(0.02);
    }
  });

  it('decays the beam linearly with beamDecay', () => {
    const movie = createSyntheticMovie({ width: 128, height: 128, frameCount: 11, beamDecay: 0.2, seed: 5 });
    expect(movie.beamFactor(0)).toBe(1);
    expect(movie.beamFactor(10)).toBeCloseTo(0.8, 12);
    expect(movie.beamFactor(5)).toBeCloseTo(0.9, 12);
    expect(backgroundMean(movie, 10) / backgroundMean(movie, 0)).toBeCloseTo(0.8, 2);
  });

  it('darkens the corners by the vignetting, whatever the drift', () => {
    const movie = createSyntheticMovie({
      width: 256,
      height: 256,
      frameCount: 40,
      dose: 2000,
      illuminationTilt: 0,
      vignetting: 0.25,
      driftRmsNm: 8,
      seed: 6,
    });
    const { data } = movie.renderFrame(39);
    const patch = (x0: number, y0: number) => {
      let s = 0;
      for (let y = y0; y < y0 + 8; y++) for (let x = x0; x < x0 + 8; x++) s += data[y * 256 + x];
      return s / 64;
    };
    const corners = [patch(0, 0), patch(248, 0), patch(0, 248), patch(248, 248)];
    // r/r_corner ≈ 0.97 at the corner patches' centres: factor ≈ 1 − 0.25·0.94.
    for (const c of corners) expect(c / 2000).toBeCloseTo(0.765, 1);
    expect(patch(124, 4) / 2000).toBeCloseTo(1 - 0.25 * 0.47, 1);
  });

  it('moves the carbon film texture with the specimen', () => {
    const movie = createSyntheticMovie({
      width: 256,
      height: 256,
      frameCount: 120,
      dose: 5000,
      illuminationTilt: 0,
      filmTexture: 0.1,
      driftRmsNm: 6,
      pixelSizeNm: 0.5,
      seed: 7,
    });
    let i = 1;
    for (let k = 1; k < movie.frameCount; k++) {
      if (Math.abs(movie.driftPx(k).x) + Math.abs(movie.driftPx(k).y) > 6) i = k;
    }
    const d = movie.driftPx(i);
    const sx = Math.round(d.x);
    const sy = Math.round(d.y);
    expect(Math.abs(sx) + Math.abs(sy)).toBeGreaterThan(3);
    const a = movie.renderFrame(0);
    const b = movie.renderFrame(i);
    // Compare a background band (no cluster) with and without undoing the drift.
    const correlation = (ox: number, oy: number) => {
      const xs: number[] = [];
      const ys: number[] = [];
      for (let y = 20; y < 236; y++) {
        for (let x = 20; x < 236; x++) {
          const k0 = y * 256 + x;
          const k1 = (y + oy) * 256 + x + ox;
          if (a.truthMask[k0] || b.truthMask[k1]) continue;
          xs.push(a.data[k0]);
          ys.push(b.data[k1]);
        }
      }
      const mx = sum(xs) / xs.length;
      const my = sum(ys) / ys.length;
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      for (let k = 0; k < xs.length; k++) {
        sxy += (xs[k] - mx) * (ys[k] - my);
        sxx += (xs[k] - mx) ** 2;
        syy += (ys[k] - my) ** 2;
      }
      return sxy / Math.sqrt(sxx * syy);
    };
    expect(correlation(sx, sy)).toBeGreaterThan(0.8);
    expect(correlation(sx, sy)).toBeGreaterThan(correlation(0, 0) + 0.2);
  });

  it('draws lattice fringes in the crystalline cores only, not in the lithiated shells', () => {
    const base = { width: 256, height: 256, frameCount: 120, dose: 20000, hotPixels: 1, seed: 8 };
    const plain = createSyntheticMovie(base);
    const fringed = createSyntheticMovie({ ...base, latticeFringes: 0.2 });
    let i = 0;
    for (let k = 0; k < plain.frameCount; k++) if (plain.lithiation(k) > plain.lithiation(i)) i = k;
    expect(plain.lithiation(i)).toBeGreaterThan(0.9);
    const a = plain.renderFrame(i).data;
    const b = fringed.renderFrame(i).data;
    const discs = plain.particleDiscs(i);
    const cores = discUnion(
      discs.map((d, j) => ({ ...d, r: plain.particleDiscs(0)[j].r })),
      256,
      256,
    );
    const all = discUnion(discs, 256, 256);
    let coreDev = 0;
    let coreN = 0;
    let shellDev = 0;
    let shellN = 0;
    for (let k = 0; k < a.length; k++) {
      if (!all[k] || a[k] === 0) continue;
      const dev = (b[k] / a[k] - 1) ** 2;
      if (cores[k]) {
        coreDev += dev;
        coreN++;
      } else {
        shellDev += dev;
        shellN++;
      }
    }
    expect(shellN).toBeGreaterThan(1000);
    expect(Math.sqrt(coreDev / coreN)).toBeGreaterThan(0.05);
    expect(Math.sqrt(shellDev / shellN)).toBeLessThan(0.01);
  });
});
