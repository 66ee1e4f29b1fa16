import { useEffect, useMemo, useState } from 'react';
import { type LogTimeS, type MovieTimeS, toLogTime } from '../core/series/alignment.ts';
import { FRAME_NUMBERING } from '../core/series/frame-number.ts';
import { sampleAt } from '../core/series/interpolate.ts';
import { formatQuantity } from '../core/series/number-format.ts';
import { frameTimeBase, frameTimeLabel } from '../core/series/time-base.ts';
import type { LoadedSession } from '../core/session/document.ts';
import { movieController } from '../state/app-controller.ts';
import { reviewLabel } from '../state/corrections.ts';
import { movieFingerprint } from '../state/movie-controller.ts';
import { sessionFromLink, showSession, useImported } from '../state/session-io.ts';
import { useWorkbench } from '../state/store.ts';
import { DropZone } from './DropZone.tsx';
import { ErrorList } from './ErrorList.tsx';
import { examples } from './example.ts';
import { FiguresPanel } from './figures/FiguresPanel.tsx';
import { formatArea } from './format-area.ts';
import { FrameControls } from './viewer/FrameControls.tsx';
import { FrameViewer } from './viewer/FrameViewer.tsx';

/** True when the page was opened from a reviewer link (`#review=…`). */
export const isReviewerLink = (): boolean => location.hash.startsWith('#review=');

/**
 * A bundled example's movie when the session is of one (same name and content): opened as if
 * the reviewer had dropped it. Examples share file names, so the content decides.
 */
async function openBundledMovie(session: LoadedSession): Promise<void> {
  const { name, fingerprint } = session.dataset;
  for (const example of examples) {
    const base = `${import.meta.env.BASE_URL}${example.dir}`;
    const manifest = await fetch(`${base}manifest.json`).then((r) => (r.ok ? r.json() : null));
    if (!(manifest as { files?: string[] } | null)?.files?.includes(name)) continue;
    const file = await fetch(`${base}${encodeURIComponent(name)}`);
    if (!file.ok) continue;
    const blob = await file.blob();
    if ((await movieFingerprint({ kind: 'file', blob, name })) !== fingerprint) continue;
    await movieController().openFiles([{ blob, name }]);
    return;
  }
}

/**
 * The read-only view a reviewer link opens: every figure, the per-frame table and the
 * parameters, from the numbers in the link; no controls that change the analysis. Dropping the
 * same movie (fingerprint checked), or the session being of a bundled example, adds the frames
 * with their outlines.
 */
export function ReviewerView() {
  const [failure, setFailure] = useState<string | null>(null);
  const [session, setSession] = useState<LoadedSession | null>(null);
  const waiting = useImported((s) => s.session !== null);
  const movieOpen = useWorkbench((s) => s.movie?.fingerprint !== '' && s.movie !== null);

  useEffect(() => {
    try {
      const loaded = sessionFromLink(location.hash);
      setSession(loaded);
      showSession(loaded, 'link');
      void openBundledMovie(loaded).catch(() => undefined);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  }, []);

  return (
    <div className="app reviewer">
      <header className="app-header">
        <h1>Operando Workbench · reviewer view</h1>
        <span className="hint">
          Read-only: the authors' results as they saw them. Nothing leaves this computer.
        </span>
      </header>
      <ErrorList />
      {failure ? (
        <div className="notice error" role="alert" data-testid="link-error">
          This reviewer link cannot be opened: {failure}. Ask the authors for the session file (.operando), or
          for the link again (it may have been cut or changed when it was copied).
        </div>
      ) : null}
      {session ? (
        <main className="reviewer-main">
          <DatasetIdentity session={session} />
          {waiting ? (
            <div className="notice" role="status" data-testid="reviewer-drop">
              <span>
                Drop <strong>{session.dataset.name}</strong> on this page to see the outline on every frame
                (only the same movie, by content, is accepted).
              </span>
              <DropZone compact />
            </div>
          ) : null}
          {movieOpen ? (
            <section className="panel" aria-label="Frames">
              <FrameViewer />
              <FrameControls />
            </section>
          ) : null}
          <FiguresPanel />
          <ResultsTable />
          <ParametersTable session={session} />
        </main>
      ) : null}
    </div>
  );
}

function DatasetIdentity({ session }: { session: LoadedSession }) {
  const d = session.dataset;
  return (
    <section className="panel" aria-label="Dataset" data-testid="reviewer-dataset">
      <h2>{d.name}</h2>
      <p>
        {d.width} × {d.height} px, {d.frameCount} frames, {d.format}, {d.sizeBytes.toLocaleString()} bytes
        {d.pixelSizeNm ? `, ${d.pixelSizeNm} nm/px` : ', uncalibrated'}
        {session.log ? ` · log ${session.log.name}` : ' · no log'}
      </p>
      <p className="hint small">
        Fingerprint {d.fingerprint} · session saved {new Date(session.savedAt).toLocaleString()} by Operando
        Workbench {session.app}
        {session.outlines === 'dropped'
          ? ' · outlines not in the link (too long): drop the movie to see them'
          : ''}
      </p>
    </section>
  );
}

/** Time, area ± σ, flag, review, bias and current per frame: what the plots show, as numbers. */
function ResultsTable() {
  const movie = useWorkbench((s) => s.movie);
  const results = useWorkbench((s) => s.results);
  const corrections = useWorkbench((s) => s.corrections);
  const log = useWorkbench((s) => s.log);
  const choice = useWorkbench((s) => s.channelChoice);
  const alignment = useWorkbench((s) => s.alignment);
  const rows = useMemo(() => {
    if (!movie) return [];
    const base = frameTimeBase(movie.info);
    const series = log?.series;
    const channel = (id?: string) => series?.channels.find((c) => c.id === id);
    const at = (id: string | undefined, i: number) => {
      const c = channel(id);
      if (!series || !c || base.unit !== 's') return '';
      const v = sampleAt(
        series.timeS,
        c.values,
        toLogTime(base.values[i] as MovieTimeS, alignment) as LogTimeS,
      );
      return Number.isFinite(v) ? formatQuantity(v, c.unit) : '';
    };
    return results.map((r, i) => ({
      frame: i,
      time: frameTimeLabel(base, i),
      area: r ? formatArea(r, movie.info.calibration?.pixelSizeNm !== undefined) : 'not analysed',
      flag: r?.quality ?? '',
      review: reviewLabel(corrections[i], r),
      bias: at(choice.voltage, i),
      current: at(choice.current, i),
    }));
  }, [movie, results, corrections, log, choice, alignment]);
  return (
    <section className="panel" aria-label="Results table">
      <h2>Per-frame results</h2>
      <div className="table-scroll">
        <table data-testid="reviewer-table">
          <thead>
            <tr>
              <th title={FRAME_NUMBERING}>Frame</th>
              <th>Time</th>
              <th>Area ± σ</th>
              <th>Flag</th>
              <th>Review</th>
              <th>Bias</th>
              <th>Current</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.frame}>
                <td>{r.frame}</td>
                <td>{r.time}</td>
                <td>{r.area}</td>
                <td>{r.flag}</td>
                <td>{r.review}</td>
                <td>{r.bias}</td>
                <td>{r.current}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ParametersTable({ session }: { session: LoadedSession }) {
  const params = session.runParams ?? session.params;
  return (
    <section className="panel" aria-label="Parameters">
      <h2>Segmentation parameters of the run</h2>
      <table data-testid="reviewer-params">
        <tbody>
          {Object.entries(params).map(([key, value]) => (
            <tr key={key}>
              <th>{key}</th>
              <td>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</td>
            </tr>
          ))}
          <tr>
            <th>time alignment</th>
            <td>
              log time = {session.alignment.offsetS} s + {session.alignment.rate} × movie time (
              {session.alignment.source})
            </td>
          </tr>
          <tr>
            <th>chosen object</th>
            <td>{session.object ? `(${session.object.x}, ${session.object.y}) px` : 'none'}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
