import { useEffect, useMemo, useRef, useState } from 'react';
import { isFileFormatError } from '../../core/io/errors.ts';
import type { Frame } from '../../core/io/types.ts';
import { unreadableSentence } from '../../core/run/unreadable.ts';
import { areaSeries } from '../../core/series/area-series.ts';
import { formatShiftPx } from '../../core/series/drift.ts';
import { FRAME_NUMBERING } from '../../core/series/frame-number.ts';
import { defaultOutlineFrames } from '../../core/series/outline-frames.ts';
import { frameTimeBase, frameTimeLabel } from '../../core/series/time-base.ts';
import { movieController } from '../../state/app-controller.ts';
import { useWorkbench } from '../../state/store.ts';
import { useReviewedResults } from '../use-reviewed-results.ts';
import { downloadBlob } from './exports.ts';
import {
  drawOutlineFigure,
  type OutlineFigureSpec,
  outlineFigureSvg,
  outlineFollowingDrift,
} from './outline-figure.ts';
import type { FigureInputs } from './use-figure-inputs.ts';

export type OutlineExporter = (format: 'png' | 'svg', fileName: string, dpi: number) => Promise<void>;

/**
 * Figure S6: the chosen frame with the cluster outline before lithiation (red dotted) and at the
 * chosen time (yellow dotted), the time and a scale bar from the calibration. Until the user
 * picks frames, they are `defaultOutlineFrames` (before the first lithiation; the last good one).
 */
export function OutlinesFigure({
  exporterRef,
  inputs,
}: {
  exporterRef: { current: OutlineExporter | null };
  inputs: FigureInputs;
}) {
  const movie = useWorkbench((s) => s.movie);
  // Rejected frames are left out of the figure.
  const results = useReviewedResults();
  const contrast = useWorkbench((s) => s.contrast);
  const viewerFrame = useWorkbench((s) => s.frameIndex);
  const [pickedReference, setReferenceIndex] = useState<number | null>(null);
  const [pickedChosen, setChosenIndex] = useState<number | null>(null);
  // Phases are on the movie clock here (a movie is open).
  const firstLithiationS = inputs.phases.find((p) => p.kind === 'lithiation')?.startS;
  const defaults = useMemo(
    () => (movie ? defaultOutlineFrames(areaSeries(movie.info, results), firstLithiationS) : {}),
    [movie, results, firstLithiationS],
  );
  const referenceIndex = pickedReference ?? defaults.reference ?? 0;
  const chosenIndex = pickedChosen ?? defaults.chosen ?? viewerFrame;
  const [frame, setFrame] = useState<{ index: number; frame: Frame } | null>(null);
  const [followDrift, setFollowDrift] = useState(true);
  const canvas = useRef<HTMLCanvasElement>(null);
  const count = movie?.info.frameCount ?? 0;

  // The chosen frame when it could not be read, and what to say instead of the figure.
  const [unreadable, setUnreadable] = useState<{ index: number; message: string } | null>(null);

  useEffect(() => {
    let current = true;
    movieController()
      .getViewerFrame(chosenIndex)
      ?.then(
        (f) => {
          if (!current) return;
          setFrame({ index: chosenIndex, frame: f });
          setUnreadable(null);
        },
        (e: unknown) => {
          if (!current) return;
          const message = isFileFormatError(e)
            ? unreadableSentence([chosenIndex])
            : `Frame ${chosenIndex} could not be read: ${e instanceof Error ? e.message : String(e)}`;
          setUnreadable({ index: chosenIndex, message });
        },
      );
    return () => {
      current = false;
    };
  }, [chosenIndex]);
  const failed = unreadable?.index === chosenIndex ? unreadable.message : null;

  // The sample drifts: drawn where it was in its own frame, the red outline would be offset
  // from the cluster in the chosen frame by the drift between the two.
  const aligned = outlineFollowingDrift(results[referenceIndex], results[chosenIndex]);
  const reference = followDrift ? aligned.outline : (results[referenceIndex]?.outline ?? []);
  const spec: OutlineFigureSpec | null =
    movie && frame && frame.index === chosenIndex
      ? {
          frame: frame.frame,
          contrast,
          reference,
          chosen: results[chosenIndex]?.outline ?? [],
          label: frameTimeLabel(frameTimeBase(movie.info), chosenIndex),
          pixelSizeNm: movie.info.calibration?.pixelSizeNm,
        }
      : null;

  useEffect(() => {
    if (!spec || !canvas.current) return;
    drawOutlineFigure(canvas.current, spec);
    // The red outline as just drawn: whose it is, which frame it is drawn on, whether it follows
    // the drift, and its vertices in that frame's pixels. Written with the drawing, so the figure
    // can be held against ground truth (tests/e2e/s6-drift.spec.ts), not only looked at.
    canvas.current.dataset.referenceOutline = JSON.stringify({
      frame: referenceIndex,
      drawnOn: chosenIndex,
      followsDrift: followDrift,
      points: spec.reference,
    });
  });

  exporterRef.current = spec
    ? async (format, fileName, dpi) => {
        const out = document.createElement('canvas');
        if (format === 'png') {
          drawOutlineFigure(out, spec, dpi / 96);
          const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, 'image/png'));
          if (blob) downloadBlob(blob, `${fileName}.png`);
          return;
        }
        drawOutlineFigure(out, { ...spec, reference: [], chosen: [], label: '', pixelSizeNm: undefined });
        const svg = outlineFigureSvg(spec, out.toDataURL('image/png'));
        downloadBlob(new Blob([svg], { type: 'image/svg+xml' }), `${fileName}.svg`);
      }
    : null;

  if (!movie) return null;
  const missing = !results[referenceIndex] || !results[chosenIndex];
  return (
    <div className="outlines-figure" data-testid="outlines-figure">
      <div className="row">
        <FrameNumberInput
          label="Before lithiation (red): frame"
          ariaLabel="Reference frame"
          index={referenceIndex}
          count={count}
          onChange={setReferenceIndex}
        />
        <FrameNumberInput
          label="Chosen time (yellow): frame"
          ariaLabel="Chosen frame"
          index={chosenIndex}
          count={count}
          onChange={setChosenIndex}
        />
        <button type="button" onClick={() => setChosenIndex(viewerFrame)}>
          Use the viewer's frame
        </button>
        <label title="Moves the before-lithiation outline by the sample drift measured between the two frames">
          <input type="checkbox" checked={followDrift} onChange={(e) => setFollowDrift(e.target.checked)} />
          Red outline follows the drift
          {aligned.shiftPx ? (
            <span className="hint" data-testid="outline-drift">
              {` (moved ${formatShiftPx(aligned.shiftPx)})`}
            </span>
          ) : (
            <span className="hint"> (no drift measured)</span>
          )}
        </label>
      </div>
      {missing && !failed ? (
        <p className="hint">Run the analysis to draw the outlines of both frames.</p>
      ) : null}
      {failed ? (
        <p className="error-text" role="alert" data-testid="outlines-unreadable">
          {failed}
        </p>
      ) : null}
      {/* Hidden rather than left showing the previously chosen frame. */}
      <canvas
        ref={canvas}
        className="outlines-canvas"
        data-frame={frame?.index ?? -1}
        style={failed ? { display: 'none' } : undefined}
      />
    </div>
  );
}

/** A frame number box (numbered from 0, as everywhere: frame-number.ts), clamped to the movie. */
function FrameNumberInput(props: {
  label: string;
  ariaLabel: string;
  index: number;
  count: number;
  onChange: (index: number) => void;
}) {
  return (
    <label>
      {props.label}
      <input
        type="number"
        min={0}
        max={props.count - 1}
        value={props.index}
        aria-label={props.ariaLabel}
        title={FRAME_NUMBERING}
        onChange={(e) =>
          props.onChange(Math.min(props.count - 1, Math.max(0, Math.round(Number(e.target.value)) || 0)))
        }
      />
    </label>
  );
}
