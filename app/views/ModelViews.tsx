/**
 * Views of the neural models (tensor path). The S10 MLP's fit: the data points and every run's current
 * network f(x; θ_k) over [−1.1, 1.1], or over [−11, 11] to see how it extrapolates, computed on the page
 * in float64 from the streamed θ (src/view/mlpForward.ts; no TF.js on the page). On the tensor path
 * only the last row of each frame carries θ (NaN in between), so the newest finite row is drawn.
 *
 * Also: which views the grid shows when a model opens (`followModelSlots`).
 */
import { useEffect, useRef, useState } from 'react';
import type { Data, Layout } from 'plotly.js';
import { linspace, mlpForward, mlpParamCount, mlpShape } from '../../src/index';
import type { MlpShape, ProblemInfo } from '../../src/index';
import { onDraw } from '../drawLoop';
import { dataVersion, getRuns, type RunSeries } from '../runData';
import { useStore } from '../store';
import { BASE_LAYOUT, runLooks, fontSize } from './common';
import { usePrefs, VIEW_IDS, type ViewId } from './prefs';
import Plotly, { PLOT_CONFIG } from './plotly';
import '../models.css';

const GRID = 401;
export const MLP_RANGE: [number, number] = [-1.1, 1.1];
export const MLP_WIDE_RANGE: [number, number] = [-11, 11];

/** The newest received row whose θ is finite (tensor runs stream θ once per frame), or −1. */
export function lastParamsIndex(run: RunSeries): number {
  const d = run.dim;
  outer: for (let i = run.n - 1; i >= 0; i--) {
    for (let j = 0; j < d; j++) if (!Number.isFinite(run.params[i * d + j])) continue outer;
    return i;
  }
  return -1;
}

/** The network the loaded info describes, or why the page cannot draw it. */
function mlpOf(info: ProblemInfo | null, params: Record<string, number> | undefined): MlpShape | string {
  if (!info) return 'loading model…';
  if (info.id !== 'mlp') return 'The network fit is for the MLP (S10).';
  const shape = mlpShape(params);
  if (info.dim === 0) return `This network has ${info.parameters ?? 'too many'} parameters: too many to stream θ, so the page cannot draw its fit.`;
  if (mlpParamCount(shape.sizes) !== info.dim) return 'reloading…';
  return shape;
}

export function MlpFitView() {
  const ref = useRef<HTMLDivElement>(null);
  const [wide, setWide] = useState(false);
  const message = useStore((s) => {
    const m = mlpOf(s.info, s.experiment.problemParams);
    return typeof m === 'string' ? m : null;
  });

  useEffect(() => {
    const gd = ref.current;
    if (!gd) return;
    let last: unknown[] = [];
    const range = wide ? MLP_WIDE_RANGE : MLP_RANGE;
    const xs = linspace(range[0], range[1], GRID);
    const stop = onDraw(() => {
      const { experiment, info, statuses } = useStore.getState();
      const key = [dataVersion(), experiment, info, statuses];
      if (key.every((v, i) => v === last[i])) return;
      last = key;
      const shape = mlpOf(info, experiment.problemParams);
      if (!info || typeof shape === 'string') {
        void Plotly.react(gd, [], { ...BASE_LAYOUT, xaxis: { visible: false }, yaxis: { visible: false } }, PLOT_CONFIG);
        return;
      }
      const dataX = info.data?.x.map((r) => r[0]) ?? [];
      const dataY = info.data?.y ?? [];
      const runs = getRuns();
      const looks = runLooks(experiment, runs.length);
      const traces: Data[] = [{
        type: 'scatter', mode: 'markers', name: 'data', x: dataX, y: dataY,
        marker: { color: '#333', size: 8, line: { color: '#fff', width: 1 } },
        hovertemplate: 'x %{x:.4g}<br>y %{y:.4g}<extra>data</extra>',
      }];
      runs.forEach((run, r) => {
        if (run.dim !== info.dim) return;
        const i = lastParamsIndex(run);
        if (i < 0) return;
        const ys = mlpForward(run.params, shape, xs, undefined, i * run.dim);
        const diverged = statuses[r]?.status === 'diverged';
        traces.push({
          type: 'scatter', mode: 'lines', name: diverged ? `${looks[r].label} — diverged` : looks[r].label,
          x: xs, y: Array.from(ys, (v) => (Number.isFinite(v) && Math.abs(v) < 1e12 ? v : null)),
          line: { color: looks[r].color, width: 2, dash: diverged ? 'dot' : 'solid' },
          hovertemplate: `${looks[r].label}, step ${run.cols.step[i]}<br>x %{x:.3g}<br>f(x) %{y:.4g}<extra></extra>`,
        });
      });
      let lo = Infinity;
      let hi = -Infinity;
      for (const y of dataY) { lo = Math.min(lo, y); hi = Math.max(hi, y); }
      const pad = 0.25 * (hi - lo || 2);
      const layout: Partial<Layout> = {
        ...BASE_LAYOUT,
        margin: { l: 58, r: 12, t: 26, b: 40 },
        uirevision: `mlp-fit|${wide}`,
        datarevision: dataVersion(),
        hovermode: 'closest',
        xaxis: { title: { text: 'x (input)' }, range: range, zeroline: false },
        // Inside the data's interval the data sets the scale; outside it the network's extrapolation does.
        yaxis: wide ? { title: { text: 'f(x; θ_k)' }, autorange: true, zeroline: false } : { title: { text: 'y, network f(x; θ_k)' }, range: [lo - pad, hi + pad], zeroline: false },
        legend: { orientation: 'h', x: 1, xanchor: 'right', y: 1, yanchor: 'bottom', font: { size: fontSize(10) } },
        shapes: wide && dataX.length ? [{
          type: 'rect', xref: 'x', yref: 'paper', x0: Math.min(...dataX), x1: Math.max(...dataX), y0: 0, y1: 1,
          fillcolor: 'rgba(31, 78, 121, 0.07)', line: { width: 0 }, layer: 'below',
        }] : [],
      };
      void Plotly.react(gd, traces, layout, PLOT_CONFIG);
    });
    return () => {
      stop();
      Plotly.purge(gd);
    };
  }, [wide]);

  return (
    <div className="view-body" data-testid="mlp-fit-view" data-range={wide ? 'wide' : 'data'}>
      <div ref={ref} className="plot" />
      <label className="view-toggle" title="Draw the network over [−11, 11]: ten times the data's interval (shaded)">
        <input type="checkbox" data-testid="mlp-extrapolate" checked={wide} onChange={(e) => setWide(e.target.checked)} />
        extrapolate to [−11, 11]
      </label>
      {message && <div className="placeholder">{message}</div>}
    </div>
  );
}

/** The views a model opens with in place of views that only apply to the other kind of problem. */
function slotsFor(info: ProblemInfo, slots: ViewId[], previous: ProblemInfo | null): ViewId[] {
  const out = [...slots];
  const swapIn = (at: number, id: ViewId) => {
    const other = out.indexOf(id);
    if (other === at) return;
    if (other >= 0) out[other] = out[at];
    out[at] = id;
  };
  const replace = (from: ViewId, to: ViewId[]) => {
    const at = out.indexOf(from);
    const next = to.find((v) => !out.includes(v)) ?? VIEW_IDS.find((v) => !out.includes(v));
    if (at >= 0 && next) out[at] = next;
  };
  if (info.path === 'tensor') {
    if (info.id === 'mlp' && !out.includes('fit')) replace(out.includes('contour') ? 'contour' : 'evaluation', ['fit']);
    if (info.id === 'transformer') {
      if (out[0] === 'contour' || out[0] === 'fit') swapIn(0, 'evaluation');
      if (!out.includes('samples')) out[2] = 'samples';
    }
    if (info.id !== 'transformer') {
      replace('samples', ['loss', 'stepSize', 'gradNorm']);
      replace('evaluation', ['loss', 'stepSize', 'gradNorm']);
    }
  } else {
    // Leaving the MLP: the contour comes back where its fit stood.
    if (previous?.path === 'tensor' && previous.id === 'mlp' && !out.includes('contour')) replace('fit', ['contour']);
    replace('evaluation', ['contour', 'loss', 'stepSize']);
    replace('samples', ['stepSize', 'loss', 'gradNorm']);
  }
  return out;
}

/**
 * Follows the loaded problem: when a different problem loads, views that have nothing to show for it
 * make way (the MLP opens on its fit, the transformer on its evaluations and samples; back on an
 * analytic problem, the contour returns). Returns the unsubscribe function.
 */
export function followModelSlots(): () => void {
  let last: ProblemInfo | null = null;
  return useStore.subscribe((s) => {
    const info = s.info;
    if (!info || (last && info.id === last.id && info.path === last.path)) return;
    const previous = last;
    last = info;
    const slots = usePrefs.getState().slots;
    const next = slotsFor(info, slots, previous);
    if (next.some((v, i) => v !== slots[i])) usePrefs.setState({ slots: next });
  });
}
