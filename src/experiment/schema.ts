/**
 * Validation of the experiment format, version 1. Structure is checked with zod; names and ranges
 * against the optimizer and problem tables. Every message names the field it is about, e.g.
 * `runs[1].hyper.lr: must be ≥ 0, got -1`. Nothing in an experiment is ever evaluated.
 */
import { z } from 'zod';
import { OPTIMIZERS, OPTIMIZER_IDS, type HyperSpec } from '../optim/aliases';
import { PROBLEMS, PROBLEM_IDS, makeProblem } from '../problems/registry';
import { GENERATORS } from '../problems/data';
import { makeRng } from '../rng';
import { MODEL_CATALOG, MODEL_IDS } from '../models/catalog';
import { parseExpression, EXPRESSION_LIMITS } from '../parse/expression';
import { BACKEND_CHOICES, type Experiment } from './types';

/** Limits that keep a file or link from freezing the page. */
export const LIMITS = {
  runs: 16,
  steps: 10_000_000,
  epochs: 1_000_000,
  points: 100_000,
  features: 1_000,
  label: 80,
  n: 1_000_000,
  /** User text for the transformer, in characters. */
  text: 2_000_000,
  /** Numbers in the data set, samples × (features + 1): what the worker and the page can hold. */
  cells: 10_000_000,
} as const;

// zod's number already refuses NaN and ±Infinity; the message says so plainly.
const finite = z.number({ error: 'must be a finite number' });
const int = (min: number, max: number) =>
  z.number().int({ message: 'must be an integer' }).min(min, { message: `must be ≥ ${min}` }).max(max, { message: `must be ≤ ${max}` });

const scheduleSchema = z.strictObject({
  kind: z.enum(['constant', 'inverse', 'step-decay', 'step-lr']),
  stepSize: int(1, 1e9).optional(),
  gamma: finite.min(0).max(1e6).optional(),
  per: z.enum(['step', 'epoch']).optional(),
});

// Values are checked against the optimizer's own specs below (checkHyper), with clearer messages.
const hyperValue = z.unknown();

const runSchema = z.strictObject({
  label: z.string().max(LIMITS.label, { message: `must be at most ${LIMITS.label} characters` }),
  optimizer: z.string(),
  hyper: z.record(z.string(), hyperValue).optional(),
  schedule: scheduleSchema.optional(),
  batchSize: int(1, LIMITS.n).optional(),
  init: z.union([z.array(finite).max(LIMITS.features + 1), z.literal('random')]).optional(),
  seed: int(-(2 ** 31), 2 ** 31 - 1).optional(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: 'must be a colour like #1f77b4' }).optional(),
});

const generatedSchema = z.strictObject({
  generator: z.string(),
  n: int(1, LIMITS.n).optional(),
  noise: finite.min(0, { message: 'must be ≥ 0' }).max(1e6).optional(),
  seed: int(-(2 ** 31), 2 ** 31 - 1).optional(),
  d: int(1, LIMITS.features).optional(),
});

const pointSchema = z.tuple([z.union([finite, z.array(finite).min(1).max(LIMITS.features)]), finite]);
const pointsSchema = z.strictObject({
  points: z.array(pointSchema).min(1, { message: 'must hold at least one point' }).max(LIMITS.points, { message: `must hold at most ${LIMITS.points} points` }),
});

const textSchema = z.strictObject({
  text: z.string().min(1, { message: 'must not be empty' }).max(LIMITS.text, { message: `must be at most ${LIMITS.text} characters` }),
});

const experimentSchema = z.strictObject({
  version: z.literal(1, { message: 'must be 1 (the only version so far)' }),
  problem: z.string(),
  problemParams: z.record(z.string(), finite).optional(),
  data: z.union([generatedSchema, pointsSchema, textSchema]).optional(),
  runs: z.array(runSchema).min(1, { message: 'must hold at least one run' }).max(LIMITS.runs, { message: `must hold at most ${LIMITS.runs} runs` }),
  steps: int(0, LIMITS.steps).optional(),
  epochs: int(0, LIMITS.epochs).optional(),
  seed: int(-(2 ** 31), 2 ** 31 - 1).optional(),
  sampling: z.enum(['shuffle', 'replacement']).optional(),
  record: z.union([z.literal('all'), z.strictObject({ every: int(1, 1e9) })]).optional(),
  backend: z.enum(BACKEND_CHOICES).optional(),
  precision: z.enum(['float64', 'float32']).optional(),
  stopLoss: finite.optional(),
  expression: z.string().max(EXPRESSION_LIMITS.length, { message: `must be at most ${EXPRESSION_LIMITS.length} characters` }).optional(),
});

export type ParseResult = { ok: true; experiment: Experiment } | { ok: false; errors: string[] };

function pathToString(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? String(p) : `.${String(p)}`;
  return s || '(root)';
}

interface Issue {
  code?: string;
  path: PropertyKey[];
  message: string;
  errors?: Issue[][];
}

/**
 * One message per issue. A failed union ("a number or an array") says only "Invalid input"; when one
 * branch got further into the value (a deeper path), its own messages are the useful ones.
 */
function explain(issue: Issue, prefix: PropertyKey[]): string[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors?.length) {
    const depth = (branch: Issue[]) => Math.max(...branch.map((i) => i.path.length));
    const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0];
    if (best.length && depth(best) > 0) return best.flatMap((i) => explain(i, path));
  }
  return [`${pathToString(path)}: ${issue.message}`];
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return Array.isArray(v) ? 'an array' : typeof v;
}

/** Checks one hyperparameter value against its spec; returns a message or null. */
export function checkHyper(spec: HyperSpec, v: unknown): string | null {
  const inRange = (x: number): string | null => {
    if (typeof x !== 'number' || Number.isNaN(x)) return `must be a number, got ${describe(x)}`;
    if (spec.min !== undefined && x < spec.min) return `must be ≥ ${spec.min}, got ${x}`;
    if (spec.max !== undefined && (spec.maxExclusive ? x >= spec.max : x > spec.max)) return `must be ${spec.maxExclusive ? '<' : '≤'} ${spec.max}, got ${x}`;
    if (!Number.isFinite(x) && spec.max !== Infinity) return `must be finite, got ${x}`;
    return null;
  };
  switch (spec.kind) {
    case 'boolean':
      return typeof v === 'boolean' ? null : `must be true or false, got ${describe(v)}`;
    case 'pair':
      if (!Array.isArray(v) || v.length !== 2) return `must be a pair [a, b], got ${describe(v)}`;
      return inRange(v[0]) ?? inRange(v[1]);
    case 'number':
      return inRange(v as number);
    case 'vector':
      if (!Array.isArray(v) || v.length > LIMITS.features + 1) return `must be an array of at most ${LIMITS.features + 1} numbers`;
      for (const x of v) {
        const m = inRange(x);
        if (m) return m;
      }
      return null;
  }
}

/** Validates an unknown value (parsed JSON) as an experiment of version 1. */
export function parseExperiment(input: unknown): ParseResult {
  const r = experimentSchema.safeParse(input);
  if (!r.success) {
    return { ok: false, errors: r.error.issues.flatMap((i) => explain(i, [])) };
  }
  const e = r.data as Experiment;
  const errors: string[] = [];
  const problem = PROBLEMS[e.problem] ?? MODEL_CATALOG[e.problem];
  if (!problem) {
    errors.push(`problem: unknown problem ${describe(e.problem)} (known: ${[...PROBLEM_IDS, ...MODEL_IDS].join(', ')})`);
  } else {
    for (const [k, v] of Object.entries(e.problemParams ?? {})) {
      const p = problem.params[k];
      if (!p) errors.push(`problemParams.${k}: unknown parameter for ${e.problem}${Object.keys(problem.params).length ? ` (known: ${Object.keys(problem.params).join(', ')})` : ''}`);
      else if (v < p.min || v > p.max) errors.push(`problemParams.${k}: must be in [${p.min}, ${p.max}], got ${v}`);
      else if (p.integer && !Number.isInteger(v)) errors.push(`problemParams.${k}: must be an integer, got ${v}`);
    }
    if (e.data) {
      if ('text' in e.data) {
        if (!problem.acceptsText) errors.push(`data.text: problem ${e.problem} does not take text`);
      } else if ('points' in e.data) {
        if (!problem.acceptsPoints) errors.push(`data.points: problem ${e.problem} does not take user data`);
        const widths = new Set(e.data.points.map(([x]) => (Array.isArray(x) ? x.length : 1)));
        if (widths.size > 1) errors.push(`data.points: every row needs the same number of features (found ${[...widths].join(' and ')})`);
      } else if (!problem.generators.includes(e.data.generator)) {
        errors.push(`data.generator: ${describe(e.data.generator)} does not apply to ${e.problem}${problem.generators.length ? ` (use ${problem.generators.join(' or ')})` : ' (it takes no data)'}`);
      }
    }
  }
  if (e.expression !== undefined) {
    if (e.problem !== 'expression') errors.push(`expression: only problem "expression" takes a typed objective (this is ${describe(e.problem)})`);
    else {
      const parsed = parseExpression(e.expression);
      if (!parsed.ok) errors.push(`expression: ${parsed.error}`);
    }
  }
  if (e.steps !== undefined && e.epochs !== undefined) errors.push('steps/epochs: give one of the two, not both');
  const n = dataSampleCount(e);
  e.runs.forEach((run, i) => {
    const opt = OPTIMIZERS[run.optimizer];
    if (!opt) {
      errors.push(`runs[${i}].optimizer: unknown optimizer ${describe(run.optimizer)} (known: ${OPTIMIZER_IDS.join(', ')})`);
      return;
    }
    for (const [k, v] of Object.entries(run.hyper ?? {})) {
      const spec = opt.hyper[k];
      if (!spec) {
        errors.push(`runs[${i}].hyper.${k}: ${run.optimizer} has no hyperparameter ${k} (it has ${Object.keys(opt.hyper).join(', ')})`);
        continue;
      }
      const msg = checkHyper(spec, v);
      if (msg) errors.push(`runs[${i}].hyper.${k}: ${msg}`);
    }
    if (run.optimizer === 'sgd' && run.hyper?.nesterov === true) {
      const mu = (run.hyper.momentum as number | undefined) ?? 0;
      const tau = (run.hyper.dampening as number | undefined) ?? 0;
      if (mu <= 0 || tau !== 0) errors.push(`runs[${i}].hyper.nesterov: Nesterov momentum requires a momentum and zero dampening`);
    }
    if (n !== undefined && run.batchSize !== undefined && run.batchSize > n) {
      errors.push(`runs[${i}].batchSize: ${run.batchSize} is larger than the ${n} samples`);
    }
  });
  if (!errors.length) errors.push(...buildCheck(e));
  return errors.length ? { ok: false, errors } : { ok: true, experiment: e };
}

/** Rows used to build the problem for buildCheck: a problem's dimension does not depend on N. */
const PROBE_ROWS = 16;

/**
 * What only the built problem knows, so that an accepted experiment always loads: the data's size,
 * parameters the problem refuses (a quadratic that is not positive definite), and its dimension, which
 * start points and vector hyperparameters must match. Float64 problems are built on at most 16 rows.
 */
/**
 * Samples of a float64 problem's data set, where known without building the problem: the user's
 * points, the generator's n (or that generator's default), or the problem's default data. Undefined
 * for a problem without data (a 2-D surface: the built problem says) and for the neural models.
 */
export function dataSampleCount(e: Experiment): number | undefined {
  const spec = PROBLEMS[e.problem];
  if (!spec) return undefined;
  if (e.data && 'points' in e.data) return e.data.points.length;
  if (e.data && 'generator' in e.data) return e.data.n ?? (Object.hasOwn(GENERATORS, e.data.generator) ? GENERATORS[e.data.generator].n : undefined);
  return spec.defaultData?.n;
}

function buildCheck(e: Experiment): string[] {
  const errors: string[] = [];
  const d = e.data;
  if (d && !('text' in d)) {
    const rows = 'points' in d ? d.points.length : (d.n ?? 0);
    const x0 = 'points' in d ? d.points[0]?.[0] : undefined;
    const width = 'points' in d ? (Array.isArray(x0) ? x0.length : 1) : (d.d ?? 1);
    if (rows * (width + 1) > LIMITS.cells) {
      errors.push(`data: ${rows} samples × ${width + 1} values is more than the ${LIMITS.cells.toLocaleString('en')} numbers the page can hold; use fewer samples or features`);
    }
  }
  if (!PROBLEMS[e.problem]) return errors; // neural models: the tensor path checks its own sizes
  const probe = !d || 'text' in d ? d : 'points' in d ? { points: d.points.slice(0, PROBE_ROWS) } : { ...d, n: Math.min(d.n ?? PROBE_ROWS, PROBE_ROWS) };
  let dim: number;
  let names: string[];
  /** Samples of a problem without a data set (a 2-D surface has one); data sets were checked above. */
  let samples: number | undefined;
  try {
    const problem = makeProblem(e.problem, e.problemParams, probe, makeRng(0).fork('data'), { expression: e.expression });
    dim = problem.dim;
    names = problem.paramNames;
    if (dataSampleCount(e) === undefined) samples = problem.n;
  } catch (err) {
    return [...errors, `problem: ${(err as Error).message}`];
  }
  e.runs.forEach((run, i) => {
    if (samples !== undefined && run.batchSize !== undefined && run.batchSize > samples) {
      errors.push(`runs[${i}].batchSize: ${run.batchSize} is larger than the ${samples} samples`);
    }
    if (Array.isArray(run.init) && run.init.length !== dim) {
      errors.push(`runs[${i}].init: ${e.problem} has ${dim} parameters (${names.join(', ')}), got ${run.init.length} values`);
    }
    for (const [k, v] of Object.entries(run.hyper ?? {})) {
      if (OPTIMIZERS[run.optimizer]?.hyper[k]?.kind === 'vector' && Array.isArray(v) && v.length > 0 && v.length !== dim) {
        errors.push(`runs[${i}].hyper.${k}: needs ${dim} entries (one per parameter), got ${v.length}`);
      }
    }
  });
  return errors;
}

/** Parses JSON text; a syntax error is reported like any other error. */
export function parseExperimentText(text: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`(file): not valid JSON: ${(err as Error).message}`] };
  }
  return parseExperiment(json);
}
