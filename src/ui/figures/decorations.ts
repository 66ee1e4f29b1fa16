import { type BiasStep, type ContactLoss, describeContactLoss } from '../../core/series/events.ts';
import type { Phase } from '../../core/series/phases.ts';

/** Plotly shapes and annotations shared by the figures: phase shading and log events. */

const PHASE_FILL: Record<Phase['kind'], string | null> = {
  lithiation: 'rgba(31, 78, 156, 0.10)',
  delithiation: 'rgba(230, 119, 0, 0.12)',
  rest: null,
};

export function phaseShapes(phases: readonly Phase[]): Record<string, unknown>[] {
  return phases
    .filter((p) => PHASE_FILL[p.kind])
    .map((p) => ({
      type: 'rect',
      xref: 'x',
      yref: 'paper',
      x0: p.startS,
      x1: p.endS,
      y0: 0,
      y1: 1,
      fillcolor: PHASE_FILL[p.kind],
      line: { width: 0 },
      layer: 'below',
    }));
}

export function biasStepShapes(steps: readonly BiasStep[]): Record<string, unknown>[] {
  return steps.map((s) => ({
    type: 'line',
    xref: 'x',
    yref: 'paper',
    x0: s.timeS,
    x1: s.timeS,
    y0: 0,
    y1: 1,
    line: { color: 'rgba(90, 90, 90, 0.5)', width: 1, dash: 'dot' },
  }));
}

/** Loss of contact: hatched-looking grey band with a label, so a flat area curve is explained. */
export function contactLossDecorations(losses: readonly ContactLoss[]): {
  shapes: Record<string, unknown>[];
  annotations: Record<string, unknown>[];
} {
  return {
    shapes: losses.map((l) => ({
      type: 'rect',
      xref: 'x',
      yref: 'paper',
      x0: l.startS,
      x1: l.endS,
      y0: 0,
      y1: 1,
      fillcolor: 'rgba(120, 120, 120, 0.18)',
      line: { color: 'rgba(120, 120, 120, 0.6)', width: 1, dash: 'dash' },
      layer: 'below',
    })),
    annotations: losses.map((l) => ({
      xref: 'x',
      yref: 'paper',
      x: (l.startS + l.endS) / 2,
      y: 1,
      yanchor: 'bottom',
      text: 'contact lost',
      // The evidence, on hover: a mark the user can check, not just believe.
      hovertext: describeContactLoss(l),
      showarrow: false,
      font: { size: 11, color: '#555' },
    })),
  };
}

/** Legend entries for the shading (shapes have no legend of their own). */
export function phaseLegendTraces(phases: readonly Phase[]): Record<string, unknown>[] {
  const kinds = new Set(phases.map((p) => p.kind));
  return (['lithiation', 'delithiation'] as const)
    .filter((k) => kinds.has(k))
    .map((k) => ({
      type: 'scatter',
      mode: 'markers',
      x: [null],
      y: [null],
      name: k === 'lithiation' ? 'Lithiation (bias < 0)' : 'Delithiation (bias > 0)',
      marker: { symbol: 'square', size: 12, color: PHASE_FILL[k] },
      hoverinfo: 'skip',
    }));
}

/**
 * The layout all time-series figures share: time on x, a quantity on the left axis, the bias on a
 * right-hand axis, phase shading, bias-step lines and contact-loss bands, the user's font size.
 */
export function timeSeriesLayout(options: {
  xTitle: string;
  yTitle: string;
  /** Extra settings of the left axis (e.g. `rangemode: 'tozero'`). */
  yaxis?: Record<string, unknown>;
  showBias: boolean;
  fontSize: number;
  phases: readonly Phase[];
  steps: readonly BiasStep[];
  losses: readonly ContactLoss[];
  height?: number;
}): Record<string, unknown> {
  const contact = contactLossDecorations(options.losses);
  return {
    margin: { l: 70, r: 70, t: 40, b: 50 },
    font: { size: options.fontSize },
    height: options.height ?? 340,
    xaxis: { title: { text: options.xTitle }, zeroline: false },
    yaxis: { title: { text: options.yTitle }, ...options.yaxis },
    yaxis2: {
      title: { text: 'Bias (V)', font: { color: '#c92a2a' } },
      overlaying: 'y',
      side: 'right',
      tickmode: 'auto',
      zeroline: true,
      zerolinecolor: '#e8b4b4',
      showgrid: false,
      tickfont: { color: '#c92a2a' },
      visible: options.showBias,
    },
    shapes: [...phaseShapes(options.phases), ...biasStepShapes(options.steps), ...contact.shapes],
    annotations: contact.annotations,
    legend: { orientation: 'h', y: 1.14 },
    hovermode: 'closest',
  };
}
