/** Recognising what a column holds from its name: quantity, unit and holder channel. */

import { parseUnit, type Quantity } from './units.ts';

export interface ParsedName {
  /** The name without unit and channel ("Current" for "Channel A Current (Amps)"). */
  base: string;
  /** Unit text as written, when the name carries one. */
  unit?: string;
  /** Holder channel: "A", "B", "1", ... */
  group?: string;
  /** The name spells a clock format, e.g. "Time (hh:mm:ss.ms)". */
  clockHint: boolean;
}

// Order matters: "Bias current" is a current, "Temperature" is not a time.
const QUANTITY_WORDS: [Quantity, RegExp][] = [
  ['resistance', /\b(?:resistance|impedance|ohms?|r)\b/],
  ['current', /\b(?:current|curr|amps?|amperage|i|ibias|strom)\b/],
  ['voltage', /\b(?:voltage|volts?|bias|potential|u|v|e|ewe|ecell|vbias|ubias|spannung)\b/],
  ['temperature', /\b(?:temperature|temp)\b/],
  ['time', /\b(?:time|t|elapsed|timestamp|clock|seconds|secs?|datetime|zeit)\b/],
];

/** The quantity a bare name means ("Bias" → voltage, "I" → current, "t" → time). */
export function quantityFromName(base: string): Quantity | undefined {
  const words = base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  if (words === '') return undefined;
  for (const [quantity, pattern] of QUANTITY_WORDS) if (pattern.test(words)) return quantity;
  return undefined;
}

const CLOCK_FORMAT = /\b(?:hh|mm|ss|yyyy|yy|dd)\b|hh:mm/i;
const CHANNEL = /\b(?:channel|chan|ch)[\s_.-]*([A-Za-z]|\d{1,2})\b/i;

/** A unit from a "/" or "_" suffix counts only when it agrees with what the name says. */
function suffixUnit(rest: string, suffix: string): boolean {
  const unit = parseUnit(suffix);
  if (!unit) return false;
  const named = quantityFromName(rest);
  return named === undefined || named === unit.quantity;
}

function splitUnit(name: string): { base: string; unit?: string; clockHint: boolean } {
  const bracket = /^(.*?)\s*[[(]([^\])[(]*)[\])]\s*$/.exec(name);
  if (bracket && bracket[1] !== '') {
    const inner = bracket[2].trim();
    if (CLOCK_FORMAT.test(inner)) return { base: bracket[1], clockHint: true };
    return { base: bracket[1], unit: inner === '' ? undefined : inner, clockHint: false };
  }
  const slash = /^(.*\S)\s*\/\s*([^/\s]+)$/.exec(name);
  if (slash && suffixUnit(slash[1], slash[2])) return { base: slash[1], unit: slash[2], clockHint: false };
  const underscore = /^(.*[^_\s])_([^_\s]+)$/.exec(name);
  if (underscore && suffixUnit(underscore[1], underscore[2])) {
    return { base: underscore[1], unit: underscore[2], clockHint: false };
  }
  return { base: name, clockHint: false };
}

/**
 * Splits a header cell into base name, unit and channel: "Elapsed Time [ms]", "I [µA]",
 * "Channel A Current", "Voltage_B", "I2 (nA)", "ch1 bias/mV".
 */
export function parseColumnName(name: string): ParsedName {
  const { base: withGroup, unit, clockHint } = splitUnit(name.trim());
  let base = withGroup.trim();
  let group: string | undefined;
  const channel = CHANNEL.exec(base);
  if (channel) {
    group = channel[1].toUpperCase();
    base = `${base.slice(0, channel.index)} ${base.slice(channel.index + channel[0].length)}`;
  } else {
    // "Voltage A", "Current_B", "V1", "I2": a trailing channel letter or digit after a quantity word.
    const suffix = /^(.*?[A-Za-z])[\s_.-]*([A-D]|[1-4])$/.exec(base);
    const separated = suffix && /[\s_.-]$/.test(base.slice(0, base.length - 1));
    if (suffix && (separated || /\d$/.test(base))) {
      const rest = suffix[1].replace(/[\s_.-]+$/, '');
      const quantity = quantityFromName(rest);
      if (quantity && quantity !== 'time') {
        group = suffix[2];
        base = rest;
      }
    }
  }
  base = base.replace(/\s+/g, ' ').replace(/^[\s_.:-]+|[\s_.:-]+$/g, '');
  return { base, unit, group, clockHint };
}

/** Unit declarations in notes: "Current units = Amps", "Time units: Milliseconds", "# voltage unit = mV". */
export function unitsFromNotes(notes: readonly string[]): Partial<Record<Quantity, string>> {
  const found: Partial<Record<Quantity, string>> = {};
  for (const note of notes) {
    const m = /^\s*([A-Za-z][A-Za-z ]*?)\s+units?\s*[=:]\s*(.+?)\s*$/i.exec(note);
    if (!m) continue;
    const quantity = quantityFromName(m[1]);
    if (quantity && parseUnit(m[2])?.quantity === quantity) found[quantity] ??= m[2];
  }
  return found;
}
