/**
 * The TF.js backend of the tensor path: which one runs (in the status line, with why faster ones were
 * refused) and a select that forces one (`experiment.backend`, reloads).
 */
import type { BackendStatus } from '../../src/index';
import { BACKEND_CHOICES, type BackendChoice } from '../../src/index';
import { isModel } from '../models';
import { changeBackend } from '../session';
import { useStore } from '../store';
import { useModelData } from '../modelData';

/** "TF.js: webgpu (software adapter)", "TF.js: webgl — webgpu refused: no WebGPU adapter". */
export function backendText(b: BackendStatus): string {
  const refused = b.refused.map((r) => `${r.name} refused: ${r.reason}`).join('; ');
  return `TF.js: ${b.name}${b.software ? ' (software adapter)' : ''}${refused ? ` — ${refused}` : ''}`;
}

/** In the status line: "loading model…" until the worker answers, then the backend in use. */
export function BackendStatusItem() {
  const model = useStore((s) => isModel(s.experiment.problem));
  const loading = useStore((s) => s.info === null && !s.invalid.length && !s.workerError);
  const backend = useStore((s) => s.info?.backend ?? null);
  const notices = useModelData((s) => s.notices);
  if (!model && !backend) return null;
  if (loading) return <span className="model-loading" data-testid="model-loading">loading model…</span>;
  if (!backend) return null;
  return (
    <>
      {/* An analytic problem in float32 names its backend in PathStatusItem (PrecisionControl.tsx). */}
      {model && <span className={`backend backend-${backend.name}`} data-testid="backend" data-backend={backend.name} title={backend.adapter ? `adapter: ${backend.adapter}` : undefined}>
        {backendText(backend)}
      </span>}
      {notices.map((n, i) => <span key={i} className="notice" role="status" data-testid="notice">{n}</span>)}
    </>
  );
}

/** "backend: auto / webgpu / webgl / cpu" (neural models only). */
export function BackendSelect() {
  const value = useStore((s) => s.experiment.backend ?? 'auto');
  return (
    <label className="backend-select" title="TF.js backend: auto tries WebGPU, then WebGL, then WebAssembly, then the CPU">
      backend
      <select data-testid="backend-select" value={value} onChange={(e) => changeBackend(e.target.value as BackendChoice)}>
        {BACKEND_CHOICES.map((b) => <option key={b} value={b}>{b}</option>)}
      </select>
    </label>
  );
}
