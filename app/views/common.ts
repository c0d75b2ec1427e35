/** Shared look of the plots, and the per-run labels/colours as the views need them. */
import type { Layout } from 'plotly.js';
import type { Experiment } from '../../src/index';
import { runColor } from '../defaults';
import { useLecture } from '../lecture/lecture';
import Plotly from './plotly';

export const FONT = { family: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', size: 11, color: '#333' };

/**
 * Most points per drawn trace: about two per pixel column of a plot (min–max decimation keeps the
 * extremes). Plotly's SVG redraws cost time per point (2 000 made 30–60 ms draws); the live layer's
 * canvas is far cheaper, but gathering and hit-testing stay proportional to it too.
 */
export const MAX_POINTS = 1000;

/** The plots' type scale: 1.6 in lecture mode (read on a projector from the back of a hall). */
export function fontSize(px: number): number {
  return useLecture.getState().lecture ? Math.round(px * 1.6) : px;
}

/** Spread into every layout; its fonts are read at spread time, so they follow lecture mode. */
export const BASE_LAYOUT: Partial<Layout> = {
  get font() { return { ...FONT, size: fontSize(FONT.size) }; },
  autosize: true,
  paper_bgcolor: '#fff',
  plot_bgcolor: '#fff',
  get hoverlabel() { return { font: { ...FONT, size: fontSize(FONT.size), color: '#fff' } }; },
};

// Entering or leaving lecture mode rescales the plots already drawn; their next draws spread the new size.
useLecture.subscribe((f, prev) => {
  if (f.lecture === prev.lecture || typeof document === 'undefined') return;
  for (const gd of document.querySelectorAll<HTMLElement>('.js-plotly-plot')) {
    void Plotly.relayout(gd, { 'font.size': fontSize(FONT.size) } as Partial<Layout>);
  }
});

/** Plotly renders a small HTML subset in names and hover text: user labels must stay text. */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A value with four significant digits, for tooltips ("0.0123", "1.235e+5", "NaN"). */
export function fmt4(v: number): string {
  return Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : String(v);
}

export interface RunLook {
  label: string;
  color: string;
}

export function runLooks(experiment: Experiment, count: number): RunLook[] {
  return Array.from({ length: count }, (_, i) => {
    const run = experiment.runs[i];
    return { label: escapeText(run?.label || `run ${i + 1}`), color: runColor(run, i) };
  });
}
