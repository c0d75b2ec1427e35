/**
 * S10's loss landscape of a neural model, computed on demand by the worker around the selected run's
 * current θ: the 2-D slice L(θ + tΔ₁ + sΔ₂) on a G×G grid (one batched evaluation on the tensor path)
 * drawn as log₁₀ L, the run's streamed weight trajectory projected on (Δ₁, Δ₂) over it (start ○, the
 * current θ ★ at the centre), and the 1-D slice L(θ + tΔ₁) below. Δ ~ N(0, I), scaled per the select:
 * 'global' ‖Δ‖ = ‖θ‖ (seed 003's "Δ of the size of θ*"), 'filter' per neuron (Li et al.), or 'none'.
 */
import { useEffect, useRef } from 'react';
import type { Data, Layout } from 'plotly.js';
import { logRows, maxAbs } from '../../src/index';
import { setLandscapeForm, useAnalysis, type Scaling } from '../analysis';
import { runColor } from '../defaults';
import { isModel } from '../models';
import { requestLandscape } from '../session';
import { useStore } from '../store';
import { NumberField, formatLoss } from './AnalysisFields';
import { BASE_LAYOUT, escapeText, fontSize } from './common';
import { usePrefs } from './prefs';
import Plotly, { PLOT_CONFIG } from './plotly';
import './analysis.css';

const SCALINGS: { id: Scaling; label: string; title: string }[] = [
  { id: 'global', label: 'global ‖Δ‖ = ‖θ‖', title: 'Δ ~ N(0, I) rescaled to the norm of θ (seed 003: Δ of the size of θ*)' },
  { id: 'filter', label: 'per neuron', title: "Filter normalisation (Li et al. 2018): each neuron's incoming weights get the norm of the same row of θ" },
  { id: 'none', label: 'none (N(0, I))', title: 'Δ ~ N(0, I) as drawn' },
];

export function LandscapeView() {
  const problem = useStore((s) => s.experiment.problem);
  const loading = useStore((s) => s.info === null);
  const runCount = useStore((s) => s.experiment.runs.length);
  const status = useAnalysis((s) => s.landscape.status);
  const form = useAnalysis((s) => s.landscapeForm);
  const model = isModel(problem);

  const compute = () => {
    const run = Math.min(usePrefs.getState().selectedRun, runCount - 1);
    requestLandscape(run, useAnalysis.getState().landscapeForm);
  };

  return (
    <div className="view-body analysis" data-testid="landscape-view" data-state={status}>
      {model && <div className="analysis-form">
        <NumberField label="G" title="grid points per axis (3 … 151)" value={form.grid} spec={{ min: 3, max: 151, integer: true }}
          onChange={(grid) => setLandscapeForm({ grid })} testId="landscape-grid" width={40} />
        <NumberField label="span" title="t, s ∈ [−span, span] (in units of Δ)" value={form.span} spec={{ min: 1e-6, max: 1000 }}
          onChange={(span) => setLandscapeForm({ span })} testId="landscape-span" width={44} />
        <label className="opt">
          Δ scaling
          <select data-testid="landscape-scaling" value={form.scaling} onChange={(e) => setLandscapeForm({ scaling: e.target.value as Scaling })}>
            {SCALINGS.map((s) => <option key={s.id} value={s.id} title={s.title}>{s.label}</option>)}
          </select>
        </label>
        <NumberField label="seed" title="seed of the directions Δ₁, Δ₂" value={form.seed} spec={{ min: 0, max: 2 ** 31 - 1, integer: true }}
          onChange={(seed) => setLandscapeForm({ seed })} testId="landscape-seed" width={44} />
        <button type="button" data-testid="landscape-compute" disabled={!model || loading || status === 'computing'} onClick={compute}>
          {status === 'computing' ? 'computing…' : 'Compute'}
        </button>
      </div>}
      {model ? <LandscapeBody /> : (
        <div className="placeholder" data-testid="landscape-unavailable">
          The loss landscape is computed for the neural models (S10 MLP, classifier, transformer).
        </div>
      )}
    </div>
  );
}

function LandscapeBody() {
  const ref2 = useRef<HTMLDivElement>(null);
  const ref1 = useRef<HTMLDivElement>(null);
  const { status, request, result, error } = useAnalysis((s) => s.landscape);
  const color = useStore((s) => (request ? runColor(s.experiment.runs[request.run], request.run) : '#d62728'));

  useEffect(() => {
    const gd2 = ref2.current;
    const gd1 = ref1.current;
    if (!gd2 || !gd1) return;
    if (!result || !request) {
      // A reload cleared the result: nothing of the old model stays drawn.
      Plotly.purge(gd2);
      Plotly.purge(gd1);
      return;
    }
    const G = result.ts.length;
    const ts = Array.from(result.ts);
    const ss = Array.from(result.ss);
    const label = escapeText(request.label);
    const { a, b } = result.path;
    const n = a.length;
    const traces: Data[] = [{
      type: 'contour', uid: 'landscape', name: 'log₁₀ L', x: ts, y: ss, z: logRows(result.z, G, ss.length),
      colorscale: 'Viridis', ncontours: 24, contours: { coloring: 'heatmap' }, line: { width: 0.5, color: 'rgba(255,255,255,0.3)' },
      colorbar: { title: { text: 'log₁₀ L', side: 'right' }, thickness: 10, len: 0.9 },
      hovertemplate: 't %{x:.3g}, s %{y:.3g}<br>log₁₀ L %{z:.3f}<extra></extra>',
    }];
    if (n > 0) {
      traces.push(
        { type: 'scatter', mode: 'lines', uid: 'path-halo', x: a, y: b, line: { color: 'rgba(255,255,255,0.85)', width: 4 }, hoverinfo: 'skip', showlegend: false },
        {
          type: 'scatter', mode: 'lines', uid: 'path', name: `${label}: θ_k projected`, x: a, y: b, line: { color, width: 2 },
          hovertemplate: 'a %{x:.3g}, b %{y:.3g}<extra>θ_k</extra>',
        },
        {
          type: 'scatter', mode: 'markers', uid: 'start', name: 'start θ₀', x: [a[0]], y: [b[0]],
          marker: { symbol: 'circle', size: 10, color: '#fff', line: { color, width: 2.5 } }, hovertemplate: 'start: a %{x:.3g}, b %{y:.3g}<extra></extra>',
        },
        {
          type: 'scatter', mode: 'markers', uid: 'end', name: `θ at step ${request.step}`, x: [a[n - 1]], y: [b[n - 1]],
          marker: { symbol: 'star', size: 15, color, line: { color: '#fff', width: 1.5 } }, hovertemplate: `step ${request.step}: a %{x:.3g}, b %{y:.3g}<extra></extra>`,
        },
      );
    }
    const layout2: Partial<Layout> = {
      ...BASE_LAYOUT,
      margin: { l: 46, r: 8, t: 8, b: 34 },
      uirevision: `landscape|${G}|${request.span}`,
      xaxis: { title: { text: 't (along Δ₁)' }, zeroline: false },
      yaxis: { title: { text: 's (along Δ₂)' }, zeroline: false, automargin: true },
      legend: { orientation: 'h', x: 0, y: 1, yanchor: 'bottom', font: { size: fontSize(10) }, bgcolor: 'rgba(255,255,255,0.8)' },
      showlegend: n > 0,
    };
    const line: Data[] = [
      {
        type: 'scatter', mode: 'lines', uid: 'line', name: 'L(θ + tΔ₁)', x: ts, y: Array.from(result.line, (v) => (Number.isFinite(v) && v > 0 ? v : null)),
        line: { color: '#1f4e79', width: 2 }, hovertemplate: 't %{x:.3g}<br>L %{y:.4g}<extra></extra>',
      },
      {
        type: 'scatter', mode: 'markers', uid: 'centre', name: 'θ', x: [0], y: [result.center],
        marker: { symbol: 'star', size: 11, color }, hovertemplate: 'θ (t = 0): L %{y:.4g}<extra></extra>',
      },
    ];
    const layout1: Partial<Layout> = {
      ...BASE_LAYOUT,
      margin: { l: 46, r: 8, t: 6, b: 30 },
      uirevision: `landscape-line|${G}|${request.span}`,
      showlegend: false,
      xaxis: { title: { text: 't' }, zeroline: false },
      yaxis: { title: { text: 'L(θ + tΔ₁)' }, type: 'log', exponentformat: 'power', automargin: true },
    };
    void Plotly.react(gd2, traces, layout2, PLOT_CONFIG);
    void Plotly.react(gd1, line, layout1, PLOT_CONFIG);
  }, [result, request, color]);

  useEffect(() => {
    const gd2 = ref2.current;
    const gd1 = ref1.current;
    return () => {
      if (gd2) Plotly.purge(gd2);
      if (gd1) Plotly.purge(gd1);
    };
  }, []);

  const reach = result ? maxAbs(result.path.a, result.path.b) : 0;
  return (
    <>
      <div className="analysis-note" data-testid="landscape-status">
        {status === 'computing' && <span className="busy">computing{request ? ` ${request.grid}×${request.grid} = ${request.grid ** 2} points` : ''}…</span>}
        {status === 'failed' && <span className="field-error">{error}</span>}
        {result && request && status !== 'computing' && (
          <span>
            {request.label} at step {request.step}: L(θ) = {formatLoss(result.center)}; colours cut at L ≤ {formatLoss(result.clip)} (95th percentile).
            {reach > request.span && ` The path reaches |a|, |b| = ${formatLoss(reach)}: a span ≥ that draws the landscape under all of it.`}
          </span>
        )}
        {status === 'idle' && !result && <span className="muted">Train a little, then Compute: the landscape around the selected run's θ (pick the run above).</span>}
      </div>
      <div className="analysis-plots">
        <div className="plot-box big"><div ref={ref2} className="plot" data-testid="landscape-2d" /></div>
        <div className="plot-box small"><div ref={ref1} className="plot" data-testid="landscape-1d" /></div>
      </div>
    </>
  );
}
