/** Segmentation parameters: the defaults, `resolveParams`, and the cache keys derived from them. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { driftReferenceKey } from '../../src/core/analysis/drift.ts';
import {
  defaultSegmentParams,
  type ResolvedSegmentParams,
  resolveParams,
  type SegmentParams,
} from '../../src/core/analysis/params.ts';
import { workingFrameKey } from '../../src/core/analysis/working-frame.ts';

type Key = keyof ResolvedSegmentParams;

/** The defaults as the documentation states them (the `Default …` sentence of each parameter). */
const documented: Record<Key, string> = {
  thresholdMethod: "'contrast'",
  smoothSigmaPx: '1',
  autoSmooth: 'true',
  contrastStep: '0.1',
  seedSigma: '5',
  hotPixelSigma: '8',
  darkLevel: '0',
  excludeNeedle: 'true',
  exclusionStrokes: 'none',
  objectPoint: 'null',
  particles: 'false',
  trackDrift: 'true',
  driftReferenceFrame: '0',
  driftStrideFrames: '4',
  flickerTolerance: '0.1',
  threshold: '0.5',
  edgeFraction: '0.25',
  minContrastSigma: '4',
  darkObject: 'true',
  minAreaPx: '50',
  fillHoles: 'true',
  outlineTolerancePx: '1',
  maxOutlinePoints: '200',
};

/** Each parameter's doc comment in params.ts, by name. */
function docComments(): Map<string, string> {
  const source = readFileSync(new URL('../../src/core/analysis/params.ts', import.meta.url), 'utf8');
  const body = source.slice(source.indexOf('export interface ResolvedSegmentParams'));
  const docs = new Map<string, string>();
  for (const m of body.slice(0, body.indexOf('\n}')).matchAll(/\/\*\*([\s\S]*?)\*\/\s*(\w+):/g)) {
    docs.set(m[2], m[1].replace(/\s*\n\s*\*\s*/g, ' '));
  }
  return docs;
}

function asText(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? 'none' : JSON.stringify(value);
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** Another valid value of each parameter. */
function changed(key: Key, value: unknown): unknown {
  if (key === 'thresholdMethod') return value === 'contrast' ? 'edge' : 'contrast';
  if (key === 'exclusionStrokes') return [{ mode: 'add', radiusPx: 3, points: [1, 2] }];
  if (key === 'objectPoint') return { x: 12, y: 34 };
  if (typeof value === 'boolean') return !value;
  return (value as number) + 1;
}

const stroke = () => ({ mode: 'erase' as const, radiusPx: 4, points: [10, 20, 30, 40] });

describe('defaultSegmentParams', () => {
  it('holds every parameter, each equal to the default its documentation states', () => {
    const docs = docComments();
    expect([...docs.keys()].sort()).toEqual(Object.keys(documented).sort());
    expect(Object.keys(defaultSegmentParams).sort()).toEqual(Object.keys(documented).sort());
    for (const [key, text] of Object.entries(documented)) {
      expect(asText(defaultSegmentParams[key as Key]), key).toBe(text);
      // Not followed by more digits: 'Default 1' must not pass for 'Default 10'.
      const stated = new RegExp(`Default ${text.replace('.', '\\.')}(?![\\d.]\\d)`);
      expect(docs.get(key), key).toMatch(stated);
    }
  });

  it('cannot be changed by whoever holds it', () => {
    expect(Object.isFrozen(defaultSegmentParams)).toBe(true);
    expect(Object.isFrozen(defaultSegmentParams.exclusionStrokes)).toBe(true);
  });
});

describe('resolveParams', () => {
  it('gives every parameter its default when none is given', () => {
    const resolved = resolveParams({});
    expect(resolved).toEqual(defaultSegmentParams);
    expect(Object.values(resolved)).not.toContain(undefined);
    expect(resolveParams()).toEqual(defaultSegmentParams);
  });

  it('keeps the parameters given and defaults the rest', () => {
    const resolved = resolveParams({ contrastStep: 0.2, thresholdMethod: 'edge', autoSmooth: false });
    expect(resolved).toEqual({
      ...defaultSegmentParams,
      contrastStep: 0.2,
      thresholdMethod: 'edge',
      autoSmooth: false,
    });
    // Falsy values are values, not gaps.
    expect(resolveParams({ smoothSigmaPx: 0, darkObject: false }).smoothSigmaPx).toBe(0);
    expect(resolveParams({ smoothSigmaPx: 0, darkObject: false }).darkObject).toBe(false);
  });

  it('treats a key set to undefined as missing, over the defaults and over a base', () => {
    expect(resolveParams({ contrastStep: undefined, hotPixelSigma: undefined })).toEqual(
      defaultSegmentParams,
    );
    const base = resolveParams({ contrastStep: 0.3, minAreaPx: 7 });
    const next = resolveParams({ contrastStep: undefined, minAreaPx: 9 }, base);
    expect(next.contrastStep).toBe(0.3);
    expect(next.minAreaPx).toBe(9);
  });

  it('drops keys that are not parameters', () => {
    const resolved = resolveParams({ smoothRadiusPx: 3, contrastStep: 0.2 } as SegmentParams);
    expect(resolved).not.toHaveProperty('smoothRadiusPx');
    expect(resolved.smoothSigmaPx).toBe(defaultSegmentParams.smoothSigmaPx);
  });

  it('never shares an array with its input, its base or the defaults', () => {
    const strokes = [stroke()];
    const resolved = resolveParams({ exclusionStrokes: strokes });
    expect(resolved.exclusionStrokes).toEqual([stroke()]);
    strokes[0].points.push(50, 60);
    strokes.push(stroke());
    expect(resolved.exclusionStrokes).toEqual([stroke()]);

    const again = resolveParams({}, resolved);
    expect(again.exclusionStrokes).not.toBe(resolved.exclusionStrokes);
    expect(again.exclusionStrokes[0].points).not.toBe(resolved.exclusionStrokes[0].points);
    expect(resolveParams().exclusionStrokes).not.toBe(defaultSegmentParams.exclusionStrokes);
  });
});

describe('cache keys', () => {
  /** The parameters whose change changes `keyOf`, changing each parameter of `base` in turn. */
  function dependencies(base: ResolvedSegmentParams, keyOf: (p: ResolvedSegmentParams) => string): Key[] {
    const before = keyOf(base);
    return (Object.keys(base) as Key[])
      .filter((key) => keyOf(resolveParams({ [key]: changed(key, base[key]) }, base)) !== before)
      .sort();
  }

  it('the working-image key changes when and only when the working image would', () => {
    const contrast = resolveParams();
    expect(dependencies(contrast, workingFrameKey)).toEqual([
      'darkLevel',
      'hotPixelSigma',
      'thresholdMethod',
    ]);
    // The v1 methods use no working image: no parameter but the method changes what they need.
    const edge = resolveParams({ thresholdMethod: 'edge' });
    expect(dependencies(edge, workingFrameKey)).toEqual(['thresholdMethod']);
    expect(workingFrameKey(edge)).toBe(workingFrameKey(resolveParams({ thresholdMethod: 'otsu' })));
  });

  it('the drift-reference key changes when and only when the reference would', () => {
    const keyOf = (p: ResolvedSegmentParams) => driftReferenceKey(p, 100);
    // What the reference leaves out (dark objects by the contrast step, the needle) is part of it.
    expect(dependencies(resolveParams(), keyOf)).toEqual([
      'contrastStep',
      'darkLevel',
      'darkObject',
      'driftReferenceFrame',
      'excludeNeedle',
      'hotPixelSigma',
      'thresholdMethod',
    ]);
    // Reference frames past the end of the movie are its last frame.
    const atEnd = (driftReferenceFrame: number) =>
      driftReferenceKey(resolveParams({ driftReferenceFrame }), 5);
    expect(atEnd(12)).toBe(atEnd(4));
    expect(atEnd(3)).not.toBe(atEnd(4));
  });
});
