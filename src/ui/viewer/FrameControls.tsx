import { useEffect } from 'react';
import { AREA_UNCERTAINTY_NOTE } from '../../core/analysis/area-uncertainty.ts';
import { describeDrift } from '../../core/series/drift.ts';
import { FRAME_NUMBERING, frameRange } from '../../core/series/frame-number.ts';
import { frameTimeBase, frameTimeLabel } from '../../core/series/time-base.ts';
import { reviewLabel } from '../../state/corrections.ts';
import { useWorkbench } from '../../state/store.ts';
import { formatArea } from '../format-area.ts';

const PLAY_FPS = 10;

/** Frame slider, play/pause, and a readout of the current frame's time and area. */
export function FrameControls() {
  const movie = useWorkbench((s) => s.movie);
  const frameIndex = useWorkbench((s) => s.frameIndex);
  const playing = useWorkbench((s) => s.playing);
  const result = useWorkbench((s) => s.results[s.frameIndex] ?? null);
  const review = useWorkbench((s) => reviewLabel(s.corrections[s.frameIndex], s.results[s.frameIndex]));
  const setFrameIndex = useWorkbench((s) => s.setFrameIndex);
  const setPlaying = useWorkbench((s) => s.setPlaying);
  const contrast = useWorkbench((s) => s.contrast);
  const setContrast = useWorkbench((s) => s.setContrast);
  const frameCount = movie?.info.frameCount ?? 0;

  useEffect(() => {
    if (!playing || frameCount === 0) return;
    const timer = setInterval(() => {
      const { frameIndex: i } = useWorkbench.getState();
      setFrameIndex((i + 1) % frameCount);
    }, 1000 / PLAY_FPS);
    return () => clearInterval(timer);
  }, [playing, frameCount, setFrameIndex]);

  if (!movie) return null;
  const time = frameTimeBase(movie.info);
  const calibrated = movie.info.calibration?.pixelSizeNm !== undefined;

  return (
    <div className="frame-controls">
      <div className="row">
        <button type="button" onClick={() => setPlaying(!playing)} aria-pressed={playing}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <input
          type="range"
          aria-label="Frame"
          title={FRAME_NUMBERING}
          min={0}
          max={Math.max(0, frameCount - 1)}
          value={frameIndex}
          onChange={(e) => setFrameIndex(Number(e.target.value))}
        />
        <span className="readout" data-testid="frame-readout" data-frame={frameIndex} title={FRAME_NUMBERING}>
          Frame {frameIndex} ({frameRange(frameCount)})
          {time.unit === 's' ? ` · ${frameTimeLabel(time, frameIndex)}` : ''}
          {result ? (
            <span data-testid="area-readout" title={AREA_UNCERTAINTY_NOTE}>
              {` · area ${formatArea(result, calibrated)}`}
            </span>
          ) : (
            ''
          )}
          {result?.particles
            ? ` · ${result.particles.length} particle${result.particles.length === 1 ? '' : 's'}`
            : ''}
          {result && result.quality !== 'ok' ? ` · ${result.quality}` : ''}
          {result && Number.isFinite(result.areaPx) ? ` · ${describeDrift(result)}` : ''}
          {review ? ` · ${review}` : ''}
        </span>
      </div>
      <div className="row contrast">
        <label>
          Black level
          <input
            type="range"
            min={0}
            max={0.5}
            step={0.005}
            value={contrast.low}
            onChange={(e) => setContrast({ ...contrast, low: Number(e.target.value) })}
          />
        </label>
        <label>
          White level
          <input
            type="range"
            min={0.5}
            max={1}
            step={0.005}
            value={contrast.high}
            onChange={(e) => setContrast({ ...contrast, high: Number(e.target.value) })}
          />
        </label>
      </div>
    </div>
  );
}
