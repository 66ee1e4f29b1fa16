/** Contracts shared by every reader. Readers live one module per format beside this file. */

export type PixelArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

export type Dtype = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';

/** One decoded frame, row-major, `data.length === width * height`. */
export interface Frame {
  width: number;
  height: number;
  data: PixelArray;
}

/** Physical size of one pixel. `pixelSizeNm` is set whenever the unit is a length. */
export interface Calibration {
  /** Pixel size along x in the file's own unit. */
  pixelSizeX: number;
  /** Pixel size along y in the file's own unit. */
  pixelSizeY: number;
  /** The file's unit, normalised ("nm", "µm", "1/nm", ...). */
  unit: string;
  /** Pixel size along x in nanometres, when `unit` is a length. */
  pixelSizeNm?: number;
  /** Pixel size along y in nanometres, when `unit` is a length. */
  pixelSizeYNm?: number;
  /** Origin offsets in `unit`, when the file records them. */
  offsetX?: number;
  offsetY?: number;
}

/** Normalised metadata; any field may be missing. */
export interface FrameMetadata {
  software?: string;
  microscope?: string;
  beamEnergyKeV?: number;
  magnification?: number;
  exposureS?: number;
  /** ISO 8601 date-time of the acquisition start, when the file says so. */
  acquisitionStart?: string;
  [key: string]: string | number | boolean | undefined;
}

/** What a movie is, without its frames: every `FrameSource` field but the two methods. */
export interface FrameSourceInfo {
  readonly name: string;
  readonly formatId: string;
  readonly width: number;
  readonly height: number;
  readonly frameCount: number;
  readonly dtype: Dtype;
  readonly calibration?: Calibration;
  /** Seconds from the first frame, one per frame, when the file says when each frame was taken. */
  readonly frameTimesS?: readonly number[];
  /** Seconds between frames, when the file gives an interval instead of times. */
  readonly frameIntervalS?: number;
  readonly metadata: FrameMetadata;
  /** Raw tags as the file stores them, for the metadata panel. */
  readonly originalMetadata: Record<string, unknown>;
}

/** A movie opened lazily: frames are read (or decoded) on request. */
export interface FrameSource extends FrameSourceInfo {
  getFrame(index: number, signal?: AbortSignal): Promise<Frame>;
  close(): void;
}

/** A channel of the holder log, always in SI units (V, A, Ω, °C). */
export interface LogChannel {
  /** Stable id, e.g. "A.voltage". */
  id: string;
  /** Column name as written in the file. */
  column: string;
  quantity: 'voltage' | 'current' | 'resistance' | 'temperature' | 'other';
  /** SI unit after conversion ("V", "A", "Ω", "°C", or the raw unit for "other"). */
  unit: string;
  /** Holder channel ("A", "B"), when the file has several. */
  group?: string;
  values: Float64Array;
}

export interface LogSeries {
  name: string;
  /** Seconds since the first row (the log's own time base, never the movie's). */
  timeS: Float64Array;
  channels: LogChannel[];
  /** ISO 8601 clock time of `timeS = 0`, when the log says so. */
  startClock?: string;
  /** Column names in file order. */
  columns: string[];
  /** Header/notes lines that were read as metadata (e.g. "Time units = Milliseconds"). */
  notes: string[];
  /**
   * What the reader left out or changed, for the user to see (rows skipped, non-finite values,
   * times going backwards); absent or empty when the log was read whole.
   */
  warnings?: string[];
}

/** A file format the workbench can open. One module per format; `registry.ts` lists them. */
export interface FormatDescriptor<T> {
  id: string;
  label: string;
  kind: 'movie' | 'log';
  /** Lower-case extensions without the dot. */
  extensions: string[];
  /** True when the first bytes (at least 512, fewer if the file is shorter) say this format. */
  sniff(head: Uint8Array, fileName: string): boolean;
  open(blob: Blob, fileName: string, signal?: AbortSignal): Promise<T>;
}

export type MovieFormat = FormatDescriptor<FrameSource>;
export type LogFormat = FormatDescriptor<LogSeries>;
