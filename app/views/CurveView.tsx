/**
 * The per-run curves against iteration or epoch: loss (full / mini-batch), step size with its EMA
 * trend, gradient norm, parameters θ_k, ‖θ_k − θ*‖², f(θ_k) − f(θ*) and f(θ̄_k) − f(θ*). Redrawn from
 * the draw loop (data in runData, not React state), each trace decimated to ≤ MAX_POINTS. Log y where
 * the quantity goes to 0; points a log axis cannot show (≤ 0) and non-finite values are dropped.
 * The curves are drawn on a live layer (liveLayer.ts, a canvas); Plotly draws the axes, the legend (one
 * point-less trace per entry) and the marks, and redraws only when those change: the x axis spans the
 * runs' planned length, the y range grows by decades (stickyRange.ts), and a change of range alone
 * takes Plotly's axes-only relayout.
 * A diverged run gets an ✕ at its last point and "diverged at step k" in the legend. Hovering a point
 * sets the linked hover step, drawn here as a vertical line and a ring on every run's curve.
 */
import { useEffect, useRef } from 'react';
import type { Config, Data, Layout, Shape } from 'plotly.js';
import { nearestIndex, pow2Indices } from '../../src/index';
import type { ProblemInfo, RunStatus } from '../../src/index';
import { drawNext, frameElapsed, onDraw, requestDraw } from '../drawLoop';
import { dataVersion, getRuns, minMaxIndices, type RunSeries } from '../runData';
import { useStore } from '../store';
import { BASE_LAYOUT, MAX_POINTS, escapeText, fmt4, runLooks, fontSize } from './common';
import { derivedOf, type RunDerived } from './derived';
import { clearHover, getHover, hoverVersion, hoverFromPointer } from './hover';
import { usePrefs, type CurveKind, type ViewPrefs } from './prefs';
import Plotly, { PLOT_CONFIG } from './plotly';
import { LEGEND_PROXY, LiveLayer, type LiveHit, type LiveTrace } from './liveLayer';
import { iterationRange, valueRange } from './stickyRange';

/** One line of a run: a full series per received point, or a lazily computed value per index. */
interface Line {
  y?: Float64Array;
  at?: (i: number) => number;
  dash?: 'solid' | 'dash' | 'dot' | 'dashdot' | 'longdash';
  width?: number;
  opacity?: number;
  /** The run's first line: hover ring and divergence ✕ (and the legend entry unless `legend` says otherwise). */
  main: boolean;
  legend?: boolean;
  /** Hover text name of the value. */
  what: string;
}

interface Ctx {
  info: ProblemInfo;
  prefs: ViewPrefs;
  derived: RunDerived;
}

interface Spec {
  yTitle(info: ProblemInfo, prefs: ViewPrefs): string;
  log: boolean;
  /** Why the view has nothing to show for this problem (null: it has). */
  unavailable?(info: ProblemInfo): string | null;
  lines(run: RunSeries, ctx: Ctx): Line[];
}

export const TEST_IDS: Record<CurveKind, string> = {
  loss: 'loss-view', stepSize: 'stepsize-view', gradNorm: 'gradnorm-view', params: 'params-view', distance: 'distance-view', gap: 'gap-view',
};

const DASHES: Line['dash'][] = ['solid', 'dash', 'dot', 'dashdot', 'longdash'];
const paramName = (info: ProblemInfo, j: number) => escapeText(info.paramNames[j] ?? `θ${j}`);
const noOptimum = (info: ProblemInfo) => (info.optimum ? null : 'No known minimiser θ* for this problem.');

const SPECS: Record<CurveKind, Spec> = {
  loss: {
    log: true,
    yTitle: (_i, p) => (p.lossKind === 'batch' ? 'mini-batch loss f_B(θ_k−1)' : p.lossKind === 'both' ? 'loss (solid: full f(θ_k), faint: mini-batch)' : 'loss f(θ_k), full data'),
    lines: (run, { prefs }) =>
      prefs.lossKind === 'full' ? [{ y: run.cols.loss, main: true, what: 'f(θ_k)' }]
        : prefs.lossKind === 'batch' ? [{ y: run.cols.batchLoss, main: true, what: 'f_B' }]
          : [{ y: run.cols.loss, main: true, what: 'f(θ_k)' }, { y: run.cols.batchLoss, main: false, width: 1, opacity: 0.4, what: 'f_B' }],
  },
  stepSize: {
    log: true,
    yTitle: (_i, p) => `step size γ_k (faint: raw, solid: EMA β = ${p.emaBeta})`,
    lines: (run, { derived }) => [
      { y: run.cols.stepSize, main: true, legend: false, width: 1, opacity: 0.35, what: 'γ_k' },
      { y: derived.stepEma, main: false, legend: true, width: 2, what: 'EMA' },
    ],
  },
  gradNorm: {
    log: true,
    yTitle: () => '‖g_k‖, mini-batch gradient norm',
    lines: (run) => [{ y: run.cols.gradNorm, main: true, what: '‖g‖' }],
  },
  params: {
    log: false,
    yTitle: (info, p) => {
      if (p.param >= 0 && p.param < info.dim) return `${paramName(info, p.param)} (dotted: θ*)`;
      if (info.dim === 1) return `${paramName(info, 0)} (dotted: θ*)`;
      const shown = Math.min(info.dim, DASHES.length);
      return `θ: ${Array.from({ length: shown }, (_, j) => `${DASHES[j]} ${paramName(info, j)}`).join(', ')}${info.dim > shown ? ', …' : ''}`;
    },
    lines: (_run, { info, prefs, derived }) => {
      const one = prefs.param >= 0 && prefs.param < info.dim ? prefs.param : info.dim === 1 ? 0 : -1;
      if (one >= 0) return [{ y: derived.paramCols[one], main: true, what: paramName(info, one) }];
      return Array.from({ length: info.dim }, (_, j) => ({ y: derived.paramCols[j], main: j === 0, dash: DASHES[j % DASHES.length], what: paramName(info, j) }));
    },
  },
  distance: {
    log: true,
    yTitle: () => '‖θ_k − θ*‖²',
    unavailable: noOptimum,
    lines: (_run, { derived }) => [{ y: derived.dist2, main: true, what: '‖θ_k − θ*‖²' }],
  },
  gap: {
    log: true,
    yTitle: () => 'f − f(θ*) (solid: θ_k, dotted: θ̄_k)',
    unavailable: noOptimum,
    lines: (_run, { derived }) => [
      { y: derived.gap, main: true, what: 'f(θ_k) − f*' },
      { at: (i) => derived.avgGapAt(i), main: false, dash: 'dot', width: 2, what: 'f(θ̄_k) − f*' },
    ],
  },
};

export function CurveView({ kind }: { kind: CurveKind }) {
  const ref = useRef<HTMLDivElement>(null);
  const placeholder = useStore((s) => (s.info ? (SPECS[kind].unavailable?.(s.info) ?? null) : null));

  useEffect(() => {
    const gd = ref.current;
    if (!gd) return;
    const spec = SPECS[kind];
    const source = kind;
    const layer = new LiveLayer(gd);
    let last: unknown[] = [];
    /** The Plotly figure last drawn (JSON): Plotly redraws only when axes, legend or marks change. */
    let drawn = '';
    /** The ranges last given to Plotly (JSON). */
    let drawnRanges = '';
    let listening = false;
    // Ranges grow with the data (stickyRange.ts) until the view, the load or the data restarts.
    let ranges: { key: string; points: number; x: [number, number] | null; y: [number, number] | null } = { key: '', points: 0, x: null, y: null };
    /** The user zoomed: the ranges stay theirs until a double click gives them back. */
    let zoomed = false;
    /** Per-axis uirevision: bumped when the view takes its ranges back, so Plotly drops the user's. */
    let axisRevision = 0;

    const onRelayout = (ev: Record<string, unknown>) => {
      const keys = Object.keys(ev);
      // A zoom, pan or the zoom buttons set range[0] and range[1]; the view's own range changes set
      // whole ranges (below), and are not the user's.
      if (keys.some((k) => /^[xy]axis\.autorange/.test(k))) {
        zoomed = false;
        axisRevision++;
        last = [];
        requestDraw();
      } else if (keys.some((k) => /^[xy]axis\.range\[/.test(k))) {
        zoomed = true;
      }
      layer.render();
    };

    const draw = () => {
      const { experiment, info, statuses } = useStore.getState();
      const prefs = usePrefs.getState();
      const version = dataVersion();
      const hv = hoverVersion();
      const key = [version, experiment, info, statuses, prefs, hv];
      if (key.every((v, i) => v === last[i])) return;
      last = key;
      if (!info) return;
      const runs = getRuns();
      const looks = runLooks(experiment, runs.length);
      const epoch = prefs.xAxis === 'epoch';
      const xOf = (r: number, step: number) => (epoch ? step / (info.stepsPerEpoch[r] || 1) : step);
      const xName = epoch ? 'epoch' : 'iteration';
      const xTitle = epoch ? 'epoch (passes over the data)' : 'iteration k';
      const yTitle = spec.yTitle(info, prefs);
      const live: LiveTrace[] = [];
      const hits: (LiveHit | null)[] = [];
      const crosses = { x: [] as number[], y: [] as number[], color: [] as string[], text: [] as string[] };
      const rings = { x: [] as number[], y: [] as number[], color: [] as string[] };
      const hover = getHover();
      const unavailable = spec.unavailable?.(info) ?? null;
      const extent = { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };

      if (!unavailable && runs.every((r) => r.dim === info.dim)) {
        runs.forEach((run, r) => {
          const status: RunStatus | undefined = statuses[r];
          const diverged = status?.status === 'diverged';
          const name = diverged ? `${looks[r].label} — diverged at step ${status.divergedAt ?? status.step}` : looks[r].label;
          const derived = derivedOf(run, info, prefs.emaBeta);
          const n = run.n;
          for (const line of spec.lines(run, { info, prefs, derived })) {
            const valueAt = line.y ? (i: number) => line.y![i] : line.at!;
            const idx = line.y ? minMaxIndices(line.y, n, MAX_POINTS) : pow2Indices(n, MAX_POINTS);
            const xs: number[] = [];
            const ys: number[] = [];
            const steps: number[] = [];
            for (let j = 0; j < idx.length; j++) {
              const i = idx[j];
              const v = valueAt(i);
              if (!Number.isFinite(v) || (spec.log && v <= 0)) continue;
              const step = run.cols.step[i];
              const x = xOf(r, step);
              xs.push(x);
              ys.push(v);
              steps.push(step);
              if (x < extent.x0) extent.x0 = x;
              if (x > extent.x1) extent.x1 = x;
              if (v < extent.y0) extent.y0 = v;
              if (v > extent.y1) extent.y1 = v;
            }
            const label = looks[r].label; // escaped for Plotly, as every tip text (the layer shows it as text)
            hits.push({ run: r, steps, tip: (j) => `${label}\n${xName} ${epoch ? xs[j].toFixed(3) : xs[j]}\n${line.what} ${fmt4(ys[j])}` });
            live.push({
              type: 'scatter',
              mode: n < 60 ? 'lines+markers' : 'lines',
              name,
              legendgroup: `run${r}`,
              showlegend: line.legend ?? line.main,
              x: xs,
              y: ys,
              opacity: line.opacity ?? 1,
              line: { color: looks[r].color, width: line.width ?? 1.5, dash: line.dash ?? 'solid' },
              marker: { color: looks[r].color, size: 4 },
            });
            if (!line.main) continue;
            if (diverged && ys.length) {
              crosses.x.push(xs[xs.length - 1]);
              crosses.y.push(ys[ys.length - 1]);
              crosses.color.push(looks[r].color);
              crosses.text.push(escapeText(status.reason ?? name));
            }
            if (hover && n > 0 && hover.step <= run.cols.step[n - 1]) {
              const i = nearestIndex(run.cols.step, n, hover.step);
              const v = valueAt(i);
              if (Number.isFinite(v) && (!spec.log || v > 0)) {
                rings.x.push(xOf(r, run.cols.step[i]));
                rings.y.push(v);
                rings.color.push(looks[r].color);
              }
            }
          }
        });
      }
      if (crosses.x.length) {
        live.push({
          type: 'scatter', mode: 'markers', name: 'diverged', showlegend: false, x: crosses.x, y: crosses.y, text: crosses.text,
          marker: { symbol: 'x', size: 14, color: crosses.color, line: { color: '#111', width: 1.5 } },
        });
        hits.push({ run: -1, steps: [], tip: (j) => crosses.text[j] });
      }
      if (rings.x.length) {
        live.push({
          type: 'scatter', mode: 'markers', name: 'hover', showlegend: false, x: rings.x, y: rings.y,
          marker: { symbol: 'circle-open', size: 12, color: rings.color, line: { width: 2.5 } },
        });
        hits.push(null);
      }

      // One legend entry per legend group of the live curves, drawn by Plotly (it also toggles them). A
      // point with no value: Plotly leaves traces without points out of the legend.
      const traces: Data[] = live.filter((t) => t.showlegend).map((t) => ({
        type: 'scatter', mode: 'lines', name: t.name, legendgroup: t.legendgroup, showlegend: true, x: [null], y: [null],
        line: t.line, opacity: t.opacity, hoverinfo: 'skip', meta: LEGEND_PROXY,
      } as Data));

      const rangeKey = `${experiment.problem}|${kind}|${prefs.xAxis}|${prefs.param}|${prefs.lossKind}|${info.totalSteps.join()}`;
      const points = runs.reduce((a, r) => a + r.n, 0);
      if (ranges.key !== rangeKey || points < ranges.points) ranges = { key: rangeKey, points, x: null, y: null };
      ranges.points = points;
      if (!zoomed && extent.x0 <= extent.x1) {
        const caps = info.totalSteps.map((s, r) => xOf(r, s)).filter(Number.isFinite);
        ranges.x = iterationRange(ranges.x, extent.x0, extent.x1, caps.length ? Math.max(...caps) : undefined);
        ranges.y = valueRange(ranges.y, extent.y0, extent.y1, spec.log);
      }
      const full = (gd as unknown as { _fullLayout?: { xaxis?: { range: number[] }; yaxis?: { range: number[] } } })._fullLayout;
      const xr = zoomed && full?.xaxis ? [...full.xaxis.range] : ranges.x;
      const yr = zoomed && full?.yaxis ? [...full.yaxis.range] : ranges.y;

      const shapes: Partial<Shape>[] = [];
      if (hover) {
        const x = xOf(hover.run, hover.step);
        shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0: x, x1: x, y0: 0, y1: 1, line: { color: '#444', width: 1, dash: 'dot' } });
      }
      if (kind === 'params' && info.optimum) {
        const one = prefs.param >= 0 && prefs.param < info.dim ? prefs.param : info.dim === 1 ? 0 : -1;
        if (one >= 0) {
          const v = info.optimum.theta[one];
          shapes.push({ type: 'line', xref: 'paper', yref: 'y', x0: 0, x1: 1, y0: v, y1: v, line: { color: '#222', width: 1, dash: 'dot' } });
        }
      }
      const annotations: Partial<Layout>['annotations'] = [];
      if (unavailable) annotations.push({ text: unavailable, xref: 'paper', yref: 'paper', x: 0.5, y: 0.5, showarrow: false, font: { size: fontSize(13), color: '#6b7785' } });
      else if (kind === 'gap') annotations.push({ ...avgNote(runs, info, prefs.emaBeta), xref: 'paper', yref: 'paper', x: 0, y: 0, xanchor: 'left', yanchor: 'bottom', showarrow: false, align: 'left', font: { size: fontSize(10), color: '#555' }, bgcolor: 'rgba(255,255,255,0.8)' });

      const layout: Partial<Layout> = {
        ...BASE_LAYOUT,
        margin: { l: 62, r: 12, t: 26, b: 40 },
        // Same problem, view and axis: keep legend toggles across reloads and resets.
        uirevision: `${experiment.problem}|${kind}|${prefs.xAxis}|${prefs.param}|${prefs.lossKind}`,
        // No hover of Plotly's own: the legend proxies hold no points, the live layer answers hovers.
        hovermode: false,
        // 'allow': Plotly otherwise measures every tick label on every redraw to hide those past the div.
        xaxis: { title: { text: xTitle }, zeroline: false, ticklabeloverflow: 'allow', uirevision: axisRevision },
        yaxis: { title: { text: yTitle, font: { size: fontSize(11) } }, type: spec.log ? 'log' : 'linear', exponentformat: 'power', ticklabeloverflow: 'allow', uirevision: axisRevision },
        showlegend: runs.length > 0 && !unavailable,
        legend: { orientation: 'h', x: 1, xanchor: 'right', y: 1, yanchor: 'bottom', font: { size: fontSize(10) } },
        shapes,
        annotations,
      } as Partial<Layout>;
      const figure = JSON.stringify([traces, layout]);
      const rangesNow = JSON.stringify([xr, yr]);
      if (figure === drawn && rangesNow === drawnRanges) {
        layer.set(live, hits);
        return;
      }
      if (frameElapsed() > SHARED_FRAME_MS) {
        // Plotly work (10–40 ms) after other views drew: first thing in the next frame instead.
        last = [];
        drawNext(draw);
        return;
      }
      if (figure === drawn && xr && yr) {
        // Only the ranges moved: Plotly's zoom path redraws the axes alone, a quarter of a full redraw.
        drawnRanges = rangesNow;
        void Plotly.relayout(gd, { 'xaxis.range': xr, 'yaxis.range': yr } as Partial<Layout>).then(() => layer.set(live, hits));
        return;
      }
      drawn = figure;
      drawnRanges = rangesNow;
      const axis = (range: number[] | null) => (range ? { range, autorange: false } : {});
      const ranged = { ...layout, xaxis: { ...layout.xaxis, ...axis(xr) }, yaxis: { ...layout.yaxis, ...axis(yr) } };
      // Plotly first (axes may move), then the curves on its new axes.
      void Plotly.react(gd, traces, ranged, CURVE_CONFIG).then((plot) => {
        layer.set(live, hits);
        if (listening) return;
        listening = true;
        plot.on('plotly_relayout', (ev) => onRelayout(ev as unknown as Record<string, unknown>));
        plot.on('plotly_restyle', () => layer.render());
        plot.on('plotly_afterplot', () => layer.render());
      });
    };
    const stop = onDraw(draw);

    const onMove = (ev: PointerEvent) => {
      const h = layer.hover(ev.clientX, ev.clientY);
      if (h) hoverFromPointer({ run: h.run, step: h.step, source }, ev);
      else clearHover(source, ev);
    };
    const onLeave = (ev: PointerEvent) => {
      layer.hideTip();
      clearHover(source, ev);
    };
    gd.addEventListener('pointermove', onMove);
    gd.addEventListener('pointerleave', onLeave);
    return () => {
      stop();
      gd.removeEventListener('pointermove', onMove);
      gd.removeEventListener('pointerleave', onLeave);
      clearHover(source);
      layer.destroy();
      Plotly.purge(gd);
    };
  }, [kind]);

  return (
    <div className="view-body" data-testid={TEST_IDS[kind]} data-unavailable={placeholder ?? undefined}>
      <div ref={ref} className="plot" />
    </div>
  );
}

/**
 * A double click and the modebar's autoscale give the view its ranges back (an autorange relayout,
 * which the view answers with its own ranges). Plotly's "reset axes" would restore the ranges of the
 * first draw, stale once the runs have grown, and reads like a user's zoom: removed.
 */
const CURVE_CONFIG: Partial<Config> = {
  ...PLOT_CONFIG,
  doubleClick: 'autosize',
  modeBarButtonsToRemove: [...(PLOT_CONFIG.modeBarButtonsToRemove ?? []), 'resetScale2d'],
};

/** A Plotly redraw waits for the next frame when the running one has drawn this long already. */
const SHARED_FRAME_MS = 4;

/** The note under the averaged-iterate curves: is θ̄ exact, or computed from thinned iterates? */
function avgNote(runs: readonly RunSeries[], info: ProblemInfo, beta: number): { text: string } {
  const approx = runs.filter((run) => run.n > 0 && !derivedOf(run, info, beta).avg.exact);
  if (!approx.length) return { text: 'θ̄_k = mean of θ_0…θ_k: exact (every iterate received)' };
  const last = approx[0];
  const steps = last.cols.step[last.n - 1];
  return {
    text: `θ̄_k approximate: ${last.n} of ${steps + 1} iterates received, the others interpolated.<br>` +
      'Exact: tick "record every step" and play at a limited speed.',
  };
}
