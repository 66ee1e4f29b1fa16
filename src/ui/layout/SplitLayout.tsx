import { type KeyboardEvent, type PointerEvent, type ReactNode, useRef, useState } from 'react';

/** Arrow keys move the divider by this fraction; Home/End go to the limits. */
const KEY_STEP = 0.02;

/**
 * Two panes side by side (`row`) or stacked (`column`) with a divider the user drags, or moves
 * with the arrow keys once focused, to give one pane more room. Each pane scrolls on its own.
 */
export function SplitLayout({
  direction,
  first,
  second,
  initial,
  min = 0.2,
  max = 0.8,
  label,
  className,
}: {
  direction: 'row' | 'column';
  first: ReactNode;
  second: ReactNode;
  /** The first pane's share of the room, 0–1. */
  initial: number;
  min?: number;
  max?: number;
  /** Names the divider for assistive technology, e.g. "Resize the frame and the plots". */
  label: string;
  className?: string;
}) {
  const [share, setShare] = useState(initial);
  const root = useRef<HTMLDivElement>(null);
  const clamp = (value: number) => Math.min(max, Math.max(min, value));

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const box = root.current?.getBoundingClientRect();
    if (!box || !e.currentTarget.hasPointerCapture(e.pointerId)) return;
    setShare(
      clamp(direction === 'row' ? (e.clientX - box.left) / box.width : (e.clientY - box.top) / box.height),
    );
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const less = direction === 'row' ? 'ArrowLeft' : 'ArrowUp';
    const more = direction === 'row' ? 'ArrowRight' : 'ArrowDown';
    const next =
      e.key === less
        ? share - KEY_STEP
        : e.key === more
          ? share + KEY_STEP
          : e.key === 'Home'
            ? min
            : e.key === 'End'
              ? max
              : null;
    if (next === null) return;
    e.preventDefault();
    setShare(clamp(next));
  };

  const tracks = `minmax(0, ${share}fr) var(--splitter) minmax(0, ${1 - share}fr)`;
  return (
    <div
      ref={root}
      className={`split split-${direction}${className ? ` ${className}` : ''}`}
      style={direction === 'row' ? { gridTemplateColumns: tracks } : { gridTemplateRows: tracks }}
    >
      <div className="split-pane">{first}</div>
      {/* biome-ignore lint/a11y/useSemanticElements: a focusable separator (window splitter) has no native element */}
      <div
        className="splitter"
        role="separator"
        tabIndex={0}
        aria-label={label}
        aria-orientation={direction === 'row' ? 'vertical' : 'horizontal'}
        aria-valuemin={Math.round(min * 100)}
        aria-valuemax={Math.round(max * 100)}
        aria-valuenow={Math.round(share * 100)}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onKeyDown={onKeyDown}
      />
      <div className="split-pane">{second}</div>
    </div>
  );
}
