/**
 * A place in the view grid: a picker for which view it shows, that view's options, and the view.
 * Picking a view another slot already shows swaps the two, so every view appears at most once.
 */
import { useState } from 'react';
import { changeInits, changeRecordAll, changeStopLoss, requestSlice, showInternals } from '../session';
import { useStore } from '../store';
import { ContourView, slicePointFor } from './ContourView';
import { UpdateRuleView } from './UpdateRuleView';
import { CurveView } from './CurveView';
import { fitUnavailable, FitView } from './FitView';
import {
  VIEW_IDS, VIEW_LABELS, isCurve, setEmaBeta, setInternals, setLossKind, setParam, setSelectedRun, setSlice, setSlot, setStartTarget, setXAxis, usePrefs,
  type ViewId, type ViewPrefs,
} from './prefs';
import { StepInspector } from './StepInspector';
import { EvaluationView } from './EvaluationView';
import { MlpFitView } from './ModelViews';
import { TextSamples } from './TextSamples';
import { LandscapeView } from './LandscapeView';
import { BetaGridView } from './BetaGridView';
import { SweepView } from './SweepView';
import { SweepSummaryView } from './SweepSummaryView';
import './views.css';

export function ViewSlot({ index }: { index: number }) {
  const id = usePrefs((s) => s.slots[index]);
  const mlp = useStore((s) => s.experiment.problem === 'mlp'); // the neural MLP's fit: ModelViews.tsx
  const noFit = useStore((s) => s.info !== null && s.info.id !== 'mlp' && fitUnavailable(s.info, s.experiment) !== null);
  return (
    <section className={`view slot slot-${index}`} data-testid={`slot-${index}`} data-view={id}>
      <header className="view-head">
        <select aria-label={`view ${index + 1}`} data-testid={`slot-${index}-view`} value={id} onChange={(e) => setSlot(index, e.target.value as ViewId)}>
          {VIEW_IDS.map((v) => (
            <option key={v} value={v}>{VIEW_LABELS[v]}{v === 'fit' && noFit ? ' (no 1-D data)' : ''}</option>
          ))}
        </select>
        <ViewOptions id={id} />
      </header>
      <div className="view-content">
        {id === 'contour' ? <ContourView /> : id === 'fit' ? (mlp ? <MlpFitView /> : <FitView />) : id === 'inspector' ? <StepInspector />
          : id === 'evaluation' ? <EvaluationView /> : id === 'samples' ? <TextSamples />
            : id === 'landscape' ? <LandscapeView /> : id === 'betaGrid' ? <BetaGridView /> : id === 'sweep' ? <SweepView />
              : id === 'sweepSummary' ? <SweepSummaryView /> : id === 'rule' ? <UpdateRuleView /> : <CurveView key={id} kind={id} />}
      </div>
    </section>
  );
}

function ViewOptions({ id }: { id: ViewId }) {
  return (
    <>
      {id === 'loss' && <LossKind />}
      {id === 'loss' && <StopLoss />}
      {id === 'stepSize' && <EmaFactor />}
      {id === 'params' && <ParamPick />}
      {id === 'gap' && <RecordAll />}
      {id === 'contour' && <StartTarget />}
      {id === 'contour' && <InternalsToggle />}
      {id === 'contour' && <SliceAxes />}
      {id === 'inspector' && <RunPick testId="inspector-run" label="run" />}
      {id === 'landscape' && <RunPick testId="landscape-run" label="around run" />}
      {id === 'sweep' && <RunPick testId="sweep-run-pick" label="optimizer of run" />}
      {isCurve(id) && <XAxis />}
    </>
  );
}

function XAxis() {
  const xAxis = usePrefs((s) => s.xAxis);
  const hasEpochs = useStore((s) => (s.info?.stepsPerEpoch ?? []).some((k) => k > 1));
  if (!hasEpochs && xAxis === 'iteration') return null;
  return (
    <label className="opt">
      x
      <select data-testid="x-axis" value={xAxis} onChange={(e) => setXAxis(e.target.value as ViewPrefs['xAxis'])}>
        <option value="iteration">iteration</option>
        <option value="epoch">epoch</option>
      </select>
    </label>
  );
}

function LossKind() {
  const kind = usePrefs((s) => s.lossKind);
  return (
    <select aria-label="which loss" data-testid="loss-kind" value={kind} onChange={(e) => setLossKind(e.target.value as ViewPrefs['lossKind'])}>
      <option value="full">full data</option>
      <option value="batch">mini-batch</option>
      <option value="both">both</option>
    </select>
  );
}

function EmaFactor() {
  const beta = usePrefs((s) => s.emaBeta);
  const [draft, setDraft] = useState<string | null>(null);
  const value = draft ?? String(beta);
  const parsed = Number(value);
  const ok = value.trim() !== '' && Number.isFinite(parsed) && parsed >= 0 && parsed < 1;
  // A bad value stays in the box, marked, until corrected or Escape.
  const commit = () => {
    if (!ok) return;
    setEmaBeta(parsed);
    setDraft(null);
  };
  return (
    <label className="opt" title="EMA factor β of the trend line: e_k = β·e_k−1 + (1 − β)·γ_k (0 ≤ β < 1)">
      EMA β
      <input
        type="text" inputMode="decimal" className={ok ? 'ema' : 'ema invalid'} aria-invalid={!ok} data-testid="ema-beta" value={value}
        onChange={(e) => setDraft(e.target.value)} onBlur={commit}
        onKeyDown={(e) => { if (e.key === 'Enter') commit(); if (e.key === 'Escape') setDraft(null); }}
      />
    </label>
  );
}

function ParamPick() {
  const param = usePrefs((s) => s.param);
  const names = useStore((s) => s.info?.paramNames);
  if (!names || names.length <= 1) return null;
  const value = param < names.length ? param : -1;
  return (
    <select aria-label="parameter" data-testid="param-pick" value={value} onChange={(e) => setParam(Number(e.target.value))}>
      <option value={-1}>all parameters</option>
      {names.map((n, j) => <option key={n} value={j}>{n}</option>)}
    </select>
  );
}

function RecordAll() {
  const all = useStore((s) => s.experiment.record === 'all');
  return (
    <label className="opt" title="Record every step so that θ̄ is averaged over every iterate (exact while the page keeps up: play at a limited speed)">
      <input type="checkbox" data-testid="record-all" checked={all} onChange={(e) => changeRecordAll(e.target.checked)} />
      record every step
    </label>
  );
}

function RunPick({ testId, label }: { testId: string; label: string }) {
  const selected = usePrefs((s) => s.selectedRun);
  const labels = useStore((s) => s.experiment.runs.map((r) => r.label).join('\u0000'));
  const names = labels.split('\u0000');
  const value = Math.min(selected, names.length - 1);
  return (
    <label className="opt">
      {label}
      <select data-testid={testId} value={value} onChange={(e) => setSelectedRun(Number(e.target.value))}>
        {names.map((n, i) => <option key={i} value={i}>{n || `run ${i + 1}`}</option>)}
      </select>
    </label>
  );
}

function StartTarget() {
  const target = usePrefs((s) => s.startTarget);
  const count = useStore((s) => s.experiment.runs.length);
  const anySet = useStore((s) => s.experiment.runs.some((r) => Array.isArray(r.init)));
  return (
    <>
      <label className="opt" title="A click in the plot (not a drag: drags zoom) sets the start point and restarts">
        click sets start of
        <select data-testid="start-target" value={target} onChange={(e) => setStartTarget(e.target.value as ViewPrefs['startTarget'])}>
          <option value="all">all runs</option>
          <option value="selected">one run</option>
        </select>
      </label>
      {target === 'selected' && <RunPick testId="start-run" label="" />}
      <button type="button" data-testid="default-start" disabled={!anySet}
        onClick={() => changeInits(new Map(Array.from({ length: count }, (_, i) => [i, null])))}>default start</button>
    </>
  );
}

function InternalsToggle() {
  const on = usePrefs((s) => s.internals);
  const float64 = useStore((s) => s.info?.path !== 'tensor');
  if (!float64) return null;
  return (
    <label className="opt" title="At each run's current point (or the hovered step): −∇f and the momentum buffer (scaled together), the step taken, Armijo's trial points">
      <input type="checkbox" data-testid="internals" checked={on} onChange={(e) => { setInternals(e.target.checked); showInternals(e.target.checked); }} />
      internals
    </label>
  );
}

/** Problems with more than two parameters: which two the contour shows, and where the others are held. */
function SliceAxes() {
  const names = useStore((s) => (s.info?.path === 'float64' && s.info.contour && s.info.dim > 2 ? s.info.paramNames : null));
  const shown = useStore((s) => s.info?.contour?.axes);
  const chosen = usePrefs((s) => s.sliceAxes);
  const at = usePrefs((s) => s.sliceAt);
  if (!names || !shown) return null;
  const axes: [number, number] = chosen && chosen[0] < names.length && chosen[1] < names.length ? chosen : [shown[0], shown[1]];
  const pick = (k: 0 | 1, v: number) => {
    const next: [number, number] = [...axes];
    next[k] = v;
    if (next[0] === next[1]) next[1 - k] = axes[k]; // picking the other axis's parameter swaps them
    setSlice(next);
  };
  const recentre = () => {
    const { selectedRun } = usePrefs.getState();
    requestSlice(axes, slicePointFor(at, selectedRun, names.length));
  };
  return (
    <span className="opt slice-axes" title="The contour is a 2-D slice: the other parameters are held at θ* or at the selected run's current point">
      slice
      <select aria-label="parameter on x" data-testid="slice-x" value={axes[0]} onChange={(e) => pick(0, Number(e.target.value))}>
        {names.map((n, j) => <option key={j} value={j}>{n}</option>)}
      </select>
      <select aria-label="parameter on y" data-testid="slice-y" value={axes[1]} onChange={(e) => pick(1, Number(e.target.value))}>
        {names.map((n, j) => <option key={j} value={j}>{n}</option>)}
      </select>
      others at
      <select aria-label="others held at" data-testid="slice-at" value={at} onChange={(e) => setSlice(axes, e.target.value as 'optimum' | 'run')}>
        <option value="optimum">θ*</option>
        <option value="run">run's current θ</option>
      </select>
      {at === 'run' && <RunPick testId="slice-run" label="" />}
      {at === 'run' && <button type="button" data-testid="slice-recentre" onClick={recentre}>re-centre</button>}
    </span>
  );
}

/**
 * The loss-threshold stop condition: a run stops once its loss is below the value (empty: none). The
 * float64 path compares the full-data loss f(θ); the tensor path the loss it records (the mini-batch's).
 */
function StopLoss() {
  const current = useStore((s) => s.experiment.stopLoss);
  const float64 = useStore((s) => s.info?.path !== 'tensor');
  const [draft, setDraft] = useState<string | null>(null);
  const value = draft ?? (current === undefined ? '' : String(current));
  const parsed = Number(value);
  const ok = value.trim() === '' || Number.isFinite(parsed);
  const commit = () => {
    if (!ok) return;
    const next = value.trim() === '' ? null : parsed;
    setDraft(null);
    if (next !== (current ?? null)) changeStopLoss(next);
  };
  return (
    <label
      className="opt"
      title={float64
        ? 'Stop condition: each run stops once its full-data loss f(θ) is below this value (empty: no threshold). Restarts the runs.'
        : 'Stop condition: each run stops once its recorded loss (the mini-batch loss; the full data\'s when the batch is all of it) is below this value (empty: no threshold). Restarts the runs.'}
    >
      {float64 ? 'stop when f <' : 'stop when loss <'}
      <input
        type="text" inputMode="decimal" className={ok ? 'ema' : 'ema invalid'} aria-invalid={!ok} data-testid="stop-loss" value={value} placeholder="—"
        onChange={(e) => setDraft(e.target.value)} onBlur={commit}
        onKeyDown={(e) => { if (e.key === 'Enter') commit(); if (e.key === 'Escape') setDraft(null); }}
      />
    </label>
  );
}
