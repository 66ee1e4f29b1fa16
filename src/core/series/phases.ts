/**
 * Cycle phases from the applied bias. In the paper's set-up a negative bias of the Si cluster
 * against Li lithiates it and a positive bias delithiates it; |V| below `restBelowV` is rest
 * (0 V, or chemical lithiation with no bias applied).
 */

export type PhaseKind = 'lithiation' | 'delithiation' | 'rest';

export interface Phase {
  kind: PhaseKind;
  /** Log time of the phase start and end, in seconds. */
  startS: number;
  endS: number;
  /** Mean bias over the phase, in volts. */
  meanV: number;
}

export interface PhaseOptions {
  /** |bias| below this is rest, in volts. Default 0.02 V (logs of an open circuit read a few mV). */
  restBelowV?: number;
  /** Phases shorter than this merge into their neighbour, in seconds (glitches, switching). Default 0.5 s. */
  minDurationS?: number;
}

function classify(v: number, restBelowV: number): PhaseKind {
  if (Math.abs(v) < restBelowV) return 'rest';
  return v < 0 ? 'lithiation' : 'delithiation';
}

/** Splits a bias trace into contiguous phases; `timeS` must be ascending. */
export function detectPhases(
  timeS: ArrayLike<number>,
  voltageV: ArrayLike<number>,
  options: PhaseOptions = {},
): Phase[] {
  const restBelowV = options.restBelowV ?? 0.02;
  const minDurationS = options.minDurationS ?? 0.5;
  const n = Math.min(timeS.length, voltageV.length);
  if (n === 0) return [];
  const raw: { kind: PhaseKind; from: number; to: number }[] = [];
  for (let i = 0; i < n; i++) {
    const last = raw[raw.length - 1];
    // A missing reading is a gap in the record, not a change of state: the phase goes on
    // (rows before the first reading join the first phase).
    if (!Number.isFinite(voltageV[i])) {
      if (last) last.to = i;
      continue;
    }
    const kind = classify(voltageV[i], restBelowV);
    if (last && last.kind === kind) last.to = i;
    else raw.push({ kind, from: raw.length === 0 ? 0 : i, to: i });
  }
  if (raw.length === 0) return [];
  // A phase ends where the next begins, so phases tile the log without gaps.
  const spans = raw.map((r, k) => ({
    kind: r.kind,
    from: r.from,
    to: r.to,
    startS: timeS[r.from],
    endS: k + 1 < raw.length ? timeS[raw[k + 1].from] : timeS[r.to],
  }));
  const merged: typeof spans = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && (span.endS - span.startS < minDurationS || last.kind === span.kind)) {
      last.to = span.to;
      last.endS = span.endS;
    } else {
      merged.push({ ...span });
    }
  }
  return merged.map((span) => {
    let sum = 0;
    let count = 0;
    for (let i = span.from; i <= span.to; i++) {
      if (Number.isFinite(voltageV[i])) {
        sum += voltageV[i];
        count++;
      }
    }
    return {
      kind: span.kind,
      startS: span.startS,
      endS: span.endS,
      meanV: count > 0 ? sum / count : Number.NaN,
    };
  });
}

export interface Cycle {
  index: number;
  lithiation: Phase;
  /** The delithiation that follows, when the log has one before the next lithiation. */
  delithiation?: Phase;
  startS: number;
  endS: number;
}

/** A cycle is a lithiation phase and the delithiation after it (rests in between belong to it). */
export function groupCycles(phases: readonly Phase[]): Cycle[] {
  const cycles: Cycle[] = [];
  for (let i = 0; i < phases.length; i++) {
    const phase = phases[i];
    if (phase.kind !== 'lithiation') continue;
    let delithiation: Phase | undefined;
    for (let j = i + 1; j < phases.length && phases[j].kind !== 'lithiation'; j++) {
      if (phases[j].kind === 'delithiation') {
        delithiation = phases[j];
        break;
      }
    }
    cycles.push({
      index: cycles.length,
      lithiation: phase,
      delithiation,
      startS: phase.startS,
      endS: delithiation?.endS ?? phase.endS,
    });
  }
  return cycles;
}
