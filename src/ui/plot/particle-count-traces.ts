import type { PlotData } from 'plotly.js-cartesian-dist-min';
import { formatSeconds, MISSING } from '../../core/series/number-format.ts';
import type { CountPoint } from '../../core/series/particle-counts.ts';
import type { FrameTimeBase } from '../../core/series/time-base.ts';

/** The legend entry and left-axis title of the count plot: what is counted, and that it is a count. */
export const PARTICLE_COUNT_NAME = 'Particles (count)';

/**
 * Particles mode: the number of particles per frame against time, on the time base of the area
 * plot above it (whose area is their total). Frames with no count are gaps, not zeros.
 */
export function buildParticleCountTrace(counts: readonly CountPoint[], time: FrameTimeBase): PlotData {
  const timeKnown = time.unit === 's';
  const x = counts.map((p) => time.values[p.frame]);
  const text = counts.map((p, i) => {
    const n = p.count === undefined ? MISSING : `${p.count} particle${p.count === 1 ? '' : 's'}`;
    return `${timeKnown ? `t = ${formatSeconds(x[i])}<br>` : ''}${n}`;
  });
  return {
    type: 'scatter',
    mode: 'lines+markers',
    name: PARTICLE_COUNT_NAME,
    x,
    y: counts.map((p) => p.count ?? null),
    customdata: counts.map((p) => p.frame),
    text,
    // A count holds until the next frame's: steps, not slopes between frames.
    line: { width: 1.5, color: '#2b8a3e', shape: 'hv' },
    marker: { size: 4, color: '#2b8a3e' },
    hovertemplate: 'frame %{customdata}<br>%{text}<extra></extra>',
  } as PlotData;
}

/**
 * The count axis: whole numbers only, from 0. Up to 10 particles every integer is a tick; above,
 * Plotly's own steps (2, 5, 10, …) are integers already. (Plotly's automatic ticks on a range of
 * 0–2 fall on halves, which an integer format would print as "0, 1, 1, 2, 2".)
 */
export function countAxis(counts: readonly CountPoint[]): Record<string, unknown> {
  const most = Math.max(0, ...counts.map((p) => p.count ?? 0));
  return most <= 10
    ? { rangemode: 'tozero', tickmode: 'linear', tick0: 0, dtick: 1, tickformat: 'd' }
    : { rangemode: 'tozero', tickformat: 'd' };
}
