import type { SegmentParams } from '../analysis/params.ts';
import type { FrameResult } from '../analysis/types.ts';
import type { LogChannel, LogSeries } from '../io/types.ts';
import type { MovieInfo } from '../run/frame-service.ts';
import type { Alignment } from '../series/alignment.ts';
import type { FigureSettings } from '../series/figure-settings.ts';
import { DOCUMENT_VERSION, type LoadedSession, SESSION_KIND, type SessionDocument } from './document.ts';
import type { SessionObject } from './parts.ts';

/**
 * A session document from what the browser's store or a CLI run holds: one function, so a
 * session written by either is the same data.
 */
export interface SessionInputs {
  app: string;
  savedAt: number;
  movie: { name: string; sizeBytes: number; fingerprint: string; info: MovieInfo };
  log?: { series: LogSeries; fingerprint?: string; voltage?: LogChannel; current?: LogChannel };
  alignment: Alignment;
  params: SegmentParams;
  runParams?: SegmentParams | null;
  object: SessionObject;
  corrections: Record<number, unknown>;
  results: (FrameResult | null)[];
  figureSettings: FigureSettings;
}

const channel = (c: LogChannel | undefined) =>
  c && { column: c.column, unit: c.unit, values: Array.from(c.values) };

export function buildSessionDocument(p: SessionInputs): SessionDocument {
  const { info } = p.movie;
  const frameTimes = info.frameTimesS?.length === info.frameCount ? info.frameTimesS : undefined;
  return {
    kind: SESSION_KIND,
    version: DOCUMENT_VERSION,
    app: p.app,
    savedAt: p.savedAt,
    dataset: {
      name: p.movie.name,
      sizeBytes: p.movie.sizeBytes,
      format: info.formatId,
      frameCount: info.frameCount,
      width: info.width,
      height: info.height,
      fingerprint: p.movie.fingerprint,
      ...(info.calibration?.pixelSizeNm ? { pixelSizeNm: info.calibration.pixelSizeNm } : {}),
      ...(frameTimes ? { frameTimesS: [...frameTimes] } : {}),
      ...(info.frameIntervalS ? { frameIntervalS: info.frameIntervalS } : {}),
    },
    ...(p.log
      ? {
          log: {
            name: p.log.series.name,
            ...(p.log.fingerprint ? { fingerprint: p.log.fingerprint } : {}),
            atFrames: false,
            timeS: Array.from(p.log.series.timeS),
            voltage: channel(p.log.voltage),
            current: channel(p.log.current),
          },
        }
      : {}),
    alignment: { offsetS: p.alignment.offsetS, rate: p.alignment.rate, source: p.alignment.source },
    params: p.params,
    ...(p.runParams ? { runParams: p.runParams } : {}),
    object: p.object,
    corrections: p.corrections,
    results: p.results,
    outlines: 'full',
    figureSettings: p.figureSettings,
  };
}

/** What the plots need of the movie, from a session (no pixels: the movie itself is not open). */
export function sessionMovieInfo(s: LoadedSession): MovieInfo {
  const d = s.dataset;
  return {
    name: d.name,
    formatId: d.format,
    width: d.width,
    height: d.height,
    frameCount: d.frameCount,
    dtype: 'float32',
    calibration: d.pixelSizeNm
      ? {
          pixelSizeX: d.pixelSizeNm,
          pixelSizeY: d.pixelSizeNm,
          unit: 'nm',
          pixelSizeNm: d.pixelSizeNm,
          pixelSizeYNm: d.pixelSizeNm,
        }
      : undefined,
    frameTimesS: d.frameTimesS,
    frameIntervalS: d.frameIntervalS,
    metadata: {},
    originalMetadata: {},
  };
}

/** The log as the plots read it, from a session: its bias and current channels. */
export function sessionLogSeries(s: LoadedSession): LogSeries | undefined {
  const log = s.log;
  if (!log) return undefined;
  const channels: LogChannel[] = [];
  if (log.voltage)
    channels.push({
      id: 'session.voltage',
      column: log.voltage.column,
      quantity: 'voltage',
      unit: log.voltage.unit,
      values: Float64Array.from(log.voltage.values),
    });
  if (log.current)
    channels.push({
      id: 'session.current',
      column: log.current.column,
      quantity: 'current',
      unit: log.current.unit,
      values: Float64Array.from(log.current.values),
    });
  return {
    name: log.name,
    timeS: Float64Array.from(log.timeS),
    channels,
    columns: channels.map((c) => c.column),
    notes: log.atFrames ? ['read at the frames (reviewer link)'] : [],
  };
}
