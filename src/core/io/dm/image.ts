import { FileFormatError } from '../errors.ts';
import { frameBudgetProblem } from '../frame-budget.ts';
import type { Calibration, Dtype, FrameMetadata } from '../types.ts';
import {
  frameInterval,
  planeTimes,
  readAxes,
  readMetadata,
  spatialCalibration,
  toPlain,
} from './metadata.ts';
import type { ParsedDm } from './tag-parser.ts';
import { type DmData, type DmGroup, groupAt, numberAt, tagAt } from './tag-types.ts';

/** DM image DataType codes the workbench can show, and their pixel type. */
const PIXEL_TYPES: Record<number, { dtype: Dtype; bytes: number }> = {
  1: { dtype: 'int16', bytes: 2 },
  2: { dtype: 'float32', bytes: 4 },
  6: { dtype: 'uint8', bytes: 1 },
  7: { dtype: 'int32', bytes: 4 },
  9: { dtype: 'int8', bytes: 1 },
  10: { dtype: 'uint16', bytes: 2 },
  11: { dtype: 'uint32', bytes: 4 },
  12: { dtype: 'float64', bytes: 8 },
  // A binary mask, one byte of 0 or 1 per pixel: shown as uint8.
  14: { dtype: 'uint8', bytes: 1 },
};

const UNSHOWABLE: Record<number, string> = {
  3: 'complex64',
  4: 'obsolete packed',
  5: 'packed complex',
  8: 'RGB',
  13: 'complex128',
  23: 'RGBA colour',
  27: 'complex64 (4-byte)',
  28: 'complex128 (8-byte)',
  29: 'RGB float',
};

/** Where an image's pixels are and how to read them: all a `getFrame` needs. */
export interface DmLayout {
  width: number;
  height: number;
  frameCount: number;
  dtype: Dtype;
  bytesPerPixel: number;
  littleEndian: boolean;
  /** Absolute byte offset of pixel 0 of frame 0. */
  dataOffset: number;
  /** DM's Dimensions, x fastest. */
  dims: number[];
  /** Byte offset of the image's "Data" tag entry: a cheap fingerprint of the tag layout. */
  dataTagOffset: number;
}

export interface DmImageInfo extends DmLayout {
  imageIndex: number;
  imageCount: number;
  calibration?: Calibration;
  frameIntervalS?: number;
  frameTimesS?: number[];
  metadata: FrameMetadata;
  originalMetadata: Record<string, unknown>;
}

/**
 * Entry 0 of ImageList is the thumbnail DM writes for its file browser (an RGBA picture): skip it when
 * the file holds more, then take the largest remaining image (an image beats a line plot beside it).
 */
export function chooseImage(list: DmGroup): number {
  const images = list.entries.map((e) => (e.node.kind === 'group' ? e.node : undefined));
  let start = 0;
  if (images.length > 1 && numberAt(images[0], 'ImageData', 'DataType') === 23) start = 1;
  let best = -1;
  let bestPixels = -1;
  for (let i = start; i < images.length; i++) {
    const dims = dimensionsOf(images[i]);
    const pixels = dims.reduce((a, b) => a * b, 1);
    if (dims.length > 0 && pixels > bestPixels) {
      best = i;
      bestPixels = pixels;
    }
  }
  return best;
}

function dimensionsOf(image: DmGroup | undefined): number[] {
  const group = groupAt(image, 'ImageData', 'Dimensions');
  return (group?.entries ?? []).map((e) =>
    e.node.kind === 'data' && typeof e.node.value === 'number' ? e.node.value : Number.NaN,
  );
}

/** Describes the chosen image of a parsed DM file, checking that its numbers can be true. */
export function describeImage(parsed: ParsedDm, fileName: string): DmImageInfo {
  const fail = (kind: 'corrupt' | 'unsupported' | 'too-large', detail: string, at?: number): never => {
    throw new FileFormatError(fileName, kind, detail, at);
  };
  const list = groupAt(parsed.root, 'ImageList');
  if (!list || list.entries.length === 0) fail('corrupt', 'the file holds no image (no ImageList tags)');
  const imageIndex = chooseImage(list as DmGroup);
  const image = groupAt(list, imageIndex);
  if (!image) return fail('corrupt', 'no image in the ImageList has dimensions');
  const dataTag = tagAt(image, 'ImageData', 'Data') as DmData | undefined;
  const dataEntry = groupAt(image, 'ImageData')?.entries.find((e) => e.label === 'Data');
  if (dataTag?.kind !== 'data' || !dataEntry)
    return fail('corrupt', 'the image has no Data tag', image.offset);
  const dataType = numberAt(image, 'ImageData', 'DataType') ?? -1;
  const pixel = PIXEL_TYPES[dataType];
  if (!pixel) {
    const what = UNSHOWABLE[dataType] ?? `DataType ${dataType}`;
    return fail(
      'unsupported',
      `the image holds ${what} pixels, which the workbench can't show as a movie`,
      dataEntry.offset,
    );
  }
  const dims = dimensionsOf(image);
  if (dims.length === 0 || dims.some((d) => !Number.isSafeInteger(d) || d < 1)) {
    return fail(
      'corrupt',
      `the image dimensions [${dims.join(', ')}] are not positive whole numbers`,
      image.offset,
    );
  }
  const pixels = dims.reduce((a, b) => a * b, 1);
  const dataBytes = dataLength(dataTag);
  if (!Number.isSafeInteger(pixels) || pixels * pixel.bytes !== dataBytes) {
    return fail(
      'corrupt',
      `the dimensions [${dims.join(' × ')}] claim ${pixels} pixels of ${pixel.bytes} bytes but the Data tag holds ${dataBytes} bytes`,
      dataEntry.offset,
    );
  }
  // 1-D spectra open as one row; frames run along the slowest axes (a 3-D stack's z).
  const width = dims[0];
  const height = dims[1] ?? 1;
  const frameCount = pixels / (width * height);
  const tooLarge = frameBudgetProblem(
    `one frame of ${width} × ${height} pixels`,
    width * height * pixel.bytes,
  );
  if (tooLarge) fail('too-large', tooLarge, dataEntry.offset);
  const axes = readAxes(image);
  const frameAxis = dims.length === 3 ? axes[2] : undefined;
  const info: DmImageInfo = {
    width,
    height,
    frameCount,
    dtype: pixel.dtype,
    bytesPerPixel: pixel.bytes,
    littleEndian: parsed.header.littleEndian,
    dataOffset: dataTag.offset,
    dims,
    dataTagOffset: dataEntry.offset,
    imageIndex,
    imageCount: list?.entries.length ?? 0,
    calibration: spatialCalibration(axes[0], dims.length > 1 ? axes[1] : axes[0]),
    frameIntervalS: frameInterval(frameAxis),
    frameTimesS: planeTimes(image, frameCount),
    metadata: readMetadata(image, parsed.header.version),
    originalMetadata: toPlain(parsed.root) as Record<string, unknown>,
  };
  info.metadata.dimensions = dims.join(' × ');
  if (dims.length === 1) info.metadata.layout = 'a 1-D signal, shown as one row';
  if (frameAxis && info.frameIntervalS === undefined && frameAxis.units !== '') {
    // The frames of an EELS spectrum image are energy channels: say so, with their calibration.
    info.metadata.frameAxisUnit = frameAxis.units;
    info.metadata.frameAxisScale = frameAxis.scale;
    info.metadata.frameAxisOrigin = frameAxis.origin;
  }
  if (info.imageCount > 1) info.metadata.imageInFile = `${imageIndex + 1} of ${info.imageCount}`;
  return info;
}

function dataLength(tag: DmData): number {
  const value = tag.value;
  if (typeof value === 'object' && value !== null && 'byteLength' in value) return value.byteLength;
  return 0;
}
