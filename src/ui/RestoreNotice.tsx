import { movieController } from '../state/app-controller.ts';
import { startFresh } from '../state/autosave.ts';
import { framesLeft, restoredRunText, resumeLabel } from '../state/run-resume.ts';
import { useWorkbench } from '../state/store.ts';

/**
 * Says that the open movie's saved session came back, with a way to discard it; when it holds
 * an unfinished run, how far that run got, and a way to analyse only the frames left.
 */
export function RestoreNotice() {
  const restoredAt = useWorkbench((s) => s.restoredAt);
  const restoredRun = useWorkbench((s) => s.restoredRun);
  const left = useWorkbench(framesLeft);
  const dismiss = useWorkbench((s) => s.dismissRestored);
  if (restoredAt === null) return null;
  const when = new Date(restoredAt).toLocaleString();
  return (
    <div className="notice" role="status" data-testid="restore-notice">
      <span>
        {restoredRun
          ? `${restoredRunText(restoredRun.analysed, restoredRun.total, restoredRun.interrupted)} (saved ${when}).`
          : `Restored your corrections from ${when}.`}
      </span>
      <span className="row">
        {restoredRun && left !== null ? (
          <button type="button" className="primary" onClick={() => void movieController().resumeRun()}>
            {resumeLabel(left)}
          </button>
        ) : null}
        <button type="button" onClick={() => void startFresh()}>
          Start fresh
        </button>
        <button type="button" onClick={dismiss} aria-label="Dismiss notice">
          ×
        </button>
      </span>
    </div>
  );
}
