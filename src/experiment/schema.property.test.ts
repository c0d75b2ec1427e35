/**
 * Properties of the experiment validator (issue 7): whatever it is given (any JSON, any text, valid
 * experiments with one part broken) it never throws, answers with messages when it refuses, and never
 * accepts an experiment the engine then fails to build: accepted ⇒ `new Runner` succeeds and steps.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExperiment, parseExperimentText } from './schema';
import type { Experiment } from './types';
import { experimentArb } from '../link/arbitrary';
import { Runner } from '../run/runner';
import { MODEL_CATALOG } from '../models/catalog';

/** Values a file or a bug could put anywhere. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, -1, 1e308, -1e308, 5e-324, 2 ** 53, 2 ** 31, 1e7 + 1, 0.5, '', '1', 'NaN', 'sgd', '__proto__', null, true, [], {}, [0], [[0, 0]], { every: 0 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 30 }),
);

type Path = (string | number)[];

function paths(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

/** A deep copy of `v` with the value at `path` replaced (or deleted, or a stray key added next to it). */
function mutate(v: unknown, path: Path, how: 'replace' | 'delete' | 'add', value: unknown): unknown {
  const copy = structuredClone(v) as Record<string | number, unknown>;
  if (path.length === 0) return how === 'replace' ? value : copy;
  let parent = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (how === 'replace') parent[last] = value;
  else if (how === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (!Array.isArray(parent)) parent[`x${String(last)}`] = value;
  return copy;
}

/** Values held by a generated data set: n × (features + 1); large ones are checked separately below. */
function cells(e: Experiment): number {
  const d = e.data;
  if (!d) return 0;
  if ('points' in d) return d.points.length * ((Array.isArray(d.points[0]?.[0]) ? (d.points[0][0] as number[]).length : 1) + 1);
  if ('n' in d) return (d.n ?? 100) * (('d' in d ? d.d : undefined) ?? 1);
  return 0;
}

/** Accepted ⇒ the float64 engine builds it and takes a few steps without throwing. */
function buildsAndSteps(e: Experiment): void {
  const runner = new Runner({ ...e, steps: Math.min(e.steps ?? 5, 5), epochs: undefined });
  runner.advance(3);
  for (const r of runner.runs) expect(['ok', 'done', 'diverged']).toContain(r.status);
}

const counts = { anything: 0, text: 0, mutated: 0, mutatedAccepted: 0, built: 0 };

describe('parseExperiment properties', () => {
  it('never throws on any value, and refuses with at least one message', () => {
    fc.assert(fc.property(fc.oneof(fc.anything(), fc.jsonValue(), junk), (v) => {
      counts.anything++;
      const r = parseExperiment(v);
      if (!r.ok) {
        expect(r.errors.length).toBeGreaterThan(0);
        for (const e of r.errors) expect(typeof e).toBe('string');
      }
    }), { numRuns: 2000 });
  });

  it('parseExperimentText never throws on any text', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.json(), experimentArb.map((e) => JSON.stringify(e).slice(0, 200))), (s) => {
      counts.text++;
      const r = parseExperimentText(s);
      expect(typeof r.ok).toBe('boolean');
    }), { numRuns: 800 });
  });

  it('valid experiments with one part broken: never throws; accepted ⇒ the engine builds and steps it', () => {
    fc.assert(fc.property(experimentArb, fc.nat(), fc.constantFrom('replace', 'delete', 'add') as fc.Arbitrary<'replace' | 'delete' | 'add'>, junk, (exp, at, how, value) => {
      counts.mutated++;
      const all = paths(exp);
      const broken = mutate(exp, all[at % all.length], how, value);
      let r: ReturnType<typeof parseExperiment> | undefined;
      expect(() => { r = parseExperiment(broken); }).not.toThrow();
      if (!r!.ok) return;
      counts.mutatedAccepted++;
      const e = r!.experiment;
      if (MODEL_CATALOG[e.problem] || cells(e) > 20_000) return; // models: tensor path; big data: below
      expect(() => buildsAndSteps(e), JSON.stringify(e).slice(0, 400)).not.toThrow();
      counts.built++;
    }), { numRuns: 150 });
  });

  it('the valid experiments themselves build and step (float64 problems)', () => {
    fc.assert(fc.property(experimentArb, (e) => {
      fc.pre(!MODEL_CATALOG[e.problem] && cells(e) <= 20_000);
      expect(() => buildsAndSteps(e)).not.toThrow();
    }), { numRuns: 200 });
  });

  it('refuses generated data too large to hold (n × d), and the largest it accepts builds', () => {
    const big = (n: number, d: number) => ({ version: 1, problem: 'linear-regression', data: { generator: 'linear', n, d }, runs: [{ label: 'a', optimizer: 'sgd' }] });
    const r = parseExperiment(big(1_000_000, 1000));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toMatch(/^data: .*values/m);
    const ok = parseExperiment(big(1_000_000, 9)); // 10⁶ × 10 values: at the limit
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(() => buildsAndSteps(ok.experiment)).not.toThrow();
  });

  it('figures', () => {
    expect(counts.anything).toBeGreaterThan(0);
    console.log(`parseExperiment properties: ${JSON.stringify(counts)}`);
  });
});
