import type {
  Config,
  Layout,
  PlotData,
  PlotHoverPoint,
  PlotlyHTMLElement,
} from 'plotly.js-cartesian-dist-min';
import { useEffect, useRef, useState } from 'react';

type PlotlyApi = typeof import('plotly.js-cartesian-dist-min').default;

// Plotly is ≈1 MB even as a partial bundle: load it the first time a chart is shown, from this origin.
// The bundle is UMD, so the API may arrive as the default export or as the namespace itself.
let plotlyPromise: Promise<PlotlyApi> | null = null;
export function loadPlotly(): Promise<PlotlyApi> {
  plotlyPromise ??= import('plotly.js-cartesian-dist-min').then(
    (module) => (module as unknown as { default?: PlotlyApi }).default ?? (module as unknown as PlotlyApi),
  );
  return plotlyPromise;
}

interface Props {
  data: PlotData[];
  layout: Layout;
  config?: Config;
  onHover?: (point: PlotHoverPoint) => void;
  className?: string;
  testId?: string;
  /** Written to `data-state` once the data it describes is drawn (tests wait for it). */
  drawnState?: string;
  /** Receives the plot element once drawn, for exports (Plotly.downloadImage needs it). */
  plotRef?: { current: HTMLDivElement | null };
}

/** A small wrapper around Plotly.react / Plotly.purge (react-plotly.js would pull in the full plotly.js). */
/**
 * Nothing leaves the machine: Plotly's logo link, "Edit in Chart Studio" and "Send to cloud"
 * (which offer to upload the chart to Plotly's servers) are off, whatever a figure asks for.
 */
const OFFLINE_CONFIG = {
  displaylogo: false,
  responsive: true,
  showLink: false,
  showSendToCloud: false,
  showEditInChartStudio: false,
  plotlyServerURL: '',
  modeBarButtonsToRemove: ['sendDataToCloud', 'editInChartStudio'],
};

export function PlotlyChart({
  data,
  layout,
  config,
  onHover,
  className,
  testId,
  plotRef,
  drawnState,
}: Props) {
  const root = useRef<HTMLDivElement>(null);
  const hoverRef = useRef(onHover);
  hoverRef.current = onHover;
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const [drawn, setDrawn] = useState<string | undefined>(undefined);

  useEffect(() => {
    let cancelled = false;
    const element = root.current;
    if (!element) return;
    loadPlotly()
      .then(async (Plotly) => {
        if (cancelled) return;
        const plot = await Plotly.react(element, data, layout, {
          ...config,
          ...OFFLINE_CONFIG,
        });
        if (!(plot as { __workbenchHover?: boolean }).__workbenchHover) {
          (plot as { __workbenchHover?: boolean }).__workbenchHover = true;
          (plot as PlotlyHTMLElement).on('plotly_hover', (event) => {
            const point = event.points[0];
            if (point) hoverRef.current?.(point);
          });
        }
        if (plotRef) plotRef.current = element;
        if (!cancelled) {
          setReady(true);
          setDrawn(drawnState);
        }
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [data, layout, config, plotRef, drawnState]);

  useEffect(() => {
    const element = root.current;
    return () => {
      if (element) void loadPlotly().then((Plotly) => Plotly.purge(element));
    };
  }, []);

  return (
    <div className={className} data-testid={testId} data-ready={ready ? 'true' : 'false'} data-state={drawn}>
      {error ? <p className="error-text">Plot could not be drawn: {error}</p> : null}
      <div ref={root} className="plot-root" />
    </div>
  );
}
