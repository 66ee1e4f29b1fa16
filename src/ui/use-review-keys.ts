import { useEffect, useRef } from 'react';

/** What the review keys do; an action that can't run now is undefined. */
export interface ReviewKeyActions {
  /** ← / →: the previous or next frame. */
  step(delta: -1 | 1): void;
  /** [ / ]: the previous or next flagged frame. */
  previousFlagged?: () => void;
  nextFlagged?: () => void;
  /** A, R: accept or reject the frame (pressed again: undo). */
  accept?: () => void;
  reject?: () => void;
  /** E: start or stop editing the outline. */
  edit?: () => void;
}

function actionFor(key: string, a: ReviewKeyActions): (() => void) | undefined {
  switch (key) {
    case 'ArrowLeft':
      return () => a.step(-1);
    case 'ArrowRight':
      return () => a.step(1);
    case '[':
      return a.previousFlagged;
    case ']':
      return a.nextFlagged;
    case 'a':
      return a.accept;
    case 'r':
      return a.reject;
    case 'e':
      return a.edit;
    default:
      return undefined;
  }
}

/** Keys typed into a field belong to the field. */
function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName);
}

/**
 * Keyboard review: a reviewer walking through hundreds of frames keeps one hand on the keys
 * instead of moving between buttons. Listens on the window while `enabled`; the latest
 * `actions` are used without re-registering on every render.
 */
export function useReviewKeys(actions: ReviewKeyActions, enabled: boolean): void {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typingInField(event.target)) return;
      const action = actionFor(event.key, latest.current);
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
