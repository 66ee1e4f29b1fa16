// Video formats for the browser. This module is light on purpose: the main thread imports it to
// route dropped files by their first bytes, and the decoders (mediabunny + WebCodecs, ffmpeg.wasm)
// are imported dynamically inside `open`, so they load only in a worker that opens a video.
import type { FrameSource, MovieFormat } from '../../core/io/types.ts';

function ascii(head: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...head.subarray(start, start + length));
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** ISO base media (MP4, MOV, M4V, 3GP): an `ftyp` box first, or, in old QuickTime files, another top box. */
export function sniffIsoMedia(head: Uint8Array, fileName: string): boolean {
  if (head.length < 12) return false;
  const box = ascii(head, 4, 4);
  if (box === 'ftyp') return true;
  // QuickTime files from before `ftyp` start with moov/mdat/wide/free: trust those only with the name.
  return (
    ['moov', 'mdat', 'wide', 'free', 'skip'].includes(box) &&
    ['mov', 'mp4', 'm4v'].includes(extensionOf(fileName))
  );
}

/** Matroska and WebM share the EBML header magic 1A 45 DF A3. */
export function sniffMatroska(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3;
}

/** AVI: a RIFF file whose form type is `AVI ` (OpenDML files too: their first RIFF is still `AVI `). */
export function sniffAvi(head: Uint8Array): boolean {
  return head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'AVI ';
}

/**
 * Opens with WebCodecs when the browser decodes the codec, else with ffmpeg.wasm (e.g. HEVC, MPEG-4
 * part 2 or ProRes inside an MP4/MOV). Errors that are about the file itself (truncated, not a
 * video) are not retried with ffmpeg: they would only be reported twice.
 */
async function openDemuxable(blob: Blob, fileName: string, signal?: AbortSignal): Promise<FrameSource> {
  const { openWebCodecsSource, WebCodecsUnavailable } = await import('./webcodecs-source.ts');
  try {
    return await openWebCodecsSource(blob, fileName, signal);
  } catch (error) {
    if (!(error instanceof WebCodecsUnavailable)) throw error;
    const { openFfmpegSource } = await import('./ffmpeg-source.ts');
    return openFfmpegSource(blob, fileName, signal, error.message);
  }
}

async function openWithFfmpeg(blob: Blob, fileName: string, signal?: AbortSignal): Promise<FrameSource> {
  const { openFfmpegSource } = await import('./ffmpeg-source.ts');
  return openFfmpegSource(blob, fileName, signal);
}

export const mp4Format: MovieFormat = {
  id: 'mp4',
  label: 'MP4/MOV video',
  kind: 'movie',
  extensions: ['mp4', 'mov', 'm4v', '3gp'],
  sniff: sniffIsoMedia,
  open: openDemuxable,
};

export const webmFormat: MovieFormat = {
  id: 'webm',
  label: 'WebM/MKV video',
  kind: 'movie',
  extensions: ['webm', 'mkv'],
  sniff: sniffMatroska,
  open: openDemuxable,
};

export const aviFormat: MovieFormat = {
  id: 'avi',
  label: 'AVI video',
  kind: 'movie',
  extensions: ['avi'],
  sniff: sniffAvi,
  open: openWithFfmpeg,
};

/** Video formats the browser adds to core's readers (see `extraMovieFormats` in core/io/registry.ts). */
export const browserVideoFormats: MovieFormat[] = [mp4Format, webmFormat, aviFormat];
