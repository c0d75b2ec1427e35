/**
 * The key table of the link format, version 1: per key its codec (with the range), where it is
 * written, what an absent key means, and the experiment field it reads and writes. The encoder, the
 * decoder and docs/links.md are driven by these tables; hyperparameters (`r0.lr`) and problem
 * parameters (`p.degree`) get their codecs from the optimizer and problem tables.
 *
 * An absent optional key leaves its field absent, so that the engine applies the same default as for
 * an experiment file; `default` documents that value.
 */
import { LIMITS } from '../experiment/schema';
import { BACKEND_CHOICES, type Experiment, type GeneratedData, type RunSpec } from '../experiment/types';
import type { ScheduleSpec } from '../optim/schedules';
import { OPTIMIZER_IDS, type HyperSpec } from '../optim/aliases';
import type { HyperValue } from '../optim/transform';
import { PROBLEMS, PROBLEM_IDS, type ParamSpec, type ProblemMeta } from '../problems/registry';
import { MODEL_CATALOG } from '../models/catalog';
import { INT32, bool, color, expression, init, int, list, name, num, oneOf, plainText, points, record, text, type Codec } from './codecs';

export const LINK_VERSION = 1;

export const LINK_LIMITS = {
  /** Characters of a whole hash: 2 MB, Chrome's URL limit. Longer links are refused whole. */
  hash: 2_000_000,
  /** Entries of the `ignored` list before the rest is summarised. */
  issues: 50,
} as const;

/** Every problem id of the format, both numeric paths (the validator's list). */
export const PROBLEM_TABLE: Readonly<Record<string, ProblemMeta>> = { ...PROBLEMS, ...MODEL_CATALOG };
export const ALL_PROBLEM_IDS = Object.keys(PROBLEM_TABLE);

/** The problem of a link without a (valid) `problem` key. */
export const DEFAULT_PROBLEM = PROBLEM_IDS.includes('rosenbrock') ? 'rosenbrock' : PROBLEM_IDS[0];
/** The run of a link without any valid run. */
export const DEFAULT_RUN: RunSpec = { label: 'SGD', optimizer: 'sgd' };

export interface Field<S, T = unknown> {
  /** The key as written; run keys are prefixed with `r<i>.` (r0.opt). */
  key: string;
  codec: Codec<T>;
  /** Where the encoder writes it: a flat pair, or inside the compressed payload `z`. */
  place: 'flat' | 'payload';
  /** What an absent key means. */
  default: string;
  doc: string;
  get(s: S): T | undefined;
  set(s: S, v: T): void;
}

const field = <S, T>(f: Field<S, T>): Field<S> => f as unknown as Field<S>;

/** Experiment-level keys, decoded in this order (`problem` first: `p.*` and `data` depend on it). */
export const EXPERIMENT_KEYS: Field<Experiment>[] = [
  field({ key: 'problem', codec: oneOf(ALL_PROBLEM_IDS, 'problem'), place: 'flat', default: DEFAULT_PROBLEM, doc: 'problem id (required)', get: (e) => e.problem, set: (e, v) => (e.problem = v) }),
  field({ key: 'steps', codec: int(0, LIMITS.steps), place: 'flat', default: '1000 (if epochs is absent too)', doc: 'updates per run', get: (e) => e.steps, set: (e, v) => (e.steps = v) }),
  field({ key: 'epochs', codec: int(0, LIMITS.epochs), place: 'flat', default: '—', doc: 'passes over the data per run (instead of steps)', get: (e) => e.epochs, set: (e, v) => (e.epochs = v) }),
  field({ key: 'seed', codec: INT32, place: 'flat', default: '0', doc: 'root seed', get: (e) => e.seed, set: (e, v) => (e.seed = v) }),
  field({ key: 'sampling', codec: oneOf(['shuffle', 'replacement'] as const, 'sampling'), place: 'flat', default: 'shuffle', doc: 'how mini-batches are drawn', get: (e) => e.sampling, set: (e, v) => (e.sampling = v) }),
  field({ key: 'stoploss', codec: num({ min: -1e300, max: 1e300 }), place: 'flat', default: '— (no loss threshold)', doc: 'stop a run once its full-data loss is below this value', get: (e) => e.stopLoss, set: (e, v) => (e.stopLoss = v) }),
  field({ key: 'record', codec: record, place: 'flat', default: 'a stride of about 2 000 points', doc: '`all`, or k to keep every k-th step', get: (e) => e.record, set: (e, v) => (e.record = v) }),
  field({ key: 'backend', codec: oneOf(BACKEND_CHOICES, 'backend'), place: 'flat', default: 'auto', doc: 'TF.js backend (tensor path)', get: (e) => e.backend, set: (e, v) => (e.backend = v) }),
  field({ key: 'precision', codec: oneOf(['float64', 'float32'] as const, 'precision'), place: 'flat', default: 'float64', doc: '`float32` runs the problem on the tensor path (TF.js float32)', get: (e) => e.precision, set: (e, v) => (e.precision = v) }),
  field({ key: 'expr', codec: expression, place: 'flat', default: 'Rosenbrock typed', doc: 'typed objective f(x, y) (problem `expression`); parsed, never evaluated as code', get: (e) => e.expression, set: (e, v) => (e.expression = v) }),
];

/** Generated data: `data=<generator>` and its fields. */
export const DATA_KEYS: Field<GeneratedData>[] = [
  // Any name here; the decoder checks it against the problem's generators.
  field({ key: 'data', codec: name, place: 'flat', default: "the problem's first generator", doc: 'data generator', get: (d) => d.generator, set: (d, v) => (d.generator = v) }),
  field({ key: 'n', codec: int(1, LIMITS.n), place: 'flat', default: "the generator's n", doc: 'number of samples', get: (d) => d.n, set: (d, v) => (d.n = v) }),
  field({ key: 'noise', codec: num({ min: 0, max: 1e6 }), place: 'flat', default: "the generator's σ", doc: 'noise standard deviation σ', get: (d) => d.noise, set: (d, v) => (d.noise = v) }),
  field({ key: 'd', codec: int(1, LIMITS.features), place: 'flat', default: "the generator's d", doc: 'input dimension (generator `linear`)', get: (d) => d.d, set: (d, v) => (d.d = v) }),
  field({ key: 'dseed', codec: INT32, place: 'flat', default: "the root seed's data stream", doc: 'seed of the data stream', get: (d) => d.seed, set: (d, v) => (d.seed = v) }),
];

/** User data: replaces generated data. */
export const POINTS_KEY = { key: 'points', codec: points, place: 'payload', default: '—', doc: 'user data `[[x, y], …]` as JSON (−0 as "-0")' } as const;
/** User text (the character transformer): replaces generated data. */
export const TEXT_KEY = { key: 'text', codec: text(LIMITS.text), place: 'payload', default: '—', doc: `user text, at most ${LIMITS.text} characters` } as const;

/** The compressed payload. */
export const PAYLOAD_KEY = 'z';
/** The link version. */
export const VERSION_KEY = 'v';

const SCHEDULE_KINDS = ['constant', 'inverse', 'step-decay', 'step-lr'] as const;

/** Per-run keys, written `r<i>.<key>`; `opt` first (hyperparameter keys depend on it). */
export const RUN_KEYS: Field<RunSpec>[] = [
  field({ key: 'opt', codec: oneOf(OPTIMIZER_IDS, 'optimizer'), place: 'flat', default: '— (a run without one is dropped)', doc: 'optimizer id', get: (r) => r.optimizer, set: (r, v) => (r.optimizer = v) }),
  field({ key: 'label', codec: plainText(LIMITS.label), place: 'flat', default: "the optimizer's name", doc: `legend label, plain text, ≤ ${LIMITS.label} characters`, get: (r) => r.label, set: (r, v) => (r.label = v) }),
  field({ key: 'bs', codec: int(1, LIMITS.n), place: 'flat', default: 'the full batch', doc: 'mini-batch size (clamped to the number of samples)', get: (r) => r.batchSize, set: (r, v) => (r.batchSize = v) }),
  field({ key: 'init', codec: init, place: 'flat', default: "the problem's start", doc: '`random`, or the start point, comma-separated', get: (r) => r.init, set: (r, v) => (r.init = v) }),
  field({ key: 'seed', codec: INT32, place: 'flat', default: 'the shared start', doc: "the run's own seed (random start)", get: (r) => r.seed, set: (r, v) => (r.seed = v) }),
  field({ key: 'color', codec: color, place: 'flat', default: 'the palette', doc: 'display colour rrggbb', get: (r) => r.color, set: (r, v) => (r.color = v) }),
];

/** Schedule keys, written `r<i>.sched…`; the others need `sched`. */
export const SCHEDULE_KEYS: Field<ScheduleSpec>[] = [
  field({ key: 'sched', codec: oneOf(SCHEDULE_KINDS, 'schedule'), place: 'flat', default: 'constant', doc: 'schedule kind', get: (s) => s.kind, set: (s, v) => (s.kind = v) }),
  field({ key: 'sched.step', codec: int(1, 1e9), place: 'flat', default: '1000 (step-decay), 30 (step-lr)', doc: 's, steps or epochs per stage', get: (s) => s.stepSize, set: (s, v) => (s.stepSize = v) }),
  field({ key: 'sched.gamma', codec: num({ min: 0, max: 1e6 }), place: 'flat', default: '0.1', doc: "d, StepLR's factor", get: (s) => s.gamma, set: (s, v) => (s.gamma = v) }),
  field({ key: 'sched.per', codec: oneOf(['step', 'epoch'] as const, 'unit'), place: 'flat', default: 'step', doc: 'k counts updates or epochs', get: (s) => s.per, set: (s, v) => (s.per = v) }),
];

/** Prefix of problem-parameter keys: `p.degree=9`. */
export const PARAM_PREFIX = 'p.';

export function paramCodec(spec: ParamSpec): Codec<number> {
  return num({ min: spec.min, max: spec.max, integer: spec.integer });
}

/** The codec of a hyperparameter, from its spec (kind and range). */
export function hyperCodec(spec: HyperSpec): Codec<HyperValue> {
  const range = { min: spec.min, max: spec.max, maxExclusive: spec.maxExclusive };
  switch (spec.kind) {
    case 'number': return num(range) as Codec<HyperValue>;
    case 'boolean': return bool as Codec<HyperValue>;
    case 'pair': return list(range, 2, 2) as Codec<HyperValue>;
    case 'vector': return list(range, LIMITS.features + 1) as Codec<HyperValue>;
  }
}

/** The codec of a hyperparameter value of an unknown optimizer (encoding only: by the value's type). */
export function encodeHyperValue(v: HyperValue): string {
  return typeof v === 'boolean' ? bool.encode(v) : Array.isArray(v) ? list({}, Infinity).encode(v) : num().encode(v);
}

/** Every fixed key name (run keys without prefix), for collision checks and docs. */
export const FIXED_RUN_KEYS = [...RUN_KEYS, ...SCHEDULE_KEYS].map((f) => f.key);
