import { useMemo } from 'react';
import { movieTime, toLogTime } from '../../core/series/alignment.ts';
import { buildCycleTable, type CycleRow } from '../../core/series/cycle-table.ts';
import { groupCycles } from '../../core/series/phases.ts';
import { useWorkbench } from '../../state/store.ts';
import { buildAreaBiasTraces } from '../plot/area-bias-traces.ts';
import { PlotlyChart } from '../plot/PlotlyChart.tsx';
import { frameTimesS } from '../time-base.ts';
import { useReviewedResults } from '../use-reviewed-results.ts';
import { phaseLegendTraces, timeSeriesLayout } from './decorations.ts';
import type { FigureInputs } from './use-figure-inputs.ts';

const fmt = (v: number, digits = 4) => (Number.isFinite(v) ? Number(v.toPrecision(digits)).toString() : '–');

/**
 * Figure S7: area vs time over repeated lithiation/delithiation, bias on the right, phases shaded,
 * and the per-cycle table.
 */
export function CyclesFigure({
  inputs,
  plotRef,
}: {
  inputs: FigureInputs;
  plotRef: { current: HTMLDivElement | null };
}) {
  const movie = useWorkbench((s) => s.movie);
  // Rejected frames are left out of the figure.
  const results = useReviewedResults();
  const alignment = useWorkbench((s) => s.alignment);
  const { voltage, current, plotTimeS, logTimeS, phases, phasesLog, steps, losses } = inputs;

  const figure = useMemo(() => {
    if (!movie) return null;
    const traces = buildAreaBiasTraces(movie.info, results, voltage, plotTimeS, inputs.style.normalise);
    const layout = timeSeriesLayout({
      xTitle: 'Time (s)',
      yTitle: `Cluster area (${traces.areaUnit})`,
      yaxis: { rangemode: 'tozero' },
      showBias: voltage !== undefined,
      fontSize: inputs.style.fontSize,
      height: inputs.style.heightPx,
      phases,
      steps,
      losses,
    });
    return { data: [...traces.data, ...phaseLegendTraces(phases)], layout, areaUnit: traces.areaUnit };
  }, [movie, results, voltage, plotTimeS, phases, steps, losses, inputs.style]);

  const rows: CycleRow[] = useMemo(() => {
    if (!movie || !logTimeS) return [];
    // The table works on the log clock, where the current was integrated in real seconds.
    const times = frameTimesS(movie.info).times.map((t) => toLogTime(movieTime(t), alignment));
    const calibrated = movie.info.calibration?.pixelSizeNm !== undefined;
    const area = results.map((r) =>
      r && r.quality !== 'empty' ? (calibrated ? (r.areaNm2 ?? Number.NaN) : r.areaPx) : Number.NaN,
    );
    return buildCycleTable(
      groupCycles(phasesLog),
      { logTimeS: times, area },
      { timeS: logTimeS, currentA: current?.values },
    );
  }, [movie, results, phasesLog, logTimeS, current, alignment]);

  if (!figure) return null;
  return (
    <div>
      <PlotlyChart data={figure.data} layout={figure.layout} testId="cycles-plot" plotRef={plotRef} />
      {rows.length > 0 ? (
        <table className="cycle-table" data-testid="cycle-table">
          <thead>
            <tr>
              <th>Cycle</th>
              <th>Start–end (s)</th>
              <th>Area start / max / end ({figure.areaUnit})</th>
              <th>Expansion (%)</th>
              <th>Contraction (%)</th>
              <th>Charge lith. / delith. (nC)</th>
              <th>Area per charge ({figure.areaUnit}/nC)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.cycle}>
                <td>{r.cycle}</td>
                <td>
                  {fmt(r.startS)}–{fmt(r.endS)}
                </td>
                <td>
                  {fmt(r.areaStart)} / {fmt(r.areaMax)} / {fmt(r.areaEnd)}
                </td>
                <td>{fmt(r.expansionPct, 3)}</td>
                <td>{fmt(r.contractionPct, 3)}</td>
                <td>
                  {fmt(r.lithiationChargeC * 1e9)} / {fmt(r.delithiationChargeC * 1e9)}
                </td>
                <td>{fmt(r.areaChangePerCharge * 1e-9)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="hint">Run the analysis with a bias log to fill the per-cycle table.</p>
      )}
    </div>
  );
}
