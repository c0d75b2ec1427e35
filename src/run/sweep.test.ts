/**
 * Float64 grid sweeps (S3): the grid, determinism, seed 001's tuned-SGD rule, what the full 270-run
 * sweep shows against SCENARIOS' claims, and the worker's sliced, cancellable floatSweep command.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  S3_SWEEP, Sweep, SweepError, chooseTuned, oscillationOf, runSweep, sweepSeries, sweepSize, tunedChoices,
  type SweepCell, type SweepOutcome, type SweepSpec,
} from './sweep';
import { Session, type Clock } from '../worker/session';
import { Runner } from './runner';
import type { FromWorker } from '../worker/protocol';

/** A small grid on S3's data: 1 σ × 2 batch sizes × 2 seeds × 3 settings, 3 epochs. */
const SMALL: SweepSpec = {
  ...S3_SWEEP,
  noises: [1],
  seeds: [0, 42],
  batches: [16, 'full'],
  epochs: 3,
  optimizers: [S3_SWEEP.optimizers[1], S3_SWEEP.optimizers[2], S3_SWEEP.optimizers[4]],
};

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('float64 sweep: grid and determinism', () => {
  it("S3's grid has 270 cells in 45 groups of 6 (one Runner per σ × seed × batch)", () => {
    expect(sweepSize(S3_SWEEP)).toBe(270);
    expect(new Sweep(S3_SWEEP).total).toBe(270);
    expect(S3_SWEEP.optimizers.map((o) => o.label)).toEqual(['SGD lr 0.001', 'SGD lr 0.01', 'SGD lr 0.1', 'SGD lr 1', 'Polyak', 'Polyak-Adam']);
  });

  it('reports after each group, reaching the total, every cell once', () => {
    const reports: number[] = [];
    const out = runSweep(SMALL, (p) => {
      expect(p.cells.length).toBe(3);
      expect(p.total).toBe(12);
      reports.push(p.done);
    });
    expect(reports).toEqual([3, 6, 9, 12]);
    const keys = new Set(out.cells.map((c) => JSON.stringify([c.noise, c.seed, c.batch, c.label])));
    expect(keys.size).toBe(12);
    for (const c of out.cells) {
      expect(c.epochLoss.length).toBe(4); // start + 3 epochs
      expect(c.steps).toBe(3 * Math.ceil(1000 / c.batchSize));
      expect(Number.isFinite(c.finalLoss)).toBe(true);
    }
  });

  it('is deterministic, and slicing does not change a single bit', () => {
    const strip = (o: SweepOutcome) => JSON.stringify({ cells: o.cells, tuned: o.tuned });
    const a = runSweep(SMALL);
    const b = runSweep(SMALL);
    expect(strip(b)).toBe(strip(a));
    // Tiny slices on a clock that advances 1 ms per reading: many slices, the same cells.
    let t = 0;
    const sliced = new Sweep(SMALL, () => ++t);
    let slices = 0;
    while (!sliced.done) {
      sliced.step(3);
      slices++;
    }
    expect(slices).toBeGreaterThan(4);
    expect(strip(sliced.outcome())).toBe(strip(a));
  });

  it('gives the numbers of the code before the problem was shared across batch sizes, bit for bit', () => {
    // 2 σ × 2 seeds × 3 batch sizes × 6 settings on N = 200, 8 epochs: enough full-loss records per
    // problem (6 runs × 9) that a Gram-form recording (gramLoss.ts) would have changed the last bits.
    const spec: SweepSpec = { ...S3_SWEEP, n: 200, noises: [0.1, 5], seeds: [0, 42], batches: [1, 16, 'full'], epochs: 8 };
    const out = runSweep(spec);
    const final = (noise: number, seed: number, batch: number | 'full') =>
      out.cells.filter((c) => c.noise === noise && c.seed === seed && c.batch === batch).map((c) => c.finalLoss);
    // Printed by commit 64300e9 (one problem, with its optimum, per group; `perm.subarray` batches).
    expect(final(5, 42, 1)).toEqual([23.838262251861963, 29.194476756818514, 1.8432999701147193e+28, 44.22282773854685, 34.2594683675834, 24.355785471716093]);
    expect(final(0.1, 0, 16)).toEqual([10.796026435105768, 0.262096996884673, 0.010072186290475347, 554250076895158900000, 0.011175718666791084, 0.009173742961655932]);
    expect(final(0.1, 0, 'full')).toEqual([17.110051580396078, 12.066280155119426, 0.4722179818061999, 566464.926898862, 0.008976081236608502, 0.05481500675684996]);
    // Every field of all 72 cells and 12 tuned choices: FNV-1a of their JSON, as 64300e9 printed it.
    const json = JSON.stringify({ cells: out.cells, tuned: out.tuned });
    let h = 0x811c9dc5;
    for (let i = 0; i < json.length; i++) h = Math.imul(h ^ json.charCodeAt(i), 0x01000193) >>> 0;
    expect([json.length, h.toString(16)]).toEqual([44776, 'bea34982']);
  });

  it('every cell equals a Runner built from scratch for its group (its own problem, exact recording)', () => {
    const out = runSweep(SMALL);
    for (const noise of SMALL.noises) {
      for (const seed of SMALL.seeds) {
        for (const batch of SMALL.batches) {
          const r = new Runner({
            version: 1, problem: SMALL.problem, seed, epochs: SMALL.epochs, record: { every: batch === 'full' ? 1 : Math.ceil(SMALL.n / batch) },
            data: { generator: SMALL.generator, n: SMALL.n, noise, seed, d: SMALL.d },
            runs: SMALL.optimizers.map((o) => ({ label: o.label, optimizer: o.optimizer, hyper: { ...o.hyper }, ...(batch === 'full' ? {} : { batchSize: batch }) })),
          }, { exactRecording: true });
          r.runToEnd();
          const cells = out.cells.filter((c) => c.noise === noise && c.seed === seed && c.batch === batch);
          expect(cells.map((c) => c.finalLoss)).toEqual(r.runs.map((run) => run.recorder.loss[run.recorder.length - 1]));
          expect(cells.map((c) => c.epochLoss)).toEqual(r.runs.map((run) => Array.from(run.recorder.loss.subarray(0, run.recorder.length))));
        }
      }
    }
  });

  it('names the field of a bad spec', () => {
    expect(() => new Sweep({ ...SMALL, batches: [0] })).toThrow(SweepError);
    expect(() => new Sweep({ ...SMALL, batches: [2000] })).toThrow(/batches\[0\]/);
    expect(() => new Sweep({ ...SMALL, seeds: [] })).toThrow(/seeds must be a non-empty list/);
    expect(() => new Sweep({ ...SMALL, optimizers: [{ label: 'x', optimizer: 'nope' }] })).toThrow(/runs\[0\]\.optimizer: unknown optimizer/);
  });
});

describe("seed 001's tuned-SGD rule", () => {
  const cell = (label: string, finalLoss: number, o: Partial<SweepCell> = {}): SweepCell => ({
    noise: 1, seed: 0, batch: 16, batchSize: 16, label, optimizer: 'sgd', hyper: { lr: Number(label) }, tune: 'SGD', steps: 100,
    initialLoss: 20, finalLoss, minLoss: finalLoss, epochLoss: [20, finalLoss], diverged: false, divergedAt: null,
    decreased: true, oscillation: 0, oscillated: false, stepSize: { samples: 1, max: 1, median: 1, last: 1, spikes: 0 }, ...o,
  });

  it('oscillation: the mean |ΔL| over the second half of the epochs, as find_best_lr', () => {
    expect(oscillationOf([5, 4])).toBe(0); // two epochs or fewer: 0
    // E = 6: i = 3, 4 → |L4 − L3| and |L5 − L4| (0-based) = |1 − 2| and |3 − 1|.
    expect(oscillationOf([9, 8, 7, 2, 1, 3])).toBe(1.5);
  });

  it('picks the lowest final loss among runs that neither diverged, nor failed to decrease, nor oscillated', () => {
    const cands = [
      cell('0.001', 5),
      cell('0.01', 1.2),
      cell('0.1', 0.9, { oscillated: true, oscillation: 0.5 }), // lower, but oscillates
      cell('1', 0.1, { diverged: true }), // lowest, but diverged
    ];
    const r = chooseTuned(cands);
    expect(r.rule).toBe('criterion');
    expect(r.cell?.label).toBe('0.01');
    expect(chooseTuned([cell('0.001', 3, { decreased: false }), cell('0.01', 4)]).cell?.label).toBe('0.01');
    // Ties go to the first in spec order.
    expect(chooseTuned([cell('0.001', 2), cell('0.01', 2)]).cell?.label).toBe('0.001');
  });

  it('falls back to the lowest final loss that did not diverge, else none', () => {
    const fb = chooseTuned([cell('0.01', 3, { oscillated: true }), cell('0.1', 2, { oscillated: true }), cell('1', 1, { diverged: true })]);
    expect(fb).toMatchObject({ rule: 'fallback', cell: { label: '0.1' } });
    expect(chooseTuned([cell('1', 1, { diverged: true })])).toEqual({ cell: null, rule: 'none' });
    const t = tunedChoices([cell('0.01', 3), cell('0.1', 2), { ...cell('0.1', 9), label: 'Polyak', optimizer: 'polyak', tune: undefined }]);
    expect(t).toEqual([{ tune: 'SGD', noise: 1, seed: 0, batch: 16, label: '0.1', lr: 0.1, finalLoss: 2, rule: 'criterion' }]);
  });
});

describe('the S3 sweep (270 runs) against SCENARIOS S3', () => {
  let out: SweepOutcome;
  let ms = 0;
  beforeAll(() => {
    const t0 = performance.now();
    out = runSweep(S3_SWEEP);
    ms = performance.now() - t0;
    console.log(`S3 sweep: ${out.cells.length} runs (20 epochs, N = 1000, d = 20) in ${ms.toFixed(0)} ms (float64 engine, Node)`);
  });
  const at = (label: string, noise: number, batch: number | 'full') =>
    out.cells.filter((c) => c.label === label && c.noise === noise && c.batch === batch);

  it('runs every cell to the end (or marks it diverged) and tunes SGD for all 45 (σ, batch, seed)', () => {
    expect(out.cells.length).toBe(270);
    expect(ms).toBeGreaterThan(0);
    expect(out.tuned.length).toBe(45);
    for (const c of out.cells) if (!c.diverged) expect(c.steps).toBe(20 * Math.ceil(1000 / c.batchSize));
    // Every tuned choice satisfied the criterion (no fallback was needed on this grid).
    expect(out.tuned.every((t) => t.rule === 'criterion' && t.lr !== null)).toBe(true);
    // lr 1 is never chosen: it blows up at every batch size (at full batch it stays under the 1e6
    // threshold within 20 steps for some seeds, but then the loss did not decrease).
    expect(out.cells.filter((c) => c.label === 'SGD lr 1').every((c) => c.diverged || !c.decreased)).toBe(true);
  });

  it('Polyak at full batch and σ = 5: the step spikes above 20 and the loss is erratic', () => {
    const full = at('Polyak', 5, 'full');
    expect(full.length).toBe(3);
    for (const c of full) {
      // Full batch: one update per epoch, all 20 recorded, so this maximum is exact.
      expect(c.stepSize.samples).toBe(20);
      expect(c.stepSize.max).toBeGreaterThan(20);
      expect(c.oscillated).toBe(true); // seed 001's criterion: mean |ΔL| over the last epochs ≥ 0.1·L
    }
    // Averaged over the seeds its final loss is worse than at batch 16 (not for every seed: seed 0
    // happens to end on a low point, 25.3 vs 32.0; its minimum along the way was lower still).
    const m16 = mean(at('Polyak', 5, 16).map((c) => c.finalLoss));
    const mFull = mean(full.map((c) => c.finalLoss));
    expect(mFull).toBeGreaterThan(m16);
  });

  it('Polyak degrades with larger batches at high noise, and is steady at low noise (batches up to 256)', () => {
    const polyak = sweepSeries(out.cells, out.tuned).filter((p) => p.label === 'Polyak');
    const meanAt = (noise: number, batch: number | 'full') => polyak.find((p) => p.noise === noise && p.batch === batch)!.mean;
    expect(meanAt(5, 256)).toBeGreaterThan(meanAt(5, 16));
    expect(meanAt(5, 'full')).toBeGreaterThan(meanAt(5, 64));
    for (const b of [1, 16, 64, 256] as const) {
      for (const c of at('Polyak', 0.1, b)) expect(c.finalLoss).toBeLessThan(3 * 0.1 ** 2); // the noise floor is σ² = 0.01
    }
    // At high noise tuned SGD is steady across batch sizes (25.06 ± 0.5 ≈ σ²) and beats Polyak at every batch size.
    const tuned = sweepSeries(out.cells, out.tuned).filter((p) => p.label === 'SGD (tuned)' && p.noise === 5);
    for (const p of tuned) {
      expect(p.mean).toBeLessThan(26);
      expect(p.mean).toBeLessThan(meanAt(5, p.batch));
    }
  });

  it("reproduces seed 001's report that tuned SGD degrades at full batch at low noise (a quirk of the rule)", () => {
    // lr 0.1 still converging at epoch 20 counts as oscillating (mean |ΔL| ≥ 0.1·L), so lr 0.01 is chosen.
    const lr01 = at('SGD lr 0.1', 0.1, 'full');
    expect(lr01.every((c) => c.oscillated && !c.diverged && c.finalLoss < 0.02)).toBe(true);
    const chosen = out.tuned.filter((t) => t.noise === 0.1 && t.batch === 'full');
    expect(chosen.map((t) => t.lr)).toEqual([0.01, 0.01, 0.01]);
    expect(Math.min(...chosen.map((t) => t.finalLoss))).toBeGreaterThan(1);
  });
});

describe('worker: the floatSweep command', () => {
  function fakeClock() {
    const queue: (() => void)[] = [];
    let t = 0;
    const clock: Clock = { now: () => (t += 1), later: (fn) => queue.push(fn) };
    return { clock, drain: (max = 100_000) => { for (let i = 0; i < max && queue.length; i++) (queue.shift() as () => void)(); } };
  }
  type Msg = Extract<FromWorker, { type: 'floatSweep' }>;
  const sweeps = (msgs: FromWorker[]) => msgs.filter((m): m is Msg => m.type === 'floatSweep');
  const load = { type: 'load' as const, gen: 1, experiment: { version: 1 as const, problem: 'rosenbrock', runs: [{ label: 'GD', optimizer: 'sgd' }], steps: 10 } };

  it('streams progress in slices and ends with every cell and the tuned choices', () => {
    const msgs: FromWorker[] = [];
    const { clock, drain } = fakeClock();
    const s = new Session((m) => void msgs.push(m), clock);
    s.handle(load);
    s.handle({ type: 'floatSweep', gen: 1, id: 1, spec: SMALL });
    drain();
    const got = sweeps(msgs);
    expect(got[0]).toMatchObject({ done: 0, total: 12, finished: false, cells: [] });
    expect(got.every((m) => m.id === 1 && m.gen === 1)).toBe(true);
    const last = got[got.length - 1];
    expect(last).toMatchObject({ done: 12, total: 12, finished: true });
    expect(got.flatMap((m) => m.cells).length).toBe(12);
    expect(last.tuned?.length).toBe(4);
    expect(got.length).toBeGreaterThan(2); // progress came in more than one message
    const done = got.map((m) => m.done);
    expect([...done].sort((a, b) => a - b)).toEqual(done);
    // The same cells as in Node.
    expect(JSON.stringify(got.flatMap((m) => m.cells))).toBe(JSON.stringify(runSweep(SMALL).cells));
  });

  it('a newer generation or spec null cancels; a bad spec answers with an error', () => {
    const msgs: FromWorker[] = [];
    const { clock, drain } = fakeClock();
    const s = new Session((m) => void msgs.push(m), clock);
    s.handle(load);
    s.handle({ type: 'floatSweep', gen: 1, id: 1, spec: S3_SWEEP });
    drain(2);
    const before = sweeps(msgs).length;
    s.handle({ ...load, gen: 2 });
    drain();
    expect(sweeps(msgs).length).toBe(before); // nothing more of the old sweep
    expect(sweeps(msgs).some((m) => m.finished)).toBe(false);
    msgs.length = 0;
    s.handle({ type: 'floatSweep', gen: 2, id: 2, spec: S3_SWEEP });
    drain(2);
    const running = sweeps(msgs).length;
    s.handle({ type: 'floatSweep', gen: 2, id: 2, spec: null });
    drain();
    expect(sweeps(msgs).length).toBe(running);
    expect(sweeps(msgs).some((m) => m.finished)).toBe(false);
    msgs.length = 0;
    s.handle({ type: 'floatSweep', gen: 2, id: 2, spec: { ...SMALL, epochs: 0 } });
    expect(sweeps(msgs)).toMatchObject([{ finished: true, error: expect.stringMatching(/epochs must be a positive integer/) }]);
  });
});
