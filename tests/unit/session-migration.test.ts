/** The autosave's versions: today's (v1) autosaves still load, newer ones are refused, the object is carried. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileFingerprint, recordingFingerprint, sampleOffsets } from '../../src/core/export/fingerprint.ts';
import { parseStoredSession, SESSION_VERSION } from '../../src/state/session-schema.ts';

const result = (frame: number) => ({
  frame,
  areaPx: 100 + frame,
  centroidX: 1,
  centroidY: 2,
  outline: [0, 0, 1, 0, 1, 1],
  quality: 'ok',
});

/** A session as version 1 of the workbench wrote it: keyed by name, size and frame count. */
const v1 = {
  version: 1,
  key: 'session:movie.tif:1234:3',
  savedAt: 42,
  params: { contrastStep: 0.08, smoothRadiusPx: 2 },
  corrections: { 1: { status: 'rejected' } },
  results: [0, 1, 2].map(result),
  figureSettings: { fontSize: 16 },
};

let warnings: string[] = [];
beforeEach(() => {
  warnings = [];
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
  });
});
afterEach(() => vi.restoreAllMocks());

describe('autosave versions', () => {
  it('loads a version-1 autosave, marked as not checked against the content', () => {
    const s = parseStoredSession(v1, v1.key, 3);
    expect(s?.unverified).toBe(true);
    expect(s?.params?.contrastStep).toBe(0.08);
    expect(s?.params?.smoothSigmaPx).toBe(2);
    expect(s?.corrections[1]?.status).toBe('rejected');
    expect(s?.results?.map((r) => r?.areaPx)).toEqual([100, 101, 102]);
    expect(s?.figureSettings?.fontSize).toBe(16);
  });

  it('refuses a session from a newer version, saying so', () => {
    expect(parseStoredSession({ ...v1, version: SESSION_VERSION + 1 }, v1.key, 3)).toBeNull();
    expect(warnings.join('\n')).toMatch(/newer version/);
  });

  it('refuses a current-version session without a fingerprint', () => {
    expect(parseStoredSession({ ...v1, version: SESSION_VERSION }, v1.key, 3)).toBeNull();
  });

  it('carries the chosen object, and drops a malformed one alone', () => {
    const v2 = { ...v1, version: SESSION_VERSION, fingerprint: 'sha256 ab' };
    expect(parseStoredSession({ ...v2, object: { x: 10.5, y: 20 } }, v1.key, 3)?.object).toEqual({
      x: 10.5,
      y: 20,
    });
    expect(parseStoredSession({ ...v2, object: null }, v1.key, 3)?.object).toBeNull();
    const bad = parseStoredSession({ ...v2, object: { x: '<b>1</b>', y: 2 } }, v1.key, 3);
    expect(bad?.object).toBeUndefined();
    expect(bad?.results).toHaveLength(3);
  });
});

const sha256 = (bytes: Uint8Array<ArrayBuffer>) => crypto.subtle.digest('SHA-256', bytes);

describe('content fingerprint', () => {
  const size = 8 * 1024 * 1024;
  /** A "movie": the same header and last frame, different pixels in the middle. */
  const movie = (middle: number) => {
    const bytes = new Uint8Array(size);
    bytes.fill(7);
    // Other pixels over one eighth of the file (a few frames): wider than the gap between samples.
    bytes.fill(middle, size / 2 - size / 16, size / 2 + size / 16);
    return new Blob([bytes]);
  };

  it('tells apart two files of the same size that differ only in the middle', async () => {
    const a = await fileFingerprint(movie(1), sha256);
    expect(a).toMatch(/^sha256\(size\+first\+16 spread\+last 64 KiB\) [0-9a-f]{64}$/);
    expect(await fileFingerprint(movie(1), sha256)).toBe(a);
    expect(await fileFingerprint(movie(2), sha256)).not.toBe(a);
  });

  it('reads the first and last 64 KiB and 16 blocks spread between', () => {
    const offsets = sampleOffsets(size);
    expect(offsets).toHaveLength(18);
    expect(offsets[0]).toBe(0);
    expect(offsets.at(-1)).toBe(size - 65536);
    const gaps = offsets.slice(1).map((o, i) => o - offsets[i]);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
  });

  it('hashes small files whole and names a recording by its files', async () => {
    expect(await fileFingerprint(new Blob(['abc']), sha256)).toBe(
      'sha256 ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    const files = (x: string) => [
      { blob: new Blob(['a']), path: 'r/f1.dm4' },
      { blob: new Blob([x]), path: 'r/f2.dm4' },
    ];
    expect(await recordingFingerprint(files('b'), sha256)).not.toBe(
      await recordingFingerprint(files('c'), sha256),
    );
  });
});
