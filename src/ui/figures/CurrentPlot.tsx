import { useMemo } from 'react';
import { currentUnitFor } from '../../core/series/units.ts';
import { PlotlyChart } from '../plot/PlotlyChart.tsx';
import { biasStepShapes, contactLossDecorations, phaseShapes } from './decorations.ts';
import type { FigureInputs } from './use-figure-inputs.ts';

/** Figure S4: the current during lithiation, in the unit that suits its range, bias on the right. */
export function CurrentPlot({
  inputs,
  plotRef,
}: {
  inputs: FigureInputs;
  plotRef: { current: HTMLDivElement | null };
}) {
  const { plotTimeS, current, voltage, phases, steps, losses } = inputs;
  const figure = useMemo(() => {
    if (!plotTimeS || !current) return null;
    const unit = currentUnitFor(current.values);
    const t = plotTimeS;
    const data: Record<string, unknown>[] = [
      {
        type: 'scatter',
        mode: 'lines',
        name: `Current (${unit.unit})`,
        x: t,
        y: Array.from(current.values, (v) => v * unit.scale),
        line: { color: '#2b8a3e', width: 1.5 },
        hovertemplate: `t = %{x:.2f} s<br>I = %{y:.4~g} ${unit.unit}<extra></extra>`,
      },
    ];
    if (voltage) {
      data.push({
        type: 'scatter',
        mode: 'lines',
        name: `Bias (${voltage.unit})`,
        x: t,
        y: Array.from(voltage.values),
        yaxis: 'y2',
        line: { color: '#c92a2a', width: 1.2, shape: 'hv' },
        hovertemplate: `t = %{x:.2f} s<br>bias = %{y:.3~g} V<extra></extra>`,
      });
    }
    const contact = contactLossDecorations(losses);
    const layout = {
      margin: { l: 70, r: 70, t: 40, b: 50 },
      font: { size: inputs.style.fontSize },
      height: 340,
      xaxis: { title: { text: 'Time (s)' }, zeroline: false },
      yaxis: { title: { text: `Current (${unit.unit})` }, zeroline: true },
      yaxis2: {
        title: { text: 'Bias (V)', font: { color: '#c92a2a' } },
        overlaying: 'y',
        side: 'right',
        tickmode: 'auto',
        showgrid: false,
        tickfont: { color: '#c92a2a' },
        visible: voltage !== undefined,
      },
      shapes: [...phaseShapes(phases), ...biasStepShapes(steps), ...contact.shapes],
      annotations: contact.annotations,
      legend: { orientation: 'h', y: 1.14 },
      hovermode: 'closest',
    };
    return { data, layout };
  }, [plotTimeS, current, voltage, phases, steps, losses, inputs.style]);

  if (!figure)
    return <p className="hint">Drop a log with a current column (or pick one above) to draw S4.</p>;
  return <PlotlyChart data={figure.data} layout={figure.layout} testId="current-plot" plotRef={plotRef} />;
}
