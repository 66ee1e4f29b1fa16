import type { Calibration } from '../../core/io/types.ts';
import { scaleBar } from '../figures/outline-figure.ts';

/** A scale bar drawn in image coordinates over the frame, from the file's calibration. */
export function ScaleBar({
  width,
  height,
  calibration,
}: {
  width: number;
  height: number;
  calibration?: Calibration;
}) {
  if (!calibration?.pixelSizeNm) return null;
  const bar = scaleBar(width, calibration.pixelSizeNm);
  // Sizes in image pixels, proportional to the frame, so the bar looks the same at any frame size.
  const unit = width / 400;
  const x = width - bar.lengthPx - 12 * unit;
  const y = height - 14 * unit;
  return (
    <g className="scale-bar" data-testid="scale-bar">
      <rect x={x} y={y} width={bar.lengthPx} height={4 * unit} />
      <text
        x={x + bar.lengthPx / 2}
        y={y - 6 * unit}
        fontSize={14 * unit}
        strokeWidth={2 * unit}
        textAnchor="middle"
      >
        {bar.label}
      </text>
    </g>
  );
}
