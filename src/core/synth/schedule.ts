/**
 * Bias schedule and holder current for the synthetic movie, modelled on figures S4, S5 and S7:
 * rest at 0 V, lithiation at a negative bias with a decaying current, rest, delithiation at a
 * positive bias, repeated. The same model gives the cluster's lithiation state, so the movie's
 * swelling follows the charge that the log says has passed.
 */

import { createRng, mixSeed } from './rng.ts';

export type PhaseKind = 'rest' | 'lithiation' | 'delithiation';

/** One constant-bias step of the schedule. */
export interface BiasPhase {
  kind: PhaseKind;
  /** Applied bias (Si with respect to Li), in volts. */
  voltageV: number;
  /** Duration, in seconds. */
  durationS: number;
}

/** How current and charge behave inside lithiation / delithiation phases. */
export interface ChargeModelOptions {
  /** Lithiation current magnitude at the start of the first lithiation, in amperes (e.g. 5e-9). */
  lithiationStartA: number;
  /** Lithiation current magnitude the decay levels off at, in amperes (e.g. 1e-9). */
  lithiationEndA: number;
  /** Delithiation current at the start of the first delithiation, in amperes. */
  delithiationStartA: number;
  /** Delithiation current the decay levels off at, in amperes. */
  delithiationEndA: number;
  /** Decay time constant as a fraction of the phase duration (dimensionless). */
  decayFraction: number;
  /** Fraction of the stored lithium a delithiation phase removes (0–1): shrinkage is partial. */
  delithiationFraction: number;
}

export const defaultChargeModel: ChargeModelOptions = {
  lithiationStartA: 5e-9,
  lithiationEndA: 1e-9,
  delithiationStartA: 3e-9,
  delithiationEndA: 0.5e-9,
  decayFraction: 0.25,
  delithiationFraction: 0.6,
};

export interface ScheduleOptions {
  /** Total length the schedule must cover, in seconds. */
  durationS: number;
  /** Number of rest / lithiation / rest / delithiation cycles (≥ 1). */
  cycles: number;
  /** Lithiation bias, in volts. */
  lithiationV?: number;
  /** Delithiation bias, in volts. */
  delithiationV?: number;
}

// Relative lengths of rest, lithiation, rest, delithiation in one cycle, and of the closing rest.
const CYCLE_WEIGHTS: ReadonlyArray<[PhaseKind, number]> = [
  ['rest', 1],
  ['lithiation', 4],
  ['rest', 1.5],
  ['delithiation', 2.5],
];
const CLOSING_REST_WEIGHT = 1;

/** Builds the S5/S7-like schedule spread over `durationS`, ending with a rest. */
export function buildBiasSchedule(options: ScheduleOptions): BiasPhase[] {
  const cycles = Math.max(1, Math.floor(options.cycles));
  const lithV = options.lithiationV ?? -0.2;
  const delithV = options.delithiationV ?? 0.5;
  const cycleWeight = CYCLE_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  const unitS = options.durationS / (cycles * cycleWeight + CLOSING_REST_WEIGHT);
  const phases: BiasPhase[] = [];
  for (let c = 0; c < cycles; c++) {
    for (const [kind, w] of CYCLE_WEIGHTS) {
      const voltageV = kind === 'lithiation' ? lithV : kind === 'delithiation' ? delithV : 0;
      phases.push({ kind, voltageV, durationS: w * unitS });
    }
  }
  phases.push({ kind: 'rest', voltageV: 0, durationS: CLOSING_REST_WEIGHT * unitS });
  return phases;
}

/** The electrochemical state at one instant. */
export interface BiasState {
  phaseIndex: number;
  kind: PhaseKind;
  /** Applied bias, in volts. */
  voltageV: number;
  /** Noise-free holder current, in amperes (negative while lithiating). */
  currentA: number;
  /** Lithiation state of the cluster, 0 (pristine) to 1 (fully lithiated), dimensionless. */
  lithiation: number;
}

export interface BiasModel {
  readonly phases: readonly BiasPhase[];
  readonly durationS: number;
  /** State at time `tS` (seconds from the start); after the last phase the last state holds at rest. */
  stateAt(tS: number): BiasState;
}

/**
 * Within a phase the current magnitude decays as `end + (start - end)·exp(-τ/τc)`; the
 * lithiation state moves by the charge passed divided by that phase's full charge, scaled by
 * how much lithium is left to insert (or to remove). Later phases therefore start with a
 * smaller current, as a partly lithiated cluster takes up less lithium.
 */
export function createBiasModel(
  phases: readonly BiasPhase[],
  charge: ChargeModelOptions = defaultChargeModel,
): BiasModel {
  const starts: number[] = [];
  const startLith: number[] = [];
  let t = 0;
  let q = 0;
  for (const p of phases) {
    starts.push(t);
    startLith.push(q);
    q = phaseEnd(p, q, charge);
    t += p.durationS;
  }
  const durationS = t;
  const finalLith = q;

  const stateAt = (tS: number): BiasState => {
    for (let i = phases.length - 1; i >= 0; i--) {
      if (tS >= starts[i] || i === 0) {
        const p = phases[i];
        const tau = Math.min(Math.max(tS - starts[i], 0), p.durationS);
        if (tS - starts[i] > p.durationS) {
          return { phaseIndex: i, kind: 'rest', voltageV: 0, currentA: 0, lithiation: finalLith };
        }
        return inPhase(i, p, startLith[i], tau, charge);
      }
    }
    return { phaseIndex: -1, kind: 'rest', voltageV: 0, currentA: 0, lithiation: 0 };
  };
  return { phases, durationS, stateAt };
}

function decay(start: number, end: number, tauC: number, tau: number): { value: number; integral: number } {
  const e = Math.exp(-tau / tauC);
  return { value: end + (start - end) * e, integral: end * tau + (start - end) * tauC * (1 - e) };
}

function phaseCurrents(p: BiasPhase, charge: ChargeModelOptions): [number, number] {
  return p.kind === 'lithiation'
    ? [charge.lithiationStartA, charge.lithiationEndA]
    : [charge.delithiationStartA, charge.delithiationEndA];
}

function phaseEnd(p: BiasPhase, q0: number, charge: ChargeModelOptions): number {
  if (p.kind === 'lithiation') return 1;
  if (p.kind === 'delithiation') return q0 * (1 - charge.delithiationFraction);
  return q0;
}

function inPhase(i: number, p: BiasPhase, q0: number, tau: number, charge: ChargeModelOptions): BiasState {
  const base = { phaseIndex: i, kind: p.kind, voltageV: p.voltageV };
  if (p.kind === 'rest' || p.durationS <= 0) return { ...base, currentA: 0, lithiation: q0 };
  const [start, end] = phaseCurrents(p, charge);
  const tauC = Math.max(charge.decayFraction * p.durationS, 1e-9);
  const now = decay(start, end, tauC, tau);
  const full = decay(start, end, tauC, p.durationS).integral;
  const fraction = full > 0 ? now.integral / full : 1;
  if (p.kind === 'lithiation') {
    const room = 1 - q0;
    return { ...base, currentA: -room * now.value, lithiation: q0 + room * fraction };
  }
  const removable = q0 * charge.delithiationFraction;
  return { ...base, currentA: removable * now.value, lithiation: q0 - removable * fraction };
}

/** The holder's electrical log, sampled at a fixed interval. */
export interface SyntheticLog {
  /** Sample times, in seconds from the start of the movie. */
  timeS: Float64Array;
  /** Applied bias, in volts. */
  voltageV: Float64Array;
  /** Measured current, in amperes (with noise). */
  currentA: Float64Array;
}

/**
 * Samples the model every `intervalS` seconds from 0 to `durationS` inclusive. The current
 * carries Gaussian noise of standard deviation `currentNoiseA` (amperes), seeded by `seed`.
 */
export function sampleLog(
  model: BiasModel,
  durationS: number,
  intervalS: number,
  currentNoiseA: number,
  seed: number,
): SyntheticLog {
  const n = Math.max(1, Math.floor(durationS / intervalS + 1e-9) + 1);
  const timeS = new Float64Array(n);
  const voltageV = new Float64Array(n);
  const currentA = new Float64Array(n);
  const rng = createRng(mixSeed(seed, 0x106));
  for (let i = 0; i < n; i++) {
    const t = i * intervalS;
    const s = model.stateAt(t);
    timeS[i] = t;
    voltageV[i] = s.voltageV;
    currentA[i] = s.currentA + currentNoiseA * rng.normal();
  }
  return { timeS, voltageV, currentA };
}

/** Writes the log as CSV: header `time_s,voltage_V,current_A`, one row per sample. */
export function logToCsv(log: SyntheticLog): string {
  const lines = ['time_s,voltage_V,current_A'];
  for (let i = 0; i < log.timeS.length; i++) {
    const t = Number(log.timeS[i].toFixed(6));
    const v = Number(log.voltageV[i].toFixed(6));
    lines.push(`${t},${v},${log.currentA[i].toExponential(6)}`);
  }
  return `${lines.join('\n')}\n`;
}
