import type { PlotData } from 'plotly.js-cartesian-dist-min';
import type { LogChannel } from '../../core/io/types.ts';
import type { AreaSeries } from '../../core/series/area-series.ts';
import {
  formatQuantity,
  formatSeconds,
  formatWithUncertainty,
  MISSING,
} from '../../core/series/number-format.ts';
import type { PlottedSamples } from '../../core/series/plot-decimate.ts';
import { areaUnitFor } from '../../core/series/units.ts';

export interface AreaBiasFigure {
  data: PlotData[];
  areaUnit: string;
  /** The area's name and unit, for the legend and the axis: "Cluster area (nm²)". */
  areaTitle: string;
  /** False when the movie has no frame times: the x axis is the frame index. */
  timeKnown: boolean;
}

/**
 * Draws the S5 figure from the area series core computed (`core/series/area-series.ts` decides
 * which frames count): cluster area per frame on the left axis and the log's bias on the right,
 * both against seconds from the start of the movie (the log's times come aligned). Frames with
 * no area are gaps, not zeros; flagged frames are circled. Areas in nm² (µm² when large) or px²
 * without calibration, or normalised to the first analysed frame (A/A₀) when `normalise` is set.
 * Without frame times the x axis is the frame index and the bias, on log seconds, is not drawn.
 * In particles mode the area is the particles' total, and says so.
 */
export function buildAreaBiasTraces(
  series: AreaSeries,
  voltage: LogChannel | undefined,
  /** The bias as drawn: on the movie clock (after alignment), thinned (`samplesToPlot`). */
  voltagePlot: PlottedSamples | undefined,
  normalise = false,
  /** The run measured every particle (`measuresParticles`): the area is their total. */
  particles = false,
): AreaBiasFigure {
  const timeKnown = series.time.unit === 's';
  const x = series.points.map((p) => series.time.values[p.frame]);
  const y: (number | null)[] = series.points.map((p) => p.area ?? null);
  const frames = series.points.map((p) => p.frame);
  const flagged = series.points.filter((p) => p.flagged);
  const flaggedX = flagged.map((p) => series.time.values[p.frame]);
  const flaggedY = flagged.map((p) => p.area ?? Number.NaN);
  const flaggedFrames = flagged.map((p) => p.frame);
  /** One-σ area uncertainty of each point, in the same raw unit as `y` (null: none). */
  const errors = series.points.map((p) => p.areaErr ?? null);
  const display = series.unit === 'nm²' ? areaUnitFor(y.map((v) => v ?? 0)) : { unit: 'px²', scale: 1 };
  const first = y.find((v) => v !== null && v > 0) ?? null;
  const scaleArea = (v: number | null) =>
    v === null ? null : normalise ? (first ? v / first : null) : v * display.scale;
  // The band is computed before `y` is rescaled in place below.
  const band = uncertaintyBand(x, y, errors, scaleArea);
  y.splice(0, y.length, ...y.map(scaleArea));
  flaggedY.splice(0, flaggedY.length, ...flaggedY.map((v) => scaleArea(v) ?? Number.NaN));
  const areaUnit = normalise ? 'A/A₀' : display.unit;
  const areaTitle = `${particles ? 'Total particle area' : 'Cluster area'} (${areaUnit})`;
  // Hover labels in the UI's one number format (number-format.ts), not Plotly's own.
  const hoverText = y.map((area, i) => {
    const err = errors[i];
    const shown =
      area === null
        ? MISSING
        : formatWithUncertainty(area, err === null ? undefined : (scaleArea(err) ?? undefined), areaUnit);
    return `${timeKnown ? `t = ${formatSeconds(x[i])}<br>` : ''}area = ${shown}`;
  });
  const data: PlotData[] = [
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: areaTitle,
      x,
      y,
      customdata: frames,
      text: hoverText,
      marker: { size: 4, color: '#1f4e9c' },
      line: { width: 1.5, color: '#1f4e9c' },
      hovertemplate: 'frame %{customdata}<br>%{text}<extra></extra>',
    },
  ];
  if (band) data.push(...band);
  if (flaggedX.length > 0) {
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: 'Flagged frames',
      x: flaggedX,
      y: flaggedY,
      customdata: flaggedFrames,
      marker: { size: 8, color: 'rgba(0,0,0,0)', line: { color: '#d9480f', width: 1.5 } },
      hovertemplate: 'frame %{customdata} (flagged)<extra></extra>',
    });
  }
  if (timeKnown && voltagePlot && voltage) {
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: `Bias (${voltage.unit})`,
      x: voltagePlot.x,
      y: voltagePlot.y,
      yaxis: 'y2',
      line: { width: 1.5, color: '#c92a2a', shape: 'hv' },
      text: voltagePlot.x.map(
        (t, i) => `t = ${formatSeconds(t)}<br>bias = ${formatQuantity(voltagePlot.y[i], voltage.unit)}`,
      ),
      hovertemplate: '%{text}<extra></extra>',
    });
  }
  return { data, areaUnit, areaTitle, timeKnown };
}

/**
 * The ±1σ area uncertainty as a shaded band: an invisible upper edge, then the lower edge
 * filled up to it. Undefined when no frame carries an uncertainty (segmentation v1, or
 * results saved before it existed). Gaps in the area are gaps in the band.
 */
function uncertaintyBand(
  x: number[],
  y: (number | null)[],
  errors: (number | null)[],
  scale: (v: number | null) => number | null,
): PlotData[] | undefined {
  if (!errors.some((e) => e !== null && e > 0)) return undefined;
  const edge = (sign: number) =>
    y.map((v, i) => (v === null || errors[i] === null ? null : scale(v + sign * (errors[i] as number))));
  const common = {
    type: 'scatter' as const,
    mode: 'lines' as const,
    x,
    line: { width: 0, color: 'rgba(31,78,156,0)' },
    hoverinfo: 'skip' as const,
    showlegend: false,
  };
  return [
    { ...common, name: 'Area + 1σ', y: edge(1) },
    {
      ...common,
      name: 'Area ± 1σ',
      y: edge(-1),
      fill: 'tonexty',
      fillcolor: 'rgba(31,78,156,0.18)',
      showlegend: true,
    },
  ] as PlotData[];
}
