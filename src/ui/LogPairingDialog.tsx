import { useEffect, useRef } from 'react';
import { useLogPairing } from '../state/log-pairing.ts';

/**
 * "Keep the log with the new movie?" A modal <dialog>: focus moves into it (on Keep), Tab stays
 * inside, Escape keeps the log (the choice that loses nothing), Enter answers the focused button.
 */
export function LogPairingDialog() {
  const question = useLogPairing((s) => s.question);
  const answer = useLogPairing((s) => s.answer);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (question && !element.open) element.showModal();
    if (!question && element.open) element.close();
  }, [question]);

  return (
    <dialog
      ref={dialog}
      className="log-pairing"
      data-testid="log-pairing-dialog"
      aria-labelledby="log-pairing-title"
      aria-describedby="log-pairing-text"
      onCancel={(e) => {
        e.preventDefault();
        answer(true);
      }}
    >
      {question ? (
        <>
          <h2 id="log-pairing-title">Keep the log with the new movie?</h2>
          <p id="log-pairing-text">
            <strong>{question.logName}</strong> was loaded with the previous movie. Is it the bias/current log
            of <strong>{question.movieName}</strong> too?
          </p>
          <div className="row">
            {/* biome-ignore lint/a11y/noAutofocus: a modal dialog must put focus on its default answer */}
            <button type="button" className="primary" autoFocus onClick={() => answer(true)}>
              Keep {question.logName}
            </button>
            <button type="button" onClick={() => answer(false)}>
              Remove the log
            </button>
          </div>
        </>
      ) : null}
    </dialog>
  );
}
