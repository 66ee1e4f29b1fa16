import { useMemo } from 'react';
import type { LogChannel } from '../../core/io/types.ts';
import { type BiasStep, type ContactLoss, findBiasSteps, findContactLoss } from '../../core/series/events.ts';
import { detectPhases, type Phase } from '../../core/series/phases.ts';
import { useWorkbench } from '../../state/store.ts';

export interface FigureInputs {
  voltage?: LogChannel;
  current?: LogChannel;
  timeS?: Float64Array;
  phases: Phase[];
  steps: BiasStep[];
  losses: ContactLoss[];
}

/** The log-derived parts every figure shares, computed once per log and channel choice. */
export function useFigureInputs(): FigureInputs {
  const log = useWorkbench((s) => s.log);
  const choice = useWorkbench((s) => s.channelChoice);
  return useMemo(() => {
    const series = log?.series;
    const voltage = series?.channels.find((c) => c.id === choice.voltage);
    const current = series?.channels.find((c) => c.id === choice.current);
    const timeS = series?.timeS;
    if (!timeS || !voltage) return { voltage, current, timeS, phases: [], steps: [], losses: [] };
    return {
      voltage,
      current,
      timeS,
      phases: detectPhases(timeS, voltage.values),
      steps: findBiasSteps(timeS, voltage.values),
      losses: current ? findContactLoss(timeS, voltage.values, current.values) : [],
    };
  }, [log, choice.voltage, choice.current]);
}
