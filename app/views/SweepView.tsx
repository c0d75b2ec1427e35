/**
 * A seed sweep of a neural model (S10: "several random initialisations"): R runs from seeds 0 … R−1
 * with the selected run's optimizer and hyperparameters, trained by the worker as ONE batched [R, P]
 * tensor program, with the time it took. Every row's loss curve (log y) and a table of final and
 * minimum loss per seed.
 */
import { useEffect, useRef } from 'react';
import type { Data, Layout } from 'plotly.js';
import { OPTIMIZERS, strideIndices } from '../../src/index';
import { setSweepForm, useAnalysis } from '../analysis';
import { isModel } from '../models';
import { requestSweep } from '../session';
import { useStore } from '../store';
import { NumberField, formatLoss, formatMs } from './AnalysisFields';
import { BASE_LAYOUT } from './common';
import { usePrefs } from './prefs';
import Plotly, { PLOT_CONFIG } from './plotly';
import './analysis.css';

const MAX_ROWS = 256;
const MAX_STEPS = 100_000;
/** Points per curve handed to Plotly. */
const CURVE_POINTS = 800;

const seedColor = (r: number, count: number) => `hsl(${Math.round((300 * r) / Math.max(1, count - 1))}, 65%, 45%)`;

export function SweepView() {
  const problem = useStore((s) => s.experiment.problem);
  const loading = useStore((s) => s.info === null);
  const selected = usePrefs((s) => s.selectedRun);
  const runCount = useStore((s) => s.experiment.runs.length);
  const run = Math.min(selected, runCount - 1);
  const runSteps = useStore((s) => s.info?.totalSteps[run] ?? 0);
  const optimizer = useStore((s) => s.experiment.runs[run]?.optimizer ?? '');
  const form = useAnalysis((s) => s.sweepForm);
  const status = useAnalysis((s) => s.sweep.status);
  const model = isModel(problem);
  const steps = form.steps ?? Math.max(1, Math.min(MAX_STEPS, runSteps));

  return (
    <div className="view-body analysis" data-testid="sweep-view" data-state={status}>
      {model && <div className="analysis-form">
        <NumberField label="seeds R" title={`runs from seeds 0 … R−1 (at most ${MAX_ROWS})`} value={form.count} spec={{ min: 1, max: MAX_ROWS, integer: true }}
          onChange={(count) => setSweepForm({ count })} testId="sweep-count" width={40} />
        <NumberField label="steps" title="updates of every run" value={steps} spec={{ min: 1, max: MAX_STEPS, integer: true }}
          onChange={(s) => setSweepForm({ steps: s })} testId="sweep-steps" width={56} />
        <button type="button" data-testid="sweep-seeds" disabled={!model || loading || status === 'computing'}
          onClick={() => requestSweep(run, useAnalysis.getState().sweepForm.count, steps)}>
          {status === 'computing' ? 'computing…' : 'Sweep seeds'}
        </button>
        <span className="muted">with {OPTIMIZERS[optimizer]?.label ?? optimizer} of the selected run</span>
      </div>}
      {model ? <SweepBody /> : (
        <div className="placeholder" data-testid="sweep-unavailable">
          Seed sweeps run on the tensor path: pick a neural model (S10 MLP, classifier, transformer).
        </div>
      )}
    </div>
  );
}

function SweepBody() {
  const ref = useRef<HTMLDivElement>(null);
  const { status, request, result, error } = useAnalysis((s) => s.sweep);

  useEffect(() => {
    const gd = ref.current;
    if (!gd) return;
    if (!result || !request) {
      Plotly.purge(gd);
      return;
    }
    const count = result.loss.length;
    const traces: Data[] = result.loss.map((l, r) => {
      const idx = strideIndices(l.length, CURVE_POINTS);
      const seed = result.rows[r]?.seed ?? r;
      return {
        type: 'scatter', mode: 'lines', uid: `seed-${seed}`, name: `seed ${seed}`,
        x: idx.map((i) => i + 1), y: idx.map((i) => (Number.isFinite(l[i]) && l[i] > 0 ? l[i] : null)),
        line: { color: seedColor(r, count), width: 1.3 }, opacity: 0.85,
        hovertemplate: `seed ${seed}<br>step %{x}<br>loss %{y:.4g}<extra></extra>`,
      };
    });
    const layout: Partial<Layout> = {
      ...BASE_LAYOUT,
      margin: { l: 52, r: 8, t: 8, b: 34 },
      showlegend: false,
      hovermode: 'closest',
      xaxis: { title: { text: 'update k' }, zeroline: false },
      yaxis: { title: { text: 'mini-batch loss' }, type: 'log', exponentformat: 'power', automargin: true },
    };
    void Plotly.react(gd, traces, layout, PLOT_CONFIG);
  }, [result, request]);

  useEffect(() => {
    const gd = ref.current;
    return () => {
      if (gd) Plotly.purge(gd);
    };
  }, []);

  const rows = result?.rows ?? [];
  return (
    <>
      <div className="analysis-note">
        {status === 'computing' && request && <span className="busy">computing {request.count} runs × {request.steps.toLocaleString('en')} steps as one batched program…</span>}
        {status === 'failed' && <span className="field-error">{error}</span>}
        {result && request && status !== 'computing' && (
          <span data-testid="sweep-time">
            {result.loss.length} runs as one batched program: {Math.round(result.timeMs)} ms
            <span className="muted"> ({OPTIMIZERS[request.optimizer]?.label ?? request.optimizer} as in run “{request.label}”, {request.steps.toLocaleString('en')} steps, batch {request.batchSize}, seeds 0 … {result.loss.length - 1})</span>
          </span>
        )}
        {status === 'idle' && !result && <span className="muted">Sweep seeds: the selected run's optimizer from R different initial weights, all at once.</span>}
      </div>
      <div className="analysis-split">
        <div className="plot-box big"><div ref={ref} className="plot" data-testid="sweep-plot" /></div>
        {rows.length > 0 && (
          <div className="analysis-table">
            <table>
              <thead><tr><th>seed</th><th>final loss</th><th>min loss</th></tr></thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={i} data-testid={`sweep-row-${i}`} data-final={r.finalLoss}>
                    <th><span className="swatch" style={{ background: seedColor(i, rows.length) }} />{r.seed ?? i}</th>
                    <td>{formatLoss(r.finalLoss)}</td>
                    <td>{formatLoss(r.minLoss)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {result && <div className="muted table-note">≈ {formatMs(result.timeMs / Math.max(1, rows.length))} per run, batched</div>}
          </div>
        )}
      </div>
    </>
  );
}
