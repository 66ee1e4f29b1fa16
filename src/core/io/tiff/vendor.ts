import { view } from './ifd.ts';

/** `ImageJ=1.51d\nimages=2\nunit=micron\n...` as key → value. */
export function parseImageJDescription(text: string): Record<string, string> | undefined {
  if (!text.startsWith('ImageJ=')) return undefined;
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq > 0) fields[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return fields;
}

/** FEI/Thermo tag 34682: INI text, `[Section]` headers and `Key=value` lines. */
export function parseIni(text: string): Record<string, Record<string, string>> {
  const sections: Record<string, Record<string, string>> = {};
  let current: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('[') && line.endsWith(']')) {
      current = {};
      sections[line.slice(1, -1)] = current;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) current[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return sections;
}

/** "06/13/2016" + "05:06:40 PM" (FEI's US format) → "2016-06-13T17:06:40". */
export function feiDateTime(date: string | undefined, time: string | undefined): string | undefined {
  const d = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(date ?? '');
  const t = /^(\d{1,2}):(\d{2}):(\d{2})\s*([AP]M)?$/i.exec(time ?? '');
  if (!d || !t) return undefined;
  let hour = Number(t[1]) % (t[4] ? 12 : 24);
  if (t[4]?.toUpperCase() === 'PM') hour += 12;
  const pad = (n: number | string) => String(n).padStart(2, '0');
  return `${d[3]}-${pad(d[1])}-${pad(d[2])}T${pad(hour)}:${t[2]}:${t[3]}`;
}

/** TIFF DateTime "YYYY:MM:DD HH:MM:SS" → ISO 8601 (local time, as the file gives no zone). */
export function tiffDateTime(text: string | undefined): string | undefined {
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : undefined;
}

/** Size of the TVIPS EM-MENU header: a 244-byte version-1 block followed by 6068 bytes of version 2. */
export const TVIPS_HEADER_BYTES = 6312;
const V1 = 244;

export interface TvipsHeader {
  pixelSizeXNm?: number;
  pixelSizeYNm?: number;
  highTensionV?: number;
  magnification?: number;
  camera?: string;
  exposureS?: number;
  microscope?: string;
  acquisitionStart?: string;
}

function utf16(bytes: Uint8Array, offset: number, length: number, le: boolean): string {
  const dv = view(bytes);
  let text = '';
  for (let i = offset; i + 1 < offset + length; i += 2) {
    const code = dv.getUint16(i, le);
    if (code === 0) break;
    text += String.fromCharCode(code);
  }
  return text;
}

/**
 * The few fields of TVIPS private tag 37706 that matter here (layout of the version-2 header
 * as documented for EM-MENU: sizes in nm, high tension in V, exposure in ms).
 */
export function parseTvips(bytes: Uint8Array, le: boolean): TvipsHeader | undefined {
  if (bytes.length < TVIPS_HEADER_BYTES) return undefined;
  const dv = view(bytes);
  if (dv.getInt32(0, le) !== 2 || dv.getUint32(V1 + 6064, le) !== 0xaaaaaaaa) return undefined;
  const f32 = (at: number) => dv.getFloat32(V1 + at, le);
  const date = dv.getInt32(V1 + 340, le);
  const time = dv.getInt32(V1 + 344, le);
  const pad = (n: number) => String(n).padStart(2, '0');
  const year = date >> 16;
  const month = (date >> 8) & 0xff;
  const day = date & 0xff;
  const validDate =
    year > 1900 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && time >= 0 && time < 86400;
  return {
    pixelSizeXNm: f32(2724),
    pixelSizeYNm: f32(2728),
    microscope: utf16(bytes, V1 + 2868, 160, le) || undefined,
    highTensionV: f32(3028),
    magnification: f32(3292),
    camera: utf16(bytes, V1 + 3524, 160, le) || undefined,
    exposureS: f32(3708) / 1000,
    acquisitionStart: validDate
      ? `${year}-${pad(month)}-${pad(day)}T${pad(Math.floor(time / 3600))}:${pad(Math.floor(time / 60) % 60)}:${pad(time % 60)}`
      : undefined,
  };
}
