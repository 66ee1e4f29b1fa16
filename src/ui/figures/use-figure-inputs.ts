import { useMemo } from 'react';
import type { LogChannel } from '../../core/io/types.ts';
import { logTime, toMovieTime } from '../../core/series/alignment.ts';
import { type BiasStep, type ContactLoss, findBiasSteps, findContactLoss } from '../../core/series/events.ts';
import type { FigureSettings } from '../../core/series/figure-settings.ts';
import { detectPhases, type Phase } from '../../core/series/phases.ts';
import { type PlottedSamples, samplesToPlot } from '../../core/series/plot-decimate.ts';
import { useWorkbench } from '../../state/store.ts';

/**
 * What every figure shares, computed once per log, channel choice and alignment. Figures plot on
 * the MOVIE clock when a movie is open (frame 0 = 0 s), the log's own clock otherwise; `logTimeS`
 * stays on the log clock.
 */
export interface FigureInputs {
  voltage?: LogChannel;
  current?: LogChannel;
  /** The bias and the current as drawn: on the plot clock, thinned to what a plot can show. */
  voltagePlot?: PlottedSamples;
  currentPlot?: PlottedSamples;
  /** Log sample times on the log clock. */
  logTimeS?: Float64Array;
  /** Phases, steps and contact losses on the plot clock (for shading and marks). */
  phases: Phase[];
  steps: BiasStep[];
  losses: ContactLoss[];
  /** Publication settings the user picked. */
  style: FigureStyle;
}

/** The user's figure settings (from the store) and the figure height they give on this screen. */
export interface FigureStyle extends FigureSettings {
  /** Figure height in CSS pixels, from the chosen aspect ratio and the panel's width. */
  heightPx: number;
}

export function useFigureInputs(heightPx: number): FigureInputs {
  const log = useWorkbench((s) => s.log);
  const choice = useWorkbench((s) => s.channelChoice);
  const alignment = useWorkbench((s) => s.alignment);
  const hasMovie = useWorkbench((s) => s.movie !== null);
  const settings = useWorkbench((s) => s.figureSettings);
  const style = useMemo(() => ({ ...settings, heightPx }), [settings, heightPx]);
  return useMemo(() => {
    const series = log?.series;
    const voltage = series?.channels.find((c) => c.id === choice.voltage);
    const current = series?.channels.find((c) => c.id === choice.current);
    const logTimeS = series?.timeS;
    const toPlot = (t: number): number => (hasMovie ? toMovieTime(logTime(t), alignment) : t);
    const plotTimeS = logTimeS ? Array.from(logTimeS, toPlot) : undefined;
    const voltagePlot = plotTimeS && voltage ? samplesToPlot(plotTimeS, voltage.values) : undefined;
    const currentPlot = plotTimeS && current ? samplesToPlot(plotTimeS, current.values) : undefined;
    if (!logTimeS || !voltage) {
      return {
        voltage,
        current,
        voltagePlot,
        currentPlot,
        logTimeS,
        phases: [],
        steps: [],
        losses: [],
        style,
      };
    }
    const phasesLog = detectPhases(logTimeS, voltage.values, { restBelowV: style.restBelowV });
    return {
      voltage,
      current,
      voltagePlot,
      currentPlot,
      logTimeS,
      style,
      phases: phasesLog.map((p) => ({ ...p, startS: toPlot(p.startS), endS: toPlot(p.endS) })),
      steps: findBiasSteps(logTimeS, voltage.values).map((s) => ({ ...s, timeS: toPlot(s.timeS) })),
      losses: current
        ? findContactLoss(logTimeS, voltage.values, current.values).map((l) => ({
            ...l,
            startS: toPlot(l.startS),
            endS: toPlot(l.endS),
          }))
        : [],
    };
  }, [log, choice.voltage, choice.current, alignment, hasMovie, style]);
}
