import type { MovieFormat } from '../../core/io/types.ts';
import { defaultFfmpegPaths, type FfmpegPaths } from './ffmpeg-bin.ts';
import { openFfmpegSource } from './ffmpeg-source.ts';

const ascii = (head: Uint8Array, at: number, text: string): boolean =>
  head.length >= at + text.length && [...text].every((c, i) => head[at + i] === c.charCodeAt(0));

/** ISO base media (MP4, MOV, M4V): a box type at byte 4; 'ftyp' in modern files, older QuickTime starts otherwise. */
function sniffMp4(head: Uint8Array): boolean {
  return ['ftyp', 'moov', 'mdat', 'wide'].some((box) => ascii(head, 4, box));
}

/** Matroska and WebM both start with the EBML magic 1A 45 DF A3. */
function sniffEbml(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3;
}

function sniffAvi(head: Uint8Array): boolean {
  return ascii(head, 0, 'RIFF') && ascii(head, 8, 'AVI ');
}

/**
 * Video formats decoded by the `ffmpeg` program, for Node (CLI, its workers, unit tests): passed
 * to `FrameService` / `openMovie` as `extraMovieFormats`. `paths` defaults to ffmpeg and ffprobe
 * on the PATH, looked up at each open; without them, opening a video fails naming the file and the package to install.
 */
export function createNodeVideoFormats(paths?: FfmpegPaths): MovieFormat[] {
  const format = (
    id: string,
    label: string,
    extensions: string[],
    sniff: (head: Uint8Array) => boolean,
  ): MovieFormat => ({
    id,
    label,
    kind: 'movie',
    extensions,
    sniff: (head) => sniff(head),
    open: (blob, fileName, signal) =>
      openFfmpegSource(blob, fileName, id, paths ?? defaultFfmpegPaths(), signal),
  });
  return [
    format('mp4-ffmpeg', 'MP4/MOV video', ['mp4', 'm4v', 'mov'], sniffMp4),
    format('webm-ffmpeg', 'WebM/MKV video', ['webm', 'mkv'], sniffEbml),
    format('avi-ffmpeg', 'AVI video', ['avi'], sniffAvi),
  ];
}

/** The Node video formats with ffmpeg looked up on the PATH (or `OPERANDO_FFMPEG` / `OPERANDO_FFPROBE`). */
export const nodeVideoFormats: MovieFormat[] = createNodeVideoFormats();
