import { movieController } from '../state/app-controller.ts';
import { framesLeft, resumeLabel } from '../state/run-resume.ts';
import { useWorkbench } from '../state/store.ts';
import { ParamsForm } from './ParamsForm.tsx';

/** Run the segmentation on every frame, with progress and Cancel. */
export function RunPanel() {
  const movie = useWorkbench((s) => s.movie);
  const status = useWorkbench((s) => s.runStatus);
  const progress = useWorkbench((s) => s.progress);
  const message = useWorkbench((s) => s.runMessage);
  const left = useWorkbench(framesLeft);
  // A restored unfinished run is offered in the restore notice; one Resume button on screen.
  const noticeOffersResume = useWorkbench((s) => s.restoredAt !== null && s.restoredRun !== null);
  if (!movie) return null;
  const running = status === 'running';
  const percent = progress.total > 0 ? Math.round((100 * progress.done) / progress.total) : 0;

  return (
    <section className="panel run-panel" aria-label="Analysis">
      <h2>Segmentation</h2>
      <ParamsForm disabled={running} />
      <div className="row">
        <button
          type="button"
          className="primary"
          onClick={() => void movieController().startRun()}
          disabled={running}
        >
          {status === 'done' ? 'Run again' : 'Run analysis'}
        </button>
        {left !== null && !noticeOffersResume ? (
          <button type="button" onClick={() => void movieController().resumeRun()}>
            {resumeLabel(left)}
          </button>
        ) : null}
        {running ? (
          <button type="button" onClick={() => movieController().cancelRun()}>
            Cancel
          </button>
        ) : null}
      </div>
      {status !== 'idle' ? (
        <div className="progress" data-testid="run-progress">
          <progress max={progress.total} value={progress.done} aria-label="Analysis progress" />
          <span data-testid="run-status">
            {running ? `Analysing… ${progress.done} / ${progress.total} frames (${percent} %)` : message}
          </span>
        </div>
      ) : null}
    </section>
  );
}
