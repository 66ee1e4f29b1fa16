/**
 * What the kernels' module exports (flatten-blur.as.ts and the sources it re-exports): each
 * kernel's arguments, pointers into `memory` laid out by its JS side (kernels.ts,
 * shape-kernels.ts, drift-kernels.ts).
 */

export interface KernelExports {
  memory: WebAssembly.Memory;
  flattenBlur(
    src: number,
    dst: number,
    ring: number,
    pad: number,
    across: number,
    width: number,
    height: number,
    ...rest: number[]
  ): void;
  scanRuns(
    image: number,
    width: number,
    height: number,
    level: number,
    out: number,
    capacity: number,
  ): number;
  flattenBoxBlur(
    src: number,
    dst: number,
    work: number,
    tmp: number,
    sums: number,
    pad: number,
    across: number,
    width: number,
    height: number,
    ...rest: number[]
  ): void;
  robustFit(values: number, design: number, count: number, sign: number, scratch: number, out: number): void;
  blockMeans(
    data: number,
    width: number,
    height: number,
    side: number,
    powers: number,
    values: number,
    design: number,
  ): number;
  chamferDistance(
    mask: number,
    width: number,
    x0: number,
    y0: number,
    w: number,
    h: number,
    d: number,
    unset: number,
  ): void;
  selectKth(values: number, n: number, k: number, hist: number, keys: number, reordered: number): number;
  countNear(values: number, n: number, level: number, within: number): number;
  insideRuns(
    mask: number,
    width: number,
    x0: number,
    smoothed: number,
    d: number,
    w: number,
    h: number,
    level: number,
    interior: number,
    out: number,
  ): number;
  distanceBands(
    d: number,
    n: number,
    near: number,
    far: number,
    nearCode: number,
    farCode: number,
    out: number,
  ): void;
  transmissionDiffs(
    rows: number,
    count: number,
    width: number,
    step: number,
    cubics: number,
    us: number,
    twiceLevel: number,
    out: number,
  ): number;
  outlinePixels(
    soft: number,
    width: number,
    height: number,
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    out: number,
  ): number;
  sampleLines(
    soft: number,
    blocked: number,
    image: number,
    width: number,
    height: number,
    lines: number,
    count: number,
    mirror: number,
    inside: number,
    length: number,
    clear: number,
    values: number,
    squares: number,
    counts: number,
    line: number,
  ): number;
  boxBlurRows(src: number, dst: number, pad: number, width: number, height: number, r: number): void;
  boxBlurColumns(src: number, dst: number, sums: number, width: number, height: number, r: number): void;
  realFft2dForward(image: number, re: number, im: number, ...layout: number[]): void;
  realFft2dInverse(re: number, im: number, out: number, ...layout: number[]): void;
  maskedDetail(
    values: number,
    ignore: number,
    kept: number,
    local: number,
    share: number,
    tmp: number,
    sums: number,
    pad: number,
    width: number,
    height: number,
    ...radii: number[]
  ): void;
  crossPower(re: number, im: number, br: number, bi: number, count: number): void;
  clipOutliers(
    values: number,
    row: number,
    width: number,
    height: number,
    lo: number,
    hi: number,
    fill: number,
  ): void;
  maskedWindow(
    detail: number,
    local: number,
    floor: number,
    equalise: number,
    wx: number,
    wy: number,
    image: number,
    width: number,
    height: number,
    size: number,
  ): void;
  /** Same arguments as `scanRuns`, with the screen's threshold in place of the level. */
  hotPixelCandidates(
    image: number,
    width: number,
    height: number,
    t: number,
    out: number,
    capacity: number,
  ): number;
}
