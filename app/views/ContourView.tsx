/**
 * The parameter-space view: a static contour of f (drawn once per load) with a transparent overlay plot
 * on top, exactly aligned, that holds the trajectories, start and current points, θ* and landmarks.
 * Only the overlay is redrawn while running (a contour redraw costs 25–50 ms, the overlay 3–4 ms).
 * One-dimensional problems get f over θ instead of a contour, with the runs' points on the curve.
 */
import { useEffect, useRef } from 'react';
import type { Data, Layout, PlotlyHTMLElement } from 'plotly.js';
import type { ProblemInfo } from '../../src/index';
import { onDraw, requestDraw } from '../drawLoop';
import { dataVersion, gather, getRuns, strideIndices } from '../runData';
import { useStore } from '../store';
import { BASE_LAYOUT, MAX_POINTS, escapeText, runLooks } from './common';
import Plotly, { PLOT_CONFIG, plotSize } from './plotly';

/** The parameter-space picture of a loaded problem: which parameters go on x and y, and the ranges. */
interface Frame {
  ax: number;
  /** Parameter index on y; -1 for a 1-D curve (y is the loss). */
  ay: number;
  xRange: [number, number];
  yRange: [number, number];
  xTitle: string;
  yTitle: string;
}

function frameOf(info: ProblemInfo): Frame | null {
  const name = (i: number) => escapeText(info.paramNames[i] ?? `θ${i}`);
  if (info.contour) {
    const { axes: [ax, ay], xs, ys } = info.contour;
    return { ax, ay, xRange: [xs[0], xs[xs.length - 1]], yRange: [ys[0], ys[ys.length - 1]], xTitle: name(ax), yTitle: name(ay) };
  }
  if (info.curve) {
    const { axis, xs, f } = info.curve;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of f) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    const pad = 0.05 * (hi - lo || 1);
    return { ax: axis, ay: -1, xRange: [xs[0], xs[xs.length - 1]], yRange: [lo - pad, hi + pad], xTitle: name(axis), yTitle: 'f' };
  }
  return null;
}

function baseTrace(info: ProblemInfo): Data {
  if (info.contour) {
    const { xs, ys, z, logLevels } = info.contour;
    // Log-spaced levels: draw log10 f (values span decades); the smallest positive value stands in for f ≤ 0.
    let floor = Infinity;
    if (logLevels) for (const v of z) if (v > 0 && v < floor) floor = v;
    const rows: number[][] = [];
    for (let j = 0; j < ys.length; j++) {
      const row = Array.from(z.subarray(j * xs.length, (j + 1) * xs.length));
      rows.push(logLevels ? row.map((v) => Math.log10(Math.max(v, floor))) : row);
    }
    return {
      type: 'contour', x: Array.from(xs), y: Array.from(ys), z: rows, ncontours: 28,
      colorscale: [[0, '#fbfcfd'], [0.35, '#dde7ef'], [1, '#8fa6bd']],
      line: { color: 'rgba(60, 80, 100, 0.35)', width: 0.6 },
      colorbar: { thickness: 10, len: 0.92, outlinewidth: 0, title: { text: logLevels ? 'log₁₀ f' : 'f', side: 'right' } },
      hoverinfo: 'skip',
    } as Data;
  }
  const { xs, f } = info.curve!;
  return { type: 'scatter', mode: 'lines', x: Array.from(xs), y: Array.from(f), line: { color: '#8a9bb0', width: 2 }, hoverinfo: 'skip', name: 'f' };
}

function axesLayout(frame: Frame, visible: boolean): Partial<Layout> {
  const axis = (range: [number, number], title: string) => ({
    range, autorange: false, title: { text: visible ? title : '' },
    showticklabels: visible, showgrid: false, zeroline: false, showline: visible, ticks: visible ? ('outside' as const) : ('' as const), mirror: visible,
  });
  return { xaxis: axis(frame.xRange, frame.xTitle), yaxis: axis(frame.yRange, frame.yTitle) };
}

function overlayTraces(info: ProblemInfo, frame: Frame, looks: ReturnType<typeof runLooks>): Data[] {
  const runs = getRuns();
  const dim = info.dim;
  const yOf = (run: (typeof runs)[number], idx: Int32Array) => (frame.ay < 0 ? gather(run.cols.loss, idx) : gather(run.params, idx, dim, frame.ay));
  const traces: Data[] = [];
  const ends: { x: number[]; y: number[]; color: string[]; text: string[] }[] = [0, 1].map(() => ({ x: [], y: [], color: [], text: [] }));
  runs.forEach((run, r) => {
    const idx = strideIndices(run.n, MAX_POINTS);
    const x = gather(run.params, idx, dim, frame.ax);
    const y = yOf(run, idx);
    traces.push({
      type: 'scatter', mode: frame.ay < 0 ? 'markers' : 'lines+markers', name: looks[r].label, x, y,
      line: { color: looks[r].color, width: 1.5 },
      marker: { color: looks[r].color, size: 3, opacity: 0.7 },
      hovertemplate: `${looks[r].label}<br>${frame.xTitle} %{x:.4g}<br>${frame.yTitle} %{y:.4g}<extra></extra>`,
    });
    if (run.n === 0) return;
    for (const [k, i] of [[0, 0], [1, run.n - 1]]) {
      const one = Int32Array.of(i);
      ends[k].x.push(gather(run.params, one, dim, frame.ax)[0]);
      ends[k].y.push(yOf(run, one)[0]);
      ends[k].color.push(looks[r].color);
      ends[k].text.push(looks[r].label);
    }
  });
  const [starts, currents] = ends;
  traces.push({
    type: 'scatter', mode: 'markers', name: 'start', x: starts.x, y: starts.y, text: starts.text,
    marker: { symbol: 'circle-open', size: 11, color: starts.color, line: { width: 2 } },
    hovertemplate: '%{text} start<extra></extra>',
  });
  traces.push({
    type: 'scatter', mode: 'markers', name: 'current', x: currents.x, y: currents.y, text: currents.text,
    marker: { symbol: 'circle', size: 11, color: currents.color, line: { color: '#fff', width: 1.5 } },
    hovertemplate: '%{text}<br>%{x:.4g}, %{y:.4g}<extra></extra>',
  });
  const marks = [
    ...(info.optimum ? [{ theta: info.optimum.theta, label: `θ* (${info.optimum.note})`, y1: info.optimum.value }] : []),
    ...info.landmarks.map((l) => ({ ...l, y1: NaN })),
  ];
  traces.push({
    type: 'scatter', mode: 'text+markers', name: 'landmarks',
    x: marks.map((m) => m.theta[frame.ax]),
    y: marks.map((m) => (frame.ay < 0 ? m.y1 : m.theta[frame.ay])),
    // Short names on the plot ("global minimum"), the whole description on hover.
    text: marks.map((m) => escapeText(m.label.split(' (')[0])),
    customdata: marks.map((m) => escapeText(m.label)),
    textposition: 'top center', textfont: { size: 10, color: '#333' },
    marker: { symbol: marks.map((_, i) => (i === 0 && info.optimum ? 'star' : 'x')), size: marks.map((_, i) => (i === 0 && info.optimum ? 15 : 9)), color: '#222', line: { color: '#fff', width: 1 } },
    hovertemplate: '%{customdata}<extra></extra>',
  } as Data);
  return traces;
}

export function ContourView() {
  const baseRef = useRef<HTMLDivElement>(null);
  const overlayRef = useRef<HTMLDivElement>(null);
  const hasPicture = useStore((s) => s.info === null || s.info.contour !== null || s.info.curve !== null);
  const dim = useStore((s) => s.info?.dim ?? 0);

  useEffect(() => {
    const base = baseRef.current;
    const overlay = overlayRef.current;
    if (!base || !overlay) return;
    let baseInfo: ProblemInfo | null = null;
    let margin: { l: number; r: number; t: number; b: number } | null = null;
    let last: { version: number; experiment: unknown; info: unknown; margin: unknown } | null = null;
    let listening = false;
    /** Bumped per contour drawn: the overlay's zoom (uirevision) lives exactly as long as its contour. */
    let baseCount = 0;

    // Zooming the overlay zooms the contour under it (one contour redraw per user zoom).
    const syncZoom = () => {
      const ov = overlay as unknown as PlotlyHTMLElement;
      void Plotly.relayout(base, { 'xaxis.range': [...(ov.layout.xaxis?.range ?? [])], 'yaxis.range': [...(ov.layout.yaxis?.range ?? [])] } as Partial<Layout>);
    };

    const drawBase = (info: ProblemInfo, frame: Frame) => {
      baseInfo = info;
      baseCount++;
      margin = null;
      const layout: Partial<Layout> = { ...BASE_LAYOUT, ...axesLayout(frame, true), margin: { l: 58, r: 12, t: 12, b: 42 }, showlegend: false };
      void Plotly.react(base, [baseTrace(info)], layout, { ...PLOT_CONFIG, staticPlot: true }).then(() => {
        // The colour bar pushes the right margin: the overlay takes the contour's final margins.
        const size = plotSize(base);
        if (baseInfo === info && size) margin = { l: size.l, r: size.r, t: size.t, b: size.b };
        requestDraw();
      });
    };

    const stop = onDraw(() => {
      const { experiment, info } = useStore.getState();
      const frame = info && frameOf(info);
      if (!info || !frame) return;
      if (info !== baseInfo) drawBase(info, frame);
      if (!margin) return;
      const version = dataVersion();
      if (last && last.version === version && last.experiment === experiment && last.info === info && last.margin === margin) return;
      last = { version, experiment, info, margin };
      const layout: Partial<Layout> = {
        ...BASE_LAYOUT, ...axesLayout(frame, false), margin, showlegend: false,
        paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)',
        uirevision: baseCount, datarevision: version, hovermode: 'closest',
      };
      void Plotly.react(overlay, overlayTraces(info, frame, runLooks(experiment, getRuns().length)), layout, PLOT_CONFIG).then((gd) => {
        if (listening) return;
        listening = true;
        gd.on('plotly_relayout', syncZoom);
      });
    });
    return () => {
      stop();
      Plotly.purge(overlay);
      Plotly.purge(base);
    };
  }, []);

  return (
    <div className="view contour-view" data-testid="contour-view">
      <div ref={baseRef} className="plot layer" data-testid="contour-base" />
      <div ref={overlayRef} className="plot layer overlay" data-testid="contour-overlay" />
      {!hasPicture && <div className="placeholder">No contour for this {dim}-parameter problem.</div>}
    </div>
  );
}
