import { describe, expect, it } from 'vitest';
import { Runner, ExperimentError } from './runner';
import { makeTrace } from '../experiment/trace';
import type { Experiment } from '../experiment/types';
import { makeRng } from '../rng';
import { BatchSampler, epochPermutation } from './batches';

const regression = (over: Partial<Experiment> = {}): Experiment => ({
  version: 1,
  problem: 'linear-regression',
  data: { generator: 'linear', n: 100, d: 3, noise: 0.5 },
  runs: [
    { label: 'SGD', optimizer: 'sgd', hyper: { lr: 0.05 }, batchSize: 8 },
    { label: 'Polyak', optimizer: 'polyak', batchSize: 8 },
    { label: 'Adam', optimizer: 'adam', hyper: { lr: 0.05 }, batchSize: 16 },
  ],
  epochs: 5,
  seed: 3,
  record: 'all',
  ...over,
});

describe('Runner', () => {
  it('is deterministic: the same experiment gives the same trace, bit for bit', () => {
    const a = new Runner(regression());
    const b = new Runner(regression());
    a.runToEnd();
    b.runToEnd();
    expect(JSON.stringify(makeTrace(a))).toBe(JSON.stringify(makeTrace(b)));
  });

  it('a different seed changes the batch order but not the data of an explicit data seed', () => {
    const a = new Runner(regression({ data: { generator: 'linear', n: 100, d: 3, noise: 0.5, seed: 9 }, seed: 1 }));
    const b = new Runner(regression({ data: { generator: 'linear', n: 100, d: 3, noise: 0.5, seed: 9 }, seed: 2 }));
    expect(a.problem.data).toEqual(b.problem.data);
    a.runToEnd();
    b.runToEnd();
    expect(Array.from(a.runs[0].theta)).not.toEqual(Array.from(b.runs[0].theta));
  });

  it('counts epochs as ⌈N/B⌉ steps and records every step with record "all"', () => {
    const r = new Runner(regression());
    expect(r.runs[0].totalSteps).toBe(5 * Math.ceil(100 / 8));
    expect(r.runs[2].totalSteps).toBe(5 * Math.ceil(100 / 16));
    r.runToEnd();
    const rec = r.runs[0].recorder;
    expect(rec.length).toBe(r.runs[0].totalSteps + 1);
    expect(Array.from(rec.step.subarray(0, 4))).toEqual([0, 1, 2, 3]);
    expect(Number.isNaN(rec.stepSize[0])).toBe(true);
    expect(rec.stepSize[1]).toBe(0.05);
  });

  it('runs in lockstep: runs with the same batch size see the same batches', () => {
    // Two SGD runs with different lr but the same batch size: the loss each update used is the loss
    // of the same batch; checking through identical runs: equal lr gives identical trajectories.
    const e = regression({
      runs: [
        { label: 'a', optimizer: 'sgd', hyper: { lr: 0.05 }, batchSize: 8 },
        { label: 'b', optimizer: 'adam', hyper: { lr: 0.01 }, batchSize: 8 },
        { label: 'c', optimizer: 'sgd', hyper: { lr: 0.05 }, batchSize: 8 },
      ],
    });
    const r = new Runner(e);
    r.runToEnd();
    expect(Array.from(r.runs[0].theta)).toEqual(Array.from(r.runs[2].theta));
    // The same run alone gives the same result: batch order does not depend on the other runs.
    const alone = new Runner({ ...e, runs: [e.runs[2]] });
    alone.runToEnd();
    expect(Array.from(alone.runs[0].theta)).toEqual(Array.from(r.runs[2].theta));
  });

  it('shuffles each epoch into a permutation and slices it, the last batch smaller', () => {
    const rng = makeRng(1).fork('batches');
    const s = new BatchSampler(rng, 10, 4, 'shuffle');
    expect(s.stepsPerEpoch).toBe(3);
    const epoch0 = [...(s.batch(0) as Int32Array), ...(s.batch(1) as Int32Array), ...(s.batch(2) as Int32Array)];
    expect(s.batch(2)?.length).toBe(2);
    expect([...epoch0].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(epoch0).toEqual([...epochPermutation(rng, 0, 10, new Int32Array(10))]);
    const epoch1 = [...(s.batch(3) as Int32Array), ...(s.batch(4) as Int32Array), ...(s.batch(5) as Int32Array)];
    expect(epoch1).not.toEqual(epoch0);
    // A larger batch size walks through the same per-epoch order.
    const s8 = new BatchSampler(rng, 10, 8, 'shuffle');
    expect([...(s8.batch(0) as Int32Array)]).toEqual(epoch0.slice(0, 8));
  });

  it('gives batch k as a pure function of k, in any call order (runs share a sampler; it keeps two epochs)', () => {
    const rng = makeRng(2).fork('batches');
    const fresh = (k: number) => [...(new BatchSampler(rng, 10, 3, 'shuffle').batch(k) as Int32Array)];
    const shared = new BatchSampler(rng, 10, 3, 'shuffle');
    // Two runs straddling epoch boundaries (4 steps per epoch), then a jump back and forth.
    for (const k of [3, 4, 3, 4, 7, 8, 7, 8, 0, 11, 0, 5, 1, 6]) expect([...(shared.batch(k) as Int32Array)], `k = ${k}`).toEqual(fresh(k));
  });

  it('samples with replacement when asked, the same indices for every run', () => {
    const rng = makeRng(4).fork('batches');
    const a = new BatchSampler(rng, 50, 3, 'replacement');
    const b = new BatchSampler(rng, 50, 3, 'replacement');
    const seen = new Set<number>();
    for (let k = 0; k < 200; k++) {
      const x = [...(a.batch(k) as Int32Array)];
      expect([...(b.batch(k) as Int32Array)]).toEqual(x);
      x.forEach((i) => seen.add(i));
    }
    expect(seen.size).toBeGreaterThan(45);
  });

  it('stops a diverging run with a reason and keeps the others', () => {
    const r = new Runner({
      version: 1,
      problem: 'rosenbrock',
      runs: [
        { label: 'ok', optimizer: 'sgd', hyper: { lr: 1e-3 } },
        { label: 'boom', optimizer: 'sgd', hyper: { lr: 5 } },
      ],
      steps: 300,
    });
    r.runToEnd();
    expect(r.runs[0].status).toBe('done');
    expect(r.runs[0].t).toBe(300);
    expect(r.runs[1].status).toBe('diverged');
    expect(r.runs[1].divergedAt).toBeLessThan(10);
    expect(r.runs[1].reason).toMatch(/^diverged at step \d+: .*try a smaller lr than 5/);
    const trace = makeTrace(r);
    expect(trace.runs[1].status).toBe('diverged');
    expect(trace.runs[1].divergedAt).toBe(r.runs[1].divergedAt);
    // Nothing non-finite reaches the trace.
    for (const run of trace.runs) for (const v of run.loss) expect(v === null || Number.isFinite(v)).toBe(true);
  });

  it('changes hyperparameters of a live run', () => {
    const e: Experiment = { version: 1, problem: 'rosenbrock', runs: [{ label: 'gd', optimizer: 'sgd', hyper: { lr: 1e-3 } }], steps: 100 };
    const r = new Runner(e);
    r.advance(10);
    const before = Array.from(r.runs[0].theta);
    r.setHyper(0, 'lr', 0);
    r.advance(10);
    expect(Array.from(r.runs[0].theta)).toEqual(before);
    r.setHyper(0, 'lr', 1e-3);
    r.advance(1);
    expect(Array.from(r.runs[0].theta)).not.toEqual(before);
    expect(() => r.setHyper(0, 'lr', -1)).toThrow(/runs\[0\]\.hyper\.lr: must be ≥ 0, got -1/);
    expect(() => r.setHyper(0, 'betas', [0.9, 0.9])).toThrow(/sgd has no hyperparameter betas/);
  });

  it('rejects an init of the wrong length and a batch larger than the data, naming the field', () => {
    expect(() => new Runner({ version: 1, problem: 'rosenbrock', runs: [{ label: 'x', optimizer: 'sgd', init: [1, 2, 3] }] })).toThrow(
      ExperimentError,
    );
    expect(() => new Runner({ version: 1, problem: 'rosenbrock', runs: [{ label: 'x', optimizer: 'sgd', init: [1, 2, 3] }] })).toThrow(
      /runs\[0\]\.init: rosenbrock has 2 parameters \(x, y\), got 3 values/,
    );
    expect(() => new Runner(regression({ runs: [{ label: 'x', optimizer: 'sgd', batchSize: 101 }] }))).toThrow(
      /runs\[0\]\.batchSize: 101 is larger than the 100 samples/,
    );
  });

  it('draws a random start from the shared init stream unless a run has its own seed', () => {
    const e: Experiment = {
      version: 1,
      problem: 'rosenbrock',
      runs: [
        { label: 'a', optimizer: 'sgd', init: 'random' },
        { label: 'b', optimizer: 'adam', init: 'random' },
        { label: 'c', optimizer: 'adam', init: 'random', seed: 5 },
      ],
      steps: 0,
    };
    const r = new Runner(e);
    const p = r.runs.map((x) => Array.from(x.recorder.params.subarray(0, 2)));
    expect(p[0]).toEqual(p[1]);
    expect(p[2]).not.toEqual(p[0]);
  });

  it('records the step size actually used: Polyak reports its own step', () => {
    const r = new Runner({ version: 1, problem: 'rosenbrock', runs: [{ label: 'p', optimizer: 'polyak' }], steps: 1, record: 'all' });
    const f = r.problem.loss(r.runs[0].theta, null);
    const g = new Float64Array(2);
    r.problem.loss(r.runs[0].theta, null, g);
    r.runToEnd();
    const expected = f / (g[0] ** 2 + g[1] ** 2 + 1e-8);
    expect(r.runs[0].recorder.stepSize[1]).toBeCloseTo(expected, 14);
    expect(r.runs[0].recorder.gradNorm[1]).toBeCloseTo(Math.hypot(g[0], g[1]), 12);
  });
});

describe('Runner hyperparameter vectors', () => {
  it('rejects an explicit H⁻¹ diagonal of the wrong length', () => {
    expect(() => new Runner({ version: 1, problem: 'rosenbrock', runs: [{ label: 's', optimizer: 'scaled_gd', hyper: { hinv: [1, 2, 3] } }] })).toThrow(
      /runs\[0\]\.hyper\.hinv: needs 2 entries \(one per parameter\), got 3/,
    );
    const r = new Runner({ version: 1, problem: 'rosenbrock', runs: [{ label: 's', optimizer: 'scaled_gd', hyper: { lr: 1e-3, hinv: [1, 0] } }], steps: 5 });
    r.runToEnd();
    expect(r.runs[0].theta[1]).toBe(2); // H⁻¹ = diag(1, 0) freezes y
    expect(r.runs[0].theta[0]).not.toBe(-1.5);
  });
});

describe('Runner on a typed objective', () => {
  it('races on f(x, y) typed as text, with the view from the problem parameters', () => {
    const r = new Runner({
      version: 1, problem: 'expression', expression: '(x^2+y-11)^2 + (x+y^2-7)^2',
      problemParams: { x_min: -5, x_max: 5, y_min: -5, y_max: 5, log_levels: 0 },
      runs: [{ label: 'GD', optimizer: 'sgd', hyper: { lr: 0.01 }, init: [0, 0] }],
      steps: 2000,
    });
    expect(r.problem.view.x).toEqual([-5, 5]);
    r.runToEnd();
    // From (0, 0) GD on Himmelblau reaches its minimum (3, 2).
    expect(r.runs[0].theta[0]).toBeCloseTo(3, 6);
    expect(r.runs[0].theta[1]).toBeCloseTo(2, 6);
  });

  it('stops a run whose full loss falls below stopLoss, with the reason; the others go on', () => {
    // f = ½‖θ‖² (H = I) from (−1.5, 1): GD with lr 0.5 halves θ, f_t = 1.625·0.25ᵗ; f₅ ≈ 1.6e-3, f₆ ≈ 4.0e-4 < 1e-3.
    const r = new Runner({
      version: 1, problem: 'quadratic', problemParams: { h11: 1, h12: 0, h22: 1 },
      runs: [{ label: 'fast', optimizer: 'sgd', hyper: { lr: 0.5 } }, { label: 'slow', optimizer: 'sgd', hyper: { lr: 0.01 } }],
      steps: 50, stopLoss: 1e-3,
    });
    r.runToEnd();
    const [fast, slow] = r.runs;
    expect(fast.status).toBe('done');
    expect(fast.t).toBe(6);
    expect(fast.reason).toBe('stopped at step 6: loss 0.000397 < 0.001');
    const rec = fast.recorder;
    expect(rec.step[rec.length - 1]).toBe(6);
    expect(rec.loss[rec.length - 1]).toBeCloseTo(1.625 * 0.25 ** 6, 15);
    expect(slow.t).toBe(50);
    expect(slow.reason).toBeUndefined();
    // Below the threshold at the start: done at step 0.
    const zero = new Runner({ version: 1, problem: 'quadratic', runs: [{ label: 'a', optimizer: 'sgd' }], steps: 5, stopLoss: 1e9 });
    expect(zero.runs[0].status).toBe('done');
    expect(zero.runs[0].reason).toMatch(/^stopped at step 0: loss/);
  });

  it("exposes a run's internals: θ_t, the step taken, g_t, the momentum buffer and Armijo's trials", () => {
    const r = new Runner({
      version: 1, problem: 'quadratic', problemParams: { h11: 2, h12: 0, h22: 1 },
      runs: [
        { label: 'm', optimizer: 'sgd', hyper: { lr: 0.1, momentum: 0.9 }, init: [1, 1] },
        { label: 'a', optimizer: 'armijo', hyper: { eta0: 4 }, init: [1, 1] },
      ],
      steps: 10,
    });
    const before = r.inspect(0);
    expect(before.step).toBeNull();
    expect(before.momentum).toBeNull();
    r.advance(2);
    const m = r.inspect(0);
    expect(m.t).toBe(2);
    expect(Array.from(m.momentum!.value)).toEqual([3.4000000000000004, 1.8]); // b₂ = 0.9·(2, 1) + (1.6, 0.9)
    expect(m.theta[0]).toBeCloseTo(0.46, 15);
    expect(m.step![0]).toBeCloseTo(-0.34, 15); // −γ·b₂
    expect(m.batchGrad![0]).toBeCloseTo(1.6, 15); // g₂ = ∇f(θ₁) = (1.6, 0.9)
    const a = r.inspect(1);
    // Second Armijo update from θ₁ = (−1, 0): g = (−2, 0), f = 1; η = 4, 2 rejected (f = 49, 9), η = 1 gives f = 1 > 1 − 4e-4: rejected too, η = ½ accepted.
    expect(a.trials).toEqual([4, 2, 1, 0.5]);
    expect(Array.from(a.theta)).toEqual([0, 0]);
  });
});

describe('Runner: the recorded full loss', () => {
  // S3's B1 workload, shortened: least squares with N > 4p records through the Gram form (gramLoss.ts).
  const b1 = (): Experiment => ({
    version: 1, problem: 'linear-regression', seed: 0,
    data: { generator: 'linear', n: 1000, d: 20, noise: 1, seed: 0 },
    runs: [{ label: 'Adam', optimizer: 'adam', hyper: { lr: 0.01 }, batchSize: 16 }],
    epochs: 3, record: 'all',
  });

  it('agrees with the exact residual sum at every recorded θ (Gram form), and exactRecording gives the exact sum itself', () => {
    const fast = new Runner(b1());
    const exact = new Runner(b1(), { exactRecording: true });
    fast.runToEnd();
    exact.runToEnd();
    const p = fast.problem;
    const fStar = p.optimum!.value;
    const a = fast.runs[0].recorder;
    const b = exact.runs[0].recorder;
    expect(a.length).toBe(190); // 63 steps × 3 epochs + the start
    // The trajectories are the same (recording does not feed back into the steps).
    expect(Array.from(a.params.subarray(0, a.length * 21))).toEqual(Array.from(b.params.subarray(0, b.length * 21)));
    const theta = new Float64Array(21);
    let differ = 0;
    for (let i = 0; i < a.length; i++) {
      theta.set(a.params.subarray(i * 21, (i + 1) * 21));
      const want = p.loss(theta, null);
      expect(b.loss[i]).toBe(want);
      expect(Math.abs(a.loss[i] - want)).toBeLessThanOrEqual(1e-10 * (want - fStar) + 1e-14 * want);
      if (a.loss[i] !== want) differ++;
    }
    // Most rows did come from the Gram form (the start f(θ₀) is always the exact sum).
    expect(differ).toBeGreaterThan(50);
  });
});
