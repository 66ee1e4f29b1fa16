// Video formats for the browser. This module is light on purpose: the main thread imports it to
// route dropped files by their first bytes, and the decoders (mediabunny + WebCodecs, ffmpeg.wasm)
// are imported dynamically inside `open`, so they load only in a worker that opens a video.
import type { FrameSource, MovieFormat } from '../../core/io/types.ts';
import { createVideoFormats, type VideoKind } from '../../core/io/video/formats.ts';

/**
 * MP4/MOV and WebM/MKV open with WebCodecs when the browser decodes the codec, else with
 * ffmpeg.wasm (e.g. HEVC, MPEG-4 part 2 or ProRes inside an MP4/MOV); AVI, which mediabunny does
 * not demux, always with ffmpeg.wasm. Errors that are about the file itself (truncated, not a
 * video) are not retried with ffmpeg: they would only be reported twice.
 */
async function openBrowserVideo(
  { container }: VideoKind,
  blob: Blob,
  fileName: string,
  signal?: AbortSignal,
): Promise<FrameSource> {
  let fallbackReason: string | undefined;
  if (container !== 'avi') {
    const { openWebCodecsSource, WebCodecsUnavailable } = await import('./webcodecs-source.ts');
    try {
      return await openWebCodecsSource(blob, fileName, signal);
    } catch (error) {
      if (!(error instanceof WebCodecsUnavailable)) throw error;
      fallbackReason = error.message;
    }
  }
  const { openFfmpegSource } = await import('./ffmpeg-source.ts');
  return openFfmpegSource(blob, fileName, signal, fallbackReason);
}

/** Video formats the browser adds to core's readers (see `extraMovieFormats` in core/io/registry.ts). */
export const browserVideoFormats: MovieFormat[] = createVideoFormats(openBrowserVideo);
