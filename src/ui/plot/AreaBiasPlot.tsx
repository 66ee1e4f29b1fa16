import type { PlotHoverPoint } from 'plotly.js-cartesian-dist-min';
import { useMemo } from 'react';
import { useWorkbench } from '../../state/store.ts';
import { useThrottled } from '../use-throttled.ts';
import { buildAreaBiasTraces } from './area-bias-traces.ts';
import { PlotlyChart } from './PlotlyChart.tsx';

/** Figure S5: area vs time with the applied bias on a second axis. Hover a point to see its frame. */
export function AreaBiasPlot() {
  const movie = useWorkbench((s) => s.movie);
  const results = useThrottled(
    useWorkbench((s) => s.results),
    250,
  );
  const log = useWorkbench((s) => s.log);
  const voltageId = useWorkbench((s) => s.channelChoice.voltage);
  const setFrameIndex = useWorkbench((s) => s.setFrameIndex);

  const voltage = log?.series.channels.find((c) => c.id === voltageId);
  const figure = useMemo(
    () => (movie ? buildAreaBiasTraces(movie.info, results, log?.series ?? null, voltage) : null),
    [movie, results, log, voltage],
  );
  const layout = useMemo(
    () =>
      figure && {
        margin: { l: 70, r: 70, t: 30, b: 50 },
        height: 340,
        xaxis: { title: { text: figure.timeKnown ? 'Time (s)' : 'Frame' }, zeroline: false },
        yaxis: { title: { text: `Cluster area (${figure.areaUnit})` }, rangemode: 'tozero' },
        yaxis2: {
          title: { text: `Bias (${voltage?.unit ?? 'V'})`, font: { color: '#c92a2a' } },
          overlaying: 'y',
          side: 'right',
          tickmode: 'auto',
          zeroline: true,
          zerolinecolor: '#e8b4b4',
          showgrid: false,
          tickfont: { color: '#c92a2a' },
          visible: voltage !== undefined,
        },
        legend: { orientation: 'h', y: 1.12 },
        hovermode: 'closest',
      },
    [figure, voltage],
  );

  if (!movie || !figure || !layout) return null;
  const analysed = results.some((r) => r !== null);
  const onHover = (point: PlotHoverPoint) => {
    if (typeof point.customdata === 'number') setFrameIndex(point.customdata);
  };
  return (
    <section className="panel plot-panel" aria-label="Area and bias plot">
      <h2>Area and bias vs time (S5)</h2>
      {analysed ? null : <p className="hint">Run the analysis to plot the cluster area.</p>}
      <PlotlyChart data={figure.data} layout={layout} onHover={onHover} testId="area-bias-plot" />
    </section>
  );
}
