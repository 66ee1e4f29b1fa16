import { useEffect, useRef, useState } from 'react';
import { SessionError } from '../core/session/document.ts';
import {
  currentSessionDocument,
  importSessionFile,
  openRecent,
  type RecentSession,
  recentSessions,
  rememberRecent,
  reviewerLink,
  sessionFileBytes,
  sessionFileName,
  useImported,
} from '../state/session-io.ts';
import { useWorkbench } from '../state/store.ts';
import { downloadBlob } from './figures/exports.ts';

/** This page's address without fragment: where the reviewer link points (the app serves the view). */
const pageBase = () => `${location.origin}${location.pathname}`;

/**
 * Save and open session files (`.operando`), make a reviewer link, and reopen recent sessions.
 * The link is shown for copying; what it left out (outlines over 16 KB) is said next to it.
 */
export function SessionMenu() {
  const hasMovie = useWorkbench((s) => s.movie !== null);
  const analysed = useWorkbench((s) => s.results.some((r) => r !== null));
  const addError = useWorkbench((s) => s.addError);
  const input = useRef<HTMLInputElement>(null);
  const [link, setLink] = useState<{ url: string; note: string } | null>(null);
  const [recent, setRecent] = useState<RecentSession[]>([]);
  const refreshRecent = () => void recentSessions().then(setRecent);
  useEffect(refreshRecent, []);

  const save = async () => {
    const doc = await currentSessionDocument(__APP_VERSION__);
    if (!doc) return;
    const blob = new Blob([sessionFileBytes(doc)], { type: 'application/gzip' });
    downloadBlob(blob, sessionFileName(doc));
    await rememberRecent(doc, blob).catch(() => undefined);
    refreshRecent();
  };
  const makeLink = async () => {
    const doc = await currentSessionDocument(__APP_VERSION__);
    if (!doc) return;
    try {
      const made = reviewerLink(doc, pageBase());
      const kb = (made.fragment.length / 1024).toFixed(1);
      setLink({
        url: made.url,
        note:
          made.outlines === 'full'
            ? `${kb} KB, with outlines`
            : `${kb} KB; outlines left out (over 16 KB): the reviewer sees them after dropping the movie`,
      });
    } catch (error) {
      setLink(null);
      addError({
        message: error instanceof SessionError ? `No reviewer link: ${error.message}` : String(error),
      });
    }
  };

  return (
    <nav className="session-menu row" aria-label="Session">
      <input
        ref={input}
        type="file"
        hidden
        accept=".operando"
        data-testid="session-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void importSessionFile(file, file.name).then(refreshRecent);
        }}
      />
      <button type="button" onClick={() => input.current?.click()}>
        Open session…
      </button>
      <button type="button" onClick={() => void save()} disabled={!hasMovie}>
        Save session
      </button>
      <button type="button" onClick={() => void makeLink()} disabled={!analysed}>
        Reviewer link
      </button>
      {recent.length > 0 ? (
        <details className="recent-sessions">
          <summary>Recent sessions</summary>
          <ul>
            {recent.map((r) => (
              <li key={r.id}>
                <button type="button" className="link" onClick={() => void openRecent(r)}>
                  {r.name}
                </button>{' '}
                <span className="hint small">
                  {r.frames} frames · {new Date(r.savedAt).toLocaleString()}
                </span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {link ? (
        <div className="notice link-box" role="status" data-testid="reviewer-link">
          <input readOnly value={link.url} aria-label="Reviewer link" onFocus={(e) => e.target.select()} />
          <button type="button" onClick={() => void navigator.clipboard?.writeText(link.url)}>
            Copy
          </button>
          <span className="hint small">{link.note}</span>
          <button type="button" onClick={() => setLink(null)} aria-label="Close link">
            ×
          </button>
        </div>
      ) : null}
    </nav>
  );
}

/** While an opened session waits for its movie: what is shown, and which movie is asked for. */
export function SessionWaiting() {
  const session = useImported((s) => s.session);
  if (!session) return null;
  const d = session.dataset;
  return (
    <div className="notice" role="status" data-testid="session-waiting">
      <span>
        Showing the session of <strong>{d.name}</strong> ({d.frameCount} frames, saved{' '}
        {new Date(session.savedAt).toLocaleString()}) from its numbers. Drop {d.name} to see its frames and
        outlines: only the movie with the same content (fingerprint) is accepted.
      </span>
    </div>
  );
}
