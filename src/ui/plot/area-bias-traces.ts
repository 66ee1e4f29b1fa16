import type { PlotData } from 'plotly.js-cartesian-dist-min';
import type { FrameResult } from '../../core/analysis/types.ts';
import type { LogChannel, LogSeries } from '../../core/io/types.ts';
import type { MovieInfo } from '../../core/run/frame-service.ts';
import { frameTimesS } from '../time-base.ts';

export interface AreaBiasFigure {
  data: PlotData[];
  areaUnit: string;
  timeKnown: boolean;
}

/**
 * Builds the S5 figure: cluster area per frame on the left axis and the log's bias on the right,
 * both against seconds from the start of the movie (log time 0 = movie time 0 until the
 * alignment step exists). Rejected or empty frames are gaps, not zeros.
 */
export function buildAreaBiasTraces(
  info: MovieInfo,
  results: (FrameResult | null)[],
  log: LogSeries | null,
  voltage: LogChannel | undefined,
): AreaBiasFigure {
  const { times, known } = frameTimesS(info);
  const calibrated = info.calibration?.pixelSizeNm !== undefined;
  const x: number[] = [];
  const y: (number | null)[] = [];
  const frames: number[] = [];
  const flaggedX: number[] = [];
  const flaggedY: number[] = [];
  const flaggedFrames: number[] = [];
  results.forEach((r, i) => {
    if (!r) return;
    const area = calibrated ? (r.areaNm2 ?? null) : r.areaPx;
    x.push(times[i]);
    y.push(r.quality === 'empty' ? null : area);
    frames.push(i);
    if (r.quality !== 'ok' && area !== null) {
      flaggedX.push(times[i]);
      flaggedY.push(area);
      flaggedFrames.push(i);
    }
  });
  const areaUnit = calibrated ? 'nm²' : 'px²';
  const data: PlotData[] = [
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: `Cluster area (${areaUnit})`,
      x,
      y,
      customdata: frames,
      marker: { size: 4, color: '#1f4e9c' },
      line: { width: 1.5, color: '#1f4e9c' },
      hovertemplate: `frame %{customdata}<br>t = %{x:.2f} s<br>area = %{y:.4~g} ${areaUnit}<extra></extra>`,
    },
  ];
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
  if (log && voltage) {
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: `Bias (${voltage.unit})`,
      x: Array.from(log.timeS),
      y: Array.from(voltage.values),
      yaxis: 'y2',
      line: { width: 1.5, color: '#c92a2a', shape: 'hv' },
      hovertemplate: `t = %{x:.2f} s<br>bias = %{y:.3~g} ${voltage.unit}<extra></extra>`,
    });
  }
  return { data, areaUnit, timeKnown: known };
}
