/**
 * S5's periodic evaluation: every eval_every iterations the worker measures each run's loss on fixed
 * batches of the training and of the held-out validation text (no dropout). Top: train (solid) and
 * validation (dashed) loss per run; bottom: the generalisation gap, validation − train. A run that
 * stopped early (validation loss flat) says so in its legend entry.
 */
import { useEffect, useRef } from 'react';
import type { Data, Layout } from 'plotly.js';
import { onDraw } from '../drawLoop';
import { useModelData } from '../modelData';
import { useStore } from '../store';
import { BASE_LAYOUT, runLooks, fontSize } from './common';
import Plotly, { PLOT_CONFIG } from './plotly';
import '../models.css';

function placeholderOf(info: { id: string } | null, count: number, every: number | undefined): string | null {
  if (!info) return null;
  if (info.id !== 'transformer') return 'Train and validation loss are evaluated for the character transformer (S5).';
  return count === 0 ? `The first evaluation comes at iteration ${every ?? '…'}.` : null;
}

export function EvaluationView() {
  const ref = useRef<HTMLDivElement>(null);
  const count = useModelData((s) => s.evaluations.reduce((a, e) => a + e.length, 0));
  const message = useStore((s) => placeholderOf(s.info, count, s.experiment.problemParams?.eval_every ?? 50));

  useEffect(() => {
    const gd = ref.current;
    if (!gd) return;
    let last: unknown[] = [];
    const draw = () => {
      const { experiment, info, statuses } = useStore.getState();
      const { evaluations } = useModelData.getState();
      const key = [evaluations, experiment, info, statuses];
      if (key.every((v, i) => v === last[i])) return;
      last = key;
      const looks = runLooks(experiment, evaluations.length);
      const traces: Data[] = [];
      evaluations.forEach((evals, r) => {
        if (!evals.length) return;
        const x = evals.map((e) => e.step);
        const status = statuses[r];
        const stopped = status?.status === 'done' && status.reason?.startsWith('stopped early') ? ` — stopped early at ${status.step}` : '';
        const common = { type: 'scatter' as const, mode: 'lines+markers' as const, x, legendgroup: `run${r}` };
        traces.push({
          ...common, name: `${looks[r].label} train${stopped}`, y: evals.map((e) => e.train),
          line: { color: looks[r].color, width: 2 }, marker: { color: looks[r].color, size: 4 },
          hovertemplate: `${looks[r].label}, iteration %{x}<br>train loss %{y:.4f}<extra></extra>`,
        });
        traces.push({
          ...common, name: `${looks[r].label} validation`, y: evals.map((e) => e.val),
          line: { color: looks[r].color, width: 2, dash: 'dash' }, marker: { color: looks[r].color, size: 4, symbol: 'square' },
          hovertemplate: `${looks[r].label}, iteration %{x}<br>validation loss %{y:.4f}<extra></extra>`,
        });
        traces.push({
          ...common, name: `${looks[r].label} gap`, showlegend: false, yaxis: 'y2', y: evals.map((e) => e.val - e.train),
          line: { color: looks[r].color, width: 1.5, dash: 'dot' }, marker: { color: looks[r].color, size: 3 },
          hovertemplate: `${looks[r].label}, iteration %{x}<br>val − train %{y:.4f}<extra></extra>`,
        });
      });
      const layout: Partial<Layout> = {
        ...BASE_LAYOUT,
        margin: { l: 58, r: 12, t: 26, b: 40 },
        uirevision: `evaluation|${experiment.problem}`,
        hovermode: 'closest',
        xaxis: { title: { text: 'iteration k' }, zeroline: false, anchor: 'y2' },
        yaxis: { title: { text: 'loss (solid: train, dashed: validation)' }, domain: [0.36, 1], zeroline: false },
        yaxis2: { title: { text: 'val − train' }, domain: [0, 0.26], zeroline: true, zerolinecolor: '#bbb' },
        legend: { orientation: 'h', x: 1, xanchor: 'right', y: 1, yanchor: 'bottom', font: { size: fontSize(10) } },
      };
      void Plotly.react(gd, traces, layout, PLOT_CONFIG);
    };
    const stop = onDraw(draw);
    const unsubscribe = useModelData.subscribe(draw);
    return () => {
      stop();
      unsubscribe();
      Plotly.purge(gd);
    };
  }, []);

  return (
    <div className="view-body" data-testid="evaluation-view">
      <div ref={ref} className="plot" />
      {message && <div className="placeholder">{message}</div>}
    </div>
  );
}
