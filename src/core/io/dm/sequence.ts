import { FileFormatError, throwIfAborted } from '../errors.ts';
import { RangeReader } from '../range-reader.ts';
import { DmSource, type FrameLocation } from './dm-source.ts';
import { type DmImageInfo, describeImage } from './image.ts';
import { fileTimeToUnixMs, findGroup } from './metadata.ts';
import { parseDmTags } from './tag-parser.ts';
import { groupAt } from './tag-types.ts';

export interface SequenceFile {
  blob: Blob;
  /** Path relative to the dropped folder, e.g. "Hour_00/Minute_00/Second_01/x_Frame_0003.dm4". */
  path: string;
}

/** How many files are checked at once: enough to hide per-read latency, few enough to stay small. */
const PARALLEL = 32;

/** "Frame_2" before "Frame_10": digit runs compare as numbers, the rest as text. */
export function naturalCompare(a: string, b: string): number {
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    if (i % 2 === 1) {
      const diff = Number(pa[i]) - Number(pb[i]);
      if (diff !== 0) return diff;
    }
    return pa[i] < pb[i] ? -1 : 1;
  }
  return pa.length - pb.length;
}

interface Member {
  file: SequenceFile;
  reader: RangeReader;
  dataOffset: number;
  frameCount: number;
  /** Recorded acquisition time (Unix ms) from DataBar "Acquisition Time (OS)", when present. */
  timeMs?: number;
}

/** Where the first file keeps the things that vary between frames of a recording. */
interface Template {
  info: DmImageInfo;
  size: number;
  /** Bytes from the Data tag's entry to its first pixel: equal bytes mean an equal image layout. */
  dataHead: Uint8Array;
  /** The time tag's entry bytes up to its 8-byte value, and where that value is. */
  timeHead?: { entry: number; value: number; bytes: Uint8Array };
}

async function fullMember(
  file: SequenceFile,
  signal?: AbortSignal,
): Promise<{ member: Member; info: DmImageInfo; template: Template }> {
  const reader = new RangeReader(file.blob, file.path);
  const parsed = await parseDmTags(reader, signal);
  const info = describeImage(parsed, file.path);
  const image = groupAt(parsed.root, 'ImageList', info.imageIndex);
  const dataBar = findGroup(groupAt(image, 'ImageTags'), 'DataBar');
  const timeEntry = dataBar?.entries.find((e) => e.label === 'Acquisition Time (OS)');
  let timeMs: number | undefined;
  let timeHead: Template['timeHead'];
  if (timeEntry?.node.kind === 'data' && typeof timeEntry.node.value === 'number') {
    timeMs = fileTimeToUnixMs(timeEntry.node.value);
    const value = timeEntry.node.offset;
    timeHead = {
      entry: timeEntry.offset,
      value,
      bytes: await reader.read(timeEntry.offset, value - timeEntry.offset),
    };
  }
  const dataHead = await reader.read(info.dataTagOffset, info.dataOffset - info.dataTagOffset);
  const member = { file, reader, dataOffset: info.dataOffset, frameCount: info.frameCount, timeMs };
  return { member, info, template: { info, size: reader.size, dataHead, timeHead } };
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * A file of the same size whose Data tag (and time tag) sit at the same offsets with the same bytes
 * has the first file's layout: two small reads instead of a tag walk. Anything else is parsed fully.
 */
async function quickMember(
  file: SequenceFile,
  t: Template,
  signal?: AbortSignal,
): Promise<Member | undefined> {
  if (file.blob.size !== t.size) return undefined;
  const reader = new RangeReader(file.blob, file.path);
  const head = await reader.read(t.info.dataTagOffset, t.dataHead.length, 'the Data tag');
  if (!sameBytes(head, t.dataHead)) return undefined;
  let timeMs: number | undefined;
  if (t.timeHead) {
    const bytes = await reader.read(t.timeHead.entry, t.timeHead.bytes.length + 8, 'the acquisition time');
    if (!sameBytes(bytes.subarray(0, t.timeHead.bytes.length), t.timeHead.bytes)) return undefined;
    const view = new DataView(bytes.buffer, bytes.byteOffset + t.timeHead.bytes.length, 8);
    timeMs = fileTimeToUnixMs(Number(view.getBigUint64(0, t.info.littleEndian)));
  }
  throwIfAborted(signal, 'opening the recording');
  return { file, reader, dataOffset: t.info.dataOffset, frameCount: t.info.frameCount, timeMs };
}

/**
 * An in-situ recording saved by GMS as one DM file per frame (Hour_00/Minute_00/Second_00/..._Frame_0001.dm4)
 * as one movie. Files are ordered by their recorded time when every file has one, else by natural
 * path order; each must match the first file's frame size and dtype.
 */
export async function openDmSequence(files: SequenceFile[], signal?: AbortSignal): Promise<DmSource> {
  const dm = files
    .filter((f) => /\.dm[34]$/i.test(f.path))
    .sort((a, b) => naturalCompare(a.path.replace(/\\/g, '/'), b.path.replace(/\\/g, '/')));
  if (dm.length === 0) throw new FileFormatError('the selection', 'empty', 'it holds no .dm3 or .dm4 files');
  const first = await fullMember(dm[0], signal);
  const members: Member[] = [first.member];
  for (let i = 1; i < dm.length; i += PARALLEL) {
    throwIfAborted(signal, 'opening the recording');
    const batch = dm.slice(i, i + PARALLEL);
    const quick = await Promise.all(batch.map((file) => quickMember(file, first.template, signal)));
    for (let j = 0; j < batch.length; j++) {
      members.push(quick[j] ?? (await checkedMember(batch[j], first.info, signal)));
    }
  }
  const timed = members.every((m) => m.timeMs !== undefined);
  if (timed) members.sort((a, b) => (a.timeMs as number) - (b.timeMs as number));
  const starts: number[] = [];
  let total = 0;
  for (const m of members) {
    starts.push(total);
    total += m.frameCount;
  }
  const frameBytes = first.info.width * first.info.height * first.info.bytesPerPixel;
  const locate = (index: number): FrameLocation => {
    let lo = 0;
    let hi = members.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    const m = members[lo];
    return { reader: m.reader, offset: m.dataOffset + (index - starts[lo]) * frameBytes };
  };
  const singleFrames = members.every((m) => m.frameCount === 1);
  const t0 = members[0].timeMs as number;
  const metadata = {
    ...first.info.metadata,
    sequenceFiles: members.length,
    order: timed ? 'recorded time' : 'file name',
  };
  return new DmSource(
    sequenceName(dm.map((f) => f.path)),
    first.info,
    {
      ...first.info,
      frameCount: total,
      frameTimesS:
        timed && singleFrames && members.length > 1
          ? members.map((m) => ((m.timeMs as number) - t0) / 1000)
          : undefined,
      metadata,
      originalMetadata: {
        'first file': members[0].file.path,
        'last file': members[members.length - 1].file.path,
        ...first.info.originalMetadata,
      },
    },
    locate,
    members.map((m) => m.reader),
  );
}

async function checkedMember(file: SequenceFile, ref: DmImageInfo, signal?: AbortSignal): Promise<Member> {
  const { member, info } = await fullMember(file, signal);
  const layoutOf = (i: DmImageInfo) => `${i.width} × ${i.height} ${i.dtype}`;
  if (info.width !== ref.width || info.height !== ref.height || info.dtype !== ref.dtype) {
    throw new FileFormatError(
      file.path,
      'unsupported',
      `its frames are ${layoutOf(info)} but the recording's first file has ${layoutOf(ref)}`,
      info.dataTagOffset,
    );
  }
  return member;
}

/** The dropped folder's name (the paths' common first segment), else the first file's name. */
function sequenceName(paths: string[]): string {
  const tops = new Set(paths.map((p) => p.replace(/\\/g, '/').split('/')[0]));
  const first = paths[0].replace(/\\/g, '/');
  return tops.size === 1 && first.includes('/') ? `${[...tops][0]}/ (${paths.length} files)` : first;
}
