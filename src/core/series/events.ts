/**
 * Events read from the holder log, marked on every plot: bias steps, and loss of electrical
 * contact (a bias is applied but the current sits at its noise floor, as in the paper's Movie S2),
 * which tells the user that the area stopped changing because the circuit opened.
 */

export interface BiasStep {
  timeS: number;
  fromV: number;
  toV: number;
}

/** Times where the bias changes by at least `minStepV` volts between two samples. */
export function findBiasSteps(
  timeS: ArrayLike<number>,
  voltageV: ArrayLike<number>,
  minStepV = 0.05,
): BiasStep[] {
  const steps: BiasStep[] = [];
  let previous = Number.NaN;
  for (let k = 0; k < Math.min(timeS.length, voltageV.length); k++) {
    const v = voltageV[k];
    if (!Number.isFinite(v)) continue;
    if (Number.isFinite(previous) && Math.abs(v - previous) >= minStepV) {
      steps.push({ timeS: timeS[k], fromV: previous, toV: v });
    }
    previous = v;
  }
  return steps;
}

export interface ContactLoss {
  startS: number;
  endS: number;
  /** Mean bias while the contact was lost, in volts. */
  meanV: number;
}

export interface ContactLossOptions {
  /** |bias| above this counts as "a bias is applied", in volts. Default 0.05 V. */
  biasAboveV?: number;
  /** |current| below this is "no current", in amperes. Default: estimated from the log (see below). */
  noiseFloorA?: number;
  /** Shorter spells are ignored, in seconds. Default 2 s. */
  minDurationS?: number;
}

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The current's noise floor: 4 robust standard deviations (1.4826 × MAD) of the current while no
 * bias is applied. With no unbiased samples, 2 % of the median |current| under bias.
 */
export function estimateNoiseFloorA(
  voltageV: ArrayLike<number>,
  currentA: ArrayLike<number>,
  biasAboveV = 0.05,
): number {
  const rest: number[] = [];
  const biased: number[] = [];
  for (let k = 0; k < Math.min(voltageV.length, currentA.length); k++) {
    const i = currentA[k];
    if (!Number.isFinite(i) || !Number.isFinite(voltageV[k])) continue;
    (Math.abs(voltageV[k]) > biasAboveV ? biased : rest).push(i);
  }
  if (rest.length >= 10) {
    const center = median(rest);
    const mad = median(rest.map((i) => Math.abs(i - center)));
    return Math.max(4 * 1.4826 * mad + Math.abs(center), 1e-15);
  }
  return 0.02 * median(biased.map(Math.abs));
}

/** Spells where a bias is applied but |current| stays below the noise floor for `minDurationS`. */
export function findContactLoss(
  timeS: ArrayLike<number>,
  voltageV: ArrayLike<number>,
  currentA: ArrayLike<number>,
  options: ContactLossOptions = {},
): ContactLoss[] {
  const biasAboveV = options.biasAboveV ?? 0.05;
  const floor = options.noiseFloorA ?? estimateNoiseFloorA(voltageV, currentA, biasAboveV);
  const minDurationS = options.minDurationS ?? 2;
  const spells: ContactLoss[] = [];
  let start = -1;
  let sumV = 0;
  let count = 0;
  const n = Math.min(timeS.length, voltageV.length, currentA.length);
  const close = (end: number) => {
    if (start >= 0 && timeS[end] - timeS[start] >= minDurationS) {
      spells.push({ startS: timeS[start], endS: timeS[end], meanV: sumV / count });
    }
    start = -1;
    sumV = 0;
    count = 0;
  };
  for (let k = 0; k < n; k++) {
    const open = Math.abs(voltageV[k]) > biasAboveV && Math.abs(currentA[k]) < floor;
    if (open) {
      if (start < 0) start = k;
      sumV += voltageV[k];
      count++;
    } else if (start >= 0) {
      close(k - 1);
    }
  }
  if (start >= 0) close(n - 1);
  return spells;
}
