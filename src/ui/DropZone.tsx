import { useEffect, useRef, useState } from 'react';
import { movieController } from '../state/app-controller.ts';
import { useWorkbench } from '../state/store.ts';
import { filesFromDrop, filesFromInput } from './dropped-files.ts';

/**
 * Files can be dropped anywhere on the page or picked with the button; movie and log in
 * either order, together or one after the other.
 */
export function DropZone({ compact }: { compact: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  // React has no typed prop for the (universally supported) folder picker attribute.
  useEffect(() => folderInput.current?.setAttribute('webkitdirectory', ''), []);
  const [dragging, setDragging] = useState(false);
  const opening = useWorkbench((s) => s.opening);

  useEffect(() => {
    let depth = 0;
    const onEnter = (e: DragEvent) => {
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const onLeave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onOver = (e: DragEvent) => e.preventDefault();
    const onDrop = (e: DragEvent) => {
      e.preventDefault();
      depth = 0;
      setDragging(false);
      if (!e.dataTransfer) return;
      void filesFromDrop(e.dataTransfer).then((files) => {
        if (files.length > 0) return movieController().openFiles(files);
      });
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  return (
    <div className={compact ? 'dropzone compact' : 'dropzone'} data-testid="dropzone">
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="file-input"
        accept=".tif,.tiff,.dm3,.dm4,.csv,.tsv,.txt,.log,.dat,.mp4,.mov,.m4v,.webm,.mkv,.avi"
        onChange={(e) => {
          const files = filesFromInput(e.target.files);
          e.target.value = '';
          if (files.length > 0) void movieController().openFiles(files);
        }}
      />
      {compact ? null : (
        <p>
          Drop a movie (TIFF stack, DM3/DM4 file or folder of per-frame DM files, MP4/WebM/AVI) and the
          holder's bias/current log (CSV, TSV or text) anywhere on this page. Files stay on this computer.
        </p>
      )}
      <input
        ref={folderInput}
        type="file"
        multiple
        hidden
        data-testid="folder-input"
        onChange={(e) => {
          const files = filesFromInput(e.target.files);
          e.target.value = '';
          if (files.length > 0) void movieController().openFiles(files);
        }}
      />
      <button type="button" onClick={() => input.current?.click()}>
        Open files…
      </button>
      <button
        type="button"
        onClick={() => folderInput.current?.click()}
        title="An in-situ recording saved as a folder of per-frame DM files"
      >
        Open folder…
      </button>
      {opening.length > 0 ? <span className="hint">Opening {opening.join(', ')}…</span> : null}
      {dragging ? <div className="drop-overlay">Drop movie or log files to open them</div> : null}
    </div>
  );
}
