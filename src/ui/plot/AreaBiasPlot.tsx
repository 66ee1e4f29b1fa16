import type { PlotHoverPoint } from 'plotly.js-cartesian-dist-min';
import { useMemo } from 'react';
import { useWorkbench } from '../../state/store.ts';
import { timeSeriesLayout } from '../figures/decorations.ts';
import type { FigureInputs } from '../figures/use-figure-inputs.ts';
import { useReviewedResults } from '../use-reviewed-results.ts';
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
  // Rejected frames are left out (gaps): the plot shows the reviewed series. The run's own
  // results ride along, throttled together, to say how many were left out.
  const reviewed = useReviewedResults();
  const raw = useWorkbench((s) => s.results);
  const shown = useThrottled(
    useMemo(() => ({ reviewed, raw }), [reviewed, raw]),
    250,
  );
  const results = shown.reviewed;
  const setFrameIndex = useWorkbench((s) => s.setFrameIndex);
  const { voltage, phases, steps, losses, plotTimeS } = inputs;

  const figure = useMemo(
    () =>
      movie ? buildAreaBiasTraces(movie.info, results, voltage, plotTimeS, inputs.style.normalise) : null,
    [movie, results, voltage, plotTimeS, inputs.style],
  );
  const layout = useMemo(
    () =>
      figure &&
      timeSeriesLayout({
        xTitle: figure.timeKnown ? 'Time (s)' : 'Frame',
        yTitle: `Cluster area (${figure.areaUnit})`,
        yaxis: { rangemode: 'tozero' },
        showBias: voltage !== undefined,
        fontSize: inputs.style.fontSize,
        height: inputs.style.heightPx,
        phases,
        steps,
        losses,
      }),
    [figure, voltage, phases, steps, losses, inputs.style],
  );

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
        drawnState={drawnState(shown.raw, results)}
      />
    </>
  );
}

const countAnalysed = (results: readonly unknown[]) => results.filter((r) => r !== null).length;

/**
 * What the plot shows, for tests and tools waiting on it: "120 analysed", or "120 analysed,
 * 1 rejected" once the user rejected a frame (the run's count, then how many are left out).
 */
function drawnState(raw: readonly unknown[], reviewed: readonly unknown[]): string {
  const analysed = countAnalysed(raw);
  const rejected = analysed - countAnalysed(reviewed);
  return rejected > 0 ? `${analysed} analysed, ${rejected} rejected` : `${analysed} analysed`;
}
