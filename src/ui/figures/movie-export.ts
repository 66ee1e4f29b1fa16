import {
  BufferTarget,
  CanvasSource,
  getFirstEncodableVideoCodec,
  Mp4OutputFormat,
  Output,
  QUALITY_HIGH,
  WebMOutputFormat,
} from 'mediabunny';
import { CancelledError, isFileFormatError } from '../../core/io/errors.ts';
import { unreadableSentence } from '../../core/run/unreadable.ts';
import { logTime, movieTime, toLogTime } from '../../core/series/alignment.ts';
import { sampleAt } from '../../core/series/interpolate.ts';
import { formatVolts } from '../../core/series/number-format.ts';
import { frameTimeBase, frameTimeLabel } from '../../core/series/time-base.ts';
import { movieController } from '../../state/app-controller.ts';
import { reviewedResults } from '../../state/corrections.ts';
import { useWorkbench } from '../../state/store.ts';
import { drawOutlineFigure } from './outline-figure.ts';

export interface MovieExportResult {
  blob: Blob;
  extension: 'mp4' | 'webm';
  frames: number;
  /** Frames that could not be read (damaged): each is a black frame saying so. */
  unreadable: number[];
}

/**
 * Encodes the open movie with the outline, time, bias and scale bar burned in, in the browser
 * (WebCodecs through mediabunny): H.264 in MP4 where the browser can encode it, else VP9/VP8 in
 * WebM. Frames are fetched one at a time from the viewer worker, so memory holds one frame plus
 * the compressed output.
 */
export async function exportAnnotatedMovie(
  onProgress: (done: number, total: number) => void,
  signal: AbortSignal,
): Promise<MovieExportResult> {
  const { movie, contrast, log, channelChoice, alignment, ...state } = useWorkbench.getState();
  // Rejected frames get no outline burned in.
  const results = reviewedResults(state.results, state.corrections);
  if (!movie) throw new Error('no movie is open');
  const { width, height, frameCount } = movie.info;
  // Encoders want even sizes (4:2:0 chroma); small frames are scaled up to stay legible.
  const scale = Math.max(1, Math.ceil(480 / Math.max(width, height)));
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil((width * scale) / 2) * 2;
  canvas.height = Math.ceil((height * scale) / 2) * 2;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw on a canvas');

  const codec = await getFirstEncodableVideoCodec(['avc', 'vp9', 'vp8'], {
    width: canvas.width,
    height: canvas.height,
  });
  if (!codec) throw new Error('this browser cannot encode video (no H.264, VP9 or VP8 encoder)');
  const extension = codec === 'avc' ? 'mp4' : 'webm';
  const output = new Output({
    format: extension === 'mp4' ? new Mp4OutputFormat({ fastStart: 'in-memory' }) : new WebMOutputFormat(),
    target: new BufferTarget(),
  });
  const source = new CanvasSource(canvas, { codec, quality: QUALITY_HIGH });
  output.addVideoTrack(source);
  await output.start();

  const time = frameTimeBase(movie.info);
  const times = time.values;
  const interval = movie.info.frameIntervalS ?? (frameCount > 1 ? times[1] - times[0] : 1);
  const voltage = log?.series.channels.find((c) => c.id === channelChoice.voltage);
  const work = document.createElement('canvas');
  const unreadable: number[] = [];
  try {
    for (let i = 0; i < frameCount; i++) {
      if (signal.aborted) throw new CancelledError('movie export');
      // Without frame times there is no log time to read the bias at.
      const tLog = time.unit === 's' ? toLogTime(movieTime(times[i]), alignment) : undefined;
      const bias =
        voltage && log && tLog !== undefined
          ? sampleAt(log.series.timeS, voltage.values, logTime(tLog))
          : Number.NaN;
      const label = `${frameTimeLabel(time, i)}${Number.isFinite(bias) ? ` · ${formatVolts(bias)}` : ''}`;
      const pending = movieController().getViewerFrame(i);
      if (!pending) throw new Error('the movie was closed during the export');
      const frame = await pending.catch((error: unknown) => {
        // A damaged frame keeps its place in time (a black frame that says so); other errors stop.
        if (!isFileFormatError(error)) throw error;
        return null;
      });
      if (!frame) {
        unreadable.push(i);
        drawUnreadableFrame(ctx, canvas, label, unreadableSentence([i]), scale * Math.max(1, width / 400));
        await source.add(i * interval, interval);
        onProgress(i + 1, frameCount);
        continue;
      }
      drawOutlineFigure(
        work,
        {
          frame,
          contrast,
          reference: [],
          chosen: results[i]?.outline ?? [],
          label,
          pixelSizeNm: movie.info.calibration?.pixelSizeNm,
        },
        scale,
      );
      ctx.fillStyle = 'black';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(work, 0, 0);
      await source.add(i * interval, interval);
      onProgress(i + 1, frameCount);
    }
    await output.finalize();
  } catch (error) {
    await output.cancel();
    throw error;
  }
  const buffer = (output.target as BufferTarget).buffer;
  if (!buffer) throw new Error('the encoder produced no output');
  return {
    blob: new Blob([buffer], { type: `video/${extension}` }),
    extension,
    frames: frameCount,
    unreadable,
  };
}

/**
 * A frame that could not be read: black, with its time label where `drawOutlineFigure` puts it
 * (`unit`: its text unit in canvas pixels, scale × frame width / 400) and the sentence saying why.
 */
function drawUnreadableFrame(
  ctx: CanvasRenderingContext2D,
  canvas: HTMLCanvasElement,
  label: string,
  sentence: string,
  unit: number,
): void {
  ctx.fillStyle = 'black';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = 'white';
  ctx.font = `bold ${14 * unit}px sans-serif`;
  ctx.textAlign = 'left';
  ctx.fillText(label, 10 * unit, 22 * unit);
  // The sentence in a smaller font where the label's would not fit across (rather than squeezed).
  const room = canvas.width - 20 * unit;
  const fit = Math.min(1, room / ctx.measureText(sentence).width);
  ctx.font = `bold ${14 * unit * fit}px sans-serif`;
  ctx.textAlign = 'center';
  ctx.fillText(sentence, canvas.width / 2, canvas.height / 2);
}
