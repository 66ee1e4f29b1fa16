import { parseArgs } from 'node:util';
import { buildSessionDocument, sessionMovieInfo } from '../core/session/build.ts';
import { encodeReviewerLink, LinkTooLongError } from '../core/session/link.ts';
import { EXIT, InputError } from './errors.ts';
import { readSession } from './session.ts';
import { LINK_USAGE } from './usage.ts';

/** `operando link`: the reviewer link of a session file, printed for mail (a bulk run can send one per movie). */

export const DEFAULT_LINK_BASE = 'http://127.0.0.1:5173/';

export async function link(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { base: { type: 'string' } },
  });
  const path = positionals[0];
  if (!path || positionals.length > 1) {
    process.stderr.write(`Usage:\n${LINK_USAGE}\n`);
    return EXIT.usage;
  }
  const base = values.base ?? DEFAULT_LINK_BASE;
  if (!/^https?:\/\//.test(base) || base.includes('#'))
    throw new InputError(
      base,
      'the base is not a web address',
      'give the address the workbench is served at, e.g. https://lab.example.org/operando/',
    );
  const session = await readSession(path);
  // Rebuilt as a document: the link carries what the session holds, validated on the way in.
  const doc = buildSessionDocument({
    app: session.app,
    savedAt: session.savedAt,
    movie: {
      name: session.dataset.name,
      sizeBytes: session.dataset.sizeBytes,
      fingerprint: session.dataset.fingerprint,
      info: sessionMovieInfo(session),
    },
    alignment: session.alignment,
    params: session.params,
    runParams: session.runParams,
    object: session.object,
    corrections: session.corrections,
    results: session.results,
    figureSettings: session.figureSettings,
  });
  if (session.log) doc.log = session.log;
  try {
    const made = encodeReviewerLink(doc);
    process.stdout.write(`${base}#${made.fragment}\n`);
    process.stderr.write(
      `${made.fragment.length} characters${made.outlines === 'dropped' ? '; outlines left out (over 16 KB): the reviewer sees them after opening the movie' : ', with outlines'}\n`,
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof LinkTooLongError)
      throw new InputError(path, error.message, 'send the session file itself');
    throw error;
  }
}
