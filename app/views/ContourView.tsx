/**
 * The parameter-space view: a static contour of f (drawn once per load) with a transparent overlay plot
 * on top, exactly aligned, that holds θ*, the landmarks and the optimizer internals; the trajectories,
 * start and current points are on the overlay's live layer (liveLayer.ts), a canvas. While runs stream
 * only the canvas is drawn (about a millisecond); Plotly redraws the overlay when its own marks change
 * (a contour redraw costs 25–50 ms, an overlay redraw 10–90 ms on these machines).
 * One-dimensional problems get f over θ instead of a contour, with the runs' points on the curve.
 *
 * Linked: hovering a trajectory point sets the hover step (hover.ts); the hovered step of every run is
 * ringed here. A diverged run gets an ✕ at its last finite point. A click (not a drag: drags zoom) in
 * the plot area sets the start point of every run, or of the selected one, and restarts.
 */
import { useEffect, useRef } from 'react';
import type { Data, Layout, PlotlyHTMLElement } from 'plotly.js';
import { lastFiniteIndex, nearestIndex } from '../../src/index';
import type { ProblemInfo, RunStatus } from '../../src/index';
import { drawNext, onDraw, requestDraw } from '../drawLoop';
import { dataVersion, gather, getRuns, strideIndices } from '../runData';
import { changeInits } from '../session';
import { useStore } from '../store';
import { BASE_LAYOUT, MAX_POINTS, escapeText, fmt4, runLooks, fontSize } from './common';
import { clearHover, getHover, hoverVersion, hoverFromPointer } from './hover';
import { usePrefs } from './prefs';
import { LiveLayer, type LiveHit, type LiveTrace } from './liveLayer';
import Plotly, { PLOT_CONFIG, plotSize } from './plotly';
import { getInternalsData, internalsVersion } from '../internalsData';
import { problemFor } from './derived';
import { requestSlice } from '../session';

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

/** Trajectories of at most this many drawn points mark every iterate… */
const ALL_MARKED = 150;
/** …longer ones this many. */
const MARKED_ITERATES = 40;

/**
 * The live layer's traces (liveLayer.ts): each run's trajectory, the start and current points, a
 * diverged run's ✕ and the rings at the hovered step. `hits` gets what hovering each trace's points means.
 */
function liveTraces(info: ProblemInfo, frame: Frame, looks: ReturnType<typeof runLooks>, statuses: readonly RunStatus[], hits: (LiveHit | null)[]): LiveTrace[] {
  const runs = getRuns();
  const dim = info.dim;
  const yOf = (run: (typeof runs)[number], idx: Int32Array) => (frame.ay < 0 ? gather(run.cols.loss, idx) : gather(run.params, idx, dim, frame.ay));
  const traces: LiveTrace[] = [];
  const ends: { x: number[]; y: number[]; color: string[]; text: string[]; step: number[] }[] = [0, 1].map(() => ({ x: [], y: [], color: [], text: [], step: [] }));
  runs.forEach((run, r) => {
    const idx = strideIndices(run.n, MAX_POINTS);
    const x = gather(run.params, idx, dim, frame.ax);
    const y = yOf(run, idx);
    const label = looks[r].label;
    hits[traces.length] = { run: r, steps: Array.from(idx, (i) => run.cols.step[i]), tip: (j) => `${label}, step ${run.cols.step[idx[j]]}\n${frame.xTitle} ${fmt4(x[j])}\n${frame.yTitle} ${fmt4(y[j])}` };
    traces.push({
      type: 'scatter', mode: frame.ay < 0 ? 'markers' : 'lines+markers', name: label, x, y,
      line: { color: looks[r].color, width: 1.5 },
      // Every iterate is marked while they are few enough to count; past that MARKED_ITERATES evenly
      // spread, so a long run reads as a path rather than a smear of dots.
      marker: { color: looks[r].color, size: frame.ay < 0 ? 5 : 3, opacity: 0.7, maxdisplayed: idx.length <= ALL_MARKED ? 0 : MARKED_ITERATES },
    });
    if (run.n === 0) return;
    for (const [k, i] of [[0, 0], [1, run.n - 1]]) {
      const one = Int32Array.of(i);
      ends[k].x.push(gather(run.params, one, dim, frame.ax)[0]);
      ends[k].y.push(yOf(run, one)[0]);
      ends[k].color.push(looks[r].color);
      ends[k].text.push(label);
      ends[k].step.push(run.cols.step[i]);
    }
  });
  const [starts, currents] = ends;
  // Diverged runs: an ✕ at the last point with finite coordinates.
  const crosses = { x: [] as number[], y: [] as number[], color: [] as string[], text: [] as string[] };
  // The hovered step, on every run that has reached it.
  const rings = { x: [] as number[], y: [] as number[], color: [] as string[] };
  const hover = getHover();
  runs.forEach((run, r) => {
    if (run.n === 0 || run.dim !== dim) return;
    const at = (i: number) => {
      const one = Int32Array.of(i);
      return [gather(run.params, one, dim, frame.ax)[0], yOf(run, one)[0]];
    };
    const status = statuses[r];
    if (status?.status === 'diverged') {
      const i = lastFiniteIndex(run.cols.loss, run.n, run.params, dim);
      if (i >= 0) {
        const [x, y] = exitPoint(frame, at, i);
        crosses.x.push(x);
        crosses.y.push(y);
        crosses.color.push(looks[r].color);
        crosses.text.push(`${looks[r].label} — ${escapeText(status.reason ?? `diverged at step ${status.divergedAt ?? status.step}`)}`);
      }
    }
    if (hover && hover.step <= run.cols.step[run.n - 1]) {
      const [x, y] = at(nearestIndex(run.cols.step, run.n, hover.step));
      if (Number.isFinite(x) && Number.isFinite(y)) {
        rings.x.push(x);
        rings.y.push(y);
        rings.color.push(looks[r].color);
      }
    }
  });
  const tipOnly = (text: (j: number) => string): LiveHit => ({ run: -1, steps: [], tip: text });
  hits[traces.length] = tipOnly((j) => `${starts.text[j]} start`);
  traces.push({
    type: 'scatter', mode: 'markers', name: 'start', x: starts.x, y: starts.y, text: starts.text,
    marker: { symbol: 'circle-open', size: 11, color: starts.color, line: { width: 2 } },
  });
  hits[traces.length] = tipOnly((j) => `${currents.text[j]}, step ${currents.step[j]} (current)\n${frame.xTitle} ${fmt4(currents.x[j])}\n${frame.yTitle} ${fmt4(currents.y[j])}`);
  traces.push({
    type: 'scatter', mode: 'markers', name: 'current', x: currents.x, y: currents.y, text: currents.text,
    marker: { symbol: 'circle', size: 11, color: currents.color, line: { color: '#fff', width: 1.5 } },
  });
  if (crosses.x.length) {
    hits[traces.length] = tipOnly((j) => crosses.text[j]);
    traces.push({
      type: 'scatter', mode: 'markers', name: 'diverged', x: crosses.x, y: crosses.y, text: crosses.text,
      marker: { symbol: 'x', size: 16, color: crosses.color, line: { color: '#111', width: 1.5 } },
    });
  }
  if (rings.x.length) {
    hits[traces.length] = null;
    traces.push({
      type: 'scatter', mode: 'markers', name: 'hover', x: rings.x, y: rings.y,
      marker: { symbol: 'circle-open', size: 16, color: rings.color, line: { width: 3 } },
    });
  }
  return traces;
}

/** The overlay's Plotly traces: θ* and the landmarks, and the optimizer internals when shown. */
function plotTraces(info: ProblemInfo, frame: Frame, looks: ReturnType<typeof runLooks>): Data[] {
  const traces: Data[] = [];
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
    textposition: 'top center', textfont: { size: fontSize(10), color: '#333' },
    marker: { symbol: marks.map((_, i) => (i === 0 && info.optimum ? 'star' : 'x')), size: marks.map((_, i) => (i === 0 && info.optimum ? 15 : 9)), color: '#222', line: { color: '#fff', width: 1 } },
    hovertemplate: '%{customdata}<extra></extra>',
  } as Data);
  if (usePrefs.getState().internals && frame.ay >= 0) traces.push(...internalsTraces(info, frame, looks));
  return traces;
}

/** What an internals arrow shows; `vec` holds the raw vector on the drawn axes (x, y), `scale` the drawing factor. */
export interface ArrowMeta {
  kind: 'grad' | 'momentum' | 'step' | 'trials';
  run: number;
  /** Step t of the point the arrow starts from (θ_t; for `step` and `trials`: the update t from θ_{t−1}). */
  t: number;
  vec: [number, number];
  scale: number;
  /** `trials`: the trial step sizes η, in order (the last accepted). */
  etas?: number[];
}

/** Share of the view's diagonal that the longer of −∇f and the momentum arrow spans. */
const ARROW_SHARE = 0.18;

/**
 * Optimizer internals at each run's current point (or at the hovered step): −∇f(θ) and the momentum
 * buffer as arrows from θ (directions true, lengths scaled together so the longer spans ARROW_SHARE of
 * the view: the factor is in the hover text and in `meta.scale`), the step actually taken θ_{t−1} → θ_t at
 * true length, and Armijo's trial points θ_{t−1} − ηg_t of the last update. Raw values sit in `meta`.
 */
function internalsTraces(info: ProblemInfo, frame: Frame, looks: ReturnType<typeof runLooks>): Data[] {
  const { ax, ay } = frame;
  const diag = Math.hypot(frame.xRange[1] - frame.xRange[0], frame.yRange[1] - frame.yRange[0]);
  const traces: Data[] = [];
  const runs = getRuns();
  const hover = getHover();
  const arrow = (meta: ArrowMeta, x0: number, y0: number, x1: number, y1: number, color: string, name: string, dash: string, text: string): void => {
    if (![x0, y0, x1, y1].every(Number.isFinite)) return;
    traces.push({
      type: 'scatter', mode: 'lines+markers', name, x: [x0, x1], y: [y0, y1], meta, cliponaxis: false,
      line: { color, width: meta.kind === 'step' ? 2.5 : 2, dash },
      marker: { symbol: 'arrow', angleref: 'previous', size: [0, 13], color },
      text: [text, text], hovertemplate: '%{text}<extra></extra>',
    } as unknown as Data);
  };
  const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : String(v));
  const scaleFor = (...vs: [number, number][]) => {
    const m = Math.max(...vs.map(([a, b]) => Math.hypot(a, b)));
    return m > 0 && Number.isFinite(m) ? (ARROW_SHARE * diag) / m : 0;
  };
  const drawn = new Set<number>();
  // The hovered step, where the page can compute it: f's gradient there (full data) and the recorded step into it.
  const problem = hover ? problemFor(info) : null;
  if (hover && problem) {
    runs.forEach((run, r) => {
      if (run.n < 2 || run.dim !== info.dim || hover.step > run.cols.step[run.n - 1]) return;
      const i = nearestIndex(run.cols.step, run.n, hover.step);
      if (i === run.n - 1) return; // the current point: the worker's internals below
      const theta = run.params.subarray(i * info.dim, (i + 1) * info.dim);
      const g = new Float64Array(info.dim);
      problem.loss(theta, g);
      const t = run.cols.step[i];
      const gv: [number, number] = [g[ax], g[ay]];
      const s = scaleFor(gv);
      const [x, y] = [theta[ax], theta[ay]];
      arrow({ kind: 'grad', run: r, t, vec: gv, scale: s }, x, y, x - s * gv[0], y - s * gv[1], looks[r].color, 'internals −∇f', 'dot',
        `${looks[r].label} step ${t}: −∇f = (${fmt(-gv[0])}, ${fmt(-gv[1])}), drawn ×${fmt(s)}`);
      if (i > 0) {
        const t0 = run.cols.step[i - 1];
        const p0 = run.params.subarray((i - 1) * info.dim, i * info.dim);
        arrow({ kind: 'step', run: r, t, vec: [x - p0[ax], y - p0[ay]], scale: 1 }, p0[ax], p0[ay], x, y, looks[r].color, 'internals step', 'solid',
          `${looks[r].label}: θ_${t} − θ_${t0}${t - t0 > 1 ? ` (${t - t0} steps)` : ''}`);
      }
      drawn.add(r);
    });
  }
  for (const ins of getInternalsData()) {
    const r = ins.run;
    if (drawn.has(r) || !looks[r] || ins.theta.length !== info.dim) continue;
    const color = looks[r].color;
    const label = looks[r].label;
    const [x, y] = [ins.theta[ax], ins.theta[ay]];
    const gv: [number, number] = [ins.grad[ax], ins.grad[ay]];
    const m = ins.momentum;
    // The direction the buffer pushes θ: +v for the velocity form, −b (SGD, RMSprop) and −m (Adam) otherwise.
    const sign = m && m.name.startsWith('v') ? 1 : -1;
    const mv: [number, number] | null = m ? [m.value[ax], m.value[ay]] : null;
    const s = scaleFor(gv, ...(mv ? [mv] : []));
    arrow({ kind: 'grad', run: r, t: ins.t, vec: gv, scale: s }, x, y, x - s * gv[0], y - s * gv[1], color, 'internals −∇f', 'dot',
      `${label} step ${ins.t}: −∇f = (${fmt(-gv[0])}, ${fmt(-gv[1])}), drawn ×${fmt(s)}`);
    if (m && mv) {
      arrow({ kind: 'momentum', run: r, t: ins.t, vec: mv, scale: sign * s }, x, y, x + sign * s * mv[0], y + sign * s * mv[1], color, 'internals momentum', 'dash',
        `${label}: ${sign < 0 ? '−' : ''}${escapeText(m.name)} = (${fmt(sign * mv[0])}, ${fmt(sign * mv[1])}), drawn ×${fmt(s)}`);
    }
    if (ins.step) {
      const sv: [number, number] = [ins.step[ax], ins.step[ay]];
      arrow({ kind: 'step', run: r, t: ins.t, vec: sv, scale: 1 }, x - sv[0], y - sv[1], x, y, color, 'internals step', 'solid',
        `${label}: step ${ins.t} taken, θ_${ins.t} − θ_${ins.t - 1} = (${fmt(sv[0])}, ${fmt(sv[1])})`);
    }
    if (ins.trials && ins.trials.length && ins.step && ins.batchGrad) {
      // θ_{t−1} − η·g_t for every trial η; θ_{t−1} = θ_t − step.
      const px = x - ins.step[ax];
      const py = y - ins.step[ay];
      const bg: [number, number] = [ins.batchGrad[ax], ins.batchGrad[ay]];
      const etas = ins.trials;
      traces.push({
        type: 'scatter', mode: 'lines+markers', name: 'internals Armijo trials',
        x: [px, ...etas.map((e) => px - e * bg[0])], y: [py, ...etas.map((e) => py - e * bg[1])],
        meta: { kind: 'trials', run: r, t: ins.t, vec: bg, scale: 1, etas: [...etas] } satisfies ArrowMeta, cliponaxis: false,
        line: { color, width: 1, dash: 'dot' },
        marker: { symbol: ['circle-open', ...etas.map((_, j) => (j === etas.length - 1 ? 'diamond' : 'x-thin-open'))], size: [6, ...etas.map(() => 10)], color, line: { color, width: 1.5 } },
        text: [`${label}: θ_${ins.t - 1}`, ...etas.map((e, j) => `${label}: trial ${j + 1}, η = ${fmt(e)}${j === etas.length - 1 ? ' (accepted)' : ' (rejected)'}`)],
        hovertemplate: '%{text}<extra></extra>',
      } as unknown as Data);
    }
  }
  return traces;
}

/**
 * Where to draw a diverged run's ✕: its last finite point if the view shows it, else the point where
 * its path last left the view (a diverging run usually ends far outside the picture).
 */
function exitPoint(frame: Frame, at: (i: number) => number[], last: number): [number, number] {
  const [x0, x1] = frame.xRange;
  const [y0, y1] = frame.yRange;
  const inside = ([x, y]: number[]) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
  const end = at(last);
  if (inside(end)) return [end[0], end[1]];
  let k = last - 1;
  while (k >= 0 && !inside(at(k))) k--;
  if (k < 0) return [Math.min(x1, Math.max(x0, end[0])), Math.min(y1, Math.max(y0, end[1]))];
  // Clip the segment from the last inside point to the next one at the view's border.
  const [ax, ay] = at(k);
  const [bx, by] = at(k + 1);
  let t = 1;
  const dx = bx - ax;
  const dy = by - ay;
  if (dx > 0) t = Math.min(t, (x1 - ax) / dx);
  if (dx < 0) t = Math.min(t, (x0 - ax) / dx);
  if (dy > 0) t = Math.min(t, (y1 - ay) / dy);
  if (dy < 0) t = Math.min(t, (y0 - ay) / dy);
  return [ax + t * dx, ay + t * dy];
}

/** The parameter vector a click at (x, y) makes the start of run r: its current start with the drawn axes replaced. */
function startFrom(info: ProblemInfo, frame: Frame, r: number, x: number, y: number): number[] {
  const run = getRuns()[r];
  const base = run && run.n > 0 && run.dim === info.dim ? run.paramsAt(0) : info.contour ? Array.from(info.contour.slice) : new Array<number>(info.dim).fill(0);
  // Four significant digits relative to the view: a clean number in links, finer than a pixel.
  const round = (v: number, range: [number, number]) => {
    const q = 10 ** (Math.floor(Math.log10(Math.abs(range[1] - range[0]) || 1)) - 3);
    return Math.round(v / q) * q;
  };
  base[frame.ax] = Number(round(x, frame.xRange).toPrecision(12));
  if (frame.ay >= 0) base[frame.ay] = Number(round(y, frame.yRange).toPrecision(12));
  return base;
}

function setStartAt(x: number, y: number): void {
  const { info, experiment } = useStore.getState();
  const frame = info && frameOf(info);
  if (!info || !frame) return;
  const { startTarget, selectedRun } = usePrefs.getState();
  const count = experiment.runs.length;
  const targets = startTarget === 'all' ? Array.from({ length: count }, (_, i) => i) : [Math.min(selectedRun, count - 1)];
  changeInits(new Map(targets.map((r) => [r, startFrom(info, frame, r, x, y)])));
}

/** The point a slice holds the other parameters at: the selected run's current point, or null (θ*). */
export function slicePointFor(at: 'optimum' | 'run', run: number, dim: number): number[] | null {
  if (at !== 'run') return null;
  const r = getRuns()[run];
  if (!r || r.n === 0 || r.dim !== dim) return null;
  const p = r.paramsAt(r.n - 1);
  return p.every(Number.isFinite) ? p : null;
}

/**
 * Keeps the contour on the chosen axes: after a load (which draws the problem's default pair) or a new
 * choice, asks the worker for the slice once per (load, axes, point) — a "re-centre" asks again.
 */
function useSliceSync(): void {
  const info = useStore((s) => s.info);
  const axes = usePrefs((s) => s.sliceAxes);
  const at = usePrefs((s) => s.sliceAt);
  const run = usePrefs((s) => s.selectedRun);
  const asked = useRef<{ gen: unknown; key: string } | null>(null);
  useEffect(() => {
    if (!info || info.path !== 'float64' || !info.contour || info.dim <= 2 || !axes) return;
    if (axes[0] >= info.dim || axes[1] >= info.dim || axes[0] === axes[1]) return;
    const gen = info.totalSteps; // one array per load: identifies the load across contour replacements
    const key = `${axes[0]},${axes[1]},${at},${at === 'run' ? run : ''}`;
    const current = info.contour.axes;
    if (asked.current?.gen === gen && asked.current.key === key) return;
    if (at === 'optimum' && current[0] === axes[0] && current[1] === axes[1] && asked.current?.gen !== gen) return; // a fresh load shows them
    asked.current = { gen, key };
    requestSlice(axes, slicePointFor(at, run, info.dim));
  }, [info, axes, at, run]);
}

export function ContourView() {
  const baseRef = useRef<HTMLDivElement>(null);
  const overlayRef = useRef<HTMLDivElement>(null);
  const hasPicture = useStore((s) => s.info === null || s.info.contour !== null || s.info.curve !== null);
  const dim = useStore((s) => s.info?.dim ?? 0);
  const model = useStore((s) => s.info?.path === 'tensor');
  useSliceSync();

  useEffect(() => {
    const base = baseRef.current;
    const overlay = overlayRef.current;
    if (!base || !overlay) return;
    let baseInfo: ProblemInfo | null = null;
    let margin: { l: number; r: number; t: number; b: number } | null = null;
    let last: unknown[] = [];
    /** The overlay's Plotly figure last drawn (JSON). */
    let drawn = '';
    let listening = false;
    const layer = new LiveLayer(overlay);
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
        drawNext(drawOverlay);
      });
    };

    const drawOverlay = () => {
      const { experiment, info, statuses } = useStore.getState();
      const frame = info && frameOf(info);
      if (!info || !frame) return;
      if (info !== baseInfo) drawBase(info, frame);
      if (!margin) return;
      const internals = usePrefs.getState().internals;
      const key = [dataVersion(), experiment, info, margin, statuses, hoverVersion(), internalsVersion(), internals];
      if (key.every((v, i) => v === last[i])) return;
      last = key;
      const looks = runLooks(experiment, getRuns().length);
      const hits: (LiveHit | null)[] = [];
      const live = liveTraces(info, frame, looks, statuses, hits);
      const traces = plotTraces(info, frame, looks);
      const layout: Partial<Layout> = {
        ...BASE_LAYOUT, ...axesLayout(frame, false), margin, showlegend: false,
        paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)',
        uirevision: baseCount, hovermode: 'closest',
      };
      // Plotly redraws only when its part changed (a load, a slice, the internals): streaming and
      // hovering redraw the live layer alone.
      const figure = JSON.stringify([traces, layout]);
      if (figure === drawn) {
        layer.set(live, hits);
        return;
      }
      drawn = figure;
      void Plotly.react(overlay, traces, layout, PLOT_CONFIG).then((gd) => {
        layer.set(live, hits);
        if (listening) return;
        listening = true;
        gd.on('plotly_relayout', () => {
          syncZoom();
          layer.render();
        });
        gd.on('plotly_afterplot', () => layer.render());
      });
    };
    const stop = onDraw(drawOverlay);

    // A click sets the start point. Plotly's zoom drag starts on the same press, so only a press and
    // release without movement counts, and a second click soon after (a double click resets the zoom)
    // cancels the first.
    let down: { x: number; y: number } | null = null;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const onDown = (e: PointerEvent) => {
      const target = e.target as Element | null;
      down = e.button === 0 && !target?.closest('.modebar') ? { x: e.clientX, y: e.clientY } : null;
    };
    const onUp = (e: PointerEvent) => {
      if (!down) return;
      const moved = Math.hypot(e.clientX - down.x, e.clientY - down.y);
      down = null;
      if (moved > 4) return;
      if (pending !== undefined) {
        clearTimeout(pending);
        pending = undefined;
        return;
      }
      type Axis = { p2l(px: number): number };
      const full = (overlay as unknown as { _fullLayout?: { xaxis: Axis; yaxis: Axis } })._fullLayout;
      const size = plotSize(overlay);
      if (!full || !size) return;
      const box = overlay.getBoundingClientRect();
      const px = e.clientX - box.left - size.l;
      const py = e.clientY - box.top - size.t;
      if (px < 0 || px > size.w || py < 0 || py > size.h) return;
      const x = full.xaxis.p2l(px);
      const y = full.yaxis.p2l(py);
      pending = setTimeout(() => {
        pending = undefined;
        setStartAt(x, y);
      }, 300);
    };
    // Hovering a trajectory point links its step to every view (the live layer finds the point).
    const onMove = (e: PointerEvent) => {
      const h = layer.hover(e.clientX, e.clientY);
      if (h) hoverFromPointer({ run: h.run, step: h.step, source: 'contour' }, e);
      else clearHover('contour', e);
    };
    const onLeave = (e: PointerEvent) => {
      layer.hideTip();
      clearHover('contour', e);
    };
    overlay.addEventListener('pointermove', onMove);
    overlay.addEventListener('pointerleave', onLeave);
    overlay.addEventListener('pointerdown', onDown, true);
    window.addEventListener('pointerup', onUp, true);
    // A slice replaces the loaded contour without a frame: draw it.
    const unsubscribe = useStore.subscribe((st, prev) => { if (st.info !== prev.info) requestDraw(); });

    return () => {
      stop();
      unsubscribe();
      clearTimeout(pending);
      overlay.removeEventListener('pointerdown', onDown, true);
      overlay.removeEventListener('pointermove', onMove);
      overlay.removeEventListener('pointerleave', onLeave);
      layer.destroy();
      window.removeEventListener('pointerup', onUp, true);
      clearHover('contour');
      Plotly.purge(overlay);
      Plotly.purge(base);
    };
  }, []);

  return (
    <div className="view-body contour-view" data-testid="contour-view">
      <div ref={baseRef} className="plot layer" data-testid="contour-base" />
      <div ref={overlayRef} className="plot layer overlay" data-testid="contour-overlay" />
      {!hasPicture && !model && <div className="placeholder">No contour for this {dim}-parameter problem.</div>}
      {!hasPicture && model && <div className="placeholder opaque" data-testid="no-contour">No contour for a neural model: its loss lives in {dim > 0 ? dim : 'thousands of'} dimensions. See the loss, step-size and model views.</div>}
    </div>
  );
}
