/**
 * S13's Adam β₁ × β₂ grid on the neuron classifier: one Adam run per cell on the same two-class data
 * and start, computed by the worker on the tensor path; each cell reports as it finishes, so the
 * heat-map of the final loss (log colour) and the table (time, final and minimum mini-batch loss)
 * fill in live. Cancel reloads the experiment: the new generation drops the cells still to come.
 */
import { useEffect, useRef } from 'react';
import type { Data, Layout } from 'plotly.js';
import { parseNumberList, placeCells } from '../../src/index';
import { setBetaForm, useAnalysis, type BetaCell, type BetaGridRequest } from '../analysis';
import { cancelBetaGrid, requestBetaGrid } from '../session';
import { useStore } from '../store';
import { ListField, NumberField, formatLoss, formatMs } from './AnalysisFields';
import { BASE_LAYOUT } from './common';
import Plotly, { PLOT_CONFIG } from './plotly';
import './analysis.css';

const BETA_LIST = { min: 0, max: 1, maxExclusive: true, maxCount: 8 } as const;
const MAX_CELLS = 64;

/**
 * Runs the grid of the form on the loaded classifier (the view's button, and the S13 grid preset);
 * false when the form is invalid or no classifier is loaded.
 */
export function runBetaGrid(): boolean {
  const { experiment } = useStore.getState();
  const f = useAnalysis.getState().betaForm;
  const b1 = parseNumberList(f.beta1s, BETA_LIST);
  const b2 = parseNumberList(f.beta2s, BETA_LIST);
  if (experiment.problem !== 'classifier' || !b1.ok || !b2.ok || b1.values.length * b2.values.length > MAX_CELLS) return false;
  const req: BetaGridRequest = {
    beta1s: b1.values, beta2s: b2.values, steps: f.steps, lr: f.lr, batchSize: f.batchSize,
    hidden: f.hidden ?? experiment.problemParams?.hidden ?? 0, seed: experiment.seed ?? 0,
  };
  return requestBetaGrid(req);
}

export function BetaGridView() {
  const problem = useStore((s) => s.experiment.problem);
  const loading = useStore((s) => s.info === null);
  const loadedHidden = useStore((s) => s.experiment.problemParams?.hidden ?? 0);
  const form = useAnalysis((s) => s.betaForm);
  const grid = useAnalysis((s) => s.betaGrid);
  const classifier = problem === 'classifier';

  const b1 = parseNumberList(form.beta1s, BETA_LIST);
  const b2 = parseNumberList(form.beta2s, BETA_LIST);
  const cells = b1.ok && b2.ok ? b1.values.length * b2.values.length : 0;
  const tooMany = cells > MAX_CELLS;
  const hidden = form.hidden ?? loadedHidden;
  const running = grid.status === 'running';


  return (
    <div className="view-body analysis" data-testid="beta-grid" data-state={grid.status}>
      {classifier && <div className="analysis-form">
        <ListField label="β₁" title="Adam's β₁ values, in [0, 1)" value={form.beta1s} spec={BETA_LIST} onChange={(beta1s) => setBetaForm({ beta1s })} testId="beta1s" />
        <ListField label="β₂" title="Adam's β₂ values, in [0, 1)" value={form.beta2s} spec={BETA_LIST} onChange={(beta2s) => setBetaForm({ beta2s })} testId="beta2s" />
        <NumberField label="steps" title="Adam steps per cell" value={form.steps} spec={{ min: 1, max: 200_000, integer: true }}
          onChange={(steps) => setBetaForm({ steps })} testId="beta-steps" width={56} />
        <NumberField label="lr" value={form.lr} spec={{ min: 1e-8, max: 10 }} onChange={(lr) => setBetaForm({ lr })} testId="beta-lr" width={48} />
        <label className="opt">
          batch
          <select data-testid="beta-batch" value={form.batchSize} onChange={(e) => setBetaForm({ batchSize: Number(e.target.value) as 8 | 32 })}>
            <option value={8}>8</option>
            <option value={32}>32</option>
          </select>
        </label>
        <NumberField label="hidden" title="hidden units of the classifier (0: one neuron, sigmoid(wᵀx + b))" value={hidden} spec={{ min: 0, max: 64, integer: true }}
          onChange={(h) => setBetaForm({ hidden: h })} testId="beta-hidden" width={36} />
        <button type="button" data-testid="beta-grid-run" disabled={!classifier || loading || running || !b1.ok || !b2.ok || tooMany} onClick={runBetaGrid}>Run grid</button>
      </div>}
      {!classifier ? (
        <div className="placeholder" data-testid="beta-grid-unavailable">
          The β₁ × β₂ grid runs on the neuron classifier (S13): pick &lsquo;Neuron classifier&rsquo; as the problem.
        </div>
      ) : (
        <>
          <GridProgress tooMany={tooMany ? cells : 0} listError={!b1.ok ? `β₁: ${b1.error}` : !b2.ok ? `β₂: ${b2.error}` : null} />
          <GridResult />
        </>
      )}
    </div>
  );
}

function GridProgress({ tooMany, listError }: { tooMany: number; listError: string | null }) {
  const grid = useAnalysis((s) => s.betaGrid);
  const req = grid.request;
  const total = req ? req.beta1s.length * req.beta2s.length : 0;
  const k = grid.cells.length;
  return (
    <div className="analysis-note">
      {listError && <span className="field-error">{listError}</span>}
      {tooMany > 0 && <span className="field-error">{tooMany} cells: at most {MAX_CELLS}.</span>}
      {req && (
        <span className="grid-progress">
          <progress max={total} value={k} data-testid="beta-grid-progressbar" />
          <span data-testid="beta-grid-progress">{k} / {total} cells</span>
          {grid.status === 'running' && <button type="button" data-testid="beta-grid-cancel" onClick={cancelBetaGrid} title="Reloads the experiment: the cells still to come are dropped">cancel</button>}
          {grid.status === 'running' && <span className="busy">running {req.steps.toLocaleString('en')} Adam steps per cell, batch {req.batchSize}, lr {req.lr}…</span>}
          {grid.status === 'done' && <span className="muted">done: {req.steps.toLocaleString('en')} steps per cell, batch {req.batchSize}, lr {req.lr}, {req.hidden ? `${req.hidden} hidden units` : 'one neuron'}; same data and start in every cell</span>}
          {grid.status === 'cancelled' && <span className="muted">cancelled (the experiment was reloaded; later cells are dropped)</span>}
          {grid.status === 'failed' && <span className="field-error">{grid.error}</span>}
        </span>
      )}
      {!req && !listError && !tooMany && <span className="muted">Run grid: one Adam run per (β₁, β₂) on the classifier's two-class data; cells fill in as they finish.</span>}
    </div>
  );
}

function GridResult() {
  const ref = useRef<HTMLDivElement>(null);
  const { request, cells } = useAnalysis((s) => s.betaGrid);

  useEffect(() => {
    const gd = ref.current;
    if (!gd) return;
    if (!request) {
      Plotly.purge(gd);
      return;
    }
    const placed = placeCells(cells, request.beta1s, request.beta2s);
    const log = (c: BetaCell | null) => (c && Number.isFinite(c.finalLoss) && c.finalLoss > 0 ? Math.log10(c.finalLoss) : null);
    const traces: Data[] = [{
      type: 'heatmap', uid: 'beta-heatmap',
      x: request.beta2s.map(String), y: request.beta1s.map(String),
      z: placed.map((row) => row.map(log)),
      text: placed.map((row) => row.map((c) => (c ? formatLoss(c.finalLoss) : '…'))) as unknown as string[],
      texttemplate: '%{text}', colorscale: 'Viridis', xgap: 2, ygap: 2,
      colorbar: { title: { text: 'log₁₀ final loss', side: 'right' }, thickness: 10 },
      hovertemplate: 'β₁ %{y}, β₂ %{x}<br>final loss %{text}<extra></extra>',
    } as Data];
    const layout: Partial<Layout> = {
      ...BASE_LAYOUT,
      margin: { l: 50, r: 8, t: 8, b: 38 },
      xaxis: { title: { text: 'β₂' }, type: 'category' },
      // β₁ downwards, as in the table.
      yaxis: { title: { text: 'β₁' }, type: 'category', autorange: 'reversed' },
    };
    void Plotly.react(gd, traces, layout, PLOT_CONFIG);
  }, [request, cells]);

  useEffect(() => {
    const gd = ref.current;
    return () => {
      if (gd) Plotly.purge(gd);
    };
  }, []);

  const placed = request ? placeCells(cells, request.beta1s, request.beta2s) : [];
  return (
    <div className="analysis-split">
      <div className="plot-box big"><div ref={ref} className="plot" data-testid="beta-heatmap" /></div>
      {request && (
        <div className="analysis-table">
          <table>
            <caption>time, final and minimum mini-batch loss per cell</caption>
            <thead>
              <tr><th>β₁ \ β₂</th>{request.beta2s.map((b) => <th key={b}>{b}</th>)}</tr>
            </thead>
            <tbody>
              {request.beta1s.map((b1, i) => (
                <tr key={b1}>
                  <th>{b1}</th>
                  {request.beta2s.map((b2, j) => {
                    const c = placed[i]?.[j] ?? null;
                    return (
                      <td key={b2} data-testid={`beta-cell-${i}-${j}`} data-final={c?.finalLoss} data-min={c?.minLoss} data-time={c?.timeMs}>
                        {c ? (
                          <>
                            <div><span className="k">final</span> {formatLoss(c.finalLoss)}</div>
                            <div><span className="k">min</span> {formatLoss(c.minLoss)}</div>
                            <div><span className="k">time</span> {formatMs(c.timeMs)}</div>
                          </>
                        ) : <span className="muted">…</span>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
