import { useMemo, useState } from 'react';
import { canEditOutline } from '../core/analysis/types.ts';
import { flagCounts, flaggedFrames, reviewLabel } from '../state/corrections.ts';
import { revertEdit } from '../state/edit-controller.ts';
import { useWorkbench } from '../state/store.ts';
import { formatArea } from './format-area.ts';
import { useReviewKeys } from './use-review-keys.ts';

/**
 * Review after a run: step through the frames the analysis flagged, accept or reject each
 * (rejected frames are left out of the plots, figures and exports), or correct its outline with
 * the brush. Works on any frame, flagged or not.
 */
export function ReviewPanel() {
  const movie = useWorkbench((s) => s.movie);
  const results = useWorkbench((s) => s.results);
  const corrections = useWorkbench((s) => s.corrections);
  const frameIndex = useWorkbench((s) => s.frameIndex);
  const running = useWorkbench((s) => s.runStatus === 'running');
  const editing = useWorkbench((s) => s.brush.target === 'outline');
  const { setFrameIndex, setCorrection, setBrush } = useWorkbench.getState();
  const flagged = useMemo(() => flaggedFrames(results), [results]);
  const counts = useMemo(() => Object.entries(flagCounts(results)), [results]);
  const [skipReviewed, setSkipReviewed] = useState(false);

  const visible = movie !== null && !running && results.some((r) => r !== null);
  const result = results[frameIndex] ?? null;
  const editable = result !== null && canEditOutline(result.quality);
  const correction = corrections[frameIndex];
  const label = reviewLabel(correction, result);
  const isReviewed = (f: number) => Boolean(corrections[f]?.status || corrections[f]?.edit);
  // With "skip reviewed", stepping visits only the flagged frames still waiting for a decision.
  const steps = skipReviewed ? flagged.filter((f) => !isReviewed(f)) : flagged;
  const previous = steps.filter((f) => f < frameIndex).at(-1);
  const next = steps.find((f) => f > frameIndex);
  const reviewed = flagged.filter(isReviewed).length;
  const calibrated = movie?.info.calibration?.pixelSizeNm !== undefined;
  const status = correction?.status;
  const toggle = (value: 'accepted' | 'rejected') =>
    setCorrection(frameIndex, { status: status === value ? undefined : value });
  const last = (movie?.info.frameCount ?? 1) - 1;
  useReviewKeys(
    {
      step: (delta) => setFrameIndex(Math.min(last, Math.max(0, frameIndex + delta))),
      previousFlagged: previous !== undefined ? () => setFrameIndex(previous) : undefined,
      nextFlagged: next !== undefined ? () => setFrameIndex(next) : undefined,
      accept: result ? () => toggle('accepted') : undefined,
      reject: result ? () => toggle('rejected') : undefined,
      edit: editable ? () => setBrush({ target: editing ? 'off' : 'outline' }) : undefined,
    },
    visible,
  );
  if (!movie || !visible) return null;

  return (
    <section className="panel review-panel" aria-label="Review">
      <h2>Review</h2>
      <p data-testid="flag-counts">
        {flagged.length === 0
          ? 'No frame is flagged. You can still accept, reject or edit any frame.'
          : `${flagged.length} flagged frame${flagged.length === 1 ? '' : 's'}: ${counts
              .map(([flag, n]) => `${n} ${flag}`)
              .join(', ')} · ${reviewed} reviewed`}
      </p>
      <div className="row">
        <button
          type="button"
          onClick={() => previous !== undefined && setFrameIndex(previous)}
          disabled={previous === undefined}
        >
          ◀ Previous flagged
        </button>
        <button
          type="button"
          onClick={() => next !== undefined && setFrameIndex(next)}
          disabled={next === undefined}
        >
          Next flagged ▶
        </button>
        <label title="Previous and Next go only to flagged frames not yet accepted, rejected or edited">
          <input type="checkbox" checked={skipReviewed} onChange={(e) => setSkipReviewed(e.target.checked)} />
          Skip reviewed
        </label>
      </div>
      <p className="review-current" data-testid="review-current" data-review={label}>
        <strong>Frame {frameIndex}</strong>
        {result ? ` · ${result.quality} · ${formatArea(result, calibrated)}` : ' · not analysed'}
        {label ? (
          <span className={`review-badge ${label}`} data-testid="review-label">
            {label}
          </span>
        ) : null}
      </p>
      <fieldset className="row plain" aria-label="Review of this frame">
        <button
          type="button"
          className={status === 'accepted' ? 'accept pressed' : 'accept'}
          aria-pressed={status === 'accepted'}
          disabled={!result}
          onClick={() => toggle('accepted')}
        >
          Accept
        </button>
        <button
          type="button"
          className={status === 'rejected' ? 'reject pressed' : 'reject'}
          aria-pressed={status === 'rejected'}
          disabled={!result}
          onClick={() => toggle('rejected')}
        >
          Reject
        </button>
        <button
          type="button"
          aria-pressed={editing}
          disabled={!editable}
          title={
            result && !editable ? 'This frame could not be read: there is no picture to paint on' : undefined
          }
          onClick={() => setBrush({ target: editing ? 'off' : 'outline' })}
        >
          {editing ? 'Done editing' : 'Edit outline'}
        </button>
        {correction?.edit ? (
          <button type="button" onClick={() => void revertEdit(frameIndex)}>
            Remove edit
          </button>
        ) : null}
      </fieldset>
      <p className="hint small">
        Rejected frames are left out of the plots, figures and the annotated movie, and marked in the results
        CSV. Corrections are kept when you run the analysis again, and saved in this browser.
      </p>
      <p className="hint small" data-testid="review-keys">
        Keys: ← → frame · [ ] flagged frame · A accept · R reject · E edit outline
      </p>
    </section>
  );
}
