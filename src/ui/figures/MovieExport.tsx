import { useRef, useState } from 'react';
import { isCancelled } from '../../core/io/errors.ts';
import { fileStem } from '../../core/io/file-name.ts';
import { describeUnreadable } from '../../core/run/unreadable.ts';
import { useWorkbench } from '../../state/store.ts';
import { downloadBlob } from './exports.ts';

/** "Annotated movie" export with its progress and Cancel; the encoder module loads on first use. */
export function MovieExport() {
  const movie = useWorkbench((s) => s.movie);
  const addError = useWorkbench((s) => s.addError);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [status, setStatus] = useState('');
  const controller = useRef<AbortController | null>(null);
  if (!movie) return null;

  const start = async () => {
    controller.current = new AbortController();
    setStatus('');
    setProgress({ done: 0, total: movie.info.frameCount });
    try {
      const { exportAnnotatedMovie } = await import('./movie-export.ts');
      const result = await exportAnnotatedMovie(
        (done, total) => setProgress({ done, total }),
        controller.current.signal,
      );
      downloadBlob(result.blob, `${fileStem(movie.fileName)}-annotated.${result.extension}`);
      const damaged = result.unreadable.length;
      const note = damaged
        ? `; ${describeUnreadable(result.unreadable)}: ${damaged === 1 ? 'a black frame says' : 'black frames say'} so`
        : '';
      setStatus(`Movie exported: ${result.frames} frames (${result.extension.toUpperCase()})${note}`);
    } catch (error) {
      if (isCancelled(error)) setStatus('Movie export cancelled');
      else
        addError({
          fileName: movie.fileName,
          message: `Movie export failed: ${String((error as Error).message ?? error)}`,
        });
    } finally {
      setProgress(null);
      controller.current = null;
    }
  };

  return (
    <span className="row movie-export">
      {progress ? (
        <>
          <progress max={progress.total} value={progress.done} aria-label="Movie export progress" />
          <span data-testid="movie-export-progress">
            Encoding {progress.done} / {progress.total}
          </span>
          <button type="button" onClick={() => controller.current?.abort()}>
            Cancel export
          </button>
        </>
      ) : (
        <button type="button" onClick={() => void start()}>
          Annotated movie
        </button>
      )}
      {status ? <span data-testid="movie-export-status">{status}</span> : null}
    </span>
  );
}
