/**
 * The bench page: drives the app's real worker (src/worker/entry.ts, the same protocol the app
 * speaks) and the bench worker (baselines) side by side, and exposes one async function per
 * measurement on `window.__bench` for the Node driver (e2e/bench/run.ts).
 */
import type { Experiment } from '../../src/experiment/types';
import type { FromWorker, ToWorker } from '../../src/worker/protocol';
import { S3_SWEEP, type SweepSpec } from '../../src/run/sweep';

const now = () => performance.now();

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The app's worker, spoken to as app/workerClient.ts does (frames acknowledged at once). */
class AppWorker {
  private readonly worker = new Worker(new URL('../../src/worker/entry.ts', import.meta.url), { type: 'module' });
  private gen = 0;
  private listener: ((m: FromWorker) => void) | null = null;

  constructor() {
    this.worker.onmessage = (ev: MessageEvent<FromWorker>) => {
      const m = ev.data;
      if (m.type === 'frame') this.post({ type: 'ack', gen: m.gen, buffer: m.buffer });
      this.listener?.(m);
    };
  }

  private post(msg: ToWorker): void {
    this.worker.postMessage(msg, msg.type === 'ack' && msg.buffer ? [msg.buffer] : []);
  }

  private wait(pred: (m: FromWorker) => boolean, what: string): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      this.listener = (m) => {
        if (m.type === 'error') {
          this.listener = null;
          reject(new Error(`worker (${what}): ${m.message}`));
        } else if (pred(m)) {
          this.listener = null;
          resolve(m);
        }
      };
    });
  }

  /** Loads an experiment; returns the load time. */
  async load(experiment: Experiment): Promise<number> {
    const gen = ++this.gen;
    const t0 = now();
    const loaded = this.wait((m) => m.type === 'loaded' && m.gen === gen, 'load');
    this.post({ type: 'load', gen, experiment });
    await loaded;
    return now() - t0;
  }

  /** Plays the loaded experiment to its end at full speed; returns ms from play to the last frame, and the steps. */
  async playToEnd(): Promise<{ ms: number; steps: number }> {
    const gen = this.gen;
    this.post({ type: 'setSpeed', gen, stepsPerSecond: 0 });
    const done = this.wait((m) => m.type === 'frame' && m.gen === gen && m.done, 'play');
    const t0 = now();
    this.post({ type: 'play', gen });
    const last = (await done) as Extract<FromWorker, { type: 'frame' }>;
    return { ms: now() - t0, steps: Math.max(...last.runs.map((r) => r.step)) };
  }

  /** Runs a float64 sweep through the worker's floatSweep command; wall time from command to the final message. */
  async floatSweep(spec: SweepSpec): Promise<{ ms: number; computeMs: number; cells: number }> {
    const gen = this.gen;
    const id = Math.floor(now() * 1000) % 1e9;
    const done = this.wait((m) => m.type === 'floatSweep' && m.id === id && m.finished, 'floatSweep');
    const t0 = now();
    this.post({ type: 'floatSweep', gen, id, spec });
    const last = (await done) as Extract<FromWorker, { type: 'floatSweep' }>;
    if (last.error) throw new Error(`floatSweep: ${last.error}`);
    return { ms: now() - t0, computeMs: last.computeMs, cells: last.done };
  }

  terminate(): void {
    this.worker.terminate();
  }
}

/** The bench worker (baselines and direct tensor-path measures). */
class BenchWorker {
  private readonly worker = new Worker(new URL('./benchWorker.ts', import.meta.url), { type: 'module' });
  private next = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor() {
    this.worker.onmessage = (ev: MessageEvent<{ id: number; result?: unknown; error?: string }>) => {
      const p = this.pending.get(ev.data.id);
      if (!p) return;
      this.pending.delete(ev.data.id);
      if (ev.data.error !== undefined) p.reject(new Error(ev.data.error));
      else p.resolve(ev.data.result);
    };
  }

  call<T>(cmd: string, args: unknown): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, cmd, args });
    });
  }
}

let app: AppWorker | null = null;
let bench: BenchWorker | null = null;
const appWorker = () => (app ??= new AppWorker());
const benchWorker = () => (bench ??= new BenchWorker());

function b1Experiment(d: number): Experiment {
  return {
    version: 1, problem: 'linear-regression', seed: 0,
    data: { generator: 'linear', n: 1000, d, noise: 1, seed: 0 },
    runs: [{ label: 'Adam', optimizer: 'adam', hyper: { lr: 0.01 }, batchSize: 16 }],
    epochs: 20, record: 'all',
  };
}

/** B1 at input dimension d: the engine in the app's worker vs the plain loop, alternately, `reps` times. */
async function b1(d: number, reps = 7) {
  const w = appWorker();
  const b = benchWorker();
  const engine: number[] = [], plain: number[] = [], direct: number[] = [], loads: number[] = [], gram: number[] = [];
  let steps = 0;
  // Warm-up (JIT of both sides).
  await w.load(b1Experiment(d));
  await w.playToEnd();
  await b.call('plainB1', { d });
  for (let r = 0; r < reps; r++) {
    loads.push(await w.load(b1Experiment(d)));
    const e = await w.playToEnd();
    engine.push(e.ms);
    steps = e.steps;
    const p = await b.call<{ ms: number; steps: number }>('plainB1', { d });
    plain.push(p.ms);
    const x = await b.call<{ ms: number }>('runnerB1', { d });
    direct.push(x.ms);
    gram.push((await b.call<{ ms: number }>('plainB1Gram', { d })).ms);
  }
  const rate = (ms: number[]) => steps / (median(ms) / 1000);
  return {
    d, steps, reps,
    engineStepsPerSec: rate(engine), plainStepsPerSec: rate(plain), runnerDirectStepsPerSec: rate(direct), plainGramStepsPerSec: rate(gram),
    loadMs: median(loads), engineMs: engine, plainMs: plain, directMs: direct,
    // Ratio per alternate pair, then the median (pairs share the machine's state at the time).
    ratio: median(engine.map((e, i) => plain[i] / e)),
  };
}

/**
 * B1b: stock TF.js Adam on each backend, then the engine against the best one side by side: `pairs`
 * alternate runs (engine in the app's worker, then TF.js), the ratio the median of the per-pair ratios.
 */
async function b1b(d = 20, pairs = 7) {
  const w = appWorker();
  const b = benchWorker();
  const out: { backend: string; stepsPerSec: number; steps: number }[] = [];
  for (const [backend, steps] of [['webgpu', 63], ['webgl', 126], ['wasm', 630], ['cpu', 630]] as const) {
    try {
      out.push(await b.call('tfAdam', { backend, d, steps }));
    } catch (err) {
      out.push({ backend: `${backend} (failed: ${(err as Error).message.split('\n')[0]})`, stepsPerSec: NaN, steps: 0 });
    }
  }
  const best = out.filter((t) => Number.isFinite(t.stepsPerSec)).sort((x, y) => y.stepsPerSec - x.stepsPerSec)[0];
  if (!best) return { backends: out, best: null, engineStepsPerSec: NaN, tfStepsPerSec: NaN, ratio: NaN, pairs: [] };
  const rows: { engine: number; tf: number; ratio: number }[] = [];
  await w.load(b1Experiment(d));
  await w.playToEnd();
  for (let r = 0; r < pairs; r++) {
    // A run takes ~5–10 ms here, TF.js's 630 steps a few hundred: the engine side of a pair is 5 runs,
    // so that one preempted run does not decide the pair.
    let ms = 0, steps = 0;
    for (let k = 0; k < 5; k++) {
      await w.load(b1Experiment(d));
      const e = await w.playToEnd();
      ms += e.ms;
      steps += e.steps;
    }
    const engine = steps / (ms / 1000);
    const tf = (await b.call<{ stepsPerSec: number }>('tfAdam', { backend: best.backend, d, steps: best.steps, reps: 3 })).stepsPerSec;
    rows.push({ engine, tf, ratio: engine / tf });
  }
  return {
    backends: out, best: best.backend,
    engineStepsPerSec: median(rows.map((x) => x.engine)), tfStepsPerSec: median(rows.map((x) => x.tf)),
    ratio: median(rows.map((x) => x.ratio)), pairs: rows,
  };
}

/** The S3 sweep scaled to `runs` cells: 27 (1 seed, 3 batches, 3 settings), 270 (S3), 2 700 (30 seeds). */
function sweepOf(runs: number): SweepSpec {
  if (runs === 270) return S3_SWEEP;
  if (runs === 27) {
    return {
      ...S3_SWEEP, seeds: [0], batches: [1, 16, 'full'],
      optimizers: [S3_SWEEP.optimizers[1], S3_SWEEP.optimizers[4], S3_SWEEP.optimizers[5]],
    };
  }
  if (runs === 2700) return { ...S3_SWEEP, seeds: Array.from({ length: 30 }, (_, i) => (i === 0 ? 0 : i === 1 ? 42 : i === 2 ? 1337 : 1000 + i)) };
  throw new Error(`no sweep of ${runs} runs`);
}

/** B2: the sweep in the app's worker vs the sum of plain-loop times of the same runs, alternately. */
async function b2(runs: number, reps = 3) {
  const w = appWorker();
  const b = benchWorker();
  await w.load(b1Experiment(2));
  const spec = sweepOf(runs);
  const wall: number[] = [], compute: number[] = [], plain: number[] = [];
  let cells = 0;
  for (let r = 0; r < reps; r++) {
    const s = await w.floatSweep(spec);
    wall.push(s.ms);
    compute.push(s.computeMs);
    cells = s.cells;
    const p = await b.call<{ ms: number; runs: number }>('plainSweep', { spec });
    plain.push(p.ms);
  }
  const diagnostics = runs === 270 ? await b.call('sweepDirect', { spec }) : null;
  return {
    diagnostics,
    runs, cells, reps, wallMs: median(wall), computeMs: median(compute), plainMs: median(plain),
    wall, plain, ratio: median(wall.map((x, i) => x / plain[i])),
  };
}

interface TransformerSize { n_embd: number; n_head: number; n_layer: number; block_size: number }

/**
 * B4: the playground's transformer step vs the stock TF.js model, alternately: steps [from, to) are
 * timed, the run goes on to `steps` (numTensors is read at `from` and at `steps`).
 */
async function b4(size: TransformerSize, steps = 200, reps = 2, backend?: string, from = 10, to = steps - 10) {
  const b = benchWorker();
  type R = { ms: number; steps: number; tensorsAt10: number; tensorsAtEnd: number; tokensPerStep: number; params: number; backend: unknown; ticks?: number; finalChunk?: number };
  const pg: R[] = [], st: R[] = [];
  for (let r = 0; r < reps; r++) {
    pg.push(await b.call<R>('playgroundTransformer', { size, from, to, total: steps, backend }));
    st.push(await b.call<R>('stockTransformer', { size, from, to, total: steps, backend }));
  }
  const tps = (x: R) => (x.steps * x.tokensPerStep) / (x.ms / 1000);
  return {
    size, steps, reps, params: pg[0].params, backend: pg[0].backend,
    playgroundTokensPerSec: median(pg.map(tps)), stockTokensPerSec: median(st.map(tps)),
    ratio: median(pg.map((x, i) => tps(x) / tps(st[i]))),
    playground: pg, stock: st,
  };
}

async function b6(grid = 101, pointwise = 300) {
  return benchWorker().call('landscape', { grid, pointwise });
}

declare global {
  interface Window {
    __bench?: Record<string, (...args: never[]) => Promise<unknown>>;
  }
}

window.__bench = { b1, b1b, b2, b4, b6 } as unknown as Record<string, (...args: never[]) => Promise<unknown>>;
document.body.dataset.ready = '1';
