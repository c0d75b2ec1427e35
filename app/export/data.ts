/**
 * Data exports of the page: the trace of the received points (JSON and CSV, docs/formats.md), the
 * experiment file (download and upload, validated by parseExperiment) and the PyTorch script.
 */
import {
  parseExperimentText, pytorchScript, pytorchUnsupported, traceCsv, traceFromColumns, type ColumnRun, type Experiment, type PytorchResult, type Trace,
} from '../../src/index';
import { getRuns } from '../runData';
import { loadExperiment } from '../session';
import { useStore } from '../store';
import { saveText, slug } from './download';

/** The experiment the received points belong to (the one loaded). */
function currentExperiment(): Experiment {
  return useStore.getState().experiment;
}

/** The trace of what the page has received so far. */
export function currentTrace(): Trace {
  const { experiment, info, statuses } = useStore.getState();
  const runs: ColumnRun[] = getRuns().map((r, i) => ({
    label: info?.labels[i] ?? experiment.runs[i]?.label ?? `run ${i}`,
    optimizer: experiment.runs[i]?.optimizer ?? '',
    status: statuses[i]?.status ?? 'ok',
    reason: statuses[i]?.reason,
    divergedAt: statuses[i]?.divergedAt,
    n: r.n,
    dim: r.dim,
    cols: r.cols,
    params: r.params,
  }));
  return traceFromColumns(experiment, info?.data ?? null, runs);
}

const baseName = () => slug(currentExperiment().problem);

export function downloadTraceJson(): void {
  saveText(`${JSON.stringify(currentTrace())}\n`, `${baseName()}-trace.json`, 'application/json');
}

export function downloadTraceCsv(): void {
  saveText(traceCsv(currentTrace(), useStore.getState().info?.paramNames), `${baseName()}-trace.csv`, 'text/csv');
}

export function downloadExperiment(): void {
  saveText(`${JSON.stringify(currentExperiment(), null, 2)}\n`, `${baseName()}-experiment.json`, 'application/json');
}

/** Largest experiment file read (user data included). */
export const MAX_EXPERIMENT_FILE = 20_000_000;

/**
 * Reads an uploaded experiment file: loads it if valid, else returns the errors (each naming its
 * field) and leaves the current experiment and its runs untouched.
 */
export async function uploadExperiment(file: File): Promise<string[]> {
  if (file.size > MAX_EXPERIMENT_FILE) return [`(file): ${file.name} is ${(file.size / 1e6).toFixed(1)} MB; the limit is ${MAX_EXPERIMENT_FILE / 1e6} MB`];
  let text: string;
  try {
    text = await file.text();
  } catch (err) {
    return [`(file): cannot read ${file.name}: ${(err as Error).message}`];
  }
  const parsed = parseExperimentText(text);
  if (!parsed.ok) return parsed.errors;
  loadExperiment(parsed.experiment);
  return [];
}

/** Why the current experiment cannot be exported as a script (null: it can); cheap, for every edit. */
export function pytorchBlocker(experiment: Experiment = currentExperiment()): string | null {
  return pytorchUnsupported(experiment);
}

export function pytorchExport(experiment: Experiment = currentExperiment()): PytorchResult {
  return pytorchScript(experiment);
}

export function downloadPytorch(): PytorchResult {
  const r = pytorchExport();
  if (r.ok) saveText(r.text, r.fileName, 'text/x-python');
  return r;
}
