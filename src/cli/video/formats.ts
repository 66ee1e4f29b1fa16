import type { MovieFormat } from '../../core/io/types.ts';
import { createVideoFormats } from '../../core/io/video/formats.ts';
import { defaultFfmpegPaths, type FfmpegPaths } from './ffmpeg-bin.ts';
import { openFfmpegSource } from './ffmpeg-source.ts';

/** Ids name the decoder: the same container opened in the browser has the plain id. */
const ID_SUFFIX = '-ffmpeg';

/**
 * Video formats decoded by the `ffmpeg` program, for Node (CLI, its workers, unit tests): passed
 * to `FrameService` / `openMovie` as `extraMovieFormats`. `paths` defaults to ffmpeg and ffprobe
 * on the PATH, looked up at each open; without them, opening a video fails naming the file and the package to install.
 */
export function createNodeVideoFormats(paths?: FfmpegPaths): MovieFormat[] {
  return createVideoFormats(
    ({ formatId }, blob, fileName, signal) =>
      openFfmpegSource(blob, fileName, formatId, paths ?? defaultFfmpegPaths(), signal),
    ID_SUFFIX,
  );
}

/** The Node video formats with ffmpeg looked up on the PATH (or `OPERANDO_FFMPEG` / `OPERANDO_FFPROBE`). */
export const nodeVideoFormats: MovieFormat[] = createNodeVideoFormats();
