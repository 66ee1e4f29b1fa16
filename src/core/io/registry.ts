import { dmFormat } from './dm/index.ts';
import { FileFormatError } from './errors.ts';
import { textLogFormat } from './log/index.ts';
import { tiffFormat } from './tiff/index.ts';
import type { FormatDescriptor, FrameSource, LogFormat, LogSeries, MovieFormat } from './types.ts';

/** Every movie format the workbench opens. Add a new reader here (see README, "Adding a format"). */
export const movieFormats: MovieFormat[] = [tiffFormat, dmFormat];

/** Every holder-log format. */
export const logFormats: LogFormat[] = [textLogFormat];

export type AnyFormat = FormatDescriptor<FrameSource | LogSeries>;

/**
 * Every format the pure core opens. Formats that need a platform (WebCodecs in the browser, the
 * ffmpeg binary in Node) live outside `core` and are passed in as `extraMovieFormats` below.
 */
export const allFormats: AnyFormat[] = [...movieFormats, ...logFormats];

const SNIFF_BYTES = 4096;

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/**
 * Picks the format of a file from its first bytes; the extension only breaks ties and names
 * the format in the error when the bytes don't match it. A `.csv` that is really a TIFF opens
 * as a TIFF; a `.tif` full of text is reported as not a TIFF.
 */
export async function detectFormat(
  blob: Blob,
  fileName: string,
  formats: readonly AnyFormat[] = allFormats,
): Promise<AnyFormat> {
  if (blob.size === 0) throw new FileFormatError(fileName, 'empty', 'the file is empty');
  const head = new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer());
  const ext = extensionOf(fileName);
  const matches = formats.filter((format) => format.sniff(head, fileName));
  const byExtension = matches.find((format) => format.extensions.includes(ext));
  const chosen = byExtension ?? matches[0];
  if (chosen) return chosen;
  const claimed = formats.find((format) => format.extensions.includes(ext));
  if (claimed) {
    throw new FileFormatError(
      fileName,
      'corrupt',
      `the name says ${claimed.label} but the content is not (the first bytes do not match)`,
      0,
    );
  }
  throw new FileFormatError(
    fileName,
    'unknown-format',
    `unrecognised file type; the workbench opens ${formats.map((f) => f.label).join(', ')}`,
  );
}

export type OpenedFile = { kind: 'movie'; source: FrameSource } | { kind: 'log'; log: LogSeries };

/** Detects the format by content and opens the file as a movie or a log. */
/** Detects the format by content and opens the file as a movie or a log. */
export async function openFile(
  blob: Blob,
  fileName: string,
  signal?: AbortSignal,
  extraMovieFormats: readonly MovieFormat[] = [],
): Promise<OpenedFile> {
  const format = await detectFormat(blob, fileName, [...extraMovieFormats, ...allFormats]);
  if (format.kind === 'movie') {
    return { kind: 'movie', source: (await format.open(blob, fileName, signal)) as FrameSource };
  }
  return { kind: 'log', log: (await format.open(blob, fileName, signal)) as LogSeries };
}

export async function openMovie(
  blob: Blob,
  fileName: string,
  signal?: AbortSignal,
  extraMovieFormats: readonly MovieFormat[] = [],
): Promise<FrameSource> {
  const opened = await openFile(blob, fileName, signal, extraMovieFormats);
  if (opened.kind !== 'movie') {
    throw new FileFormatError(fileName, 'unsupported', 'this is a log file, not a movie');
  }
  return opened.source;
}
