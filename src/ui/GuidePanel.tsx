import { useEffect, useState } from 'react';
import { useWorkbench } from '../state/store.ts';
import { galleryEntry } from './gallery.ts';

/**
 * The gallery's guided steps beside the workbench (`?guide=<example>`): the current step is
 * highlighted; a step the workbench can see (a run, a frame reached) ticks itself, the others
 * are ticked with Done.
 */
export function GuidePanel() {
  const entry = galleryEntry(new URLSearchParams(location.search).get('guide'));
  // Which steps the workbench state shows as reached, as a string so the effect runs on a change only.
  const reachedNow = useWorkbench((s) =>
    entry ? entry.steps.map((step) => (step.done?.(s) ? 1 : 0)).join('') : '',
  );
  const [ticked, setTicked] = useState<Set<number>>(new Set());
  // A step stays done once reached: stepping on to the next frame does not undo it.
  useEffect(() => {
    const reached = [...reachedNow].flatMap((c, i) => (c === '1' ? [i] : []));
    if (reached.length > 0)
      setTicked((t) => (reached.every((i) => t.has(i)) ? t : new Set([...t, ...reached])));
  }, [reachedNow]);
  if (!entry) return null;
  const done = entry.steps.map((_, i) => ticked.has(i) || reachedNow[i] === '1');
  const current = done.indexOf(false);
  return (
    <section className="panel guide" aria-label="Guided steps" data-testid="guide">
      <h2>{entry.title}</h2>
      <p className="hint small">{entry.line}</p>
      <ol>
        {entry.steps.map((step, i) => (
          <li
            key={step.text}
            data-testid="guide-step"
            data-done={done[i]}
            className={i === current ? 'current' : done[i] ? 'done' : ''}
          >
            {done[i] ? '✓ ' : ''}
            {step.text}
            {i === current && !step.done ? (
              <button type="button" onClick={() => setTicked((t) => new Set([...t, i]))}>
                Done
              </button>
            ) : null}
          </li>
        ))}
      </ol>
      {current === -1 ? (
        <p data-testid="guide-complete">
          All steps done. <a href="?gallery">Back to the gallery</a>
        </p>
      ) : null}
    </section>
  );
}
