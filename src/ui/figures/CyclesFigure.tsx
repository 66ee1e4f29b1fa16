import { useMemo } from 'react';
import { areaSeries } from '../../core/series/area-series.ts';
import { cycleTable } from '../../core/series/cycles.ts';
import { formatNumber, VALUE_DIGITS } from '../../core/series/number-format.ts';
import { measuresParticles } from '../../core/series/particle-counts.ts';
import { timeAxisTitle } from '../../core/series/time-base.ts';
import { useWorkbench } from '../../state/store.ts';
import { buildAreaBiasTraces } from '../plot/area-bias-traces.ts';
import { PlotlyChart } from '../plot/PlotlyChart.tsx';
import { useResultsWithReview } from '../use-reviewed-results.ts';
import { phaseLegendTraces, timeSeriesLayout } from './decorations.ts';
import type { FigureInputs } from './use-figure-inputs.ts';

/** Display only: the table's numbers come from core at full precision (cycles.csv has them all). */
/** The table in the one number format of the UI (four significant digits, thin-space groups). */
const fmt = (v: number, digits = VALUE_DIGITS) => formatNumber(v, digits);

/**
 * Figure S7: area vs time over repeated lithiation/delithiation, bias on the right, phases shaded,
 * and the per-cycle table, both computed in core (`core/series/cycles.ts`).
 */
export function CyclesFigure({
  inputs,
  plotRef,
}: {
  inputs: FigureInputs;
  plotRef: { current: HTMLDivElement | null };
}) {
  const movie = useWorkbench((s) => s.movie);
  const log = useWorkbench((s) => s.log);
  const alignment = useWorkbench((s) => s.alignment);
  const { results, review } = useResultsWithReview();
  const { voltage, current, voltagePlot, phases, steps, losses, style } = inputs;

  const figure = useMemo(() => {
    if (!movie) return null;
    const series = areaSeries(movie.info, results, review);
    const traces = buildAreaBiasTraces(
      series,
      voltage,
      voltagePlot,
      style.normalise,
      measuresParticles(results),
    );
    // Log events are in seconds: on a frame-index axis they would sit at the wrong place.
    const events = traces.timeKnown ? { phases, steps, losses } : { phases: [], steps: [], losses: [] };
    const layout = timeSeriesLayout({
      xTitle: timeAxisTitle(series.time),
      yTitle: traces.areaTitle,
      yaxis: { rangemode: 'tozero' },
      showBias: traces.timeKnown && voltage !== undefined,
      fontSize: style.fontSize,
      height: style.heightPx,
      ...events,
    });
    return { data: [...traces.data, ...phaseLegendTraces(events.phases)], layout };
  }, [movie, results, review, voltage, voltagePlot, phases, steps, losses, style]);

  const table = useMemo(
    () =>
      movie &&
      cycleTable({
        info: movie.info,
        results,
        review,
        log: log?.series,
        voltage,
        current,
        alignment,
        restBelowV: style.restBelowV,
      }),
    [movie, results, review, log, voltage, current, alignment, style.restBelowV],
  );

  if (!figure || !table) return null;
  return (
    <div>
      <PlotlyChart data={figure.data} layout={figure.layout} testId="cycles-plot" plotRef={plotRef} />
      {!table.ok ? (
        <p className="hint" data-testid="cycle-table-refusal">
          {table.reason}
        </p>
      ) : table.rows.length > 0 ? (
        <table className="cycle-table" data-testid="cycle-table">
          <thead>
            <tr>
              <th>Cycle</th>
              <th>Start–end, log clock (s)</th>
              <th>Area start / max / end ({table.areaUnit})</th>
              <th>Expansion (%)</th>
              <th>Contraction (%)</th>
              <th>Charge lith. / delith. (nC)</th>
              <th>Area per charge ({table.areaUnit}/nC)</th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
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
        <p className="hint">
          No complete lithiation phase with analysed frames: the per-cycle table is empty.
        </p>
      )}
    </div>
  );
}
