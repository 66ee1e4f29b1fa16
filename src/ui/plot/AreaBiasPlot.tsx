import type { PlotHoverPoint } from 'plotly.js-cartesian-dist-min';
import { useMemo } from 'react';
import { areaSeries } from '../../core/series/area-series.ts';
import { measuresParticles } from '../../core/series/particle-counts.ts';
import { NO_FRAME_TIMES, timeAxisTitle } from '../../core/series/time-base.ts';
import { useWorkbench } from '../../state/store.ts';
import { timeSeriesLayout } from '../figures/decorations.ts';
import type { FigureInputs } from '../figures/use-figure-inputs.ts';
import { useResultsWithReview } from '../use-reviewed-results.ts';
import { useThrottled } from '../use-throttled.ts';
import { buildAreaBiasTraces } from './area-bias-traces.ts';
import { withFrameCursor } from './frame-cursor.ts';
import { ParticleCountPlot } from './ParticleCountPlot.tsx';
import { PlotlyChart } from './PlotlyChart.tsx';

/**
 * Figure S5: area vs time with the applied bias on a second axis. Hover a point to see its frame.
 * In particles mode the particle count follows in a plot of its own underneath.
 */
export function AreaBiasPlot({
  inputs,
  plotRef,
}: {
  inputs: FigureInputs;
  plotRef: { current: HTMLDivElement | null };
}) {
  const movie = useWorkbench((s) => s.movie);
  // The run's results and the user's review, throttled together while a run streams in; core's
  // area series leaves rejected frames out.
  const shown = useThrottled(useResultsWithReview(), 250);
  const setFrameIndex = useWorkbench((s) => s.setFrameIndex);
  const frameIndex = useWorkbench((s) => s.frameIndex);
  const { voltage, phases, steps, losses, voltagePlot } = inputs;

  const series = useMemo(
    () => (movie ? areaSeries(movie.info, shown.results, shown.review) : null),
    [movie, shown],
  );
  const figure = useMemo(
    () =>
      series &&
      buildAreaBiasTraces(
        series,
        voltage,
        voltagePlot,
        inputs.style.normalise,
        measuresParticles(shown.results),
      ),
    [series, shown, voltage, voltagePlot, inputs.style],
  );
  const layout = useMemo(
    () =>
      figure &&
      timeSeriesLayout({
        xTitle: series ? timeAxisTitle(series.time) : 'Time (s)',
        yTitle: figure.areaTitle,
        yaxis: { rangemode: 'tozero' },
        showBias: figure.timeKnown && voltage !== undefined,
        fontSize: inputs.style.fontSize,
        height: inputs.style.heightPx,
        // Log events are in seconds: on a frame-index axis they would sit at the wrong place.
        ...(figure.timeKnown ? { phases, steps, losses } : { phases: [], steps: [], losses: [] }),
      }),
    [figure, series, voltage, phases, steps, losses, inputs.style],
  );

  // The current frame as a line across the plot: it follows the slider, Play and the review.
  const cursorX = series?.time.values[frameIndex];
  const shownLayout = useMemo(() => layout && withFrameCursor(layout, cursorX), [layout, cursorX]);

  if (!movie || !figure || !shownLayout || !series) return null;
  const analysed = shown.results.some((r) => r !== null);
  const onHover = (point: PlotHoverPoint) => {
    if (typeof point.customdata === 'number') setFrameIndex(point.customdata);
  };
  return (
    <>
      {analysed ? null : <p className="hint">Run the analysis to plot the cluster area.</p>}
      <PlotlyChart
        data={figure.data}
        layout={shownLayout}
        onHover={onHover}
        testId="area-bias-plot"
        plotRef={plotRef}
        drawnState={drawnState(shown.results, shown.review)}
      />
      <ParticleCountPlot
        series={series}
        results={shown.results}
        inputs={inputs}
        cursorX={cursorX}
        onHover={onHover}
      />
      {figure.timeKnown || !voltage ? null : (
        <p className="hint" data-testid="no-frame-times">
          {NO_FRAME_TIMES} The area is plotted against the frame index, without the log.
        </p>
      )}
    </>
  );
}

/**
 * What the plot shows, for tests and tools waiting on it: "120 analysed", or "120 analysed,
 * 1 rejected" once the user rejected a frame (the run's count, then how many are left out).
 */
function drawnState(results: readonly unknown[], review: readonly string[]): string {
  const analysed = results.filter((r) => r !== null).length;
  const rejected = results.filter((r, i) => r !== null && review[i] === 'rejected').length;
  return rejected > 0 ? `${analysed} analysed, ${rejected} rejected` : `${analysed} analysed`;
}
