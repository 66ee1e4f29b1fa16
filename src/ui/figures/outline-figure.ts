import type { FrameResult } from '../../core/analysis/types.ts';
import type { Frame } from '../../core/io/types.ts';
import { driftBetween } from '../../core/series/drift.ts';
import { frameToRgba, quantileWindow } from '../viewer/render-frame.ts';

/** Figure S6 drawn from plain data, so the screen, the PNG and the SVG are the same picture. */
export interface OutlineFigureSpec {
  frame: Frame;
  contrast: { low: number; high: number };
  /** Outline before lithiation (red dotted), flat [x0, y0, ...] in pixels. */
  reference: number[];
  /** Outline at the chosen time (yellow dotted). */
  chosen: number[];
  /** Label printed in the corner, e.g. "t = 42.0 s". */
  label: string;
  /** Nanometres per pixel; no scale bar without it. */
  pixelSizeNm?: number;
}

/**
 * The reference frame's outline moved with the sample into the chosen frame: both frames' drift
 * against the drift reference is known (measured or interpolated), so their difference is how
 * far the sample moved between them. Returns the outline unchanged, and `shiftPx` undefined,
 * when either frame has no drift.
 */
export function outlineFollowingDrift(
  reference: FrameResult | null | undefined,
  chosen: FrameResult | null | undefined,
): { outline: number[]; shiftPx?: { x: number; y: number } } {
  const outline = reference?.outline ?? [];
  const shiftPx = driftBetween([reference, chosen], 0, 1);
  if (!shiftPx) return { outline };
  return { outline: outline.map((v, i) => v + (i % 2 === 0 ? shiftPx.x : shiftPx.y)), shiftPx };
}

/** A scale bar of a round length (1, 2 or 5 × 10^k nm) close to a fifth of the frame width. */
export function scaleBar(widthPx: number, pixelSizeNm: number): { lengthPx: number; label: string } {
  const target = (widthPx * pixelSizeNm) / 5;
  const exponent = 10 ** Math.floor(Math.log10(target));
  const nice = [1, 2, 5, 10]
    .map((m) => m * exponent)
    .reduce((best, v) => (Math.abs(v - target) < Math.abs(best - target) ? v : best));
  const label = nice >= 1000 ? `${nice / 1000} µm` : `${nice} nm`;
  return { lengthPx: nice / pixelSizeNm, label };
}

function pathOf(points: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i + 1 < points.length; i += 2)
    parts.push(`${i === 0 ? 'M' : 'L'}${points[i]} ${points[i + 1]}`);
  return parts.length > 0 ? `${parts.join(' ')} Z` : '';
}

/** Renders the figure onto a canvas of the frame's size times `scale`. */
export function drawOutlineFigure(canvas: HTMLCanvasElement, spec: OutlineFigureSpec, scale = 1): void {
  const { frame } = spec;
  canvas.width = Math.round(frame.width * scale);
  canvas.height = Math.round(frame.height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { min, max } = quantileWindow(frame, spec.contrast.low, spec.contrast.high);
  const image = new ImageData(frame.width, frame.height);
  frameToRgba(frame, min, max, image.data);
  const source = document.createElement('canvas');
  source.width = frame.width;
  source.height = frame.height;
  source.getContext('2d')?.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = scale < 1;
  ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
  ctx.save();
  ctx.scale(scale, scale);
  const unit = Math.max(1, frame.width / 400);
  const stroke = (points: number[], color: string) => {
    ctx.strokeStyle = color;
    ctx.lineWidth = 2 * unit;
    ctx.setLineDash([2 * unit, 3 * unit]);
    ctx.stroke(new Path2D(pathOf(points)));
  };
  stroke(spec.reference, '#ff2020');
  stroke(spec.chosen, '#ffd600');
  ctx.setLineDash([]);
  // A dark halo keeps the white label and bar readable on a noisy bright background.
  ctx.shadowColor = 'rgba(0, 0, 0, 0.85)';
  ctx.shadowBlur = 3 * unit;
  ctx.fillStyle = 'white';
  ctx.font = `bold ${14 * unit}px sans-serif`;
  ctx.fillText(spec.label, 10 * unit, 22 * unit);
  if (spec.pixelSizeNm) {
    const bar = scaleBar(frame.width, spec.pixelSizeNm);
    const x = frame.width - bar.lengthPx - 12 * unit;
    const y = frame.height - 14 * unit;
    ctx.fillRect(x, y, bar.lengthPx, 4 * unit);
    ctx.textAlign = 'center';
    ctx.fillText(bar.label, x + bar.lengthPx / 2, y - 6 * unit);
  }
  ctx.restore();
}

/** The same figure as SVG: the frame as an embedded PNG, outlines and scale bar as vectors. */
export function outlineFigureSvg(spec: OutlineFigureSpec, framePngDataUrl: string): string {
  const { width, height } = spec.frame;
  const unit = Math.max(1, width / 400);
  const dash = `stroke-dasharray="${2 * unit} ${3 * unit}" stroke-width="${2 * unit}" fill="none"`;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<image href="${framePngDataUrl}" width="${width}" height="${height}"/>`,
    `<path class="outline-reference" d="${pathOf(spec.reference)}" stroke="#ff2020" ${dash}/>`,
    `<path class="outline-chosen" d="${pathOf(spec.chosen)}" stroke="#ffd600" ${dash}/>`,
    `<text x="${10 * unit}" y="${22 * unit}" fill="white" font-family="sans-serif" font-size="${14 * unit}">${spec.label}</text>`,
  ];
  if (spec.pixelSizeNm) {
    const bar = scaleBar(width, spec.pixelSizeNm);
    const x = width - bar.lengthPx - 12 * unit;
    const y = height - 14 * unit;
    parts.push(
      `<rect class="scale-bar" x="${x}" y="${y}" width="${bar.lengthPx}" height="${4 * unit}" fill="white"/>`,
      `<text x="${x + bar.lengthPx / 2}" y="${y - 6 * unit}" fill="white" text-anchor="middle" font-family="sans-serif" font-size="${14 * unit}">${bar.label}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}
