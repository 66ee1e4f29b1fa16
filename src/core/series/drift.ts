import type { FrameResult } from '../analysis/types.ts';

/** A shift in pixels, +x right, +y down. */
export interface ShiftPx {
  x: number;
  y: number;
}

type Series = readonly (FrameResult | null | undefined)[];

/** The frame's drift against the drift reference, when the run measured or interpolated one. */
function driftOf(result: FrameResult | null | undefined): ShiftPx | undefined {
  if (!result || !Number.isFinite(result.driftXPx) || !Number.isFinite(result.driftYPx)) return undefined;
  return { x: result.driftXPx as number, y: result.driftYPx as number };
}

/**
 * How far the sample moved from frame `from` to frame `to`, in pixels: the difference of the
 * two frames' drift against the drift reference (`results` indexed by frame). A point at (x, y)
 * on `from` lies at (x + shift.x, y + shift.y) on `to`.
 *
 * Undefined means "not known": either frame has no drift estimate (not analysed, unreadable,
 * drift tracking off, or every match too weak to trust). It never means zero; each caller
 * decides what to do without one and says so (e.g. an edit carried unshifted, with a note).
 * A frame has moved by nothing from itself, estimate or not.
 */
export function driftBetween(results: Series, from: number, to: number): ShiftPx | undefined {
  if (from === to) return { x: 0, y: 0 };
  const a = driftOf(results[from]);
  const b = driftOf(results[to]);
  return a && b ? { x: b.x - a.x, y: b.y - a.y } : undefined;
}

/** To 0.1 px with its sign, and no "−0.0" for a shift that rounds to nothing. */
function signedPx(v: number): string {
  const tenths = Math.round(v * 10);
  return `${tenths < 0 ? '−' : '+'}${(Math.abs(tenths) / 10).toFixed(1)}`;
}

/** A shift as every view writes it: "−16.8, +5.5 px". */
export function formatShiftPx(shift: ShiftPx): string {
  return `${signedPx(shift.x)}, ${signedPx(shift.y)} px`;
}

/**
 * A frame's drift as the viewer shows it, with how sure it is and how it was obtained:
 * "drift +3.2, −1.0 ± 0.3 px (measured, confidence 14)" on a frame whose match was confident,
 * "(unconfident match, confidence 7)" where the match was too weak to use, "(between measured
 * frames)" elsewhere; the value is the run's curve through the measurements in every case.
 * "drift unknown" when there is none (tracking off, or nothing measured).
 */
export function describeDrift(result: FrameResult): string {
  const shift = driftOf(result);
  if (!shift) return 'drift unknown';
  const sigma = Number.isFinite(result.driftErrPx) ? ` ± ${(result.driftErrPx as number).toFixed(1)}` : '';
  const confidence = result.driftConfidence?.toFixed(0);
  const how =
    result.driftMeasuredXPx !== undefined
      ? `measured, confidence ${confidence}`
      : confidence !== undefined
        ? `unconfident match, confidence ${confidence}`
        : 'between measured frames';
  return `drift ${signedPx(shift.x)}, ${signedPx(shift.y)}${sigma} px (${how})`;
}
