import type { MovieInfo } from '../core/run/frame-service.ts';

function show(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toPrecision(6);
  return String(value);
}

/**
 * What the file says about itself: the normalised fields first, then every raw tag as the file
 * stores it (the DM tag tree, TIFF tags), for checking what the reader made of them.
 */
export function MetadataPanel({ info }: { info: MovieInfo }) {
  const normalised = Object.entries(info.metadata).filter(([, v]) => v !== undefined && v !== '');
  const cal = info.calibration;
  return (
    <details className="metadata" data-testid="metadata-panel">
      <summary>Metadata</summary>
      <dl>
        <dt>Format</dt>
        <dd>{info.formatId}</dd>
        {cal ? (
          <>
            <dt>Pixel size</dt>
            <dd>
              {show(cal.pixelSizeX)} × {show(cal.pixelSizeY)} {cal.unit}
            </dd>
          </>
        ) : null}
        {normalised.map(([key, value]) => (
          <FragmentRow key={key} label={key} value={show(value)} />
        ))}
      </dl>
      <details>
        <summary>All tags as stored in the file</summary>
        <pre data-testid="original-metadata">{JSON.stringify(info.originalMetadata, null, 2)}</pre>
      </details>
    </details>
  );
}

function FragmentRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}
