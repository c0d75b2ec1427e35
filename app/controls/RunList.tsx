/** The runs of the experiment: add / remove, optimizer, label, batch size and hyperparameters. */
import { useState } from 'react';
import { LIMITS } from '../../src/index';
import { OPTIMIZERS, OPTIMIZER_IDS } from '../../src/index';
import { runColor } from '../defaults';
import { addRun, changeBatchSize, changeLabel, changeOptimizer, removeRun } from '../session';
import { setRunColor, useStore } from '../store';
import { requestDraw } from '../drawLoop';
import { checkRange } from './numbers';
import { HyperControls } from './HyperControls';
import { NumberSlider } from './NumberSlider';

export function RunList() {
  const count = useStore((s) => s.experiment.runs.length);
  const [newOptimizer, setNewOptimizer] = useState(OPTIMIZER_IDS[0]);
  return (
    <section className="panel">
      <h2>Runs</h2>
      {Array.from({ length: count }, (_, i) => <RunRow key={i} index={i} />)}
      <div className="add-run">
        <select aria-label="optimizer of the new run" value={newOptimizer} onChange={(e) => setNewOptimizer(e.target.value)}>
          {OPTIMIZER_IDS.map((id) => <option key={id} value={id}>{OPTIMIZERS[id].label}</option>)}
        </select>
        <button type="button" data-testid="add-run" disabled={count >= LIMITS.runs} onClick={() => addRun(newOptimizer)}>Add run</button>
      </div>
    </section>
  );
}

function RunRow({ index }: { index: number }) {
  const run = useStore((s) => s.experiment.runs[index]);
  const count = useStore((s) => s.experiment.runs.length);
  // Batch sizes apply to problems with data: up to the number of samples.
  const samples = useStore((s) => {
    const d = s.experiment.data;
    if (!d) return 0;
    return 'points' in d ? d.points.length : 'generator' in d ? (d.n ?? s.info?.n ?? 0) : (s.info?.n ?? 0);
  });
  if (!run) return null;
  const spec = OPTIMIZERS[run.optimizer];
  const batchSpec = { default: 1, min: 1, max: samples, integer: true };
  return (
    <div className="run-row" data-testid={`run-row-${index}`} style={{ borderLeftColor: runColor(run, index) }}>
      <div className="run-head">
        <input
          type="color"
          className="swatch"
          aria-label={`colour of run ${index + 1}`}
          title="colour of this run in every view"
          data-testid={`run-color-${index}`}
          value={runColor(run, index)}
          onChange={(e) => { setRunColor(index, e.target.value.toLowerCase()); requestDraw(); }}
        />
        <input
          className="run-label"
          aria-label={`label of run ${index + 1}`}
          data-testid={`run-label-${index}`}
          value={run.label}
          maxLength={LIMITS.label}
          onChange={(e) => changeLabel(index, e.target.value)}
        />
        <select
          aria-label={`optimizer of run ${index + 1}`}
          data-testid={`run-optimizer-${index}`}
          title={spec?.rule}
          value={run.optimizer}
          onChange={(e) => changeOptimizer(index, e.target.value, spec?.label ?? run.optimizer)}
        >
          {OPTIMIZER_IDS.map((id) => <option key={id} value={id}>{OPTIMIZERS[id].label}</option>)}
        </select>
        <button
          type="button"
          className="icon"
          aria-label={`remove run ${index + 1}`}
          data-testid={`remove-run-${index}`}
          disabled={count <= 1}
          onClick={() => removeRun(index)}
        >×</button>
      </div>
      {samples > 1 && (
        <NumberSlider
          label="batch"
          doc={`mini-batch size (1 … ${samples} samples)`}
          value={run.batchSize ?? samples}
          spec={batchSpec}
          check={(v) => checkRange(batchSpec, v)}
          onChange={(v) => changeBatchSize(index, v)}
          testId={`batch-${index}`}
        />
      )}
      <HyperControls run={index} optimizer={run.optimizer} hyper={run.hyper} primary={1} />
    </div>
  );
}
