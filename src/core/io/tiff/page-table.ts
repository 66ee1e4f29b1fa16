import type { PageInfo } from './page.ts';

/** The fields a compactly kept page takes from the table's first page. */
const SHARED: readonly (keyof PageInfo)[] = [
  'width',
  'height',
  'bitsPerSample',
  'samplesPerPixel',
  'sampleFormat',
  'compression',
  'predictor',
  'photometric',
  'planar',
  'rowsPerStrip',
  'tileWidth',
  'tileHeight',
  'reduced',
  'dtype',
];

/**
 * The pages of a TIFF movie, kept compactly. One `PageInfo` object per page costs about 400 bytes
 * of heap, so a stack of 10⁶ pages (a long recording saved one directory per frame) would hold
 * 400 MB just to know where its frames are. A page laid out like the first whose single strip or
 * tile has its offset and byte count (if any) stored in the directory itself (the usual case) is
 * kept as four numbers in typed arrays (32 bytes); any other page as its object.
 */
export class PageTable {
  private first: PageInfo | undefined;
  private readonly objects = new Map<number, PageInfo>();
  private ifdIndex = new Float64Array(16);
  private ifdOffset = new Float64Array(16);
  private offset = new Float64Array(16);
  private byteCount = new Float64Array(16);
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(page: PageInfo): void {
    const i = this.count;
    if (i === this.ifdIndex.length) this.grow();
    this.count++;
    const first = this.first;
    const offset = page.offsets.values;
    const byteCount = page.byteCounts?.values;
    const compact =
      first !== undefined &&
      offset?.length === 1 &&
      page.offsets.count === 1 &&
      (page.byteCounts === undefined || (byteCount?.length === 1 && page.byteCounts.count === 1)) &&
      SHARED.every((key) => page[key] === first[key]);
    if (!compact) {
      this.first ??= page;
      this.objects.set(i, page);
      return;
    }
    this.ifdIndex[i] = page.ifdIndex;
    this.ifdOffset[i] = page.ifdOffset;
    this.offset[i] = offset[0];
    // NaN: the page has no StripByteCounts (uncompressed strips may go without).
    this.byteCount[i] = byteCount ? byteCount[0] : Number.NaN;
  }

  /** Page `i` (0 ≤ i < length). */
  at(i: number): PageInfo {
    if (!(i >= 0 && i < this.count) || !this.first) throw new RangeError(`no page ${i} of ${this.count}`);
    const page = this.objects.get(i);
    if (page) return page;
    return {
      ...this.first,
      ifdIndex: this.ifdIndex[i],
      ifdOffset: this.ifdOffset[i],
      offsets: { values: [this.offset[i]], count: 1 },
      byteCounts: Number.isNaN(this.byteCount[i]) ? undefined : { values: [this.byteCount[i]], count: 1 },
    };
  }

  /** Drops the last page. */
  pop(): void {
    if (this.count === 0) return;
    this.count--;
    this.objects.delete(this.count);
    if (this.count === 0) this.first = undefined;
  }

  private grow(): void {
    const larger = (a: Float64Array) => {
      const b = new Float64Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.ifdIndex = larger(this.ifdIndex);
    this.ifdOffset = larger(this.ifdOffset);
    this.offset = larger(this.offset);
    this.byteCount = larger(this.byteCount);
  }
}
