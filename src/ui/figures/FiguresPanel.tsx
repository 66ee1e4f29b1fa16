import { useEffect, useRef, useState } from 'react';
import { fileStem } from '../../core/io/file-name.ts';
import { defaultFigureSettings, FONT_SIZE_RANGE_PT, PNG_DPIS } from '../../core/series/figure-settings.ts';
import { measuresParticles } from '../../core/series/particle-counts.ts';
import { useWorkbench } from '../../state/store.ts';
import { AreaBiasPlot } from '../plot/AreaBiasPlot.tsx';
import { CurrentPlot } from './CurrentPlot.tsx';
import { CyclesFigure } from './CyclesFigure.tsx';
import { exportAlignedLogCsv, exportFigure, exportParticlesCsv, exportResultsCsv } from './exports.ts';
import { MovieExport } from './MovieExport.tsx';
import { type OutlineExporter, OutlinesFigure } from './OutlinesFigure.tsx';
import { useFigureInputs } from './use-figure-inputs.ts';

const FIGURES = [
  { id: 's5', label: 'S5 · Area and bias' },
  { id: 's4', label: 'S4 · Current' },
  { id: 's6', label: 'S6 · Outlines' },
  { id: 's7', label: 'S7 · Cycles' },
] as const;
type FigureId = (typeof FIGURES)[number]['id'];

const EVENTS =
  'Shading: lithiation (bias < 0) blue, delithiation (bias > 0) orange; dotted lines are bias steps; grey bands mark a loss of electrical contact (hover its label for the evidence).';
const CLOCK = "Times on the movie's clock (log aligned as set under Time alignment).";

/** Each figure's own caption: what is drawn, and how to read it. */
const CAPTIONS: Record<FigureId, string> = {
  s5: `Projected cluster area per frame (band: ±1σ; circles: flagged frames) with the applied bias. ${CLOCK} ${EVENTS}`,
  s4: `Current through the cluster with the applied bias. ${CLOCK} ${EVENTS}`,
  s6: 'Cluster outline before lithiation (red, dotted; moved by the measured drift when ticked) and at the chosen time (yellow, dotted), drawn on the chosen frame. By default: the last frame before the first lithiation step and the last unflagged frame.',
  s7: `Area over the lithiation/delithiation cycles with the bias; the table gives each cycle's area change and the charge passed. ${CLOCK} ${EVENTS}`,
};

/** Width : height of the time-series figures. */
const ASPECTS: [string, number][] = [
  ['3:1', 3],
  ['2:1', 2],
  ['3:2', 1.5],
  ['4:3', 4 / 3],
];

/** A typed font size within the accepted range; the default while the field is cleared. */
const clampFont = (pt: number): number =>
  Math.min(
    FONT_SIZE_RANGE_PT.max,
    Math.max(FONT_SIZE_RANGE_PT.min, Math.round(pt) || defaultFigureSettings.fontSize),
  );

/** The element's width in CSS pixels, kept current as the window resizes. */
function useElementWidth(element: HTMLElement | null): number {
  const [width, setWidth] = useState(1000);
  useEffect(() => {
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(entry.contentRect.width));
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return width;
}

/** The paper's figures from the open dataset, each exportable as PNG (chosen DPI) or SVG. */
export function FiguresPanel() {
  const movie = useWorkbench((s) => s.movie);
  const log = useWorkbench((s) => s.log);
  const analysed = useWorkbench((s) => s.results.some((r) => r !== null));
  const particles = useWorkbench((s) => measuresParticles(s.results));
  const [figure, setFigure] = useState<FigureId>('s5');
  const plotRef = useRef<HTMLDivElement | null>(null);
  const outlineExporter = useRef<OutlineExporter | null>(null);
  const { fontSize, normalise, restBelowV, aspect, dpi } = useWorkbench((s) => s.figureSettings);
  const setSettings = useWorkbench((s) => s.setFigureSettings);
  // A callback ref: the section appears only once a file is open, and the observer must follow it.
  const [panel, setPanel] = useState<HTMLElement | null>(null);
  const panelWidth = useElementWidth(panel);
  // The plot spans the panel's content box: its height follows from the chosen width : height.
  const heightPx = Math.max(240, Math.round(panelWidth / aspect));
  const inputs = useFigureInputs(heightPx);
  if (!movie && !log) return null;

  const base = `${fileStem(movie?.fileName ?? log?.fileName ?? 'figure')}-${figure}`;
  const exportAs = (format: 'png' | 'svg') => {
    if (figure === 's6') void outlineExporter.current?.(format, base, dpi);
    else if (plotRef.current) void exportFigure(plotRef.current, format, base, dpi);
  };
  return (
    <section className="panel plot-panel" aria-label="Figures" ref={setPanel}>
      <div className="figure-bar">
        <div className="tabs" role="tablist">
          {FIGURES.map((f) => (
            <button
              key={f.id}
              type="button"
              role="tab"
              aria-selected={figure === f.id}
              className={figure === f.id ? 'tab active' : 'tab'}
              onClick={() => {
                // The next figure registers its plot once drawn; until then there is nothing to export.
                if (f.id !== figure) plotRef.current = null;
                setFigure(f.id);
              }}
            >
              {f.label}
            </button>
          ))}
        </div>
        <div className="row exports">
          <label title="Phases are read from the bias: |bias| below this is rest, negative lithiation, positive delithiation">
            Rest below
            <input
              type="number"
              min={0}
              max={5}
              step={0.01}
              value={restBelowV}
              aria-label="Rest below volts"
              onChange={(e) => setSettings({ restBelowV: Math.max(0, Number(e.target.value) || 0) })}
            />
            V
          </label>
          <label>
            Aspect
            <select
              value={aspect}
              onChange={(e) => setSettings({ aspect: Number(e.target.value) })}
              aria-label="Aspect ratio"
            >
              {ASPECTS.map(([label, value]) => (
                <option key={label} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label title="Plot the area relative to the first analysed frame">
            <input
              type="checkbox"
              checked={normalise}
              onChange={(e) => setSettings({ normalise: e.target.checked })}
            />
            A/A₀
          </label>
          <label>
            Font
            <input
              type="number"
              min={FONT_SIZE_RANGE_PT.min}
              max={FONT_SIZE_RANGE_PT.max}
              value={fontSize}
              aria-label="Font size"
              onChange={(e) => setSettings({ fontSize: clampFont(Number(e.target.value)) })}
            />
          </label>
          <label>
            PNG
            <select
              value={dpi}
              onChange={(e) => setSettings({ dpi: Number(e.target.value) })}
              aria-label="PNG resolution"
            >
              {PNG_DPIS.map((d) => (
                <option key={d} value={d}>
                  {d} dpi
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => exportAs('png')}>
            Export PNG
          </button>
          <button type="button" onClick={() => exportAs('svg')}>
            Export SVG
          </button>
          <button type="button" onClick={() => void exportResultsCsv()} disabled={!analysed}>
            Results CSV
          </button>
          {particles ? (
            <button
              type="button"
              onClick={exportParticlesCsv}
              title="One row per particle per frame, with the track id drawn on the frame (as the command line's --particles-out)"
            >
              Particles CSV
            </button>
          ) : null}
          <button type="button" onClick={exportAlignedLogCsv} disabled={!log}>
            Log CSV
          </button>
          <MovieExport />
        </div>
      </div>
      {figure === 's5' && movie ? <AreaBiasPlot inputs={inputs} plotRef={plotRef} /> : null}
      {figure === 's4' ? <CurrentPlot inputs={inputs} plotRef={plotRef} /> : null}
      {figure === 's6' && movie ? <OutlinesFigure exporterRef={outlineExporter} inputs={inputs} /> : null}
      {figure === 's7' && movie ? <CyclesFigure inputs={inputs} plotRef={plotRef} /> : null}
      {figure !== 's4' && !movie ? <p className="hint">Drop a movie to plot the cluster area.</p> : null}
      <p className="hint small" data-testid="figure-caption">
        {CAPTIONS[figure]}
      </p>
    </section>
  );
}
