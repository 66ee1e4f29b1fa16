/** Units a holder log may use, and how to bring each to the SI unit the `LogChannel` promises. */

export type Quantity = 'time' | 'voltage' | 'current' | 'resistance' | 'temperature';

export interface UnitInfo {
  quantity: Quantity;
  /** Unit after conversion: s, V, A, Ω, °C. */
  si: string;
  /** `si = (raw * scale) / divisor + offset` (the offset exists for K and °F only). */
  scale: number;
  /** Sub-unit prefixes divide by a power of ten: 147 ms / 1000 is exactly 0.147 s, 147 × 0.001 is not. */
  divisor: number;
  offset: number;
}

export const SI_UNIT: Record<Quantity, string> = {
  time: 's',
  voltage: 'V',
  current: 'A',
  resistance: 'Ω',
  temperature: '°C',
};

const PREFIX: Record<string, number> = {
  G: 1e9,
  M: 1e6,
  k: 1e3,
  '': 1,
  m: 1e-3,
  µ: 1e-6,
  n: 1e-9,
  p: 1e-12,
  f: 1e-15,
};

/** Exact (case-sensitive) symbols: "mA" and "MA" must not be confused. */
const SYMBOLS = new Map<string, UnitInfo>();
/** Spelled-out names, matched case-insensitively ("Milliseconds", "Amps", "Degrees C"). */
const WORDS = new Map<string, UnitInfo>();

function info(quantity: Quantity, factor: number, offset = 0): UnitInfo {
  const inverse = Math.round(1 / factor);
  if (factor < 1 && Math.abs(inverse * factor - 1) < 1e-12) {
    return { quantity, si: SI_UNIT[quantity], scale: 1, divisor: inverse, offset };
  }
  return { quantity, si: SI_UNIT[quantity], scale: factor, divisor: 1, offset };
}

function addPrefixed(symbol: string, quantity: Quantity, prefixes: string): void {
  for (const p of prefixes)
    SYMBOLS.set(`${p === '_' ? '' : p}${symbol}`, info(quantity, PREFIX[p === '_' ? '' : p]));
}

addPrefixed('V', 'voltage', '_kmµnp');
addPrefixed('A', 'current', '_mµnpf');
addPrefixed('Ω', 'resistance', '_kMGm');
addPrefixed('Ohm', 'resistance', '_kMGm');
addPrefixed('ohm', 'resistance', '_kMG');
for (const [s, scale] of [
  ['s', 1],
  ['ms', 1e-3],
  ['µs', 1e-6],
  ['ns', 1e-9],
  ['min', 60],
  ['h', 3600],
] as const) {
  SYMBOLS.set(s, info('time', scale));
}
SYMBOLS.set('°C', info('temperature', 1));
SYMBOLS.set('K', info('temperature', 1, -273.15));
SYMBOLS.set('°F', info('temperature', 5 / 9, (-32 * 5) / 9));

const WORD_PREFIX: Record<string, number> = {
  '': 1,
  kilo: 1e3,
  mega: 1e6,
  milli: 1e-3,
  micro: 1e-6,
  nano: 1e-9,
  pico: 1e-12,
};
for (const [word, quantity] of [
  ['volt', 'voltage'],
  ['amp', 'current'],
  ['ampere', 'current'],
  ['ohm', 'resistance'],
  ['second', 'time'],
] as const) {
  for (const [prefix, scale] of Object.entries(WORD_PREFIX)) {
    WORDS.set(`${prefix}${word}`, info(quantity, scale));
    WORDS.set(`${prefix}${word}s`, info(quantity, scale));
  }
}
for (const [word, unit] of [
  ['sec', info('time', 1)],
  ['secs', info('time', 1)],
  ['msec', info('time', 1e-3)],
  ['min', info('time', 60)],
  ['mins', info('time', 60)],
  ['minute', info('time', 60)],
  ['minutes', info('time', 60)],
  ['hr', info('time', 3600)],
  ['hrs', info('time', 3600)],
  ['hour', info('time', 3600)],
  ['hours', info('time', 3600)],
  ['ohms', info('resistance', 1)],
  ['degrees c', info('temperature', 1)],
  ['degree c', info('temperature', 1)],
  ['deg c', info('temperature', 1)],
  ['degc', info('temperature', 1)],
  ['celsius', info('temperature', 1)],
  ['kelvin', info('temperature', 1, -273.15)],
  ['degrees f', info('temperature', 5 / 9, (-32 * 5) / 9)],
  ['fahrenheit', info('temperature', 5 / 9, (-32 * 5) / 9)],
] as const) {
  WORDS.set(word, unit);
}

/**
 * Writes every spelling of "micro" and "ohm" one way: U+00B5 and U+03BC both occur in real
 * files (and "u" where the writer had ASCII only); U+2126 is the ohm sign, U+03A9 the letter.
 */
export function normaliseUnitText(raw: string): string {
  let unit = raw
    .trim()
    .replace(/\u03bc/g, 'µ')
    .replace(/\u2126/g, 'Ω')
    .replace(/º/g, '°');
  // "uA", "uV", "us" mean micro only in front of a unit symbol.
  if (/^u(?:A|V|s|Ω|Ohm)$/.test(unit)) unit = `µ${unit.slice(1)}`;
  return unit;
}

/** Looks a unit up; `undefined` when it is not one of ours (the column may still be 'other'). */
export function parseUnit(raw: string | undefined): UnitInfo | undefined {
  if (raw === undefined) return undefined;
  const unit = normaliseUnitText(raw);
  if (unit === '') return undefined;
  const exact = SYMBOLS.get(unit) ?? SYMBOLS.get(unit.replace(/\s+/g, ''));
  if (exact) return exact;
  const word = unit.toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, '');
  const spelled = WORDS.get(word) ?? WORDS.get(word.replace(/-/g, ''));
  if (spelled) return spelled;
  // Lower-case symbols that cannot be misread ("v", "a", "sec" are not prefixes of anything).
  if (word === 'v') return SYMBOLS.get('V');
  if (word === 'a') return SYMBOLS.get('A');
  return undefined;
}

/** Converts one value to SI. */
export function toSi(value: number, unit: UnitInfo | undefined): number {
  return unit ? (value * unit.scale) / unit.divisor + unit.offset : value;
}
