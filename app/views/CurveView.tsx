/**
 * The per-run curves against iteration or epoch: loss (full / mini-batch), step size with its EMA
 * trend, gradient norm, parameters θ_k, ‖θ_k − θ*‖², f(θ_k) − f(θ*) and f(θ̄_k) − f(θ*). Redrawn from
 * the draw loop (data in runData, not React state), each trace decimated to ≤ MAX_POINTS. Log y where
 * the quantity goes to 0; points a log axis cannot show (≤ 0) and non-finite values are dropped.
 * A diverged run gets an ✕ at its last point and "diverged at step k" in the legend. Hovering a point
 * sets the linked hover step, drawn here as a vertical line and a ring on every run's curve.
 */
import { useEffect, useRef } from 'react';
import type { Data, Layout, Shape } from 'plotly.js';
import { nearestIndex, pow2Indices } from '../../src/index';
import type { ProblemInfo, RunStatus } from '../../src/index';
import { onDraw } from '../drawLoop';
import { dataVersion, getRuns, minMaxIndices, type RunSeries } from '../runData';
import { useStore } from '../store';
import { BASE_LAYOUT, MAX_POINTS, escapeText, runLooks, fontSize } from './common';
import { derivedOf, type RunDerived } from './derived';
import { clearHover, getHover, hoverVersion, hoverFromPointer } from './hover';
import { usePrefs, type CurveKind, type ViewPrefs } from './prefs';
import Plotly, { PLOT_CONFIG } from './plotly';

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

interface TraceMeta {
  run: number;
  steps: Float64Array;
}

export function CurveView({ kind }: { kind: CurveKind }) {
  const ref = useRef<HTMLDivElement>(null);
  const placeholder = useStore((s) => (s.info ? (SPECS[kind].unavailable?.(s.info) ?? null) : null));

  useEffect(() => {
    const gd = ref.current;
    if (!gd) return;
    const spec = SPECS[kind];
    const source = kind;
    let meta: TraceMeta[] = [];
    let listening = false;
    let last: unknown[] = [];

    const stop = onDraw(() => {
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
      const xTitle = epoch ? 'epoch (passes over the data)' : 'iteration k';
      const yTitle = spec.yTitle(info, prefs);
      const traces: Data[] = [];
      const nextMeta: TraceMeta[] = [];
      const crosses = { x: [] as number[], y: [] as number[], color: [] as string[], text: [] as string[] };
      const rings = { x: [] as number[], y: [] as number[], color: [] as string[] };
      const hover = getHover();
      const unavailable = spec.unavailable?.(info) ?? null;

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
              xs.push(xOf(r, step));
              ys.push(v);
              steps.push(step);
            }
            nextMeta[traces.length] = { run: r, steps: Float64Array.from(steps) };
            traces.push({
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
              hovertemplate: `${looks[r].label}<br>${epoch ? 'epoch %{x:.3f}' : 'iteration %{x}'}<br>${line.what} %{y:.4g}<extra></extra>`,
            } as Data);
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
        traces.push({
          type: 'scatter', mode: 'markers', name: 'diverged', showlegend: false, x: crosses.x, y: crosses.y, text: crosses.text,
          marker: { symbol: 'x', size: 14, color: crosses.color, line: { color: '#111', width: 1.5 } },
          hovertemplate: '%{text}<extra></extra>',
        } as Data);
      }
      if (rings.x.length) {
        traces.push({
          type: 'scatter', mode: 'markers', name: 'hover', showlegend: false, x: rings.x, y: rings.y, hoverinfo: 'skip',
          marker: { symbol: 'circle-open', size: 12, color: rings.color, line: { width: 2.5 } },
        } as Data);
      }
      meta = nextMeta;

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
        // Same problem, view and axis: keep the user's zoom while points stream in and across resets.
        uirevision: `${experiment.problem}|${kind}|${prefs.xAxis}|${prefs.param}|${prefs.lossKind}`,
        datarevision: `${version}|${hv}`,
        hovermode: 'closest',
        // 'allow': Plotly otherwise measures every tick label on every redraw to hide those past the div.
        xaxis: { title: { text: xTitle }, zeroline: false, ticklabeloverflow: 'allow' },
        yaxis: { title: { text: yTitle, font: { size: fontSize(11) } }, type: spec.log ? 'log' : 'linear', exponentformat: 'power', ticklabeloverflow: 'allow' },
        showlegend: runs.length > 0 && !unavailable,
        legend: { orientation: 'h', x: 1, xanchor: 'right', y: 1, yanchor: 'bottom', font: { size: fontSize(10) } },
        shapes,
        annotations,
      };
      void Plotly.react(gd, traces, layout, PLOT_CONFIG).then((plot) => {
        if (listening) return;
        listening = true;
        plot.on('plotly_hover', (ev) => {
          const p = ev.points[0];
          const m = p && meta[p.curveNumber];
          if (!m) return;
          const step = m.steps[p.pointNumber as number];
          if (step !== undefined) hoverFromPointer({ run: m.run, step, source }, ev.event);
        });
        plot.on('plotly_unhover', (ev) => clearHover(source, ev.event));
      });
    });
    return () => {
      stop();
      clearHover(source);
      Plotly.purge(gd);
    };
  }, [kind]);

  return (
    <div className="view-body" data-testid={TEST_IDS[kind]} data-unavailable={placeholder ?? undefined}>
      <div ref={ref} className="plot" />
    </div>
  );
}

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
