import { describe, expect, it } from 'vitest';
import {
  createPresetMovie,
  createSyntheticMovie,
  type Disc,
  type NeedleCapsule,
  syntheticPresets,
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

/** Element-wise equality; vitest's deep equality is slow on 512² arrays. */
function same(a: ArrayLike<number> | undefined, b: ArrayLike<number> | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const sum = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};

/** Gap between the needle's coating and the nearest disc surface, in pixels (negative: overlap). */
function needleGapPx(c: NeedleCapsule, discs: readonly Disc[]): number {
  const vx = c.tipX - c.baseX;
  const vy = c.tipY - c.baseY;
  const len2 = vx * vx + vy * vy;
  let gap = Number.POSITIVE_INFINITY;
  for (const d of discs) {
    const h = Math.min(1, Math.max(0, ((d.cx - c.baseX) * vx + (d.cy - c.baseY) * vy) / len2));
    const dist = Math.hypot(d.cx - c.baseX - h * vx, d.cy - c.baseY - h * vy);
    gap = Math.min(gap, dist - c.outerRadiusPx - d.r);
  }
  return gap;
}

describe('synthetic presets', () => {
  const operando = createPresetMovie('operando', { seed: 11 });
  const lowDose = createPresetMovie('low-dose', { seed: 12 });

  it('exports clean, operando and low-dose; clean is the defaults', () => {
    expect(Object.keys(syntheticPresets).sort()).toEqual(['clean', 'low-dose', 'operando']);
    const clean = createPresetMovie('clean', { width: 128, height: 128, frameCount: 3, seed: 4 });
    const plain = createSyntheticMovie({ width: 128, height: 128, frameCount: 3, seed: 4 });
    expect(same(clean.renderFrame(2).data, plain.renderFrame(2).data)).toBe(true);
    expect(clean.renderFrame(2).needleMask).toBeUndefined();
    expect(operando.options.dose).toBe(25);
    expect(lowDose.options.dose).toBe(4);
  });

  it.each([
    ['operando', operando, 25],
    ['low-dose', lowDose, 10],
  ] as const)('%s drifts smoothly with the requested RMS from d(0) = 0', (_, movie, rmsNm) => {
    expect(movie.driftPx(0)).toEqual({ x: 0, y: 0 });
    let sum2 = 0;
    let maxStep = 0;
    for (let i = 0; i < movie.frameCount; i++) {
      const d = movie.driftPx(i);
      sum2 += d.x * d.x + d.y * d.y;
      if (i > 0) {
        const p = movie.driftPx(i - 1);
        maxStep = Math.max(maxStep, Math.hypot(d.x - p.x, d.y - p.y));
      }
    }
    const rmsPx = Math.sqrt(sum2 / movie.frameCount);
    const requestedPx = rmsNm / movie.pixelSizeNm;
    expect(Math.abs(rmsPx / requestedPx - 1)).toBeLessThan(0.1);
    expect(maxStep).toBeLessThan(3);
    expect(maxStep).toBeGreaterThan(0);
  });

  it('moves the particles and the needle with the drift', () => {
    const movie = operando;
    // Frames 0 and 5 are in the first rest phase: same lithiation, so only the drift differs.
    expect(movie.lithiation(5)).toBe(movie.lithiation(0));
    const d = movie.driftPx(5);
    expect(Math.hypot(d.x, d.y)).toBeGreaterThan(0.1);
    const a = movie.particleDiscs(0);
    const b = movie.particleDiscs(5);
    for (let j = 0; j < a.length; j++) {
      expect(b[j].cx - a[j].cx).toBeCloseTo(d.x, 9);
      expect(b[j].cy - a[j].cy).toBeCloseTo(d.y, 9);
    }
    const n0 = movie.needleCapsule(0) as NeedleCapsule;
    const n5 = movie.needleCapsule(5) as NeedleCapsule;
    expect(n5.tipX - n0.tipX).toBeCloseTo(d.x, 9);
    expect(n5.tipY - n0.tipY).toBeCloseTo(d.y, 9);
  });

  it('keeps the cluster inside the frame in every frame of a 240-frame operando movie', () => {
    for (const seed of [11, 21, 31]) {
      const movie = seed === 11 ? operando : createPresetMovie('operando', { seed });
      expect(movie.frameCount).toBe(240);
      let worst = 0;
      let worstMargin = Number.POSITIVE_INFINITY;
      for (let i = 0; i < movie.frameCount; i++) {
        for (const d of movie.particleDiscs(i)) {
          const margin = Math.min(
            d.cx - d.r,
            d.cy - d.r,
            movie.width - d.cx - d.r,
            movie.height - d.cy - d.r,
          );
          if (margin < worstMargin) [worstMargin, worst] = [margin, i];
        }
      }
      expect(worstMargin).toBeGreaterThan(1);
      const { truthMask } = movie.renderFrame(worst);
      const w = movie.width;
      let border = 0;
      for (let k = 0; k < w; k++) {
        border += truthMask[k] + truthMask[(w - 1) * w + k] + truthMask[k * w] + truthMask[k * w + w - 1];
      }
      expect(border).toBe(0);
    }
  });

  it('operando: the needle touches the pristine cluster without hiding it', () => {
    const movie = operando;
    const gap = needleGapPx(movie.needleCapsule(0) as NeedleCapsule, movie.particleDiscs(0));
    expect(Math.abs(gap)).toBeLessThan(1e-6);
    const frame = movie.renderFrame(0);
    const needle = frame.needleMask as Uint8Array;
    const union = discUnion(movie.particleDiscs(0), movie.width, movie.height);
    expect(frame.truthAreaPx).toBe(sum(union));
    // Some truth pixel lies within 2 px of the footprint.
    const w = movie.width;
    let near = false;
    for (let k = 0; k < needle.length && !near; k++) {
      if (!needle[k]) continue;
      const x = k % w;
      const y = (k - x) / w;
      for (let dy = -2; dy <= 2 && !near; dy++) {
        for (let dx = -2; dx <= 2 && !near; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy >= 0 && yy < movie.height && xx >= 0 && xx < w && frame.truthMask[yy * w + xx]) near = true;
        }
      }
    }
    expect(near).toBe(true);
  });

  it('low-dose: the needle overlaps the cluster and the truth is the visible part only', () => {
    const movie = lowDose;
    const gap = needleGapPx(movie.needleCapsule(0) as NeedleCapsule, movie.particleDiscs(0));
    expect(gap).toBeCloseTo(-12, 6);
    const union = sum(discUnion(movie.particleDiscs(0), movie.width, movie.height));
    const visible = movie.truthAreaPx(0);
    expect(visible).toBeLessThan(union - 100);
  });

  it.each([
    ['operando', operando],
    ['low-dose', lowDose],
  ] as const)(
    '%s: truthAreaPx agrees with the rendered truth, which never lies under the needle',
    (_, movie) => {
      for (const i of [0, 97, movie.frameCount - 1]) {
        const frame = movie.renderFrame(i);
        const needle = frame.needleMask as Uint8Array;
        expect(needle.length).toBe(movie.width * movie.height);
        expect(sum(needle)).toBeGreaterThan(1000);
        expect(movie.truthAreaPx(i)).toBe(frame.truthAreaPx);
        expect(sum(frame.truthMask)).toBe(frame.truthAreaPx);
        let both = 0;
        for (let k = 0; k < needle.length; k++) both += frame.truthMask[k] & needle[k];
        expect(both).toBe(0);
      }
    },
  );

  it('renders the needle core darker than any particle and its coating paler than particle centres', () => {
    const movie = createPresetMovie('operando', { seed: 11, dose: 5000, hotPixels: 0, frameCount: 4 });
    const { data, truthMask, needleMask } = movie.renderFrame(0);
    const c = movie.needleCapsule(0) as NeedleCapsule;
    const w = movie.width;
    // A point on the axis, half-way between the tip and the frame edge.
    const t = (0.5 * (w - c.tipX)) / (c.baseX - c.tipX);
    const ax = c.tipX + t * (c.baseX - c.tipX);
    const ay = c.tipY + t * (c.baseY - c.tipY);
    const len = Math.hypot(c.baseX - c.tipX, c.baseY - c.tipY);
    const [nx, ny] = [-(c.baseY - c.tipY) / len, (c.baseX - c.tipX) / len];
    const at = (s: number) => Math.floor(ay + s * ny) * w + Math.floor(ax + s * nx);
    expect(needleMask?.[at(0)]).toBe(1);
    const core = data[at(0)];
    const coating = data[at(c.coreRadiusPx + 3)];
    let darkestParticle = Number.POSITIVE_INFINITY;
    for (let k = 0; k < data.length; k++)
      if (truthMask[k]) darkestParticle = Math.min(darkestParticle, data[k]);
    expect(core / 5000).toBeLessThan(0.12);
    expect(core).toBeLessThan(darkestParticle);
    expect(coating / 5000).toBeGreaterThan(0.6);
  });

  it('is deterministic for a seed', () => {
    const again = createPresetMovie('low-dose', { seed: 12 });
    const other = createPresetMovie('low-dose', { seed: 13 });
    const a = lowDose.renderFrame(42);
    const b = again.renderFrame(42);
    expect(same(b.data, a.data)).toBe(true);
    expect(same(b.truthMask, a.truthMask)).toBe(true);
    expect(same(b.needleMask, a.needleMask)).toBe(true);
    expect(again.flickerFrames).toEqual(lowDose.flickerFrames);
    expect(again.hotPixelIndices).toEqual(lowDose.hotPixelIndices);
    expect(same(other.renderFrame(42).data, a.data)).toBe(false);
  });

  it('scales the preset to the frame size', () => {
    const small = createPresetMovie('operando', { width: 256, height: 256, frameCount: 60, seed: 3 });
    expect(small.pixelSizeNm).toBe(2);
    expect(small.hotPixelIndices.length).toBe(50);
    const c = small.needleCapsule(0) as NeedleCapsule;
    expect(c.coreRadiusPx).toBe(7);
    expect(c.outerRadiusPx).toBe(10);
    const moved = createPresetMovie('operando', {
      width: 256,
      height: 256,
      frameCount: 60,
      seed: 3,
      needle: { tipGapPx: 5 },
    });
    const gap = needleGapPx(moved.needleCapsule(0) as NeedleCapsule, moved.particleDiscs(0));
    expect(gap).toBeCloseTo(5, 6);
    const none = createPresetMovie('operando', {
      width: 256,
      height: 256,
      frameCount: 60,
      seed: 3,
      needle: undefined,
    });
    expect(none.needleCapsule(0)).toBeUndefined();
  });

  it('rejects effects that make no sense', () => {
    const small = { width: 128, height: 128, frameCount: 10 };
    expect(() => createSyntheticMovie({ ...small, vignetting: 1.5 })).toThrow(/vignetting/);
    expect(() => createSyntheticMovie({ ...small, hotPixels: 2.5 })).toThrow(/hotPixels/);
    expect(() =>
      createSyntheticMovie({ ...small, flicker: { fraction: 0.1, factorRange: [0.8, 0.5] } }),
    ).toThrow(/factorRange/);
    expect(() => createSyntheticMovie({ ...small, needle: { side: 'up' as 'top', tipGapPx: 0 } })).toThrow(
      /needle.side/,
    );
    expect(() => createSyntheticMovie({ ...small, pixelSizeNm: 1, driftRmsNm: 60 })).toThrow(/driftRmsNm/);
  });
});
