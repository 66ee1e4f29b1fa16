import type { PlotHoverPoint } from 'plotly.js-cartesian-dist-min';
import { useMemo } from 'react';
import { useWorkbench } from '../../state/store.ts';
import { biasStepShapes, contactLossDecorations, phaseShapes } from '../figures/decorations.ts';
import type { FigureInputs } from '../figures/use-figure-inputs.ts';
import { useThrottled } from '../use-throttled.ts';
import { buildAreaBiasTraces } from './area-bias-traces.ts';
import { PlotlyChart } from './PlotlyChart.tsx';

/** Figure S5: area vs time with the applied bias on a second axis. Hover a point to see its frame. */
export function AreaBiasPlot({
  inputs,
  plotRef,
}: {
  inputs: FigureInputs;
  plotRef: { current: HTMLDivElement | null };
}) {
  const movie = useWorkbench((s) => s.movie);
  const results = useThrottled(
    useWorkbench((s) => s.results),
    250,
  );
  const setFrameIndex = useWorkbench((s) => s.setFrameIndex);
  const { voltage, phases, steps, losses, plotTimeS } = inputs;

  const figure = useMemo(
    () =>
      movie ? buildAreaBiasTraces(movie.info, results, voltage, plotTimeS, inputs.style.normalise) : null,
    [movie, results, voltage, plotTimeS, inputs.style],
  );
  const layout = useMemo(() => {
    if (!figure) return null;
    const contact = contactLossDecorations(losses);
    return {
      margin: { l: 70, r: 70, t: 40, b: 50 },
      font: { size: inputs.style.fontSize },
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
      shapes: [...phaseShapes(phases), ...biasStepShapes(steps), ...contact.shapes],
      annotations: contact.annotations,
      legend: { orientation: 'h', y: 1.14 },
      hovermode: 'closest',
    };
  }, [figure, voltage, phases, steps, losses, inputs.style]);

  if (!movie || !figure || !layout) return null;
  const analysed = results.some((r) => r !== null);
  const onHover = (point: PlotHoverPoint) => {
    if (typeof point.customdata === 'number') setFrameIndex(point.customdata);
  };
  return (
    <>
      {analysed ? null : <p className="hint">Run the analysis to plot the cluster area.</p>}
      <PlotlyChart
        data={figure.data}
        layout={layout}
        onHover={onHover}
        testId="area-bias-plot"
        plotRef={plotRef}
        drawnState={`${results.filter((r) => r !== null).length} analysed`}
      />
    </>
  );
}
