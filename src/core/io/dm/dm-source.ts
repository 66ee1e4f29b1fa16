import { FileFormatError } from '../errors.ts';
import { FrameSourceBase } from '../frame-source-base.ts';
import { bytesToPixels } from '../pixels.ts';
import { RangeReader } from '../range-reader.ts';
import type { Frame } from '../types.ts';
import { type DmImageInfo, type DmLayout, describeImage } from './image.ts';
import { parseDmTags } from './tag-parser.ts';

/** Where one frame's bytes are: a file and an offset in it. */
export interface FrameLocation {
  reader: RangeReader;
  offset: number;
}

/**
 * A DM image, stack or recording as a movie. Opening parsed the tags once; each `getFrame` reads
 * exactly one frame's bytes from wherever the locator says it is.
 */
export class DmSource extends FrameSourceBase {
  constructor(
    name: string,
    private readonly layout: DmLayout,
    info: Omit<DmImageInfo, keyof DmLayout | 'imageIndex' | 'imageCount'> & { frameCount: number },
    private readonly locate: (index: number) => FrameLocation,
    private readonly readers: RangeReader[],
  ) {
    super({
      name,
      formatId: 'dm',
      width: layout.width,
      height: layout.height,
      frameCount: info.frameCount,
      dtype: layout.dtype,
      calibration: info.calibration,
      frameTimesS: info.frameTimesS,
      frameIntervalS: info.frameIntervalS,
      metadata: info.metadata,
      originalMetadata: info.originalMetadata,
    });
  }

  /** Bytes read so far from every file: tests and benches use it to prove that reading stays lazy. */
  get bytesRead(): number {
    return this.readers.reduce((sum, r) => sum + r.bytesRead, 0);
  }

  protected async readFrame(index: number): Promise<Frame> {
    const { reader, offset } = this.locate(index);
    const length = this.width * this.height * this.layout.bytesPerPixel;
    const bytes = await reader.read(offset, length, `frame ${index} (of 0–${this.frameCount - 1})`);
    return {
      width: this.width,
      height: this.height,
      data: bytesToPixels(bytes, this.dtype, this.layout.littleEndian),
    };
  }
}

/** Parses a DM file's tags and describes its (non-thumbnail) image. */
export async function inspectDm(reader: RangeReader, signal?: AbortSignal): Promise<DmImageInfo> {
  const parsed = await parseDmTags(reader, signal);
  return describeImage(parsed, reader.name);
}

/** Opens a DM3 or DM4 file lazily: tags now, pixels frame by frame. */
export async function openDm(blob: Blob, fileName: string, signal?: AbortSignal): Promise<DmSource> {
  const reader = new RangeReader(blob, fileName);
  if (reader.size === 0) throw new FileFormatError(fileName, 'empty', 'the file is empty');
  const info = await inspectDm(reader, signal);
  const frameBytes = info.width * info.height * info.bytesPerPixel;
  return new DmSource(
    fileName,
    info,
    info,
    (index) => ({ reader, offset: info.dataOffset + index * frameBytes }),
    [reader],
  );
}
