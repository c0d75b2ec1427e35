/**
 * The model fit (S8, S9, S10): the data points and every run's current fitted curve m(x; θ_k), redrawn
 * as training runs. Problems with 1-D data and a model the page knows (src/view/predict.ts). While a
 * step is hovered in another view, each run's fit at that step is drawn dashed.
 */
import { useEffect, useRef } from 'react';
import type { Data, Layout } from 'plotly.js';
import { lastFiniteIndex, linspace, modelPredictor, nearestIndex, predictGrid } from '../../src/index';
import type { Experiment, Predictor, ProblemInfo } from '../../src/index';
import { onDraw } from '../drawLoop';
import { dataVersion, getRuns, strideIndices } from '../runData';
import { useStore } from '../store';
import { BASE_LAYOUT, MAX_POINTS, runLooks, fontSize } from './common';
import { getHover, hoverVersion } from './hover';
import Plotly, { PLOT_CONFIG } from './plotly';

const GRID = 240;

/** The fit picture of a loaded problem, or why there is none. */
export interface FitModel {
  predict: Predictor;
  xs: Float64Array;
  xRange: [number, number];
  yRange: [number, number];
  dataX: number[];
  dataY: number[];
}

const predictorOf = (info: ProblemInfo, experiment: Experiment) =>
  modelPredictor(info.id, experiment.problem === info.id ? experiment.problemParams : undefined, info.dim);

/** Why the loaded problem has no model fit (null: it has one). Cheap: safe in a store selector. */
export function fitUnavailable(info: ProblemInfo | null, experiment: Experiment): string | null {
  if (!info) return 'loading…';
  const d = info.data;
  if (!d || d.y.length === 0 || d.x.length === 0 || d.x[0].length !== 1) {
    return 'The model fit needs 1-D data (x, y): polynomial, quadratic features, quad-fit, or linear regression with one feature.';
  }
  return predictorOf(info, experiment) ? null : `No fitted-curve model for ${info.id}.`;
}

export function fitModel(info: ProblemInfo | null, experiment: Experiment): FitModel | string {
  const reason = fitUnavailable(info, experiment);
  if (reason !== null || !info) return reason ?? 'loading…';
  const d = info.data!;
  const predict = predictorOf(info, experiment)!;
  const idx = strideIndices(d.y.length, MAX_POINTS);
  const dataX = Array.from(idx, (i) => d.x[i][0]);
  const dataY = Array.from(idx, (i) => d.y[i]);
  let xlo = Infinity, xhi = -Infinity, ylo = Infinity, yhi = -Infinity;
  for (let i = 0; i < d.y.length; i++) {
    xlo = Math.min(xlo, d.x[i][0]);
    xhi = Math.max(xhi, d.x[i][0]);
    ylo = Math.min(ylo, d.y[i]);
    yhi = Math.max(yhi, d.y[i]);
  }
  // S9 draws x ∈ [−1.1, 1.1] for data on [−1, 1]: 5 % of the span on each side.
  const xpad = 0.05 * (xhi - xlo || 2);
  const ypad = 0.25 * (yhi - ylo || 2);
  const xRange: [number, number] = [xlo - xpad, xhi + xpad];
  return { predict, xs: linspace(xRange[0], xRange[1], GRID), xRange, yRange: [ylo - ypad, yhi + ypad], dataX, dataY };
}

export function FitView() {
  const ref = useRef<HTMLDivElement>(null);
  const message = useStore((s) => fitUnavailable(s.info, s.experiment));

  useEffect(() => {
    const gd = ref.current;
    if (!gd) return;
    let last: unknown[] = [];
    let model: { info: ProblemInfo; fit: FitModel | string } | null = null;
    const stop = onDraw(() => {
      const { experiment, info, statuses } = useStore.getState();
      const version = dataVersion();
      const key = [version, experiment, info, statuses, hoverVersion()];
      if (key.every((v, i) => v === last[i])) return;
      last = key;
      if (!info) return;
      if (model?.info !== info) model = { info, fit: fitModel(info, experiment) };
      const fit = model.fit;
      if (typeof fit === 'string') {
        void Plotly.react(gd, [], { ...BASE_LAYOUT, xaxis: { visible: false }, yaxis: { visible: false } }, PLOT_CONFIG);
        return;
      }
      const runs = getRuns();
      const looks = runLooks(experiment, runs.length);
      const hover = getHover();
      const traces: Data[] = [{
        type: 'scatter', mode: 'markers', name: 'data', x: fit.dataX, y: fit.dataY,
        marker: { color: '#333', size: 7, symbol: 'circle', line: { color: '#fff', width: 1 } },
        hovertemplate: 'x %{x:.4g}<br>y %{y:.4g}<extra>data</extra>',
      }];
      runs.forEach((run, r) => {
        if (run.n === 0 || run.dim !== info.dim) return;
        const status = statuses[r];
        const diverged = status?.status === 'diverged';
        const i = lastFiniteIndex(run.cols.loss, run.n, run.params, run.dim);
        if (i < 0) return;
        const theta = run.params.subarray(i * run.dim, (i + 1) * run.dim);
        const name = diverged ? `${looks[r].label} — diverged at step ${status.divergedAt ?? status.step}` : looks[r].label;
        traces.push({
          type: 'scatter', mode: 'lines', name, x: fit.xs, y: clipped(predictGrid(fit.predict, theta, fit.xs)),
          line: { color: looks[r].color, width: 2, dash: diverged ? 'dot' : 'solid' },
          hovertemplate: `${looks[r].label}, step ${run.cols.step[i]}<br>x %{x:.3g}<br>m(x) %{y:.4g}<extra></extra>`,
        });
        if (hover && hover.step <= run.cols.step[run.n - 1]) {
          const h = nearestIndex(run.cols.step, run.n, hover.step);
          const at = run.params.subarray(h * run.dim, (h + 1) * run.dim);
          if (at.every(Number.isFinite)) {
            traces.push({
              type: 'scatter', mode: 'lines', name: `${looks[r].label} at step ${run.cols.step[h]}`, showlegend: false, hoverinfo: 'skip',
              x: fit.xs, y: clipped(predictGrid(fit.predict, at, fit.xs)), line: { color: looks[r].color, width: 1.5, dash: 'dash' }, opacity: 0.8,
            });
          }
        }
      });
      const layout: Partial<Layout> = {
        ...BASE_LAYOUT,
        margin: { l: 58, r: 12, t: 26, b: 40 },
        uirevision: `fit|${experiment.problem}`,
        datarevision: `${version}|${hoverVersion()}`,
        hovermode: 'closest',
        xaxis: { title: { text: 'x (input)' }, range: fit.xRange, zeroline: false },
        yaxis: { title: { text: `y, fitted m(x; θ_k)${hover ? ' (dashed: hovered step)' : ''}` }, range: fit.yRange, zeroline: false },
        legend: { orientation: 'h', x: 1, xanchor: 'right', y: 1, yanchor: 'bottom', font: { size: fontSize(10) } },
      };
      void Plotly.react(gd, traces, layout, PLOT_CONFIG);
    });
    return () => {
      stop();
      Plotly.purge(gd);
    };
  }, []);

  return (
    <div className="view-body" data-testid="fit-view">
      <div ref={ref} className="plot" />
      {message && <div className="placeholder">{message}</div>}
    </div>
  );
}

/** Far-off values (a diverging polynomial) become gaps instead of 1e300 on the axis; never NaN. */
function clipped(y: Float64Array): (number | null)[] {
  return Array.from(y, (v) => (Number.isFinite(v) && Math.abs(v) < 1e12 ? v : null));
}
