/**
 * The numbers an analytic problem runs in: float64 on the engine (the default), or float32 on the
 * tensor path (TF.js in the worker, `experiment.precision`), where S11's ‖θ_k − θ*‖² floors far above
 * float64's 1e-16. Changing it reloads; with float32 the TF.js backend can be forced too. In the status
 * line, `PathStatusItem` says which path runs the loaded problem.
 */
import type { Experiment } from '../../src/index';
import { isModel } from '../models';
import { changePrecision } from '../session';
import { useStore } from '../store';
import { BackendSelect } from './BackendControl';
import '../views/analysis.css';

type Precision = NonNullable<Experiment['precision']>;

export function PrecisionControl() {
  const problem = useStore((s) => s.experiment.problem);
  const precision = useStore((s) => s.experiment.precision ?? 'float64');
  if (isModel(problem)) return null; // the neural models always run on TF.js
  return (
    <div className="model-controls precision-controls">
      <label className="backend-select" title="float64: the engine's own arithmetic. float32: the same problem, data and batch order on TF.js tensors in the worker">
        numbers
        <select data-testid="precision-select" value={precision} onChange={(e) => changePrecision(e.target.value as Precision)}>
          <option value="float64">float64 (engine)</option>
          <option value="float32">float32 (TF.js)</option>
        </select>
      </label>
      {precision === 'float32' && <BackendSelect />}
    </div>
  );
}

/** "float64 engine" or "TF.js float32 on webgpu" for an analytic problem (models show their backend). */
export function PathStatusItem() {
  const model = useStore((s) => isModel(s.experiment.problem));
  const float32 = useStore((s) => s.experiment.precision === 'float32');
  const info = useStore((s) => s.info);
  const failed = useStore((s) => s.workerError !== null || s.invalid.length > 0);
  if (model || (info && isModel(info.id))) return null;
  if (!info) return float32 && !failed ? <span className="model-loading" data-testid="numeric-path" data-path="loading">loading TF.js…</span> : null;
  const b = info.backend;
  const refused = b?.refused.map((r) => `${r.name} refused: ${r.reason}`).join('; ');
  const text = info.path === 'tensor' ? `TF.js float32 on ${b?.name ?? 'an unknown backend'}${b?.software ? ' (software adapter)' : ''}` : 'float64 engine';
  return (
    <span className={`numeric-path path-${info.path}`} data-testid="numeric-path" data-path={info.path} data-backend={b?.name} title={b?.adapter ? `adapter: ${b.adapter}` : undefined}>
      {text}{refused ? <span className="muted"> — {refused}</span> : null}
    </span>
  );
}
