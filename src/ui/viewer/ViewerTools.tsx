import { useState } from 'react';
import { carryEditToNeighbours, clearExclusion, clearObject } from '../../state/edit-controller.ts';
import { MAX_PINNED, useWorkbench } from '../../state/store.ts';
import { formatArea } from '../format-area.ts';

/**
 * Under the viewer: the live preview's area, pinning frames for tuning, the exclusion brush,
 * and the brush settings while the outline or the exclusion region is being painted.
 */
export function ViewerTools() {
  const movie = useWorkbench((s) => s.movie);
  const frameIndex = useWorkbench((s) => s.frameIndex);
  const preview = useWorkbench((s) => s.previews[s.frameIndex] ?? null);
  const running = useWorkbench((s) => s.runStatus === 'running');
  const pinned = useWorkbench((s) => s.pinned);
  const brush = useWorkbench((s) => s.brush);
  const exclusionCount = useWorkbench((s) => s.params?.exclusionStrokes?.length ?? 0);
  const objectPoint = useWorkbench((s) => s.params?.objectPoint ?? null);
  const { setBrush, togglePinned } = useWorkbench.getState();
  if (!movie) return null;
  const calibrated = movie.info.calibration?.pixelSizeNm !== undefined;
  const isPinned = pinned.includes(frameIndex);
  const excluding = brush.target === 'exclusion';

  return (
    <div className="viewer-tools">
      <div className="row">
        <span className="readout preview-readout" data-testid="preview-readout">
          {running
            ? 'Preview paused during the run'
            : preview
              ? `Preview: ${formatArea(preview, calibrated)}${preview.quality !== 'ok' ? ` (${preview.quality})` : ''}`
              : 'Preview: segmenting…'}
        </span>
        <button
          type="button"
          aria-pressed={isPinned}
          disabled={!isPinned && pinned.length >= MAX_PINNED}
          title={`Keep a live preview of this frame beside the viewer while you tune (up to ${MAX_PINNED} frames)`}
          onClick={() => togglePinned(frameIndex)}
        >
          {isPinned ? 'Unpin frame' : 'Pin frame'}
        </button>
        <button
          type="button"
          aria-pressed={excluding}
          disabled={running}
          title="Paint over what the segmentation must ignore (e.g. a needle); it follows the drift to every frame"
          onClick={() => setBrush({ target: excluding ? 'off' : 'exclusion' })}
        >
          {excluding ? 'Done painting' : 'Paint exclusion'}
        </button>
        <button type="button" disabled={running || exclusionCount === 0} onClick={clearExclusion}>
          Clear exclusion
        </button>
      </div>
      <div className="row">
        <span className="readout" data-testid="object-choice">
          {objectPoint
            ? `Object: the one at (${Math.round(objectPoint.x)}, ${Math.round(objectPoint.y)}) px, followed by the drift`
            : 'Object: the largest touching the needle, else the largest'}
        </span>
        <button
          type="button"
          aria-pressed={brush.target === 'object'}
          disabled={running}
          title="Click a particle or cluster in the frame: that object is measured in every frame, followed by the drift"
          onClick={() => setBrush({ target: brush.target === 'object' ? 'off' : 'object' })}
        >
          {brush.target === 'object' ? 'Click the object…' : 'Choose object'}
        </button>
        <button type="button" disabled={running || !objectPoint} onClick={clearObject}>
          Largest object
        </button>
      </div>
      {brush.target === 'outline' || brush.target === 'exclusion' ? <BrushControls /> : null}
    </div>
  );
}

function BrushControls() {
  const brush = useWorkbench((s) => s.brush);
  const frameIndex = useWorkbench((s) => s.frameIndex);
  const hasOwnEdit = useWorkbench((s) => s.corrections[s.frameIndex]?.edit?.sourceFrame === s.frameIndex);
  const setBrush = useWorkbench((s) => s.setBrush);
  const editStatus = useWorkbench((s) => s.editStatus);
  const [reach, setReach] = useState(0);
  const outline = brush.target === 'outline';
  return (
    <fieldset className="brush-controls" data-testid="brush-controls">
      <legend>
        {outline ? `Editing the outline of frame ${frameIndex}` : 'Painting the exclusion region'}
      </legend>
      {outline ? (
        <fieldset className="row plain" aria-label="Brush mode">
          <button type="button" aria-pressed={brush.mode === 'add'} onClick={() => setBrush({ mode: 'add' })}>
            Add
          </button>
          <button
            type="button"
            aria-pressed={brush.mode === 'erase'}
            onClick={() => setBrush({ mode: 'erase' })}
          >
            Erase
          </button>
        </fieldset>
      ) : null}
      <label>
        Brush radius (px)
        <input
          type="range"
          min={1}
          max={60}
          step={1}
          value={brush.radiusPx}
          onChange={(e) => setBrush({ radiusPx: Number(e.target.value) })}
        />
        <span className="readout">{brush.radiusPx}</span>
      </label>
      {outline ? (
        <div className="row">
          <label title="Carry this frame's edit to the frames before and after it, following the drift">
            Carry to ±
            <input
              type="number"
              min={0}
              max={50}
              value={reach}
              aria-label="Carry to ±N frames"
              onChange={(e) => setReach(Math.max(0, Math.min(50, Math.round(Number(e.target.value) || 0))))}
            />
            frames
          </label>
          <button
            type="button"
            disabled={!hasOwnEdit || reach < 1}
            onClick={() => void carryEditToNeighbours(frameIndex, reach)}
          >
            Apply to neighbours
          </button>
        </div>
      ) : null}
      {outline && editStatus ? (
        <p className="edit-status" data-testid="edit-status" aria-live="polite">
          {editStatus}
        </p>
      ) : null}
      <p className="hint small">
        {outline
          ? 'Drag on the frame to paint. The frame is segmented again with your strokes when you let go.'
          : 'Drag on the frame over what must be ignored. Run the analysis again to apply it to every frame.'}
      </p>
    </fieldset>
  );
}
