import { PROBE_ARGS, parseProbe, probeError, type VideoProbe } from '../../core/io/video/probe.ts';
import { lastErrorLines, runTool } from './ffmpeg-bin.ts';

/** Probes a video on disk with the ffprobe program (see `parseProbe` for what is read). */
export async function probeVideo(ffprobe: string, path: string, fileName: string): Promise<VideoProbe> {
  const { code, stdout, stderr } = await runTool(ffprobe, [...PROBE_ARGS, path], fileName);
  if (code !== 0) throw probeError(fileName, stderr, lastErrorLines(stderr, path));
  return parseProbe(stdout, fileName);
}
