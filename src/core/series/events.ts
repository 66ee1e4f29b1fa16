/**
 * Events read from the holder log, marked on every plot: bias steps, and loss of electrical
 * contact (a bias is applied but the current sits at its noise floor, as in the paper's Movie S2),
 * which tells the user that the area stopped changing because the circuit opened.
 */

import { currentUnitFor } from './units.ts';

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

/**
 * A loss of electrical contact and the evidence for it. All currents are magnitudes, in amperes.
 */
export interface ContactLoss {
  startS: number;
  endS: number;
  /** Mean bias while the contact was lost, in volts. */
  meanV: number;
  /** The current's noise floor the spell stayed under. */
  noiseFloorA: number;
  /** Median |current| over the second before the fall (the reaction still running). */
  currentBeforeA: number;
  /** Median |current| during the spell. */
  currentDuringA: number;
}

export interface ContactLossOptions {
  /** |bias| above this counts as "a bias is applied", in volts. Default 0.05 V. */
  biasAboveV?: number;
  /** |current| below this is "no current", in amperes. Default: estimated from the log (see below). */
  noiseFloorA?: number;
  /** Shorter spells are ignored, in seconds. Default 2 s. */
  minDurationS?: number;
  /**
   * How fast the current must fall to count as a loss of contact, in seconds: it was
   * `wellAboveFloor` × the floor this long before the spell began. Default 0.5 s, a few samples
   * of a holder log; a reaction that slows down decays over seconds.
   */
  fallWithinS?: number;
  /** How far above the noise floor the current ran before the fall, as a ratio. Default 2.5. */
  wellAboveFloor?: number;
}

/** Seconds over which the current before a fall is measured (its median). */
const BEFORE_WINDOW_S = 1;

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

/**
 * Losses of electrical contact (the paper's Movie S2): spells of at least `minDurationS` where a
 * bias is applied but |current| sits under its noise floor, AND that begin with an abrupt fall —
 * within `fallWithinS` before the spell, under the same bias, the current ran well above the
 * floor. When the area stops changing under bias the Faradaic current decays smoothly to the
 * floor: that is the end of a reaction, not a loss of contact, and is not reported. A fall right
 * at a bias step is not reported either (the step's capacitive spike is no evidence of a running
 * reaction). Non-finite samples (missing readings) break a spell.
 */
export function findContactLoss(
  timeS: ArrayLike<number>,
  voltageV: ArrayLike<number>,
  currentA: ArrayLike<number>,
  options: ContactLossOptions = {},
): ContactLoss[] {
  const biasAboveV = options.biasAboveV ?? 0.05;
  const floor = options.noiseFloorA ?? estimateNoiseFloorA(voltageV, currentA, biasAboveV);
  const minDurationS = options.minDurationS ?? 2;
  const fallWithinS = options.fallWithinS ?? 0.5;
  const wellAbove = options.wellAboveFloor ?? 2.5;
  const n = Math.min(timeS.length, voltageV.length, currentA.length);
  const losses: ContactLoss[] = [];
  const open = (k: number) =>
    Math.abs(voltageV[k]) > biasAboveV && Math.abs(currentA[k]) < floor && Number.isFinite(timeS[k]);
  for (let k = 0; k < n; k++) {
    if (!open(k)) continue;
    let end = k;
    while (end + 1 < n && open(end + 1)) end++;
    const loss = evidenceOfLoss(k, end);
    if (loss) losses.push(loss);
    k = end;
  }
  return losses;

  function evidenceOfLoss(first: number, last: number): ContactLoss | undefined {
    if (timeS[last] - timeS[first] < minDurationS) return undefined;
    let sumV = 0;
    const during: number[] = [];
    for (let k = first; k <= last; k++) {
      sumV += voltageV[k];
      during.push(Math.abs(currentA[k]));
    }
    const meanV = sumV / (last - first + 1);
    // The second that ends `fallWithinS` before the spell, all under the spell's bias.
    const to = timeS[first] - fallWithinS;
    const before: number[] = [];
    for (let k = first - 1; k >= 0 && timeS[k] >= to - BEFORE_WINDOW_S; k--) {
      if (Math.abs(voltageV[k] - meanV) > biasAboveV) return undefined;
      if (timeS[k] <= to && Number.isFinite(currentA[k])) before.push(Math.abs(currentA[k]));
    }
    const currentBeforeA = median(before);
    if (!(currentBeforeA >= wellAbove * floor)) return undefined;
    return {
      startS: timeS[first],
      endS: timeS[last],
      meanV,
      noiseFloorA: floor,
      currentBeforeA,
      currentDuringA: median(during),
    };
  }
}

/**
 * What a contact-loss mark says when hovered: when, how far the current fell and against what
 * floor, so the user can judge the evidence. Times on whatever clock `loss` is on.
 */
export function describeContactLoss(loss: ContactLoss): string {
  const unit = currentUnitFor([loss.currentBeforeA, loss.noiseFloorA]);
  const amps = (a: number) => `${Number((a * unit.scale).toPrecision(2))} ${unit.unit}`;
  return (
    `Contact lost ${loss.startS.toFixed(1)}–${loss.endS.toFixed(1)} s at ${loss.meanV.toFixed(2)} V: ` +
    `|current| fell from ${amps(loss.currentBeforeA)} to ${amps(loss.currentDuringA)} ` +
    `(noise floor ${amps(loss.noiseFloorA)})`
  );
}
