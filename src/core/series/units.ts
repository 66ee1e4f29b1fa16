/** Display units chosen from a value range, so axes read "−3.2 nA", not "−3.2e−9 A". */

export interface DisplayUnit {
  unit: string;
  /** Multiply SI values by this to get values in `unit`. */
  scale: number;
}

const CURRENT_UNITS: [number, DisplayUnit][] = [
  [1, { unit: 'A', scale: 1 }],
  [1e-3, { unit: 'mA', scale: 1e3 }],
  [1e-6, { unit: 'µA', scale: 1e6 }],
  [1e-9, { unit: 'nA', scale: 1e9 }],
  [0, { unit: 'pA', scale: 1e12 }],
];

function maxAbs(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i]);
    if (Number.isFinite(v) && v > max) max = v;
  }
  return max;
}

/** The largest current unit in which the biggest |value| is at least 1 (pA at the bottom). */
export function currentUnitFor(valuesA: ArrayLike<number>): DisplayUnit {
  const max = maxAbs(valuesA);
  return (CURRENT_UNITS.find(([limit]) => max >= limit) ?? CURRENT_UNITS[CURRENT_UNITS.length - 1])[1];
}

/** nm² up to 10⁶ nm² (1 µm²), µm² beyond, so cluster areas read as a few hundred or thousand. */
export function areaUnitFor(valuesNm2: ArrayLike<number>): DisplayUnit {
  return maxAbs(valuesNm2) >= 1e6 ? { unit: 'µm²', scale: 1e-6 } : { unit: 'nm²', scale: 1 };
}
