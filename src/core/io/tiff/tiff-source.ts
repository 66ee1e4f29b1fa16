import { FileFormatError, throwIfAborted } from '../errors.ts';
import { FrameSourceBase } from '../frame-source-base.ts';
import { RangeReader } from '../range-reader.ts';
import type { Frame, FrameMetadata, FrameSourceInfo } from '../types.ts';
import { decodePage } from './decode.ts';
import { type RawIfd, TiffDirectory } from './ifd.ts';
import { readMetadata } from './metadata.ts';
import { arrayValues, describeLayout, type PageInfo, readPage } from './page.ts';
import { PageTable } from './page-table.ts';
import { Tag } from './tags.ts';

/**
 * A TIFF opened as a movie: every full-resolution page is a frame (thumbnails are skipped),
 * or, for ImageJ stacks saved with a single directory, every frame-sized block after the first.
 * Opening walks the directory chain once; each `getFrame` reads only that frame's bytes.
 */
export class TiffSource extends FrameSourceBase {
  constructor(
    private readonly dir: TiffDirectory,
    private readonly pages: PageTable,
    info: Omit<FrameSourceInfo, 'name' | 'formatId' | 'width' | 'height' | 'dtype'>,
    /** Byte offset of frame 0 when frames follow each other as one block (ImageJ). */
    private readonly contiguousBase?: number,
  ) {
    const { width, height, dtype } = pages.at(0);
    super({ ...info, name: dir.name, formatId: 'tiff', width, height, dtype });
  }

  /** Bytes read from the file so far: tests and benches use it to prove that reading stays lazy. */
  get bytesRead(): number {
    return this.dir.reader.bytesRead;
  }

  /** Directories in the file's main chain that are frames (thumbnails excluded). */
  get pageCount(): number {
    return this.pages.length;
  }

  protected async readFrame(index: number, signal?: AbortSignal): Promise<Frame> {
    const label = `frame ${index} (of 0–${this.frameCount - 1})`;
    const data = await decodePage(this.dir, this.pageOf(index), label, signal);
    return { width: this.width, height: this.height, data };
  }

  protected override release(): void {
    this.dir.blocks.clear();
  }

  private pageOf(index: number): PageInfo {
    if (this.contiguousBase === undefined) return this.pages.at(index);
    const page = this.pages.at(0);
    const frameBytes = page.width * page.height * page.samplesPerPixel * (page.bitsPerSample / 8);
    return {
      ...page,
      rowsPerStrip: page.height,
      offsets: { values: [this.contiguousBase + index * frameBytes], count: 1 },
      byteCounts: { values: [frameBytes], count: 1 },
    };
  }
}

/** Thumbnails (NewSubfileType bit 0) are skipped before their layout is checked. */
async function isReduced(dir: TiffDirectory, ifd: RawIfd): Promise<boolean> {
  return (((await dir.number(ifd.entries.get(Tag.NewSubfileType))) ?? 0) & 1) === 1;
}

/** Byte just past a page's last strip or tile. */
async function pageDataEnd(dir: TiffDirectory, page: PageInfo): Promise<number> {
  if (!page.byteCounts) return 0;
  const offsets = await arrayValues(dir, page.offsets);
  const counts = await arrayValues(dir, page.byteCounts);
  let end = 0;
  for (let i = 0; i < Math.min(offsets.length, counts.length); i++)
    end = Math.max(end, offsets[i] + counts[i]);
  return end;
}

/**
 * A copy cut short loses its last pages first. Those whose pixels run past the end of the file are
 * dropped with a warning (checking from the end keeps opening cheap); if none survive, the file
 * can't be shown at all and that is an error naming where it ends.
 */
async function dropTruncatedTail(dir: TiffDirectory, pages: PageTable, size: number, warnings: string[]) {
  let dropped = 0;
  while (pages.length > 0) {
    const last = pages.at(pages.length - 1);
    const end = await pageDataEnd(dir, last);
    if (end <= size) break;
    if (pages.length === 1) {
      throw new FileFormatError(
        dir.reader.name,
        'truncated',
        `the file is truncated: frame ${last.ifdIndex + 1}'s pixels run to byte ${end} but the file ends at byte ${size}`,
        size,
      );
    }
    pages.pop();
    dropped++;
  }
  if (dropped > 0)
    warnings.push(`the file is truncated: its last ${dropped} frame(s) are incomplete and were left out`);
}

/** Opens a TIFF or BigTIFF lazily; see `TiffSource`. */
export async function openTiff(blob: Blob, fileName: string, signal?: AbortSignal): Promise<TiffSource> {
  const reader = new RangeReader(blob, fileName);
  if (reader.size === 0) throw new FileFormatError(fileName, 'empty', 'the file is empty');
  const dir = await TiffDirectory.open(reader);
  const pages = new PageTable();
  let firstIfd: RawIfd | undefined;
  for await (const ifd of dir.walk(signal)) {
    if (await isReduced(dir, ifd)) continue;
    const page = await readPage(dir, ifd);
    if (pages.length > 0 && describeLayout(page) !== describeLayout(pages.at(0))) {
      throw new FileFormatError(
        fileName,
        'unsupported',
        `page ${ifd.index + 1} is ${describeLayout(page)} but page ${pages.at(0).ifdIndex + 1} is ${describeLayout(pages.at(0))}; ` +
          'the workbench opens stacks of equally sized frames',
        ifd.offset,
      );
    }
    firstIfd ??= ifd;
    pages.push(page);
  }
  if (!firstIfd)
    throw new FileFormatError(fileName, 'corrupt', 'the file holds only thumbnails, no full image');
  throwIfAborted(signal, `opening ${fileName}`);

  const info = await readMetadata(dir, firstIfd);
  const warnings = [...dir.warnings];
  await dropTruncatedTail(dir, pages, reader.size, warnings);
  let frameCount = pages.length;
  let contiguousBase: number | undefined;
  const images = info.imagejImages ?? 0;
  const first = pages.at(0);
  const plain = first.compression === 1 && !first.tileWidth && first.planar === 1;
  if (images > pages.length && pages.length === 1 && plain) {
    // ImageJ writes stacks too large for one directory per frame as a single block after page 1.
    const offsets = await arrayValues(dir, first.offsets, 1);
    contiguousBase = offsets[0];
    const frameBytes = first.width * first.height * first.samplesPerPixel * (first.bitsPerSample / 8);
    const available = Math.floor((reader.size - contiguousBase) / frameBytes);
    frameCount = Math.max(1, Math.min(images, available));
    if (frameCount < images) {
      warnings.push(`ImageJ declares ${images} frames but the file holds only ${frameCount}`);
    }
  }
  const metadata: FrameMetadata = { ...info.metadata, pages: pages.length };
  if (warnings.length > 0) metadata.warning = warnings.join('; ');
  dir.blocks.clear();
  const { calibration, frameIntervalS, originalMetadata } = info;
  return new TiffSource(
    dir,
    pages,
    { frameCount, calibration, frameIntervalS, metadata, originalMetadata },
    contiguousBase,
  );
}
