/**
 * Every plot as PNG or SVG, with a title, labelled axes and a legend: the figure of a view slot (all its
 * Plotly graphs merged: the contour's static layer and its trajectory overlay become one figure) is
 * re-rendered off-screen by Plotly.toImage with an export layout, then saved. The traces a view draws on
 * its live layer (liveLayer.ts) are in Plotly's format too and join the figure; the legend-only Plotly
 * traces that stand in for them on screen are left out.
 */
import type { Data, Layout } from 'plotly.js';
import Plotly from './plotly';
import { saveUrl, slug } from '../export/download';
import { LEGEND_PROXY, type LiveTrace } from './liveLayer';

type Graph = HTMLElement & { data?: Data[]; liveData?: LiveTrace[]; layout?: Partial<Layout> };

export type ImageFormat = 'png' | 'svg';

/** The Plotly graphs shown in slot `index` (base layer first). */
export function slotGraphs(index: number): Graph[] {
  return Array.from(document.querySelectorAll<Graph>(`[data-testid="slot-${index}"] .js-plotly-plot`)).filter((g) => Array.isArray(g.data));
}

const axisTitle = (axis: unknown): string | undefined => {
  const t = (axis as { title?: string | { text?: string } } | undefined)?.title;
  return typeof t === 'string' ? t : t?.text;
};

/** The export figure: merged traces, the first graph's layout, a title, a legend, axis titles kept. */
export function exportFigure(graphs: readonly Graph[], title: string, width: number, height: number): { data: Data[]; layout: Partial<Layout> } {
  const base = graphs[0].layout ?? {};
  const data: Data[] = [];
  for (const g of graphs) {
    for (const t of [...(g.data ?? []), ...((g.liveData ?? []) as unknown as Data[])]) {
      if ((t as { meta?: unknown }).meta === LEGEND_PROXY) continue;
      const named = typeof (t as { name?: unknown }).name === 'string' && (t as { name: string }).name !== '';
      data.push({ ...t, showlegend: named && (t as { showlegend?: boolean }).showlegend !== false } as Data);
    }
  }
  const axis = (a: unknown, fallback: string) => ({
    ...(a as object),
    title: { text: axisTitle(a) ?? fallback, font: { size: 14 } },
    automargin: true,
  });
  const layout: Partial<Layout> = {
    ...base,
    title: { text: title, font: { size: 18 }, x: 0.5, xanchor: 'center' },
    xaxis: axis(base.xaxis, 'x'),
    yaxis: axis(base.yaxis, 'y'),
    showlegend: true,
    // Below the plot, so it never covers a colour bar on the right.
    legend: { orientation: 'h', x: 0.5, xanchor: 'center', y: -0.12, yanchor: 'top', bgcolor: 'rgba(255,255,255,0.9)', bordercolor: '#999', borderwidth: 1, font: { size: 13 } },
    margin: { l: 80, r: 120, t: 70, b: 120 },
    paper_bgcolor: '#ffffff',
    plot_bgcolor: base.plot_bgcolor && base.plot_bgcolor !== 'rgba(0,0,0,0)' ? base.plot_bgcolor : '#ffffff',
    width,
    height,
    shapes: base.shapes,
  };
  return { data, layout };
}

/** Renders slot `index` and saves it; resolves to the file name, or throws with a reason. */
export async function downloadSlotImage(index: number, format: ImageFormat, title: string): Promise<string> {
  const graphs = slotGraphs(index);
  if (!graphs.length) throw new Error('this view has no plot to export');
  const width = 1200, height = 750;
  const fig = exportFigure(graphs, title, width, height);
  const url = await Plotly.toImage(fig as Parameters<typeof Plotly.toImage>[0], { format, width, height, scale: format === 'png' ? 2 : 1 });
  const name = `${slug(title)}.${format}`;
  saveUrl(url, name);
  return name;
}
