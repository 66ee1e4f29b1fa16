// The partial Plotly bundle ships no types; declare the few calls the workbench makes.
declare module 'plotly.js-cartesian-dist-min' {
  export type PlotData = Record<string, unknown>;
  export type Layout = Record<string, unknown>;
  export type Config = Record<string, unknown>;
  export interface PlotHoverPoint {
    curveNumber: number;
    pointIndex: number;
    pointNumber: number;
    x: number;
    y: number;
    customdata?: unknown;
  }
  export interface PlotlyHTMLElement extends HTMLDivElement {
    on(event: 'plotly_hover' | 'plotly_click', handler: (event: { points: PlotHoverPoint[] }) => void): void;
    removeAllListeners?(event: string): void;
  }
  export function react(
    root: HTMLElement,
    data: PlotData[],
    layout?: Layout,
    config?: Config,
  ): Promise<PlotlyHTMLElement>;
  export function purge(root: HTMLElement): void;
  export interface ImageOptions {
    format: 'png' | 'svg' | 'jpeg' | 'webp';
    width?: number;
    height?: number;
    scale?: number;
    filename?: string;
  }
  /** A plot element, or a figure's data and layout (drawn off screen). */
  export type ImageSource = HTMLElement | { data: PlotData[]; layout: Layout };
  export function toImage(root: ImageSource, options: ImageOptions): Promise<string>;
  export function downloadImage(root: ImageSource, options: ImageOptions): Promise<string>;
  const Plotly: {
    react: typeof react;
    purge: typeof purge;
    toImage: typeof toImage;
    downloadImage: typeof downloadImage;
  };
  export default Plotly;
}
