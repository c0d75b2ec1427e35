/**
 * fast-check arbitraries of valid experiments, built from the optimizer and problem tables: every
 * problem id (both paths), its parameters in range, generated data, user points or text, 1–16 runs
 * with any subset of hyperparameters in range, schedules, batches within the data, starts of the
 * problem's dimension. Valid means: `parseExperiment` accepts it and a float64 problem builds with it.
 * Test-only: nothing in the engine imports this file.
 */
import fc from 'fast-check';
import { LIMITS, parseExperiment } from '../experiment/schema';
import { BACKEND_CHOICES, type DataSpec, type Experiment, type RunSpec } from '../experiment/types';
import { OPTIMIZERS, OPTIMIZER_IDS, type HyperSpec } from '../optim/aliases';
import type { HyperValue } from '../optim/transform';
import { PROBLEMS, makeProblem, type ParamSpec } from '../problems/registry';
import { GENERATORS } from '../problems/data';
import { makeRng } from '../rng';
import { ALL_PROBLEM_IDS, PROBLEM_TABLE } from './keys';
import { CONTROL } from './codecs';

const INT32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

/** A number in a spec's range (any double, −0 and extremes included). */
function inRange(min = -Number.MAX_VALUE, max = Number.MAX_VALUE, opts: { integer?: boolean; maxExclusive?: boolean } = {}): fc.Arbitrary<number> {
  if (opts.integer) return fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31) });
  if (max === Infinity) return fc.oneof(fc.constant(Infinity), fc.double({ min, noNaN: true, noDefaultInfinity: true }));
  return fc.double({ min, max, noNaN: true, maxExcluded: opts.maxExclusive ?? false });
}

const paramValue = (p: ParamSpec) => inRange(p.min, p.max, { integer: p.integer });

function hyperValue(spec: HyperSpec, dim: number | undefined): fc.Arbitrary<HyperValue> {
  const x = inRange(spec.min, spec.max, { maxExclusive: spec.maxExclusive });
  switch (spec.kind) {
    case 'number': return x;
    case 'boolean': return fc.boolean();
    case 'pair': return fc.tuple(x, x);
    case 'vector': return dim === undefined ? fc.array(x, { maxLength: 4 }) : fc.oneof(fc.constant<number[]>([]), fc.array(x, { minLength: dim, maxLength: dim }));
  }
}

/** Any subset of `specs` with values, as an object (undefined when empty). */
function someOf<S>(specs: Record<string, S>, value: (s: S) => fc.Arbitrary<unknown>): fc.Arbitrary<Record<string, unknown> | undefined> {
  const entries = Object.entries(specs).map(([k, s]) => fc.option(value(s).map((v) => [k, v] as const), { nil: undefined }));
  return fc.tuple(...entries).map((kv) => {
    const out = Object.fromEntries(kv.filter((e) => e !== undefined) as [string, unknown][]);
    return Object.keys(out).length ? out : undefined;
  });
}

/** Plain-text labels: no markup, no control characters, ≤ LIMITS.label UTF-16 units. */
export const labelArb = fc
  .oneof(fc.string({ maxLength: LIMITS.label }), fc.string({ unit: 'grapheme', maxLength: LIMITS.label / 2 }))
  .map((s) => s.replace(CONTROL, '').replace(/</g, '‹'))
  .filter((s) => s.length <= LIMITS.label);

const colorArb = fc.stringMatching(/^#[0-9a-fA-F]{6}$/);

function dataArb(problem: string): fc.Arbitrary<DataSpec | undefined> {
  const meta = PROBLEM_TABLE[problem];
  const options: fc.WeightedArbitrary<DataSpec | undefined>[] = [{ arbitrary: fc.constant(undefined), weight: 1 }];
  for (const generator of meta.generators) {
    const g = Object.hasOwn(GENERATORS, generator) ? GENERATORS[generator] : undefined;
    options.push({ weight: 1, arbitrary: fc.record({
      generator: fc.constant(generator),
      n: fc.integer({ min: 1, max: 3000 }),
      noise: generator === 'phases' ? fc.constant(0) : fc.double({ min: 0, max: 1e6, noNaN: true }),
      seed: INT32,
      d: g?.fixedD !== undefined ? fc.constant(g.fixedD) : fc.integer({ min: 1, max: 30 }),
    }, { requiredKeys: ['generator'], noNullPrototype: true }) });
  }
  if (meta.acceptsPoints) {
    const width = problem === 'linear-regression' ? fc.integer({ min: 1, max: 4 }) : fc.constant(1);
    options.push({ weight: 3, arbitrary: width.chain((w) => {
      const x = w === 1 ? fc.oneof(finite, fc.array(finite, { minLength: 1, maxLength: 1 })) : fc.array(finite, { minLength: w, maxLength: w });
      return fc.array(fc.tuple(x, finite), { minLength: 1, maxLength: 30 }).map((points) => ({ points }));
    }) });
  }
  if (meta.acceptsText) options.push({ weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }).map((text) => ({ text })) });
  return fc.oneof(...options);
}

/** Dimension and sample count of a float64 problem with the probe the decoder uses; undefined if it does not build. */
function probe(problem: string, params: Record<string, number> | undefined, data: DataSpec | undefined): { dim: number; n: number } | 'fails' | undefined {
  if (!PROBLEMS[problem]) return undefined;
  try {
    const p = makeProblem(problem, params, data && 'generator' in data ? { ...data, n: Math.min(data.n ?? 16, 16) } : data, makeRng(0).fork('data'));
    const spec = PROBLEMS[problem];
    const n = data && 'points' in data ? data.points.length
      : spec.generators.length === 0 ? p.n
      : data && 'generator' in data ? (data.n ?? GENERATORS[data.generator].n) : spec.defaultData?.n ?? p.n;
    return { dim: p.dim, n };
  } catch {
    return 'fails';
  }
}

function runArb(dim: number | undefined, n: number | undefined): fc.Arbitrary<RunSpec> {
  return fc.constantFrom(...OPTIMIZER_IDS).chain((id) => fc.record({
    label: labelArb,
    optimizer: fc.constant(id),
    hyper: someOf(OPTIMIZERS[id].hyper, (s) => hyperValue(s, dim)),
    schedule: fc.record({
      kind: fc.constantFrom(...(['constant', 'inverse', 'step-decay', 'step-lr'] as const)),
      stepSize: fc.integer({ min: 1, max: 1e9 }), gamma: fc.double({ min: 0, max: 1e6, noNaN: true }), per: fc.constantFrom(...(['step', 'epoch'] as const)),
    }, { requiredKeys: ['kind'], noNullPrototype: true }),
    batchSize: fc.integer({ min: 1, max: n ?? 1000 }),
    init: fc.oneof(fc.constant('random' as const), fc.array(finite, dim === undefined ? { maxLength: 5 } : { minLength: dim, maxLength: dim })),
    seed: INT32,
    color: colorArb,
  }, { requiredKeys: ['label', 'optimizer'], noNullPrototype: true })).map((r) => {
    const run = { ...r } as RunSpec;
    if (run.hyper === undefined) delete run.hyper;
    return run;
  });
}

/** Valid experiments over the whole problem and optimizer tables. */
export const experimentArb: fc.Arbitrary<Experiment> = fc
  .constantFrom(...ALL_PROBLEM_IDS)
  .chain((problem) => fc.tuple(fc.constant(problem), someOf(PROBLEM_TABLE[problem].params, paramValue), dataArb(problem)))
  .map(([problem, params, data]) => ({ problem, params: params as Record<string, number> | undefined, data, probe: probe(problem, params as Record<string, number> | undefined, data) }))
  .filter((s) => s.probe !== 'fails')
  .chain(({ problem, params, data, probe: pr }) => {
    const dn = pr && pr !== 'fails' ? pr : undefined;
    return fc.record({
      runs: fc.array(runArb(dn?.dim, dn?.n), { minLength: 1, maxLength: LIMITS.runs }),
      length: fc.oneof(fc.constant({}), fc.record({ steps: fc.integer({ min: 0, max: LIMITS.steps }) }, { noNullPrototype: true }), fc.record({ epochs: fc.integer({ min: 0, max: LIMITS.epochs }) }, { noNullPrototype: true })),
      rest: fc.record({
        seed: INT32, sampling: fc.constantFrom(...(['shuffle', 'replacement'] as const)),
        record: fc.oneof(fc.constant('all' as const), fc.record({ every: fc.integer({ min: 1, max: 1e9 }) }, { noNullPrototype: true })),
        backend: fc.constantFrom(...BACKEND_CHOICES),
      }, { requiredKeys: [], noNullPrototype: true }),
    }).map(({ runs, length, rest }) => {
      const e: Experiment = { version: 1, problem, runs, ...length, ...rest };
      if (params) e.problemParams = params;
      if (data) e.data = data;
      return e;
    });
  })
  .filter((e) => parseExperiment(e).ok);
