import { useEffect } from 'react';
import { startAutosave } from '../state/autosave.ts';
import { startLivePreview } from '../state/preview.ts';
import { useWorkbench } from '../state/store.ts';
import { AlignmentPanel } from './AlignmentPanel.tsx';
import { DatasetSummary } from './DatasetSummary.tsx';
import { DropZone } from './DropZone.tsx';
import { ErrorList } from './ErrorList.tsx';
import { ExamplePicker } from './ExamplePicker.tsx';
import { FiguresPanel } from './figures/FiguresPanel.tsx';
import { GuidePanel } from './GuidePanel.tsx';
import { LogPairingDialog } from './LogPairingDialog.tsx';
import { Collapsible, Workspace } from './layout/Workspace.tsx';
import { RestoreNotice } from './RestoreNotice.tsx';
import { ReviewPanel } from './ReviewPanel.tsx';
import { RunPanel } from './RunPanel.tsx';
import { SessionMenu, SessionWaiting } from './SessionMenu.tsx';
import { FrameControls } from './viewer/FrameControls.tsx';
import { FrameViewer } from './viewer/FrameViewer.tsx';
import { PinnedPreviews } from './viewer/PinnedPreviews.tsx';
import { ViewerTools } from './viewer/ViewerTools.tsx';

/** Composes the workbench; each panel reads only the slice of the store it shows. */
export function App() {
  const hasMovie = useWorkbench((s) => s.movie !== null);
  // An imported session shows its plots and tables before its movie is dropped.
  const hasFiles = useWorkbench(
    (s) => s.movie !== null || s.log !== null || s.results.some((r) => r !== null),
  );
  // Background services that follow the store: autosave per movie, and the live tuning preview.
  useEffect(() => {
    const stopAutosave = startAutosave();
    const stopPreview = startLivePreview();
    return () => {
      stopAutosave();
      stopPreview();
    };
  }, []);
  return (
    <div className="app">
      <header className="app-header">
        <h1>Operando Workbench</h1>
        <DropZone compact={hasMovie} />
        <ExamplePicker />
        <SessionMenu />
      </header>
      <ErrorList />
      <RestoreNotice />
      <SessionWaiting />
      <GuidePanel />
      <LogPairingDialog />
      {hasFiles ? (
        <main className="main">
          <Workspace
            viewer={
              hasMovie ? (
                <>
                  <FrameViewer />
                  <FrameControls />
                  <ViewerTools />
                  <PinnedPreviews />
                </>
              ) : (
                <p className="hint">Drop a movie to see its frames beside the plots.</p>
              )
            }
            figures={<FiguresPanel />}
            panels={
              <>
                <Collapsible title="Dataset">
                  <DatasetSummary />
                </Collapsible>
                <Collapsible title="Segmentation">
                  <RunPanel />
                </Collapsible>
                <Collapsible title="Review">
                  <ReviewPanel />
                </Collapsible>
                <Collapsible title="Time alignment">
                  <AlignmentPanel />
                </Collapsible>
              </>
            }
          />
        </main>
      ) : null}
    </div>
  );
}
