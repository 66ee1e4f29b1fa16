import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { SegmentParams } from '../core/analysis/params.ts';
import { defaultSegmentParams } from '../core/analysis/segment.ts';
import type { MaskEdit } from '../core/analysis/types.ts';
import { fileFingerprint } from '../core/export/fingerprint.ts';
import type { Alignment } from '../core/series/alignment.ts';
import { noAlignment } from '../core/series/alignment.ts';
import { defaultFigureSettings } from '../core/series/figure-settings.ts';
import { buildSessionDocument } from '../core/session/build.ts';
import { decodeSessionFile, encodeSessionFile } from '../core/session/codec.ts';
import { type LoadedSession, SessionError } from '../core/session/document.ts';
import { type Corrections, maskEdits, reviewLabel } from '../state/corrections.ts';
import type { AnalyzedMovie } from './analyze-movie.ts';
import { defaultChannels } from './analyze-movie.ts';
import { repoRoot } from './bundle.ts';
import { InputError } from './errors.ts';
import { openFileBlob } from './file-blob.ts';

/**
 * `analyze --session-out` and `analyze --session`: the same session document the browser saves
 * and opens (`core/session`), so a facility's bulk run can hand its results to the workbench,
 * and a session made in the browser can be run again here.
 */

const sha256 = (bytes: Uint8Array<ArrayBuffer>) => crypto.subtle.digest('SHA-256', bytes);

/** The app's version, as the browser's exports record it. */
async function appVersion(): Promise<string> {
  // `repoRoot`, not this file's folder: the built CLI runs from dist-cli/.
  const pkg = resolve(repoRoot, 'package.json');
  return (JSON.parse(await readFile(pkg, 'utf8')) as { version: string }).version;
}

/** A movie's content fingerprint; a folder recording has none the CLI can match yet. */
async function movieFingerprint(moviePath: string): Promise<string> {
  if (!(await stat(moviePath)).isFile())
    throw new InputError(
      moviePath,
      'sessions of folder recordings are not supported by the command line yet',
      'open the folder in the workbench and save the session there',
    );
  return fileFingerprint(openFileBlob(moviePath), sha256);
}

/** Reads a `.operando` file; a damaged or foreign one is an input error naming the file. */
export async function readSession(path: string): Promise<LoadedSession> {
  const bytes = await readFile(path).catch(() => {
    throw new InputError(path, 'no such file', 'check the path of the session file (.operando)');
  });
  try {
    return decodeSessionFile(new Uint8Array(bytes));
  } catch (error) {
    if (error instanceof SessionError)
      throw new InputError(
        path,
        `this session cannot be read: ${error.message}`,
        'save the session again from the workbench',
      );
    throw error;
  }
}

/** What a rerun takes from a session: parameters, the user's outline edits, alignment, review. */
export interface SessionRun {
  params: SegmentParams;
  edits?: Record<number, MaskEdit>;
  alignment: Alignment;
  corrections: Corrections;
  object: LoadedSession['object'];
}

/**
 * The run a session asks for on `moviePath`: refused unless the movie has the session's content
 * (its edits and review belong to those frames).
 */
export async function sessionRun(
  session: LoadedSession,
  moviePath: string,
  sessionPath: string,
): Promise<SessionRun> {
  const fingerprint = await movieFingerprint(moviePath);
  if (fingerprint !== session.dataset.fingerprint)
    throw new InputError(
      moviePath,
      `this is not the movie of the session ${basename(sessionPath)} (made from ${session.dataset.name}): their contents differ`,
      'give the movie the session was made from',
    );
  const corrections = session.corrections as Corrections;
  return {
    params: session.runParams ?? session.params,
    edits: maskEdits(corrections, session.results),
    alignment: session.alignment,
    corrections,
    object: session.object,
  };
}

/** The review column for the results table (rejected frames are written empty, as in the browser). */
export function reviewColumn(run: SessionRun | undefined, frames: number): string[] | undefined {
  if (!run) return undefined;
  return Array.from({ length: frames }, (_, i) => reviewLabel(run.corrections[i]));
}

/** Writes the analysis as a session file the workbench opens (with all its plots and tables). */
export async function writeSession(
  path: string,
  moviePath: string,
  analysed: AnalyzedMovie,
  run: SessionRun | undefined,
  logPath: string | undefined,
): Promise<void> {
  const { voltage, current } = defaultChannels(analysed.log);
  const params = run?.params ?? defaultSegmentParams;
  const doc = buildSessionDocument({
    app: await appVersion(),
    savedAt: Date.now(),
    movie: {
      name: basename(moviePath),
      sizeBytes: (await stat(moviePath)).size,
      fingerprint: await movieFingerprint(moviePath),
      info: analysed.info,
    },
    log: analysed.log && {
      series: analysed.log,
      fingerprint: logPath ? await fileFingerprint(openFileBlob(logPath), sha256) : undefined,
      voltage,
      current,
    },
    alignment: run?.alignment ?? noAlignment,
    params,
    runParams: params,
    object: run?.object ?? null,
    corrections: run?.corrections ?? {},
    results: analysed.results,
    figureSettings: { ...defaultFigureSettings },
  });
  await writeFile(path, encodeSessionFile(doc));
}
