/** Figure settings in the autosaved session: validated, laid over the defaults, optional. */
import { describe, expect, it, vi } from 'vitest';
import { defaultFigureSettings } from '../../src/core/series/figure-settings.ts';
import { parseStoredSession, SESSION_VERSION } from '../../src/state/session-schema.ts';
import { useWorkbench } from '../../src/state/store.ts';

const key = 'movie.tif|1234|4';
const base = {
  version: SESSION_VERSION,
  key,
  fingerprint: 'sha256 ab',
  savedAt: 1,
  params: {},
  corrections: {},
};

describe('autosaved figure settings', () => {
  it('an autosave from before figure settings still loads, with none', () => {
    const session = parseStoredSession(base, key, 4);
    expect(session).not.toBeNull();
    expect(session?.figureSettings).toBeUndefined();
  });

  it('come back laid over the defaults; an invalid part drops the settings with a warning', () => {
    const s = parseStoredSession({ ...base, figureSettings: { restBelowV: 0.1, dpi: 600 } }, key, 4);
    expect(s?.figureSettings).toEqual({ ...defaultFigureSettings, restBelowV: 0.1, dpi: 600 });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(
      parseStoredSession({ ...base, figureSettings: { fontSize: 200 } }, key, 4)?.figureSettings,
    ).toBeUndefined();
    expect(
      parseStoredSession({ ...base, figureSettings: { restBelowV: -1 } }, key, 4)?.figureSettings,
    ).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('restoring a session sets them in the store, and a session without them keeps the current ones', () => {
    const { restoreSession, setFigureSettings } = useWorkbench.getState();
    setFigureSettings({ fontSize: 20 });
    restoreSession({ savedAt: 1, corrections: {} });
    expect(useWorkbench.getState().figureSettings.fontSize).toBe(20);
    restoreSession({ savedAt: 2, corrections: {}, figureSettings: { ...defaultFigureSettings, aspect: 2 } });
    expect(useWorkbench.getState().figureSettings).toEqual({ ...defaultFigureSettings, aspect: 2 });
  });
});
