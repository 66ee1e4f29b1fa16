import { startFresh } from '../state/autosave.ts';
import { useWorkbench } from '../state/store.ts';

/** Says that the open movie's saved session came back, with a way to discard it. */
export function RestoreNotice() {
  const restoredAt = useWorkbench((s) => s.restoredAt);
  const dismiss = useWorkbench((s) => s.dismissRestored);
  if (restoredAt === null) return null;
  return (
    <div className="notice" role="status" data-testid="restore-notice">
      <span>Restored your corrections from {new Date(restoredAt).toLocaleString()}.</span>
      <span className="row">
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
