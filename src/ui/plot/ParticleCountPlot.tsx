import type { Layout, PlotHoverPoint } from 'plotly.js-cartesian-dist-min';
import { useMemo } from 'react';
import type { FrameResult } from '../../core/analysis/types.ts';
import type { AreaSeries } from '../../core/series/area-series.ts';
import { particleCounts } from '../../core/series/particle-counts.ts';
import { timeAxisTitle } from '../../core/series/time-base.ts';
import { timeSeriesLayout } from '../figures/decorations.ts';
import type { FigureInputs } from '../figures/use-figure-inputs.ts';
import { withFrameCursor } from './frame-cursor.ts';
import { PlotlyChart } from './PlotlyChart.tsx';
import { buildParticleCountTrace, countAxis, PARTICLE_COUNT_NAME } from './particle-count-traces.ts';

/** Height of the count plot: a companion strip under the area plot, not a figure of its own. */
const COUNT_PLOT_HEIGHT_PX = 220;

/**
 * Particles mode only: the particle count per frame over time, under the area plot (whose area is
 * the particles' total), with the same time axis, phase shading and current-frame line.
 */
export function ParticleCountPlot({
  series,
  results,
  inputs,
  cursorX,
  onHover,
}: {
  series: AreaSeries;
  results: readonly (FrameResult | null)[];
  inputs: FigureInputs;
  cursorX: number | undefined;
  onHover: (point: PlotHoverPoint) => void;
}) {
  const counts = useMemo(() => particleCounts(series, results), [series, results]);
  const data = useMemo(
    () => (counts ? [buildParticleCountTrace(counts, series.time)] : null),
    [counts, series],
  );
  const { phases, steps, losses, style } = inputs;
  const layout = useMemo(() => {
    const timeKnown = series.time.unit === 's';
    return {
      ...timeSeriesLayout({
        xTitle: timeAxisTitle(series.time),
        yTitle: PARTICLE_COUNT_NAME,
        yaxis: counts ? countAxis(counts) : undefined,
        showBias: false,
        fontSize: style.fontSize,
        height: COUNT_PLOT_HEIGHT_PX,
        ...(timeKnown ? { phases, steps, losses } : { phases: [], steps: [], losses: [] }),
      }),
      // One trace: Plotly would hide its legend entry unless asked. Just above the plot: this
      // strip is short, and the shared layout's legend height would cover the top tick.
      showlegend: true,
      legend: { orientation: 'h', y: 1.02, yanchor: 'bottom' },
    } as Layout;
  }, [series, counts, phases, steps, losses, style.fontSize]);
  const shownLayout = useMemo(() => withFrameCursor(layout, cursorX), [layout, cursorX]);
  if (!counts || !data) return null;
  const counted = counts.filter((p) => p.count !== undefined).length;
  return (
    <PlotlyChart
      data={data}
      layout={shownLayout}
      onHover={onHover}
      testId="particle-count-plot"
      drawnState={`${counted} counted`}
    />
  );
}
