/**
 * "Export data": the trace (version 1, docs/formats.md) of what the page received, as JSON and CSV.
 *
 * The page holds each run's recorded points as columns (step, loss, batchLoss, stepSize, gradNorm and
 * row-major parameters); `traceFromColumns` turns them into the same Trace object the headless runner
 * writes (NaN and ±∞ become null, as JSON has neither), `traceCsv` flattens it to one row per recorded
 * point, and `parseTrace` checks a trace file against the format.
 */
import { z } from 'zod';
import { parseExperiment } from '../experiment/schema';
import type { Experiment } from '../experiment/types';
import type { Trace, TraceRun } from '../experiment/trace';

export interface ColumnRun {
  label: string;
  optimizer: string;
  status: 'ok' | 'diverged' | 'done';
  reason?: string;
  divergedAt?: number;
  /** Recorded points. */
  n: number;
  /** Parameters per point (0 when the model streams none). */
  dim: number;
  cols: Record<'step' | 'loss' | 'batchLoss' | 'stepSize' | 'gradNorm', ArrayLike<number>>;
  /** Row-major, n·dim values. */
  params: ArrayLike<number>;
  extraEvaluations?: number;
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function traceFromColumns(experiment: Experiment, data: { x: number[][]; y: number[] } | null, runs: readonly ColumnRun[]): Trace {
  return {
    version: 1,
    experiment,
    data: data ? { x: data.x.map((r) => [...r]), y: [...data.y] } : null,
    runs: runs.map((r): TraceRun => {
      const col = (a: ArrayLike<number>) => Array.from({ length: r.n }, (_, i) => finite(a[i]));
      const params: number[][] = [];
      for (let i = 0; i < r.n; i++) params.push(Array.from({ length: r.dim }, (_, k) => r.params[i * r.dim + k]));
      const out: TraceRun = {
        label: r.label,
        optimizer: r.optimizer,
        status: r.status === 'diverged' ? 'diverged' : 'ok',
        extraEvaluations: r.extraEvaluations ?? 0,
        step: Array.from({ length: r.n }, (_, i) => r.cols.step[i]),
        loss: col(r.cols.loss),
        batchLoss: col(r.cols.batchLoss),
        stepSize: col(r.cols.stepSize),
        gradNorm: col(r.cols.gradNorm),
        params,
      };
      if (r.status === 'diverged') {
        if (r.reason !== undefined) out.reason = r.reason;
        if (r.divergedAt !== undefined) out.divergedAt = r.divergedAt;
      }
      return out;
    }),
  };
}

/** A CSV field: quoted when it holds a comma, quote or line break (RFC 4180); formula-leading text defused. */
function csvField(s: string): string {
  const t = /^[=+\-@\t\r]/.test(s) && !/^-?[\d.]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

const csvNumber = (v: number | null): string => (v === null ? '' : String(v));

/**
 * One row per recorded point of every run: run, label, optimizer, step, loss, batch_loss, step_size,
 * grad_norm, then one column per parameter (`paramNames`, else theta_0 …). Empty cells for null.
 */
export function traceCsv(trace: Trace, paramNames?: readonly string[]): string {
  const dim = Math.max(0, ...trace.runs.map((r) => r.params[0]?.length ?? 0));
  const names = Array.from({ length: dim }, (_, k) => paramNames?.[k] ?? `theta_${k}`);
  const lines = [['run', 'label', 'optimizer', 'step', 'loss', 'batch_loss', 'step_size', 'grad_norm', ...names].map(csvField).join(',')];
  trace.runs.forEach((r, j) => {
    for (let i = 0; i < r.step.length; i++) {
      const p = r.params[i] ?? [];
      lines.push([
        String(j), csvField(r.label), csvField(r.optimizer), String(r.step[i]),
        csvNumber(r.loss[i]), csvNumber(r.batchLoss[i]), csvNumber(r.stepSize[i]), csvNumber(r.gradNorm[i]),
        ...Array.from({ length: dim }, (_, k) => (p[k] === undefined ? '' : csvNumber(finite(p[k])))),
      ].join(','));
    }
  });
  return `${lines.join('\n')}\n`;
}

const nullableNumbers = z.array(z.number().nullable());

const TRACE_RUN = z.object({
  label: z.string(),
  optimizer: z.string(),
  status: z.enum(['ok', 'diverged']),
  reason: z.string().optional(),
  divergedAt: z.number().int().nonnegative().optional(),
  extraEvaluations: z.number().int().nonnegative(),
  step: z.array(z.number().int().nonnegative()),
  loss: nullableNumbers,
  batchLoss: nullableNumbers,
  stepSize: nullableNumbers,
  gradNorm: nullableNumbers,
  params: z.array(z.array(z.number())),
}).superRefine((r, ctx) => {
  for (const k of ['loss', 'batchLoss', 'stepSize', 'gradNorm', 'params'] as const) {
    if (r[k].length !== r.step.length) ctx.addIssue({ code: 'custom', path: [k], message: `has ${r[k].length} entries for ${r.step.length} steps` });
  }
  for (let i = 1; i < r.step.length; i++) {
    if (r.step[i] <= r.step[i - 1]) {
      ctx.addIssue({ code: 'custom', path: ['step', i], message: 'steps must increase' });
      break;
    }
  }
});

const TRACE = z.object({
  version: z.literal(1),
  experiment: z.unknown(),
  data: z.object({ x: z.array(z.array(z.number())), y: z.array(z.number()) }).nullable(),
  runs: z.array(TRACE_RUN),
});

/** Checks a parsed trace file; errors name the field (`runs.0.loss: …`). */
export function parseTrace(value: unknown): { ok: true; trace: Trace } | { ok: false; errors: string[] } {
  const r = TRACE.safeParse(value);
  const errors = r.success ? [] : r.error.issues.map((i) => `${i.path.join('.') || '(trace)'}: ${i.message}`);
  if (r.success) {
    const e = parseExperiment(r.data.experiment);
    if (!e.ok) errors.push(...e.errors.map((m) => `experiment: ${m}`));
    else if (e.experiment.runs.length !== r.data.runs.length) errors.push(`runs: ${r.data.runs.length} runs for an experiment of ${e.experiment.runs.length}`);
  }
  return errors.length ? { ok: false, errors } : { ok: true, trace: value as Trace };
}
