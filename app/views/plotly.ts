/** The one place Plotly is imported: the cartesian bundle (contour + scatter, no WebGL). */
import Plotly from 'plotly.js-cartesian-dist-min';
import type { Config, PlotlyHTMLElement } from 'plotly.js';

export default Plotly;

export const PLOT_CONFIG: Partial<Config> = {
  responsive: true,
  displaylogo: false,
  // The default toImage/"send data to cloud" buttons are the only network-related ones; lasso/select are noise here.
  modeBarButtonsToRemove: ['lasso2d', 'select2d', 'toImage'],
};

/** Plot-area geometry Plotly computed (margins after colour bars and automargins pushed them). */
export interface PlotSize { l: number; r: number; t: number; b: number; w: number; h: number }

export function plotSize(gd: HTMLElement): PlotSize | null {
  const full = (gd as PlotlyHTMLElement & { _fullLayout?: { _size?: PlotSize } })._fullLayout;
  return full?._size ?? null;
}
