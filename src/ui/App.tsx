import { useWorkbench } from '../state/store.ts';
import { AlignmentPanel } from './AlignmentPanel.tsx';
import { DatasetSummary } from './DatasetSummary.tsx';
import { DropZone } from './DropZone.tsx';
import { ErrorList } from './ErrorList.tsx';
import { FiguresPanel } from './figures/FiguresPanel.tsx';
import { RunPanel } from './RunPanel.tsx';
import { FrameControls } from './viewer/FrameControls.tsx';
import { FrameViewer } from './viewer/FrameViewer.tsx';

/** Composes the workbench; each panel reads only the slice of the store it shows. */
export function App() {
  const hasMovie = useWorkbench((s) => s.movie !== null);
  return (
    <div className="app">
      <header className="app-header">
        <h1>Operando Workbench</h1>
        <DropZone compact={hasMovie} />
      </header>
      <ErrorList />
      <main className={hasMovie ? 'workspace' : 'workspace empty'}>
        <div className="column viewer-column">
          <FrameViewer />
          <FrameControls />
        </div>
        <div className="column side-column">
          <DatasetSummary />
          <RunPanel />
          <AlignmentPanel />
        </div>
        <div className="wide">
          <FiguresPanel />
        </div>
      </main>
    </div>
  );
}
