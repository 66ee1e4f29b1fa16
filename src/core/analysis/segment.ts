/**
 * Segmentation of one frame. 'contrast' (v2, the default) is `contrast-segment.ts`; the v1
 * methods ('edge', 'otsu', 'manual') are here: smooth → threshold → largest 8-connected
 * component → fill holes. Both end in the same area, centroid and simplified outline. Pure: the input frame is never modified and no state is kept
 * between calls, so workers can call it concurrently on any frames in any order.
 */

import type { Frame } from '../io/types.ts';
import { labelRuns, selectRuns } from './components.ts';
import { segmentByContrast } from './contrast-segment.ts';
import { gaussianBlur, toFloat32 } from './filters.ts';
import { fillRunHoles } from './holes.ts';
import type { ResolvedSegmentParams } from './params.ts';
import { measureParticles, runsOutline } from './particles.ts';
import { type Runs, runsArea, runsBeyond, runsBounds, runsToMask } from './runs.ts';
import { classLevels, gridSample, histogram } from './threshold.ts';
import type { FrameResult, SegmentContext } from './types.ts';

// Where the CLI, the bench and the state have always found them; defined in `params.ts`.
export { defaultSegmentParams, edgeSegmentParams } from './params.ts';

/** Histogram resolution for the threshold: 2048 bins over the smoothed frame's range. */
const HISTOGRAM_BINS = 2048;

/** A result plus the full-frame mask it was measured on (1 = cluster). */
export interface SegmentOutput {
  result: FrameResult;
  mask: Uint8Array;
}

/** Segments one frame and returns its small, serialisable result. */
export function segmentFrame(
  frame: Frame,
  params: ResolvedSegmentParams,
  context: SegmentContext,
): FrameResult {
  return analyse(frame, params, context).result;
}

/** As `segmentFrame`, plus the cluster mask (width × height, 1 inside) for overlays and tests. */
export function segmentMask(
  frame: Frame,
  params: ResolvedSegmentParams,
  context: SegmentContext = { frameIndex: 0 },
): SegmentOutput {
  const { result, runs } = analyse(frame, params, context);
  return { result, mask: runsToMask(runs, frame.width, frame.height) };
}

/** The intensity threshold the parameters choose for a smoothed frame, in its value units. */
export interface ThresholdChoice {
  /** Threshold, in image units; undefined when the frame is flat. */
  value?: number;
  /** True when background and cluster are too alike to call anything a cluster. */
  lowContrast: boolean;
}

/**
 * Picks the threshold for a smoothed frame (see `ResolvedSegmentParams.thresholdMethod`). Levels come
 * from a grid sample of at most 2¹⁶ pixels (every other pixel and row at 512²).
 */
export function chooseThreshold(
  smoothed: Float32Array,
  width: number,
  height: number,
  params: ResolvedSegmentParams,
): ThresholdChoice {
  const h = histogram(gridSample(smoothed, width, height), HISTOGRAM_BINS);
  if (!(h.max > h.min)) return { lowContrast: true };
  if (params.thresholdMethod === 'manual') {
    return { value: h.min + params.threshold * (h.max - h.min), lowContrast: false };
  }
  const levels = classLevels(h, params.darkObject);
  if (!levels) return { lowContrast: true };
  const minSigma = params.minContrastSigma;
  const contrast = Math.abs(levels.background - levels.object);
  const lowContrast = minSigma > 0 && contrast < minSigma * levels.backgroundSigma;
  if (params.thresholdMethod === 'otsu') return { value: levels.otsu, lowContrast };
  const f = params.edgeFraction;
  return { value: levels.background + f * (levels.object - levels.background), lowContrast };
}

function analyse(
  frame: Frame,
  params: ResolvedSegmentParams,
  context: SegmentContext,
): { result: FrameResult; runs: Runs } {
  const { width, height, data } = frame;
  if (data.length !== width * height) {
    throw new RangeError(
      `frame ${context.frameIndex} has ${data.length} pixels, expected ${width} × ${height}`,
    );
  }
  if (params.thresholdMethod === 'contrast') return analyseByContrast(frame, params, context);
  const empty = (threshold?: number) => ({
    result: emptyResult(context, threshold),
    runs: { y: [], x0: [], x1: [] } as Runs,
  });
  // Blurring converts any dtype on the fly; only an unsmoothed run needs an explicit copy.
  const smoothed =
    params.smoothSigmaPx > 0 ? gaussianBlur(data, width, height, params.smoothSigmaPx) : toFloat32(data);
  const choice = chooseThreshold(smoothed, width, height, params);
  if (choice.value === undefined || choice.lowContrast) return empty(choice.value);
  const threshold = choice.value;

  const candidates = runsBeyond(smoothed, width, height, threshold, params.darkObject);
  const { labels, count, areas } = labelRuns(candidates, 8);
  let best = 0;
  for (let l = 1; l <= count; l++) if (best === 0 || areas[l] > areas[best]) best = l;
  if (best === 0 || areas[best] < Math.max(1, params.minAreaPx)) return empty(threshold);
  const component = selectRuns(candidates, labels, best);
  const runs = params.fillHoles ? fillRunHoles(component) : component;

  return { result: measure(runs, 1, width, height, params, context, threshold), runs };
}

/** Area, centroid, outline and border flag of cluster runs measured in pixels binned `bin`×`bin`. */
function measure(
  runs: Runs,
  bin: number,
  frameWidth: number,
  frameHeight: number,
  params: ResolvedSegmentParams,
  context: SegmentContext,
  threshold: number,
): FrameResult {
  const areaPx = runsArea(runs) * bin * bin;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < runs.y.length; i++) {
    const len = runs.x1[i] - runs.x0[i];
    sx += (len * (runs.x0[i] + runs.x1[i])) / 2;
    sy += len * (runs.y[i] + 0.5);
  }
  const n = areaPx / (bin * bin);
  const [bx0, by0, bx1, by1] = runsBounds(runs) as [number, number, number, number];
  const touches =
    bx0 === 0 || by0 === 0 || bx1 >= Math.floor(frameWidth / bin) || by1 >= Math.floor(frameHeight / bin);
  const outline = runsOutline(runs, params);
  const result: FrameResult = {
    frame: context.frameIndex,
    areaPx,
    centroidX: (sx / n) * bin,
    centroidY: (sy / n) * bin,
    outline: bin === 1 ? outline : outline.map((v) => v * bin),
    threshold,
    quality: touches ? 'touches-border' : 'ok',
  };
  setAreaNm2(result, context);
  return result;
}

/** Segmentation v2: see `contrast-segment.ts`. Runs are returned at full frame resolution. */
function analyseByContrast(
  frame: Frame,
  params: ResolvedSegmentParams,
  context: SegmentContext,
): { result: FrameResult; runs: Runs } {
  const seg = segmentByContrast(frame, params, context);
  // Without a positive background there is no transmission to step down from: fall back to the
  // histogram split (v1), which needs no zero level, rather than report an empty frame.
  if (seg.noTransmission) return analyse(frame, { ...params, thresholdMethod: 'edge' }, context);
  const extras: Partial<FrameResult> = { backgroundLevel: seg.backgroundLevel };
  if (context.driftPx) {
    extras.driftXPx = context.driftPx.x;
    extras.driftYPx = context.driftPx.y;
  }
  if (seg.edited) extras.edited = true;
  if (seg.empty) {
    const result = { ...emptyResult(context, seg.threshold), ...extras };
    if (seg.objectLost) result.quality = 'object-lost';
    return { result, runs: { y: [], x0: [], x1: [] } };
  }
  const result = {
    ...measure(seg.runs, seg.bin, frame.width, frame.height, params, context, seg.threshold),
    ...extras,
  };
  result.areaErrPx = seg.areaErrWorkPx * seg.bin * seg.bin;
  if (params.particles) result.particles = measureParticles(seg.runs, seg.bin, params);
  setAreaNm2(result, context);
  return {
    result,
    runs: seg.bin === 1 ? seg.runs : upscaleRuns(seg.runs, seg.bin, frame.width, frame.height),
  };
}

/** Runs of binned pixels as runs of frame pixels (each binned row becomes `bin` rows). */
function upscaleRuns(runs: Runs, bin: number, width: number, height: number): Runs {
  const out: Runs = { y: [], x0: [], x1: [] };
  let i = 0;
  while (i < runs.y.length) {
    let end = i;
    while (end < runs.y.length && runs.y[end] === runs.y[i]) end++;
    for (let dy = 0; dy < bin; dy++) {
      const y = runs.y[i] * bin + dy;
      if (y >= height) break;
      for (let k = i; k < end; k++) {
        out.y.push(y);
        out.x0.push(runs.x0[k] * bin);
        out.x1.push(Math.min(width, runs.x1[k] * bin));
      }
    }
    i = end;
  }
  return out;
}

/** Calibrated movies get an area in nm² on every frame, 0 included: empty means "no calibration". */
function setAreaNm2(result: FrameResult, context: SegmentContext): void {
  const cal = context.calibration;
  if (cal?.pixelSizeNm !== undefined && cal.pixelSizeNm > 0) {
    const nm2 = cal.pixelSizeNm * (cal.pixelSizeYNm ?? cal.pixelSizeNm);
    result.areaNm2 = result.areaPx * nm2;
    if (result.areaErrPx !== undefined) result.areaErrNm2 = result.areaErrPx * nm2;
  }
}

function emptyResult(context: SegmentContext, threshold?: number): FrameResult {
  const r: FrameResult = {
    frame: context.frameIndex,
    areaPx: 0,
    centroidX: 0,
    centroidY: 0,
    outline: [],
    quality: 'empty',
  };
  if (threshold !== undefined) r.threshold = threshold;
  setAreaNm2(r, context);
  return r;
}
