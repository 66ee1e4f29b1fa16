/** Segmentation and per-frame analysis: pure functions over frames and result series. */

export {
  type Connectivity,
  labelComponents,
  labelRuns,
  largestComponent,
  type RunLabels,
  selectRuns,
} from './components.ts';
export { polygonArea, simplifyClosedPolygon, traceOuterBoundary } from './contour.ts';
export {
  createDriftReference,
  type DriftEstimate,
  type DriftOptions,
  type DriftReference,
  estimateDrift,
} from './drift.ts';
export { boxBlur, boxRadiiForSigma, effectiveSigma, gaussianBlur, toFloat32 } from './filters.ts';
export { fillHoles, fillRunHoles } from './holes.ts';
export {
  defaultSegmentParams,
  edgeSegmentParams,
  type ResolvedSegmentParams,
  resolveParams,
  type SegmentParams,
} from './params.ts';
export { fitDriftSeries, flagAreaJumps, flagBrightnessJumps, flagTemporal } from './quality.ts';
export { maskToRuns, type Runs, runsArea, runsBounds, runsToMask } from './runs.ts';
export {
  chooseThreshold,
  type SegmentOutput,
  segmentFrame,
  segmentMask,
  type ThresholdChoice,
} from './segment.ts';
export {
  binToValue,
  binUpperEdge,
  type ClassLevels,
  classLevels,
  finiteRange,
  gridSample,
  type Histogram,
  histogram,
  histogramQuantile,
  otsuBin,
  otsuThreshold,
} from './threshold.ts';
export type { FrameResult, QualityFlag, SegmentContext, SegmentFn } from './types.ts';
