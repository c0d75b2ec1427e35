/// <reference lib="webworker" />
/**
 * The bench page's own worker: the baselines (plain Float64Array loops, stock TF.js) and the tensor
 * path's engine measured directly (transformer step, loss landscape). It sits beside the app's real
 * worker (src/worker/entry.ts), which the page drives for the "in the worker" measures, so every
 * ratio compares two things timed in the same page, alternately.
 *
 * RPC: {id, cmd, args} in, {id, result} or {id, error} out.
 */
import * as tf from '@tensorflow/tfjs';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { makeRng } from '../../src/rng';
import { makeProblem } from '../../src/problems/registry';
import { Runner } from '../../src/run/runner';
import type { Experiment } from '../../src/experiment/types';
import { Sweep, type SweepSpec } from '../../src/run/sweep';
import { selectBackend, type BackendName } from '../../src/tensor/backend';
import { setWasmBinaries } from '../../src/tensor/wasmPaths';
import { loadTensorEngine } from '../../src/tensor/load';
import type { TensorRunner } from '../../src/tensor/tensorRunner';
import type { CharTransformer } from '../../src/models/transformer';
import { evaluateAlongAsync, randomDirection } from '../../src/models/landscape';
import { plainRun, type PlainOptimizer } from './plain';

// The wasm binaries as the app's worker serves them (src/worker/entry.ts).
setWasmBinaries({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });

const scope = self as unknown as DedicatedWorkerGlobalScope;
const now = () => performance.now();

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The S3 data of B1 (N, d) as the playground builds it. */
function s3Data(d: number, noise = 1, seed = 0) {
  const p = makeProblem('linear-regression', undefined, { generator: 'linear', n: 1000, d, noise, seed }, makeRng(seed).fork('data'));
  const design = p.design as { phi: Float64Array; y: Float64Array };
  return { phi: design.phi, y: design.y, n: p.n, p: p.dim };
}

export function b1Experiment(d: number): Experiment {
  return {
    version: 1, problem: 'linear-regression', seed: 0,
    data: { generator: 'linear', n: 1000, d, noise: 1, seed: 0 },
    runs: [{ label: 'Adam', optimizer: 'adam', hyper: { lr: 0.01 }, batchSize: 16 }],
    epochs: 20, record: 'all',
  };
}

/** B1's plain loop: ms per run (one run = 20 epochs, batch 16, every step recorded). */
function plainB1(d: number): { ms: number; steps: number } {
  const data = s3Data(d);
  const t0 = now();
  const r = plainRun({ ...data, batchSize: 16, epochs: 20, opt: { kind: 'adam', lr: 0.01 }, recordEvery: 1, seed: 1 });
  return { ms: now() - t0, steps: r.steps };
}

/** B1b design check: the plain loop with the O(p²) Gram-matrix full loss (setup included). */
function plainB1Gram(d: number): { ms: number; steps: number } {
  const data = s3Data(d);
  const t0 = now();
  const r = plainRun({ ...data, batchSize: 16, epochs: 20, opt: { kind: 'adam', lr: 0.01 }, recordEvery: 1, seed: 1, fullLoss: 'gram' });
  return { ms: now() - t0, steps: r.steps };
}

/** B1 diagnostic: the runner itself, no worker messages (ms per run, building included and not). */
function runnerB1(d: number): { ms: number; buildMs: number; steps: number } {
  const t0 = now();
  const runner = new Runner(b1Experiment(d));
  const t1 = now();
  runner.runToEnd();
  return { ms: now() - t1, buildMs: t1 - t0, steps: runner.runs[0].t };
}

/** B2's limit: every run of the sweep as a plain loop, data built outside the timing. */
function plainSweep(spec: SweepSpec): { ms: number; runs: number; steps: number } {
  let ms = 0, runs = 0, steps = 0;
  for (const noise of spec.noises) {
    for (const seed of spec.seeds) {
      const data = s3Data(spec.d ?? 20, noise, seed);
      for (const batch of spec.batches) {
        const batchSize = batch === 'full' ? spec.n : batch;
        const spe = Math.ceil(spec.n / batchSize);
        for (const o of spec.optimizers) {
          const h = o.hyper ?? {};
          const opt: PlainOptimizer = o.optimizer === 'sgd' ? { kind: 'sgd', lr: Number(h.lr) }
            : o.optimizer === 'polyak' ? { kind: 'polyak', fStar: Number(h.f_star ?? 0), eps: Number(h.eps ?? 1e-8) }
              : { kind: 'polyak_adam_hybrid', alpha: Number(h.alpha ?? 0.003), polyakFactor: Number(h.polyak_factor ?? 0.3) };
          const t0 = now();
          const r = plainRun({ ...data, batchSize, epochs: spec.epochs, opt, recordEvery: spe, seed: seed + 7 });
          ms += now() - t0;
          runs++;
          steps += r.steps;
        }
      }
    }
  }
  return { ms, runs, steps };
}

/**
 * B2 diagnostics: the Sweep class run directly (no worker session, no slicing), the time spent
 * building Runners (data, least-squares optimum), and sweep vs plain per batch size.
 */
function sweepDirect(spec: SweepSpec) {
  let t0 = now();
  const sweep = new Sweep(spec);
  while (!sweep.done) sweep.step(Infinity);
  const directMs = now() - t0;
  let buildMs = 0;
  for (const noise of spec.noises) {
    for (const seed of spec.seeds) {
      for (const b of spec.batches) {
        t0 = now();
        new Runner({
          version: 1, problem: spec.problem, seed, epochs: spec.epochs,
          data: { generator: spec.generator, n: spec.n, noise, seed, ...(spec.d !== undefined ? { d: spec.d } : {}) },
          runs: spec.optimizers.map((o) => ({ label: o.label, optimizer: o.optimizer, ...(o.hyper ? { hyper: { ...o.hyper } } : {}), ...(b === 'full' ? {} : { batchSize: b }) })),
        });
        buildMs += now() - t0;
      }
    }
  }
  const perBatch = spec.batches.map((b) => {
    const one = { ...spec, batches: [b] };
    const t1 = now();
    const s1 = new Sweep(one);
    while (!s1.done) s1.step(Infinity);
    const sweepMs = now() - t1;
    return { batch: b, sweepMs, plainMs: plainSweep(one).ms };
  });
  return { directMs, buildMs, perBatch };
}

let backendInfo: { name: string; software: boolean; adapter: string } | null = null;

async function useBackend(name?: BackendName): Promise<string> {
  const b = await selectBackend(name);
  backendInfo = { name: b.name, software: b.software, adapter: b.adapter };
  return b.name;
}

/** B1b: stock TF.js, tf.train.adam().minimize on the same data, batch order and trace (loss, batch loss, θ per step). */
async function tfAdam(backend: BackendName, d: number, steps: number, reps = 3): Promise<{ backend: string; stepsPerSec: number; steps: number }> {
  const got = await useBackend(backend);
  if (got !== backend) return { backend: got, stepsPerSec: NaN, steps: 0 };
  const data = s3Data(d);
  const { n, p } = data;
  const X = tf.tensor2d(Float32Array.from(data.phi), [n, p]);
  const Y = tf.tensor2d(Float32Array.from(data.y), [n, 1]);
  const w = tf.variable(tf.zeros([p, 1]));
  const opt = tf.train.adam(0.01, 0.9, 0.999, 1e-8);
  const perm = new Int32Array(n);
  let state = 12345;
  const shuffle = () => {
    for (let i = 0; i < n; i++) perm[i] = i;
    for (let i = n - 1; i > 0; i--) {
      state ^= state << 13; state >>>= 0; state ^= state >>> 17; state ^= state << 5; state >>>= 0;
      const j = state % (i + 1);
      const t = perm[i]; perm[i] = perm[j]; perm[j] = t;
    }
  };
  const B = 16;
  const spe = Math.ceil(n / B);
  const run = async (count: number) => {
    const trace: tf.Tensor[] = [];
    for (let k = 0; k < count; k++) {
      const j = k % spe;
      if (j === 0) shuffle();
      const idx = tf.tensor1d(perm.subarray(j * B, Math.min(n, (j + 1) * B)), 'int32');
      const cost = opt.minimize(() => {
        const xb = tf.gather(X, idx);
        const yb = tf.gather(Y, idx);
        return tf.mean(tf.square(tf.sub(tf.matMul(xb, w), yb))) as tf.Scalar;
      }, true) as tf.Scalar;
      idx.dispose();
      const full = tf.tidy(() => tf.mean(tf.square(tf.sub(tf.matMul(X, w), Y))));
      trace.push(cost, full, w.clone());
    }
    // One readback of the whole trace (a readback per step would cost ~2.6 ms each on webgpu).
    const all = tf.tidy(() => tf.concat(trace.map((t) => tf.reshape(t, [-1]))));
    await all.data();
    all.dispose();
    tf.dispose(trace);
  };
  await run(5); // shader compilation, first uploads
  const times: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const t0 = now();
    await run(steps);
    times.push(now() - t0);
  }
  tf.dispose([X, Y, w]);
  opt.dispose();
  return { backend: got, stepsPerSec: steps / (median(times) / 1000), steps };
}

// ---------------------------------------------------------------------------------------------
// B4: the transformer.

export interface TransformerSize { n_embd: number; n_head: number; n_layer: number; block_size: number }

function transformerExperiment(size: TransformerSize, steps: number): Experiment {
  return {
    version: 1, problem: 'transformer', seed: 0,
    problemParams: { ...size, dropout: 0.1, eval_every: 10_000 },
    data: { generator: 'toddler', n: 3000 },
    runs: [{ label: 'Adam', optimizer: 'adam', hyper: { lr: 1e-3 }, batchSize: 16 }],
    steps,
  };
}

/**
 * The playground's step as the worker drives it: advanceAsync in chunks adapted like the session's
 * (start at 1, double while a tick takes < 30 ms, halve above 120 ms). Timed from step `from` to `to`.
 */
async function playgroundTransformer(size: TransformerSize, from: number, to: number, total: number, backend?: BackendName) {
  await useBackend(backend);
  const { engine } = await loadTensorEngine({ ...transformerExperiment(size, total), ...(backend ? { backend } : {}) });
  const runner = engine as TensorRunner;
  let chunk = 1;
  const advanceTo = async (target: number, adapt: boolean) => {
    let ticks = 0;
    while (runner.runs[0].t < target && !runner.done) {
      const n = Math.min(chunk, target - runner.runs[0].t);
      const t0 = now();
      await runner.advanceAsync(n);
      const el = now() - t0;
      ticks++;
      console.info(`playground transformer: step ${runner.runs[0].t}, tick of ${n} in ${el.toFixed(0)} ms`);
      if (adapt) {
        if (el < 30 && chunk < 1024) chunk *= 2;
        else if (el > 120 && chunk > 1) chunk >>= 1;
      }
    }
    return ticks;
  };
  await advanceTo(from, true);
  const tensorsAt10 = tf.memory().numTensors;
  const t0 = now();
  const ticks = await advanceTo(to, true);
  const ms = now() - t0;
  await advanceTo(total, true);
  const tensorsAtEnd = tf.memory().numTensors;
  const model = runner.model as unknown as CharTransformer;
  const status = runner.runs[0].status;
  const lastLoss = runner.runs[0].recorder.loss[runner.runs[0].recorder.length - 1];
  runner.dispose();
  return {
    backend: backendInfo, ms, steps: to - from, ticks, finalChunk: chunk, tensorsAt10, tensorsAtEnd, status, lastLoss,
    params: model.dim, tokensPerStep: 16 * size.block_size,
  };
}

/**
 * The same GPT written the stock TF.js way: one tf.variable per weight (same shapes and init),
 * tf.gather embeddings, tf.dropout, tf.losses.softmaxCrossEntropy, tf.train.adam().minimize.
 * The batches are the playground model's own (same data, same windows).
 */
async function stockTransformer(size: TransformerSize, from: number, to: number, total: number, backend?: BackendName) {
  const got = await useBackend(backend);
  const { engine } = await loadTensorEngine({ ...transformerExperiment(size, total), ...(backend ? { backend } : {}) });
  const runner = engine as TensorRunner;
  const model = runner.model as unknown as CharTransformer;
  const c = model.config;
  const C = c.nEmbd, H = c.nHead, hs = C / H, V = c.vocabSize, T = c.blockSize, p = c.dropout;
  const rng = makeRng(1).fork('stock');
  const vars: Record<string, tf.Variable> = {};
  for (const e of model.layout) {
    const count = e.shape.reduce((a, b) => a * b, 1);
    const vals = new Float32Array(count);
    for (let i = 0; i < count; i++) vals[i] = e.init === 'normal' ? 0.02 * rng.normal() : e.init === 'ones' ? 1 : 0;
    vars[e.name] = tf.variable(tf.tensor(vals, e.shape), true, e.name);
  }
  const maskValues = new Float32Array(T * T);
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) maskValues[i * T + j] = -1e9;
  const mask = tf.tensor2d(maskValues, [T, T]);
  const ln = (z: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
    const { mean, variance } = tf.moments(z, -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(z, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
  };
  const dense = (z: tf.Tensor, name: string) => tf.add(tf.matMul(z, vars[`${name}.weight`], false, true), vars[`${name}.bias`]);
  const drop = (z: tf.Tensor) => (p > 0 ? tf.dropout(z, p) : z);
  const forward = (x: tf.Tensor) => {
    const [B] = x.shape as [number, number];
    // wasm has no gradient for tf.gather (tfjs#8082): there the stock model embeds by one-hot matmul too.
    const ids = tf.reshape(x, [-1]);
    const tok = got === 'wasm' ? tf.matMul(tf.oneHot(ids, V), vars['token_embedding_table.weight']) : tf.gather(vars['token_embedding_table.weight'], ids);
    const pos = tf.slice(vars['position_embedding_table.weight'], [0, 0], [T, C]);
    let h = tf.reshape(tf.add(tf.reshape(tok, [B, T, C]), pos), [B * T, C]);
    const heads = (z: tf.Tensor) => tf.transpose(tf.reshape(z, [B, T, H, hs]), [0, 2, 1, 3]);
    for (let l = 0; l < c.nLayer; l++) {
      const a = ln(h, vars[`blocks.${l}.ln1.weight`], vars[`blocks.${l}.ln1.bias`]);
      const q = heads(dense(a, `blocks.${l}.sa.query`));
      const k = heads(dense(a, `blocks.${l}.sa.key`));
      const v = heads(dense(a, `blocks.${l}.sa.value`));
      const att = drop(tf.softmax(tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(hs)), mask)));
      const y = tf.reshape(tf.transpose(tf.matMul(att, v), [0, 2, 1, 3]), [B * T, C]);
      h = tf.add(h, drop(dense(y, `blocks.${l}.sa.proj`)));
      const hidden = tf.relu(dense(ln(h, vars[`blocks.${l}.ln2.weight`], vars[`blocks.${l}.ln2.bias`]), `blocks.${l}.ffwd.fc`));
      h = tf.add(h, drop(dense(hidden, `blocks.${l}.ffwd.proj`)));
    }
    return dense(ln(h, vars['ln_f.weight'], vars['ln_f.bias']), 'lm_head');
  };
  const opt = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
  const costs: tf.Tensor[] = [];
  let step = 0;
  const readback = async () => {
    if (!costs.length) return;
    const parts = costs.splice(0);
    const all = tf.stack(parts);
    tf.dispose(parts);
    await all.data();
    all.dispose();
  };
  const advanceTo = async (target: number) => {
    while (step < target) {
      const b = model.batch(step, 16);
      const cost = opt.minimize(() => {
        const logits = forward(b.x);
        return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.reshape(b.y, [-1]), V), logits) as tf.Scalar;
      }, true) as tf.Scalar;
      tf.dispose([b.x, b.y]);
      costs.push(cost);
      step++;
      // The loss is read back every 10 steps (a per-step readback would cost the stock loop more).
      if (step % 10 === 0) await readback();
      console.info(`stock transformer: step ${step} (${got})`);
    }
    await readback();
  };
  await advanceTo(from);
  const tensorsAt10 = tf.memory().numTensors;
  const t0 = now();
  await advanceTo(to);
  const ms = now() - t0;
  await advanceTo(total);
  const tensorsAtEnd = tf.memory().numTensors;
  tf.dispose(Object.values(vars));
  mask.dispose();
  opt.dispose();
  runner.dispose();
  return { backend: backendInfo, ms, steps: to - from, tensorsAt10, tensorsAtEnd, params: model.dim, tokensPerStep: 16 * T };
}

// ---------------------------------------------------------------------------------------------
// B6: the loss landscape of the width-10 MLP.

async function landscapeBench(grid: number, pointwise: number) {
  await useBackend();
  const exp: Experiment = {
    version: 1, problem: 'mlp', seed: 0, problemParams: { depth: 2, width: 10, activation: 0 },
    data: { generator: 'sin-exp', n: 7, noise: 0 },
    runs: [{ label: 'Adam', optimizer: 'adam', hyper: { lr: 0.01 }, batchSize: 7 }],
    steps: 200,
  };
  const { engine } = await loadTensorEngine(exp);
  const runner = engine as TensorRunner;
  await runner.advanceAsync(200);
  const req = { run: 0, grid, span: 1, scaling: 'filter' as const, seed: 3 };
  await runner.landscape({ ...req, grid: 11 }); // warm-up (shaders for these shapes)
  const batched: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    const t0 = now();
    await runner.landscape(req);
    batched.push(now() - t0);
  }
  // Point by point: the same model's loss on one parameter row at a time, each read back.
  const model = runner.model;
  const theta = await runner.runs[0].run.readThetaAsync();
  const r = makeRng(3).fork('landscape');
  const d1 = randomDirection(r.fork(1), theta, 'filter', model.layout);
  const d2 = randomDirection(r.fork(2), theta, 'filter', model.layout);
  const full = model.batch(0, runner.n);
  const loss = (rows: tf.Tensor) => model.loss(rows, full);
  await evaluateAlongAsync(loss, theta, d1, [0.1], d2, [0.2]);
  const single: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    const t0 = now();
    for (let k = 0; k < pointwise; k++) {
      const t = -1 + (2 * (k % grid)) / (grid - 1);
      const s = -1 + (2 * Math.floor(k / grid)) / (grid - 1);
      await evaluateAlongAsync(loss, theta, d1, [t], d2, [s]);
    }
    single.push(now() - t0);
  }
  tf.dispose([(full as { x: tf.Tensor }).x, (full as { y: tf.Tensor }).y]);
  const batchedMs = median(batched);
  const singleMs = median(single);
  runner.dispose();
  return {
    backend: backendInfo, grid, batchedMs, batchedEvalsPerSec: (grid * grid + grid + 1) / (batchedMs / 1000),
    pointwise, pointwiseEvalsPerSec: pointwise / (singleMs / 1000), batchedRuns: batched, singleRuns: single,
  };
}

type Handler = (args: never) => unknown;
const HANDLERS: Record<string, Handler> = {
  plainB1: (a: { d: number }) => plainB1(a.d),
  runnerB1: (a: { d: number }) => runnerB1(a.d),
  plainB1Gram: (a: { d: number }) => plainB1Gram(a.d),
  sweepDirect: (a: { spec: SweepSpec }) => sweepDirect(a.spec),
  plainSweep: (a: { spec: SweepSpec }) => plainSweep(a.spec),
  tfAdam: (a: { backend: BackendName; d: number; steps: number; reps?: number }) => tfAdam(a.backend, a.d, a.steps, a.reps),
  playgroundTransformer: (a: { size: TransformerSize; from: number; to: number; total: number; backend?: BackendName }) => playgroundTransformer(a.size, a.from, a.to, a.total, a.backend),
  stockTransformer: (a: { size: TransformerSize; from: number; to: number; total: number; backend?: BackendName }) => stockTransformer(a.size, a.from, a.to, a.total, a.backend),
  landscape: (a: { grid: number; pointwise: number }) => landscapeBench(a.grid, a.pointwise),
};

scope.onmessage = async (ev: MessageEvent<{ id: number; cmd: string; args: unknown }>) => {
  const { id, cmd, args } = ev.data;
  try {
    const h = HANDLERS[cmd];
    if (!h) throw new Error(`unknown command ${cmd}`);
    const result = await h(args as never);
    scope.postMessage({ id, result });
  } catch (err) {
    scope.postMessage({ id, error: `${(err as Error).message}\n${(err as Error).stack ?? ''}` });
  }
};
