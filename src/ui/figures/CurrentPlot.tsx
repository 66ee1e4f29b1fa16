import { useMemo } from 'react';
import { currentUnitFor } from '../../core/series/units.ts';
import { PlotlyChart } from '../plot/PlotlyChart.tsx';
import { timeSeriesLayout } from './decorations.ts';
import type { FigureInputs } from './use-figure-inputs.ts';

/** Figure S4: the current during lithiation, in the unit that suits its range, bias on the right. */
export function CurrentPlot({
  inputs,
  plotRef,
}: {
  inputs: FigureInputs;
  plotRef: { current: HTMLDivElement | null };
}) {
  const { currentPlot, voltagePlot, current, voltage, phases, steps, losses } = inputs;
  const figure = useMemo(() => {
    if (!currentPlot || !current) return null;
    const unit = currentUnitFor(current.values);
    const data: Record<string, unknown>[] = [
      {
        type: 'scatter',
        mode: 'lines',
        name: `Current (${unit.unit})`,
        x: currentPlot.x,
        y: currentPlot.y.map((v) => v * unit.scale),
        line: { color: '#2b8a3e', width: 1.5 },
        hovertemplate: `t = %{x:.2f} s<br>I = %{y:.4~g} ${unit.unit}<extra></extra>`,
      },
    ];
    if (voltage && voltagePlot) {
      data.push({
        type: 'scatter',
        mode: 'lines',
        name: `Bias (${voltage.unit})`,
        x: voltagePlot.x,
        y: voltagePlot.y,
        yaxis: 'y2',
        line: { color: '#c92a2a', width: 1.2, shape: 'hv' },
        hovertemplate: `t = %{x:.2f} s<br>bias = %{y:.3~g} V<extra></extra>`,
      });
    }
    const layout = timeSeriesLayout({
      xTitle: 'Time (s)',
      yTitle: `Current (${unit.unit})`,
      yaxis: { zeroline: true },
      showBias: voltage !== undefined,
      fontSize: inputs.style.fontSize,
      height: inputs.style.heightPx,
      phases,
      steps,
      losses,
    });
    return { data, layout };
  }, [currentPlot, voltagePlot, current, voltage, phases, steps, losses, inputs.style]);

  if (!figure)
    return <p className="hint">Drop a log with a current column (or pick one above) to draw S4.</p>;
  return <PlotlyChart data={figure.data} layout={figure.layout} testId="current-plot" plotRef={plotRef} />;
}
