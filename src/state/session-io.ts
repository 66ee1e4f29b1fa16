import { create } from 'zustand';
import { fileFingerprint } from '../core/export/fingerprint.ts';
import { fileStem } from '../core/io/file-name.ts';
import { buildSessionDocument, sessionLogSeries, sessionMovieInfo } from '../core/session/build.ts';
import { decodeSessionFile, encodeSessionFile, SESSION_FILE_EXTENSION } from '../core/session/codec.ts';
import { type LoadedSession, type SessionDocument, SessionError } from '../core/session/document.ts';
import { decodeReviewerLink, encodeReviewerLink, type ReviewerLink } from '../core/session/link.ts';
import { movieController } from './app-controller.ts';
import type { Corrections } from './corrections.ts';
import { getFile } from './files.ts';
import { idbGet, idbSet } from './idb.ts';
import { useWorkbench } from './store.ts';

/**
 * Session files and reviewer links in the browser: the store's session as a document
 * (`core/session`), and a document brought back into the store. An imported session shows every
 * plot and table at once, from its numbers; its movie (for the frames and outlines) is accepted
 * only when its content fingerprint is the session's.
 */

const sha256 = (bytes: Uint8Array<ArrayBuffer>) => crypto.subtle.digest('SHA-256', bytes);

/** The imported session waiting for its movie, and where it came from. */
interface ImportState {
  session: LoadedSession | null;
  origin: 'file' | 'link' | null;
  set(session: LoadedSession | null, origin: 'file' | 'link' | null): void;
}

export const useImported = create<ImportState>()((set) => ({
  session: null,
  origin: null,
  set: (session, origin) => set({ session, origin }),
}));

/** The open session as a document; null when no movie is open or it has no fingerprint. */
export async function currentSessionDocument(app: string): Promise<SessionDocument | null> {
  const s = useWorkbench.getState();
  if (!s.movie || !s.params) return null;
  const fingerprint = s.movie.fingerprint || useImported.getState().session?.dataset.fingerprint;
  if (!fingerprint) return null;
  const series = s.log?.series;
  const logBlob = s.log && getFile(s.log.fileId);
  return buildSessionDocument({
    app,
    savedAt: Date.now(),
    movie: { name: s.movie.fileName, sizeBytes: s.movie.fileSize, fingerprint, info: s.movie.info },
    log: series && {
      series,
      fingerprint: logBlob ? await fileFingerprint(logBlob, sha256) : undefined,
      voltage: series.channels.find((c) => c.id === s.channelChoice.voltage),
      current: series.channels.find((c) => c.id === s.channelChoice.current),
    },
    alignment: s.alignment,
    params: s.params,
    runParams: s.runParams,
    object: s.params.objectPoint ?? s.object,
    corrections: s.corrections,
    results: s.results,
    figureSettings: s.figureSettings,
  });
}

export function sessionFileBytes(doc: SessionDocument): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(encodeSessionFile(doc));
}

export const sessionFileName = (doc: SessionDocument): string =>
  `${fileStem(doc.dataset.name)}${SESSION_FILE_EXTENSION}`;

/** The reviewer link for the open session, at `base` (this page's address without its fragment). */
export function reviewerLink(doc: SessionDocument, base: string): ReviewerLink & { url: string } {
  const link = encodeReviewerLink(doc);
  return { ...link, url: `${base}#${link.fragment}` };
}

/**
 * Shows `session` in the store. With its movie open (same fingerprint), the session is laid over
 * it; otherwise the movie is closed and the session's dataset stands in for it (no frames),
 * waiting for the movie to be dropped (`acceptMovie`).
 */
export function showSession(session: LoadedSession, origin: 'file' | 'link'): void {
  const store = useWorkbench.getState();
  const open = store.movie;
  const matches = open?.fingerprint === session.dataset.fingerprint;
  useImported.getState().set(matches ? null : session, matches ? null : origin);
  if (!matches) {
    movieController().closeMovie();
    store.setMovie({
      fileId: '',
      fileName: session.dataset.name,
      fileSize: session.dataset.sizeBytes,
      fingerprint: '',
      info: sessionMovieInfo(session),
    });
  }
  applySession(session);
}

/** The session's log, alignment, parameters, review, results and settings into the store. */
function applySession(session: LoadedSession): void {
  const store = useWorkbench.getState();
  const series = sessionLogSeries(session);
  if (series && store.log?.fileName !== series.name) {
    store.setLog({ fileId: '', fileName: series.name, series, columns: [] });
  }
  store.setAlignment(session.alignment);
  store.restoreSession({
    savedAt: session.savedAt,
    params: session.params,
    runParams: session.runParams,
    object: session.object,
    corrections: session.corrections as Corrections,
    results: session.results,
    figureSettings: session.figureSettings,
  });
}

/**
 * Called when a movie has been opened while an imported session waits: the session is laid
 * over it when the fingerprints match. Returns the error message when they do not.
 */
export function checkMovieForSession(fingerprint: string, name: string): string | undefined {
  const waiting = useImported.getState().session;
  if (!waiting || fingerprint === waiting.dataset.fingerprint) return undefined;
  return `${name} is not the movie of this session: its content differs from ${waiting.dataset.name} (fingerprints do not match), so its outlines would not belong to these results`;
}

/** The movie of the waiting session is open: its numbers go over it, and the outlines show. */
export function acceptMovie(): void {
  const waiting = useImported.getState().session;
  if (!waiting) return;
  useImported.getState().set(null, null);
  applySession(waiting);
  // A reviewer link too long for its outlines: the movie's own frames give them, segmented
  // with the session's parameters (the numbers are the same; the engine is deterministic).
  if (waiting.outlines === 'dropped' && waiting.results.some((r) => r !== null)) {
    useWorkbench.getState().setParams(waiting.runParams ?? waiting.params);
    void movieController().startRun();
  }
}

/** Opens a `.operando` file: refused with a message naming the file when it is not a valid session. */
export async function importSessionFile(blob: Blob, name: string): Promise<void> {
  try {
    const session = decodeSessionFile(new Uint8Array(await blob.arrayBuffer()));
    showSession(session, 'file');
    await rememberRecent(session, blob);
  } catch (error) {
    const why = error instanceof SessionError ? error.message : String(error);
    useWorkbench
      .getState()
      .addError({ fileName: name, message: `${name}: this session cannot be opened: ${why}` });
  }
}

/** Reads the reviewer link in `hash`; throws `SessionError` with the reason when it cannot. */
export function sessionFromLink(hash: string): LoadedSession {
  return decodeReviewerLink(hash);
}

/** Sessions saved or opened in this browser, newest first (at most `MAX_RECENT`). */
export interface RecentSession {
  id: string;
  name: string;
  frames: number;
  savedAt: number;
  openedAt: number;
}

const RECENT_KEY = 'recent-sessions';
const MAX_RECENT = 8;

export async function recentSessions(): Promise<RecentSession[]> {
  const list = await idbGet(RECENT_KEY).catch(() => undefined);
  return Array.isArray(list) ? (list as RecentSession[]).slice(0, MAX_RECENT) : [];
}

/** Keeps the session file's bytes in this browser so it can be opened again from the list. */
export async function rememberRecent(session: LoadedSession | SessionDocument, file: Blob): Promise<void> {
  const id = `recent:${session.dataset.fingerprint}`;
  const entry: RecentSession = {
    id,
    name: session.dataset.name,
    frames: session.dataset.frameCount,
    savedAt: session.savedAt,
    openedAt: Date.now(),
  };
  const list = (await recentSessions()).filter((r) => r.id !== id);
  await idbSet(id, file);
  await idbSet(RECENT_KEY, [entry, ...list].slice(0, MAX_RECENT));
}

export async function openRecent(entry: RecentSession): Promise<void> {
  const blob = await idbGet(entry.id);
  if (blob instanceof Blob) await importSessionFile(blob, `${entry.name} (recent session)`);
  else
    useWorkbench
      .getState()
      .addError({ message: `The recent session of ${entry.name} is no longer stored in this browser` });
}
