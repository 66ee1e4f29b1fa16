import type { ReactNode } from 'react';
import { SplitLayout } from './SplitLayout.tsx';
import './layout.css';

/**
 * The workbench's screen: the frame viewer on the left; the figures above the side panels on the
 * right. It fills the window below the header, so the frame, the plot and the frame's numbers are
 * seen together without scrolling the page; both dividers can be dragged. A read-only reviewer
 * view can pass other panels (or none).
 */
export function Workspace({
  viewer,
  figures,
  panels,
}: {
  viewer: ReactNode;
  figures: ReactNode;
  panels: ReactNode;
}) {
  return (
    <SplitLayout
      direction="row"
      className="workspace"
      label="Resize the frame viewer and the plots"
      initial={0.44}
      min={0.25}
      max={0.75}
      first={<div className="viewer-pane">{viewer}</div>}
      second={
        <SplitLayout
          direction="column"
          label="Resize the plots and the panels below them"
          initial={0.6}
          min={0.15}
          max={0.9}
          first={<div className="figures-pane">{figures}</div>}
          second={<div className="side-panels">{panels}</div>}
        />
      }
    />
  );
}

/**
 * A side panel the user can fold away. Hidden altogether while its content renders nothing
 * (e.g. Review before a run), so an empty title never shows.
 */
export function Collapsible({ title, children }: { title: string; children: ReactNode }) {
  return (
    <details className="collapsible" open>
      <summary>{title}</summary>
      {children}
    </details>
  );
}
