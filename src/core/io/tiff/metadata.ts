import type { Calibration, FrameMetadata } from '../types.ts';
import type { RawIfd, TagEntry, TiffDirectory } from './ifd.ts';
import { DmTag, Tag, tagLabel } from './tags.ts';
import { calibrationFromNm, makeCalibration, nmPerUnit, normaliseUnit, secondsPerUnit } from './units.ts';
import {
  feiDateTime,
  parseImageJDescription,
  parseIni,
  parseTvips,
  TVIPS_HEADER_BYTES,
  tiffDateTime,
} from './vendor.ts';

export interface TiffMetadata {
  calibration?: Calibration;
  frameIntervalS?: number;
  metadata: FrameMetadata;
  originalMetadata: Record<string, unknown>;
  /** ImageJ's "images=" count: more than the pages means one contiguous block after the first. */
  imagejImages?: number;
}

const MAX_TEXT_BYTES = 256 * 1024;
const MAX_LISTED_VALUES = 16;

/** The first page's tags as plain values; large arrays and blobs are summarised, never read. */
async function originalTags(dir: TiffDirectory, ifd: RawIfd): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const sorted = [...ifd.entries.values()].sort((a, b) => a.tag - b.tag);
  for (const entry of sorted) {
    const label = tagLabel(entry.tag);
    if (!dir.valueInFile(entry)) {
      out[label] = `<${entry.count} values outside the file>`;
    } else if (entry.type === 2) {
      out[label] =
        entry.byteLength <= MAX_TEXT_BYTES ? await dir.text(entry) : `<text of ${entry.count} bytes>`;
    } else if (entry.count > MAX_LISTED_VALUES) {
      out[label] =
        entry.type === 1 || entry.type === 7 ? `<${entry.count} bytes>` : `<${entry.count} values>`;
    } else {
      const values = await dir.numbers(entry);
      out[label] = values.length === 1 ? values[0] : values;
    }
  }
  return out;
}

async function text(dir: TiffDirectory, entry: TagEntry | undefined): Promise<string | undefined> {
  if (!entry || !dir.valueInFile(entry) || entry.byteLength > MAX_TEXT_BYTES) return undefined;
  return dir.text(entry);
}

async function number(dir: TiffDirectory, entry: TagEntry | undefined): Promise<number | undefined> {
  if (!entry || !dir.valueInFile(entry)) return undefined;
  const value = await dir.number(entry);
  return Number.isFinite(value) ? value : undefined;
}

/** Reads calibration, frame timing and acquisition metadata from the first page. */
export async function readMetadata(dir: TiffDirectory, ifd: RawIfd): Promise<TiffMetadata> {
  const get = (tag: number) => ifd.entries.get(tag);
  const result: TiffMetadata = { metadata: {}, originalMetadata: await originalTags(dir, ifd) };
  const meta = result.metadata;
  const description = await text(dir, get(Tag.ImageDescription));
  meta.software = await text(dir, get(Tag.Software));
  meta.acquisitionStart = tiffDateTime(await text(dir, get(Tag.DateTime)));
  const make = await text(dir, get(Tag.Make));
  const model = await text(dir, get(Tag.Model));
  if (make || model) meta.camera = [make, model].filter(Boolean).join(' ');
  if (get(Tag.Artist)) meta.user = await text(dir, get(Tag.Artist));

  // Gatan DigitalMicrograph exports: private tags with per-axis unit, origin and scale.
  const dmUnit = normaliseUnit(await text(dir, get(DmTag.unitX)));
  const dmScaleX = await number(dir, get(DmTag.scaleX));
  if (get(DmTag.scaleX) || get(DmTag.unitX)) meta.software ??= 'DigitalMicrograph';
  if (dmUnit && dmScaleX) {
    result.calibration = makeCalibration(
      dmScaleX,
      (await number(dir, get(DmTag.scaleY))) ?? dmScaleX,
      dmUnit,
      await number(dir, get(DmTag.offsetX)),
      await number(dir, get(DmTag.offsetY)),
    );
  }
  const dmFrameScale = await number(dir, get(DmTag.scaleZ));
  const dmFrameSeconds = secondsPerUnit(await text(dir, get(DmTag.unitZ)));
  if (dmFrameScale && dmFrameSeconds) result.frameIntervalS = dmFrameScale * dmFrameSeconds;

  // ImageJ: unit and timing in the description, pixels per unit in X/YResolution.
  const imagej = description ? parseImageJDescription(description) : undefined;
  if (imagej) {
    meta.software ??= `ImageJ ${imagej.ImageJ}`.trim();
    const images = Number(imagej.images);
    if (Number.isInteger(images) && images > 0) result.imagejImages = images;
    for (const key of ['channels', 'slices', 'frames'] as const) {
      if (imagej[key] !== undefined) meta[`imagej_${key}`] = Number(imagej[key]);
    }
    if (imagej.spacing !== undefined) meta.imagej_spacing = Number(imagej.spacing);
    const unit = normaliseUnit(imagej.unit);
    const xRes = await number(dir, get(Tag.XResolution));
    if (!result.calibration && unit && xRes) {
      const yRes = (await number(dir, get(Tag.YResolution))) ?? xRes;
      const px = 1 / xRes;
      const py = 1 / yRes;
      const originX = Number(imagej.xorigin);
      const originY = Number(imagej.yorigin);
      result.calibration = makeCalibration(
        px,
        py,
        unit,
        Number.isFinite(originX) && imagej.xorigin !== undefined ? -originX * px : undefined,
        Number.isFinite(originY) && imagej.yorigin !== undefined ? -originY * py : undefined,
      );
    }
    const interval = Number(imagej.finterval);
    const perUnit = secondsPerUnit(imagej.tunit ?? 'sec');
    if (result.frameIntervalS === undefined && interval > 0 && perUnit)
      result.frameIntervalS = interval * perUnit;
  } else if (description?.trim()) {
    const trimmed = description.trim();
    meta.description = trimmed.length > 2000 ? `${trimmed.slice(0, 2000)}…` : trimmed;
  }

  // FEI / Thermo Fisher: INI text with the pixel size in metres.
  const feiText = (await text(dir, get(Tag.FeiHelios))) ?? (await text(dir, get(Tag.FeiSfeg)));
  if (feiText) {
    const fei = parseIni(feiText);
    const scan = fei.Scan ?? fei.EScan ?? fei.IScan ?? {};
    const widthM = Number(scan.PixelWidth);
    if (!result.calibration && widthM > 0) {
      result.calibration = calibrationFromNm(widthM * 1e9, (Number(scan.PixelHeight) || widthM) * 1e9);
    }
    meta.microscope ??= fei.System?.SystemType;
    meta.software ??= fei.System?.Software ? `FEI xT ${fei.System.Software}` : undefined;
    const hv = Number(fei.Beam?.HV ?? fei.EBeam?.HV);
    if (hv > 0) meta.beamEnergyKeV = hv / 1000;
    const dwell = Number(scan.Dwelltime ?? scan.Dwell);
    if (dwell > 0) meta.dwellTimeS = dwell;
    const current = Number(fei.EBeam?.BeamCurrent);
    if (current > 0) meta.beamCurrentA = current;
    const wd = Number(fei.Stage?.WorkingDistance ?? fei.EBeam?.WD);
    if (wd > 0) meta.workingDistanceMm = wd * 1000;
    meta.user ??= fei.User?.User;
    meta.acquisitionStart = feiDateTime(fei.User?.Date, fei.User?.Time) ?? meta.acquisitionStart;
  }

  // TVIPS EM-MENU: tag 37706 points at a binary header.
  const tvipsOffset = await number(dir, get(Tag.Tvips));
  if (tvipsOffset && tvipsOffset + TVIPS_HEADER_BYTES <= dir.reader.size) {
    const header = parseTvips(
      await dir.blocks.read(tvipsOffset, TVIPS_HEADER_BYTES, 'TVIPS header'),
      dir.littleEndian,
    );
    if (header) {
      meta.software ??= 'TVIPS EM-MENU';
      meta.microscope ??= header.microscope;
      meta.camera ??= header.camera;
      if (header.highTensionV) meta.beamEnergyKeV = header.highTensionV / 1000;
      if (header.magnification) meta.magnification = header.magnification;
      if (header.exposureS) meta.exposureS = header.exposureS;
      meta.acquisitionStart = header.acquisitionStart ?? meta.acquisitionStart;
      if (!result.calibration && header.pixelSizeXNm && header.pixelSizeXNm > 0) {
        result.calibration = calibrationFromNm(
          header.pixelSizeXNm,
          header.pixelSizeYNm ?? header.pixelSizeXNm,
        );
      }
    }
  }

  result.calibration ??= await resolutionCalibration(dir, ifd);
  for (const key of Object.keys(meta)) if (meta[key] === undefined) delete meta[key];
  return result;
}

/**
 * Plain TIFF resolution: pixels per centimetre or per inch. Inch resolutions of 1200 dpi or
 * less are the screen and print defaults generic software writes (72 dpi in DM exports), not
 * a measurement: a real TEM pixel is far smaller than 21 µm.
 */
async function resolutionCalibration(dir: TiffDirectory, ifd: RawIfd): Promise<Calibration | undefined> {
  const unitCode = (await number(dir, ifd.entries.get(Tag.ResolutionUnit))) ?? 2;
  const xRes = await number(dir, ifd.entries.get(Tag.XResolution));
  if (!xRes || xRes <= 0 || (unitCode !== 2 && unitCode !== 3)) return undefined;
  if (unitCode === 2 && xRes <= 1200) return undefined;
  const yRes = (await number(dir, ifd.entries.get(Tag.YResolution))) ?? xRes;
  const nm = nmPerUnit(unitCode === 3 ? 'cm' : 'inch') as number;
  return calibrationFromNm(nm / xRes, nm / (yRes > 0 ? yRes : xRes));
}
