import { describe, expect, it } from 'vitest';
import { Session, pickIndices, MAX_FRAME_POINTS, describeAnalytic, type Clock } from './session';
import { Runner } from '../run/runner';
import { decodeFrame } from './frame';
import type { FromWorker } from './protocol';
import type { Experiment } from '../experiment/types';

/** A clock whose `later` queue the test drains by hand and whose time advances 5 ms per call. */
function fakeClock() {
  const queue: (() => void)[] = [];
  let t = 0;
  const clock: Clock = {
    now: () => (t += 5),
    later: (fn) => queue.push(fn),
  };
  return { clock, drain: (max = 1000) => { for (let i = 0; i < max && queue.length; i++) (queue.shift() as () => void)(); } };
}

const race: Experiment = {
  version: 1,
  problem: 'rosenbrock',
  runs: [
    { label: 'GD', optimizer: 'sgd', hyper: { lr: 1e-3 } },
    { label: 'Adam', optimizer: 'adam', hyper: { lr: 0.05 } },
  ],
  steps: 500,
  record: 'all',
};

function collect() {
  const msgs: FromWorker[] = [];
  return { msgs, post: (m: FromWorker) => void msgs.push(m) };
}

describe('worker session', () => {
  it('streams optimizer internals while they are on: ∇f(θ_t), the step, the momentum buffer, Armijo trials', () => {
    const { msgs, post } = collect();
    const s = new Session(post, fakeClock().clock);
    const quad: Experiment = {
      version: 1, problem: 'quadratic', problemParams: { h11: 2, h12: 0, h22: 1 },
      runs: [{ label: 'm', optimizer: 'sgd', hyper: { lr: 0.1, momentum: 0.9 }, init: [1, 1] }, { label: 'a', optimizer: 'armijo', hyper: { eta0: 4 }, init: [1, 1] }],
      steps: 10,
    };
    s.handle({ type: 'load', gen: 1, experiment: quad });
    const frames = () => msgs.filter((m) => m.type === 'frame') as Extract<FromWorker, { type: 'frame' }>[];
    expect(frames()[0].internals).toBeUndefined(); // off by default
    s.handle({ type: 'internals', gen: 1, on: true });
    s.handle({ type: 'ack', gen: 1 });
    expect(frames().at(-1)!.internals!.map((r) => [r.t, r.step, r.momentum])).toEqual([[0, null, null], [0, null, null]]);
    s.handle({ type: 'step', gen: 1, n: 2 });
    s.handle({ type: 'ack', gen: 1 });
    const ins = frames().at(-1)!.internals!;
    expect(ins.map((r) => r.t)).toEqual([2, 2]);
    // SGD: θ₂ = (0.46, 0.72), ∇f(θ₂) = (0.92, 0.72), b₂ = (3.4, 1.8), step = −0.1·b₂.
    expect(ins[0].theta[0]).toBeCloseTo(0.46, 15);
    expect(ins[0].grad[0]).toBeCloseTo(0.92, 15);
    expect(ins[0].grad[1]).toBeCloseTo(0.72, 15);
    expect(ins[0].momentum!.value[0]).toBeCloseTo(3.4, 14);
    expect(ins[0].step![1]).toBeCloseTo(-0.18, 15);
    expect(ins[0].trials).toBeNull();
    expect(ins[1].trials).toEqual([4, 2, 1, 0.5]);
    expect(ins[1].batchGrad![0]).toBeCloseTo(-2, 15);
    s.handle({ type: 'internals', gen: 1, on: false });
    s.handle({ type: 'ack', gen: 1 });
    s.handle({ type: 'step', gen: 1, n: 1 });
    expect(frames().at(-1)!.internals).toBeUndefined();
  });

  it('recomputes the contour over other axes through a given point (slice)', () => {
    const { msgs, post } = collect();
    const s = new Session(post, fakeClock().clock);
    s.handle({ type: 'load', gen: 1, experiment: { version: 1, problem: 'linear-regression', data: { generator: 'linear', n: 50, d: 4, noise: 0.1 }, runs: [{ label: 'g', optimizer: 'sgd', hyper: { lr: 0.05 } }], steps: 20 } });
    const info = (msgs[0] as Extract<FromWorker, { type: 'loaded' }>).info;
    expect(info.dim).toBe(5);
    const at = [0.1, 0.2, 0.3, 0.4, 0.5];
    s.handle({ type: 'slice', gen: 1, axes: [3, 1], at });
    expect(msgs.at(-1)?.type === 'error' ? msgs.at(-1) : null).toBeNull();
    const c = (msgs.at(-1) as Extract<FromWorker, { type: 'contour' }>).contour;
    expect(c.axes).toEqual([3, 1]);
    expect(Array.from(c.slice)).toEqual(at);
    // z[j·nx + i] = f(at with θ₃ = xs[i], θ₁ = ys[j]), checked against the runner's own loss.
    const r = new Runner({ version: 1, problem: 'linear-regression', data: { generator: 'linear', n: 50, d: 4, noise: 0.1 }, runs: [{ label: 'g', optimizer: 'sgd' }], steps: 0 });
    const i = 5, j = 7, nx = c.xs.length;
    const theta = Float64Array.from(at);
    theta[3] = c.xs[i];
    theta[1] = c.ys[j];
    expect(c.z[j * nx + i]).toBe(r.problem.loss(theta, null));
    s.handle({ type: 'slice', gen: 1, axes: [2, 2], at: null });
    expect(msgs.at(-1)).toEqual({ type: 'error', gen: 1, message: 'slice axes: need two different parameters in 0 … 4, got 2, 2' });
  });

  it('answers load with the problem and a first frame holding step 0', () => {
    const { msgs, post } = collect();
    const s = new Session(post, fakeClock().clock);
    s.handle({ type: 'load', gen: 1, experiment: race });
    expect(msgs[0].type).toBe('loaded');
    const loaded = msgs[0] as Extract<FromWorker, { type: 'loaded' }>;
    expect(loaded.info.dim).toBe(2);
    expect(loaded.info.contour?.z.length).toBe(loaded.info.contour!.xs.length * loaded.info.contour!.ys.length);
    expect(loaded.info.totalSteps).toEqual([500, 500]);
    const frame = msgs[1] as Extract<FromWorker, { type: 'frame' }>;
    expect(frame.counts).toEqual([1, 1]);
    const runs = decodeFrame(frame.buffer, frame.counts, frame.dim);
    expect(Array.from(runs[0].params)).toEqual([-1.5, 2]);
    expect(runs[0].loss[0]).toBeCloseTo(12.5, 12);
  });

  it('sends one frame at a time: the next only after an ack', () => {
    const { msgs, post } = collect();
    const { clock, drain } = fakeClock();
    const s = new Session(post, clock);
    s.handle({ type: 'load', gen: 1, experiment: race });
    s.handle({ type: 'play', gen: 1 });
    drain(20);
    const frames = () => msgs.filter((m) => m.type === 'frame') as Extract<FromWorker, { type: 'frame' }>[];
    expect(frames().length).toBe(1); // the load frame, never acknowledged
    s.handle({ type: 'ack', gen: 1 });
    expect(frames().length).toBe(2);
    drain(20);
    expect(frames().length).toBe(2);
    // Keep acknowledging until the run ends: every step arrives exactly once, in order.
    const steps: number[] = [];
    for (let i = 0; i < 200 && !frames().at(-1)!.done; i++) {
      s.handle({ type: 'ack', gen: 1 });
      drain(5);
    }
    for (const f of frames()) steps.push(...decodeFrame(f.buffer, f.counts, f.dim)[0].step);
    expect(steps).toEqual(Array.from({ length: 501 }, (_, i) => i));
    expect(frames().at(-1)!.runs.map((r) => r.status)).toEqual(['done', 'done']);
  });

  it('drops commands of an older generation and reports bad experiments as errors', () => {
    const { msgs, post } = collect();
    const { clock } = fakeClock();
    const s = new Session(post, clock);
    s.handle({ type: 'load', gen: 2, experiment: race });
    s.handle({ type: 'ack', gen: 2 });
    s.handle({ type: 'step', gen: 1, n: 10 }); // stale
    expect(msgs.filter((m) => m.type === 'frame').length).toBe(1);
    s.handle({ type: 'step', gen: 2, n: 10 });
    const last = msgs.at(-1) as Extract<FromWorker, { type: 'frame' }>;
    expect(last.runs[0].step).toBe(10);
    s.handle({ type: 'load', gen: 3, experiment: { ...race, runs: [{ label: 'x', optimizer: 'nope' }] } });
    const err = msgs.at(-1) as Extract<FromWorker, { type: 'error' }>;
    expect(err.type).toBe('error');
    expect(err.gen).toBe(3);
    expect(err.message).toMatch(/runs\[0\]\.optimizer: unknown optimizer "nope"/);
  });

  it('answers ping with pong at once, before any load and whatever the generation', () => {
    const { msgs, post } = collect();
    const { clock } = fakeClock();
    const s = new Session(post, clock);
    s.handle({ type: 'ping', gen: 0 });
    expect(msgs).toEqual([{ type: 'pong', gen: 0 }]);
    s.handle({ type: 'load', gen: 4, experiment: race });
    s.handle({ type: 'ping', gen: 3 });
    expect(msgs.at(-1)).toEqual({ type: 'pong', gen: 3 });
  });

  it('applies setHyper to the live run and reports a bad value without stopping', () => {
    const { msgs, post } = collect();
    const s = new Session(post, fakeClock().clock);
    s.handle({ type: 'load', gen: 1, experiment: race });
    s.handle({ type: 'ack', gen: 1 });
    s.handle({ type: 'setHyper', gen: 1, run: 0, name: 'lr', value: 0 });
    s.handle({ type: 'step', gen: 1, n: 5 });
    const f = msgs.at(-1) as Extract<FromWorker, { type: 'frame' }>;
    const gd = decodeFrame(f.buffer, f.counts, f.dim)[0];
    expect(Array.from(gd.params.subarray(-2))).toEqual([-1.5, 2]);
    s.handle({ type: 'setHyper', gen: 1, run: 0, name: 'lr', value: Number.NaN });
    expect((msgs.at(-1) as Extract<FromWorker, { type: 'error' }>).message).toMatch(/runs\[0\]\.hyper\.lr: must be a number/);
  });

  it('decimates what piled up to at most MAX_FRAME_POINTS per run, keeping the last point', () => {
    expect(pickIndices(0, 10, 20)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const p = pickIndices(100, 100_100, MAX_FRAME_POINTS);
    expect(p.length).toBe(MAX_FRAME_POINTS);
    expect(p[0]).toBe(100);
    expect(p.at(-1)).toBe(100_099);
    for (let i = 1; i < p.length; i++) expect(p[i]).toBeGreaterThan(p[i - 1]);
  });
});

describe('worker session with a tensor-path model', () => {
  const modelExperiment: Experiment = { version: 1, problem: 'mlp', runs: [{ label: 'SGD', optimizer: 'sgd', hyper: { lr: 0.05 } }], steps: 50 };

  it('loads a model asynchronously, queues commands meanwhile, and replays them once ready', async () => {
    const { msgs, post } = collect();
    let resolveLoad!: () => void;
    const loaded = new Promise<void>((r) => (resolveLoad = r));
    // A stand-in engine: the float64 runner on rosenbrock (the loader is what is under test here).
    const loader = async () => {
      await loaded;
      const runner = new Runner(race);
      return { engine: runner, info: { ...describeAnalytic(runner), path: 'tensor' as const } };
    };
    const s = new Session(post, fakeClock().clock, loader);
    s.handle({ type: 'load', gen: 1, experiment: modelExperiment });
    s.handle({ type: 'step', gen: 1, n: 7 });
    expect(msgs.length).toBe(0);
    resolveLoad();
    await new Promise((r) => setTimeout(r, 0));
    expect(msgs[0].type).toBe('loaded');
    expect((msgs[0] as Extract<FromWorker, { type: 'loaded' }>).info.path).toBe('tensor');
    s.handle({ type: 'ack', gen: 1 });
    const last = msgs.at(-1) as Extract<FromWorker, { type: 'frame' }>;
    expect(last.runs[0].step).toBe(7);
  });

  it('disposes an engine whose load was overtaken by a newer load, and reports loader errors', async () => {
    const { msgs, post } = collect();
    let disposed = 0;
    const loader = async () => {
      const runner = new Runner(race);
      return { engine: Object.assign(runner, { dispose: () => void disposed++ }), info: describeAnalytic(runner) };
    };
    const s = new Session(post, fakeClock().clock, loader);
    s.handle({ type: 'load', gen: 1, experiment: modelExperiment });
    s.handle({ type: 'load', gen: 2, experiment: race });
    await new Promise((r) => setTimeout(r, 0));
    expect(disposed).toBe(1);
    expect(msgs.filter((m) => m.type === 'loaded').length).toBe(1);
    const failing = new Session(post, fakeClock().clock, async () => {
      throw new Error('no TF.js backend works here');
    });
    failing.handle({ type: 'load', gen: 5, experiment: modelExperiment });
    await new Promise((r) => setTimeout(r, 0));
    expect(msgs.at(-1)).toEqual({ type: 'error', gen: 5, message: 'no TF.js backend works here' });
  });

  describe('at a fixed speed faster than the engine', () => {
    /** A clock that moves only when told: the engine's steps take simulated time. */
    function manualClock() {
      const queue: (() => void)[] = [];
      const c = { t: 0 };
      const clock: Clock = { now: () => c.t, later: (fn) => queue.push(fn) };
      return { c, clock, next: () => queue.shift()?.() };
    }

    it('an asynchronous engine (150 ms a step, 300 steps/s asked) takes one step a tick, with a frame after each', async () => {
      const { msgs, post } = collect();
      const { c, clock, next } = manualClock();
      const chunks: number[] = [];
      const loader = async () => {
        const runner = new Runner({ ...race, steps: 100_000 });
        const engine = Object.assign(runner, {
          advanceAsync: async (n: number) => {
            chunks.push(n);
            c.t += 150 * n;
            return runner.advance(n);
          },
        });
        return { engine, info: describeAnalytic(runner) };
      };
      const s = new Session(post, clock, loader);
      s.handle({ type: 'load', gen: 1, experiment: modelExperiment });
      await new Promise((r) => setTimeout(r, 0));
      s.handle({ type: 'setSpeed', gen: 1, stepsPerSecond: 300 });
      s.handle({ type: 'play', gen: 1 });
      for (let i = 0; i < 40; i++) {
        c.t += 5;
        next();
        await new Promise((r) => setTimeout(r, 0));
        s.handle({ type: 'ack', gen: 1 });
      }
      // Before: 1, 47, 2 116, 95 221 … steps a tick, each the debt of the one before.
      expect(Math.max(...chunks)).toBe(1);
      expect(chunks.length).toBeGreaterThan(10);
      const frames = msgs.filter((m) => m.type === 'frame') as Extract<FromWorker, { type: 'frame' }>[];
      expect(frames.length).toBeGreaterThan(10);
      expect(frames.at(-1)!.runs[0].step).toBe(chunks.length);
    });

    it('the float64 engine at a speed it cannot reach ends each tick after SLICE_MS and owes nothing after', () => {
      const { msgs, post } = collect();
      const { c, clock, next } = manualClock();
      const s = new Session(post, clock);
      s.handle({ type: 'load', gen: 1, experiment: { ...race, steps: 10_000_000 } });
      // Each advance costs 1 ms of clock per step: 1 000 steps/s at most, 100 000 asked.
      const runner = (s as unknown as { runner: Runner }).runner;
      const advance = runner.advance.bind(runner);
      const sizes: number[] = [];
      runner.advance = (n: number) => { sizes.push(n); c.t += n; return advance(n); };
      s.handle({ type: 'setSpeed', gen: 1, stepsPerSecond: 100_000 });
      s.handle({ type: 'play', gen: 1 });
      const ticks: number[] = [];
      for (let i = 0; i < 20; i++) {
        const before = sizes.length;
        const t0 = c.t;
        c.t += 16;
        next();
        ticks.push(c.t - t0 - 16);
        expect(sizes.length).toBeGreaterThan(before);
        s.handle({ type: 'ack', gen: 1 });
      }
      // A tick stops at the first chunk that passes SLICE_MS (16 + 32 steps here), never the whole debt.
      expect(Math.max(...ticks)).toBeLessThanOrEqual(48);
      expect(msgs.filter((m) => m.type === 'frame').length).toBeGreaterThan(10);
    });
  });
});
