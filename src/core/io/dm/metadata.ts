import { makeCalibration, nmPerUnit, normaliseUnit, secondsPerUnit } from '../tiff/units.ts';
import type { Calibration, FrameMetadata } from '../types.ts';
import { type DmGroup, type DmValue, groupAt, isArrayRef, numberAt, stringAt } from './tag-types.ts';

/** One axis of a DM image: physical = (index − origin) × scale. */
export interface DmAxis {
  scale: number;
  origin: number;
  /** As the file spells it ("µm", "um", "A", "eV", "s", "" for none). */
  units: string;
}

export function readAxes(image: DmGroup): DmAxis[] {
  const dims = groupAt(image, 'ImageData', 'Calibrations', 'Dimension');
  return (dims?.entries ?? []).map((entry) => {
    const group = entry.node.kind === 'group' ? entry.node : undefined;
    return {
      scale: numberAt(group, 'Scale') ?? 1,
      origin: numberAt(group, 'Origin') ?? 0,
      units: stringAt(group, 'Units') ?? '',
    };
  });
}

/**
 * The spatial calibration of x and y. Axes in different length units (ncempy's test file has x in
 * nm and y in Å) are expressed in x's unit so the scale bar and aspect ratio stay right.
 */
export function spatialCalibration(x?: DmAxis, y?: DmAxis): Calibration | undefined {
  if (!x) return undefined;
  const unit = normaliseUnit(x.units);
  if (!unit) return undefined;
  const ax = y ?? x;
  const yUnit = normaliseUnit(ax.units);
  const xNm = nmPerUnit(unit);
  const yNm = yUnit ? nmPerUnit(yUnit) : undefined;
  const ratio = yUnit === unit ? 1 : xNm && yNm ? yNm / xNm : Number.NaN;
  const sizeY = ax.scale * ratio;
  // DM's origin is in pixels; the workbench's offset is the physical coordinate of pixel 0.
  return makeCalibration(
    x.scale,
    Number.isNaN(sizeY) ? x.scale : sizeY,
    unit,
    -x.origin * x.scale,
    -ax.origin * sizeY,
  );
}

/** Seconds per frame when the frame axis is calibrated in a time unit (checked by `withPlausibleScales`). */
export function frameInterval(axis?: DmAxis): number | undefined {
  const perUnit = secondsPerUnit(axis?.units);
  if (!axis || perUnit === undefined) return undefined;
  return axis.scale * perUnit;
}

/** The first group labelled `label` anywhere below `group`, breadth first (DM nests tag copies). */
export function findGroup(group: DmGroup | undefined, label: string, maxDepth = 6): DmGroup | undefined {
  let level: DmGroup[] = group ? [group] : [];
  for (let depth = 0; depth <= maxDepth && level.length > 0; depth++) {
    const next: DmGroup[] = [];
    for (const g of level) {
      for (const entry of g.entries) {
        if (entry.node.kind !== 'group') continue;
        if (entry.label === label) return entry.node;
        next.push(entry.node);
      }
    }
    level = next;
  }
  return undefined;
}

const nonEmpty = (s: string | undefined) => (s && s.trim() !== '' ? s.trim() : undefined);

/** Normalised metadata from an image's `ImageTags` (fields are missing when the file lacks them). */
export function readMetadata(image: DmGroup, version: number): FrameMetadata {
  const tags = groupAt(image, 'ImageTags');
  const info = findGroup(tags, 'Microscope Info');
  const session = findGroup(tags, 'Session Info');
  const dataBar = findGroup(tags, 'DataBar');
  const metadata: FrameMetadata = { software: 'DigitalMicrograph', dmVersion: version };
  const title = nonEmpty(stringAt(image, 'Name'));
  if (title) metadata.title = title;
  const gms = findGroup(tags, 'GMS Version');
  const gmsVersion = nonEmpty(stringAt(gms, 'Created') ?? stringAt(gms, 'Saved'));
  if (gmsVersion) metadata.software = `DigitalMicrograph ${gmsVersion}`;
  const microscope =
    nonEmpty(stringAt(session, 'Microscope')) ??
    nonEmpty(stringAt(info, 'Microscope')) ??
    nonEmpty(stringAt(info, 'Name'));
  if (microscope) metadata.microscope = microscope;
  const voltage = numberAt(info, 'Voltage');
  if (voltage !== undefined && voltage > 0) metadata.beamEnergyKeV = voltage / 1000;
  const magnification = numberAt(info, 'Indicated Magnification') ?? numberAt(info, 'Actual Magnification');
  if (magnification !== undefined && magnification > 0) metadata.magnification = magnification;
  const mode = nonEmpty(stringAt(info, 'Illumination Mode'));
  if (mode) metadata.illuminationMode = mode;
  const highLevel = groupAt(findGroup(tags, 'Acquisition'), 'Parameters', 'High Level');
  const exposure = numberAt(highLevel, 'Exposure (s)') ?? numberAt(dataBar, 'Exposure Time (s)');
  if (exposure !== undefined) metadata.exposureS = exposure;
  const device = nonEmpty(stringAt(dataBar, 'Device Name'));
  if (device) metadata.device = device;
  const start = acquisitionStart(dataBar);
  if (start) metadata.acquisitionStart = start;
  const os = numberAt(dataBar, 'Acquisition Time (OS)');
  if (os !== undefined && os > 0) metadata.acquisitionTimeUtc = new Date(fileTimeToUnixMs(os)).toISOString();
  return metadata;
}

/** Windows FILETIME (100 ns since 1601-01-01 UTC), which DM writes as "Acquisition Time (OS)". */
export function fileTimeToUnixMs(fileTime: number): number {
  return fileTime / 1e4 - 11_644_473_600_000;
}

/**
 * ISO local date-time from DataBar's "Acquisition Date" and "Acquisition Time", which DM writes in
 * the Windows locale of the acquiring PC: "7/20/2015" (US), "27.08.2016" (DE), "27/08/2016" (FR, UK,
 * MX), "6:48:25 PM", "08:55:59 p.m.". An ambiguous d/m order is settled by the UTC "Acquisition
 * Time (OS)" when present, else read as US month/day.
 */
export function acquisitionStart(dataBar: DmGroup | undefined): string | undefined {
  const date = stringAt(dataBar, 'Acquisition Date');
  const time = stringAt(dataBar, 'Acquisition Time');
  const os = numberAt(dataBar, 'Acquisition Time (OS)');
  const ymd = date ? parseDmDate(date, os ? new Date(fileTimeToUnixMs(os)) : undefined) : undefined;
  if (!ymd) return undefined;
  const seconds = time ? parseDmTime(time) : undefined;
  if (seconds === undefined) return ymd;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return `${ymd}T${pad(h)}:${pad(m)}:${pad(s)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function parseDmDate(raw: string, hint?: Date): string | undefined {
  const text = raw.trim();
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (iso) return ymd(+iso[1], +iso[2], +iso[3]);
  const dmy = /^(\d{1,2})([./-])(\d{1,2})\2(\d{2,4})$/.exec(text);
  if (!dmy) return undefined;
  const a = +dmy[1];
  const b = +dmy[3];
  const year = dmy[4].length === 2 ? 2000 + +dmy[4] : +dmy[4];
  // Dots are the German/European day.month order; slashes are either, so look at the numbers.
  if (dmy[2] === '.' || a > 12) return ymd(year, b, a);
  if (b > 12) return ymd(year, a, b);
  if (hint && !Number.isNaN(hint.getTime())) {
    const dayMonth = Date.UTC(year, b - 1, a);
    const monthDay = Date.UTC(year, a - 1, b);
    const t = hint.getTime();
    if (Math.abs(dayMonth - t) < Math.abs(monthDay - t)) return ymd(year, b, a);
  }
  return ymd(year, a, b);
}

function ymd(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Seconds since midnight from "20:54:33", "6:48:25 PM" or "08:55:59 p.m.". */
export function parseDmTime(raw: string): number | undefined {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(?:([ap])\.?\s*m\.?)?$/i.exec(raw.trim());
  if (!match) return undefined;
  let hours = +match[1];
  const meridiem = match[5]?.toLowerCase();
  if (meridiem === 'p' && hours < 12) hours += 12;
  if (meridiem === 'a' && hours === 12) hours = 0;
  const fraction = match[4] ? +`0.${match[4]}` : 0;
  return hours * 3600 + +match[2] * 60 + +(match[3] ?? 0) + fraction;
}

/**
 * Seconds from the first frame, from `ImageTags."plane info"[i]` as DM's stack builders write it:
 * "added @ tick" (the OS millisecond counter) when every plane has one, else "added @ time".
 */
export function planeTimes(image: DmGroup, frameCount: number): number[] | undefined {
  const planes = groupAt(image, 'ImageTags', 'plane info');
  if (!planes || planes.entries.length !== frameCount || frameCount < 2) return undefined;
  const groups = planes.entries.map((e) => (e.node.kind === 'group' ? e.node : undefined));
  const ticks = groups.map((g) => numberAt(g, 'added @ tick'));
  if (ticks.every((t) => t !== undefined))
    return ticks.map((t) => ((t as number) - (ticks[0] as number)) / 1000);
  const times = groups.map((g) => parseDmTime(stringAt(g, 'added @ time') ?? ''));
  if (times.some((t) => t === undefined)) return undefined;
  const first = times[0] as number;
  // Past midnight the clock wraps.
  return times.map((t) => ((t as number) - first + 86400) % 86400);
}

const MAX_LISTED = 64;

/** The tag tree as plain data for the metadata panel; long arrays become one-line summaries. */
export function toPlain(group: DmGroup): Record<string, unknown> | unknown[] {
  const unnamed = group.entries.length > 0 && group.entries.every((e) => e.label === '');
  if (unnamed)
    return group.entries.map((e) => (e.node.kind === 'group' ? toPlain(e.node) : plainValue(e.node.value)));
  const out: Record<string, unknown> = {};
  for (const entry of group.entries) {
    let key = entry.label;
    for (let n = 2; key in out; n++) key = `${entry.label} #${n}`;
    out[key] = entry.node.kind === 'group' ? toPlain(entry.node) : plainValue(entry.node.value);
  }
  return out;
}

function plainValue(value: DmValue): unknown {
  if (isArrayRef(value))
    return `<${value.count} values of ${value.elementSize} bytes at byte ${value.offset}>`;
  if (Array.isArray(value) && value.length > MAX_LISTED) return `<${value.length} values>`;
  return value;
}
