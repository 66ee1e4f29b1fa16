/**
 * The publication settings of the figures, as plain data: kept in the store, autosaved with the
 * session, and written into the results CSV header so a figure can be rebuilt. The defaults are
 * defined here once; the UI, the session schema and the CLI all start from them.
 */
export interface FigureSettings {
  /** Base font size of axis titles and ticks, in points. */
  fontSize: number;
  /** Plot the area as A/A₀ (first analysed frame) instead of nm² or px². */
  normalise: boolean;
  /** |bias| below this is rest when phases are read from the bias, in volts. */
  restBelowV: number;
  /** Width : height of the time-series figures. */
  aspect: number;
  /** Resolution of PNG exports, in dots per inch (96 dpi = one CSS pixel per pixel). */
  dpi: number;
}

export const defaultFigureSettings: Readonly<FigureSettings> = Object.freeze({
  fontSize: 13,
  normalise: false,
  restBelowV: 0.02,
  aspect: 3,
  dpi: 300,
});

/** Font sizes the figures accept, in points. */
export const FONT_SIZE_RANGE_PT = { min: 8, max: 28 } as const;
/** The PNG resolutions offered, in dpi. */
export const PNG_DPIS = [150, 300, 600] as const;
