/**
 * Extreme hyperparameters (issue 7): every optimizer × every analytic problem, the step size at 1e-12,
 * 1e3 and 1e12, ε = 0, and every β-like decay (betas, momentum, RMSprop's α, Armijo's β) at 0, at the
 * largest double below 1, and at 1 exactly. For each setting:
 * - the experiment validator either accepts it or refuses it with a message naming the field;
 * - the engine, given it (accepted or not: a file or a bug could bypass the validator), never throws;
 * - after N steps each run is ok/done with every recorded value finite, or diverged with a reason; a
 *   non-finite number is never recorded where a view would plot it (only the loss of the row at which
 *   a run diverged may be non-finite, and the views drop non-finite values: `plottable`).
 */
import { describe, expect, it } from 'vitest';
import { OPTIMIZERS, OPTIMIZER_IDS, type HyperSpec } from '../optim/aliases';
import type { Hyper } from '../optim/transform';
import { PROBLEMS, PROBLEM_IDS } from '../problems/registry';
import { parseExperiment } from '../experiment/schema';
import { Runner } from '../run/runner';
import type { Experiment, RunSpec } from '../experiment/types';
import { plottable } from '../view/series';

const N = 100;
const STEPS = [1e-12, 1e3, 1e12];
const BELOW_ONE = 1 - Number.EPSILON / 2; // 0.9999999999999999, the largest double < 1
const DECAYS = [0, BELOW_ONE, 1];

/** The hyperparameter that sets the step size (a cap for the Polyak family). */
function stepHyper(id: string): string {
  const h = OPTIMIZERS[id].hyper;
  return ['lr', 'eta0', 'max_lr'].find((k) => k in h) ?? (h.alpha && !isDecay(h.alpha) ? 'alpha' : 'lr');
}

/** β-like: a decay in [0, 1) (betas, momentum, RMSprop's α, Armijo's β). */
function isDecay(s: HyperSpec): boolean {
  return s.max === 1 && !!s.maxExclusive;
}

function variants(id: string): { label: string; hyper: Hyper }[] {
  const spec = OPTIMIZERS[id].hyper;
  const decays = Object.entries(spec).filter(([, s]) => isDecay(s)).map(([k]) => k);
  const out: { label: string; hyper: Hyper }[] = [];
  for (const step of STEPS) {
    for (const d of decays.length ? DECAYS : [null]) {
      const hyper: Hyper = { [stepHyper(id)]: step };
      if ('eps' in spec) hyper.eps = 0;
      if (d !== null) for (const k of decays) hyper[k] = spec[k].kind === 'pair' ? [d, d] : d;
      out.push({ label: `${stepHyper(id)}=${step}${d === null ? '' : ` β=${d}`}`, hyper });
    }
  }
  return out;
}

function experiment(problem: string, runs: RunSpec[]): Experiment {
  const p = PROBLEMS[problem];
  const data = p.defaultData ? { ...p.defaultData, n: Math.min(p.defaultData.n ?? 32, 32) } : undefined;
  return { version: 1, problem, ...(data ? { data } : {}), runs, steps: N, record: 'all' };
}

const totals = { experiments: 0, runs: 0, refused: 0, diverged: 0, finished: 0, rows: 0 };

describe.each(OPTIMIZER_IDS)('%s at extreme settings', (id) => {
  it.each(PROBLEM_IDS)('on %s: accepted or refused with a message; never throws; finite or diverged with a reason', (problem) => {
    const vs = variants(id);
    const n = experiment(problem, []).data;
    const batchSize = n && 'n' in n && n.n ? Math.min(8, n.n) : undefined; // mini-batches where there is data
    const runs: RunSpec[] = vs.map((v) => ({ label: v.label, optimizer: id, hyper: v.hyper, ...(batchSize ? { batchSize } : {}) }));
    // The validator, one run at a time: refusals name the run and the field.
    for (const [i, run] of runs.entries()) {
      const parsed = parseExperiment(experiment(problem, [run]));
      if (!parsed.ok) {
        totals.refused++;
        for (const e of parsed.errors) expect(e, vs[i].label).toMatch(/^runs\[0\]\.(hyper\.\w+|batchSize)(\[\d\])?: /);
      }
    }
    // The engine, every setting at once (it must hold even for values the validator refuses).
    const e = experiment(problem, runs);
    let runner: Runner | undefined;
    expect(() => { runner = new Runner(e); }).not.toThrow();
    expect(() => runner!.advance(N)).not.toThrow();
    totals.experiments++;
    for (const r of runner!.runs) {
      totals.runs++;
      const rec = r.recorder;
      totals.rows += rec.length;
      if (r.status === 'diverged') {
        totals.diverged++;
        expect(r.reason, r.label).toMatch(/^diverged at step \d+: .+; (try a smaller|with ε = 0 a zero gradient entry gives 0\/0: use ε > 0)/);
        expect(r.divergedAt).toBeGreaterThanOrEqual(0);
      } else {
        totals.finished++;
        expect(r.status === 'done' || r.status === 'ok').toBe(true);
        expect(r.t, r.label).toBe(N);
      }
      for (let i = 0; i < rec.length; i++) {
        const where = `${r.label} row ${i} (step ${rec.step[i]})`;
        for (let j = 0; j < rec.dim; j++) expect(Number.isFinite(rec.params[i * rec.dim + j]), where).toBe(true);
        const divergenceRow = r.status === 'diverged' && rec.step[i] === r.divergedAt;
        if (!divergenceRow) expect(Number.isFinite(rec.loss[i]), `${where}: loss ${rec.loss[i]}`).toBe(true);
        if (rec.step[i] > 0) {
          expect(Number.isFinite(rec.stepSize[i]), `${where}: step size ${rec.stepSize[i]}`).toBe(true);
          expect(Number.isFinite(rec.gradNorm[i]), `${where}: gradient norm ${rec.gradNorm[i]}`).toBe(true);
          expect(Number.isFinite(rec.batchLoss[i]), `${where}: batch loss ${rec.batchLoss[i]}`).toBe(true);
        }
      }
      // What a curve view would hand Plotly: only finite values (log axes: > 0).
      const idx = Int32Array.from({ length: rec.length }, (_, i) => i);
      for (const log of [false, true]) for (const k of plottable(idx, rec.loss, log)) expect(Number.isFinite(rec.loss[k])).toBe(true);
    }
  });
});

it('ε = 0 on a zero gradient entry (0/0) is reported as such, not as a step too large', () => {
  for (const id of ['adam', 'rmsprop', 'polyak_adam']) {
    const r = new Runner(experiment('polynomial', [{ label: id, optimizer: id, hyper: { ...(id === 'polyak_adam' ? { max_lr: 1e-12 } : { lr: 1e-12 }), eps: 0 } }]));
    r.advance(5);
    expect(r.runs[0].status).toBe('diverged');
    expect(r.runs[0].reason).toMatch(/NaN.*; with ε = 0 a zero gradient entry gives 0\/0: use ε > 0/);
    expect(r.runs[0].reason).not.toMatch(/smaller/);
  }
});

it('covered every optimizer and problem (figures for docs/reliability.md)', () => {
  expect(totals.experiments).toBe(OPTIMIZER_IDS.length * PROBLEM_IDS.length);
  console.log(`extreme hyperparameters: ${JSON.stringify(totals)}`);
});
