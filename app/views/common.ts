/** Shared look of the plots, and the per-run labels/colours as the views need them. */
import type { Layout } from 'plotly.js';
import type { Experiment } from '../../src/index';
import { runColor } from '../defaults';

export const FONT = { family: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', size: 11, color: '#333' };

/** Most points per trace handed to Plotly. */
export const MAX_POINTS = 2000;

export const BASE_LAYOUT: Partial<Layout> = {
  font: FONT,
  autosize: true,
  paper_bgcolor: '#fff',
  plot_bgcolor: '#fff',
  hoverlabel: { font: { ...FONT, color: '#fff' } },
};

/** Plotly renders a small HTML subset in names and hover text: user labels must stay text. */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
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
