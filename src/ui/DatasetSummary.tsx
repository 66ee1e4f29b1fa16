import type { Calibration } from '../core/io/types.ts';
import { formatQuantity, formatSeconds } from '../core/series/number-format.ts';
import { useWorkbench } from '../state/store.ts';
import { LogColumns } from './LogColumns.tsx';
import { MetadataPanel } from './MetadataPanel.tsx';

/** Pixel size in the unit a TEM user reads (nm below 1 µm), else in the file's own unit. */
function formatPixelSize(cal: Calibration): string {
  if (cal.pixelSizeNm !== undefined) {
    return cal.pixelSizeNm < 1000
      ? formatQuantity(cal.pixelSizeNm, 'nm')
      : formatQuantity(cal.pixelSizeNm / 1000, 'µm');
  }
  return formatQuantity(cal.pixelSizeX, cal.unit);
}

function formatBytes(n: number): string {
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** What is open: movie geometry and calibration, log channels and the bias/current choice. */
export function DatasetSummary() {
  const movie = useWorkbench((s) => s.movie);
  const log = useWorkbench((s) => s.log);
  const choice = useWorkbench((s) => s.channelChoice);
  const setChoice = useWorkbench((s) => s.setChannelChoice);
  if (!movie && !log) return null;
  const cal = movie?.info.calibration;
  return (
    <section className="panel dataset" aria-label="Dataset">
      {movie ? (
        <div data-testid="movie-summary">
          <h2>{movie.fileName}</h2>
          <p>
            {movie.info.width} × {movie.info.height} px, {movie.info.frameCount} frames, {movie.info.dtype},{' '}
            {formatBytes(movie.fileSize)}
            <br />
            {cal ? `Pixel size ${formatPixelSize(cal)}` : 'No spatial calibration in the file'}
            {movie.info.frameIntervalS ? ` · ${movie.info.frameIntervalS} s per frame` : ''}
          </p>
          <MetadataPanel info={movie.info} />
        </div>
      ) : null}
      {log ? (
        <div data-testid="log-summary">
          <h2>{log.fileName}</h2>
          <p>
            {log.series.timeS.length} samples over {formatSeconds(log.series.timeS.at(-1) ?? 0)}
            {log.series.startClock ? `, started ${log.series.startClock}` : ''}
          </p>
          <p className="pairing" data-testid="log-pairing">
            {movie ? (
              <>
                Paired with the movie <strong>{movie.fileName}</strong>
              </>
            ) : (
              'No movie yet: the log will be paired with the next movie you open.'
            )}
          </p>
          {log.series.warnings?.length ? (
            // Shown here, not in the collapsed column panel: the plots lack these rows.
            <ul className="log-warnings" data-testid="log-warnings">
              {log.series.warnings.map((warning) => (
                <li key={warning}>
                  {log.fileName}: {warning}
                </li>
              ))}
            </ul>
          ) : null}
          <div className="row">
            <label>
              Bias
              <select
                value={choice.voltage ?? ''}
                onChange={(e) => setChoice({ voltage: e.target.value || undefined })}
                aria-label="Bias channel"
              >
                <option value="">none</option>
                {log.series.channels.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.column} ({c.unit})
                  </option>
                ))}
              </select>
            </label>
            <label>
              Current
              <select
                value={choice.current ?? ''}
                onChange={(e) => setChoice({ current: e.target.value || undefined })}
                aria-label="Current channel"
              >
                <option value="">none</option>
                {log.series.channels.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.column} ({c.unit})
                  </option>
                ))}
              </select>
            </label>
          </div>
          <LogColumns />
        </div>
      ) : (
        <p className="hint">No bias/current log yet: drop one to plot the bias beside the area.</p>
      )}
    </section>
  );
}
