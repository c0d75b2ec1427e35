/**
 * Export: each view as PNG/SVG (title, labelled axes, legend), the trace as JSON/CSV, the experiment
 * file (download and upload), the PyTorch script; and the switch to lecture mode. Upload errors name
 * the field and leave the current experiment as it was.
 */
import { useMemo, useRef, useState } from 'react';
import { PROBLEMS, MODEL_CATALOG } from '../../src/index';
import { downloadExperiment, downloadPytorch, downloadTraceCsv, downloadTraceJson, pytorchBlocker, uploadExperiment } from '../export/data';
import { downloadSlotImage, type ImageFormat } from '../views/exportImage';
import { setLecture } from '../lecture/lecture';
import { useStore } from '../store';
import { VIEW_LABELS, usePrefs } from '../views/prefs';

const SLOTS = [0, 1, 2];

function problemLabel(id: string): string {
  return PROBLEMS[id]?.label ?? MODEL_CATALOG[id]?.label ?? id;
}

export function ExportMenu() {
  const slots = usePrefs((s) => s.slots);
  const problem = useStore((s) => s.experiment.problem);
  const loaded = useStore((s) => s.info !== null);
  const experiment = useStore((s) => s.experiment);
  const [errors, setErrors] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  // Why the script cannot be written (null: it can); recomputed when the experiment changes.
  const torch = useMemo(() => ({ reason: pytorchBlocker(experiment) }), [experiment]);

  const image = (slot: number, format: ImageFormat) => {
    const title = `${VIEW_LABELS[slots[slot]]}: ${problemLabel(problem)}`;
    downloadSlotImage(slot, format, title).then(
      (name) => setMessage(`saved ${name}`),
      (err: unknown) => setMessage(`could not export the plot: ${(err as Error).message}`),
    );
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    const errs = await uploadExperiment(file);
    setErrors(errs);
    setMessage(errs.length ? null : `loaded ${file.name}`);
    if (fileInput.current) fileInput.current.value = '';
  };

  return (
    <section className="panel export-menu" data-testid="export-menu">
      <h2>Export</h2>
      <div className="export-row">
        <span className="export-what">Plots</span>
        {SLOTS.map((i) => (
          <span key={i} className="export-plot">
            <span className="muted" title={VIEW_LABELS[slots[i]]}>{i + 1}:</span>
            <button type="button" data-testid={`export-png-${i}`} disabled={!loaded} title={`${VIEW_LABELS[slots[i]]} as PNG`} onClick={() => image(i, 'png')}>PNG</button>
            <button type="button" data-testid={`export-svg-${i}`} disabled={!loaded} title={`${VIEW_LABELS[slots[i]]} as SVG`} onClick={() => image(i, 'svg')}>SVG</button>
          </span>
        ))}
      </div>
      <div className="export-row">
        <span className="export-what">Trace</span>
        <button type="button" data-testid="export-trace-json" disabled={!loaded} onClick={downloadTraceJson}>JSON</button>
        <button type="button" data-testid="export-trace-csv" disabled={!loaded} onClick={downloadTraceCsv}>CSV</button>
      </div>
      <div className="export-row">
        <span className="export-what">Experiment</span>
        <button type="button" data-testid="export-experiment" onClick={downloadExperiment}>Save file</button>
        <button type="button" data-testid="import-experiment-button" onClick={() => fileInput.current?.click()}>Open file…</button>
        <input
          ref={fileInput} type="file" accept=".json,application/json" hidden data-testid="import-experiment"
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
      </div>
      <div className="export-row">
        <span className="export-what">PyTorch</span>
        <button
          type="button" data-testid="export-pytorch" disabled={torch.reason !== null}
          title={torch.reason ?? 'A standalone Python script: same data, starts, batch order and optimizers with torch.optim'}
          onClick={() => {
            const r = downloadPytorch();
            setMessage(r.ok ? `saved ${r.fileName}` : r.reason);
          }}
        >Script (.py)</button>
      </div>
      {torch.reason !== null && <p className="muted export-note" data-testid="export-pytorch-reason">{torch.reason}</p>}
      <div className="export-row">
        <span className="export-what">Classroom</span>
        <button type="button" data-testid="lecture-on" title="Large type, one view full-screen; keys: space, →, r, 1–9, Esc" onClick={() => setLecture(true)}>Lecture mode</button>
      </div>
      {errors.length > 0 && (
        <div className="export-errors" role="alert" data-testid="import-errors">
          <span>Not loaded; the current experiment is unchanged:</span>
          <ul>{errors.map((e, k) => <li key={k}>{e}</li>)}</ul>
        </div>
      )}
      {message && <p className="muted export-note" data-testid="export-message">{message}</p>}
    </section>
  );
}
