import type { FrameSource, MovieFormat } from '../types.ts';
import { VIDEO_CONTAINERS, type VideoContainer } from './sniff.ts';

/** Which video a platform is asked to open: its container, and the id of the format that claimed it. */
export interface VideoKind {
  container: VideoContainer;
  formatId: string;
}

/** A platform's way to open a video whose container the sniffer recognised. */
export type VideoOpener = (
  kind: VideoKind,
  blob: Blob,
  fileName: string,
  signal?: AbortSignal,
) => Promise<FrameSource>;

/**
 * The movie formats of every video container, opened by the platform's decoder: what the browser
 * and Node pass to the registry as `extraMovieFormats`. `idSuffix` names the decoder in the ids
 * where a platform wants that (e.g. "-ffmpeg").
 */
export function createVideoFormats(open: VideoOpener, idSuffix = ''): MovieFormat[] {
  return VIDEO_CONTAINERS.map(({ container, id, label, extensions, sniff }) => {
    const formatId = `${id}${idSuffix}`;
    return {
      id: formatId,
      label,
      kind: 'movie',
      extensions,
      sniff,
      open: (blob, fileName, signal) => open({ container, formatId }, blob, fileName, signal),
    };
  });
}
