/**
 * Any analytic problem of the float64 engine, run on the tensor path in float32 ("float32 on the
 * GPU"): each problem's per-sample loss fᵢ(θ) written with TF.js ops, so reverse-mode autodiff gives
 * the gradient (no hand gradients). The same data and the same mini-batch order as the float64 runner
 * (BatchSampler on the experiment's 'batches' stream), so the two paths can be compared step for step.
 *
 * Least-squares problems (those with `problem.design`) have their own matrix form in
 * leastSquaresModel.ts; this file covers every other problem id of src/problems/registry.ts:
 * - the 2-D surfaces of src/problems/surfaces.ts (and `quadratic` with its h11, h12, h22);
 * - `two-well` (data: the points wᵢ of `problem.data.x`);
 * - `flat-sharp` (data: the phases φᵢ of `problem.data.x`);
 * - the constraint toys `penalty`, `penalty-equality`, `exp-reparam`;
 * - `expression`: the typed f(x, y) (the experiment's `expression`), its AST interpreted with tf ops.
 *
 * θ is [P] (one run: the loss is a scalar) or [R, P] (R runs batched: the loss is [R]). Inside the
 * loss, every parameter is a column [R, 1]; a data problem's samples are a row [B] of the batch, so
 * fᵢ is an [R, B] tensor and the batch loss its mean over the last axis.
 *
 * Differences from the float64 gradients at measure-zero points only: where a branch switches (the
 * two-well min, flat-sharp's q, min/max of a typed f), the chosen branch is the same as the float64
 * code's (ties take the first); for a typed a^b with a variable exponent and a ≤ 0, tf's derivative
 * uses ln a = 0 where float64 gives NaN.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';
import type { Problem } from '../problems/problem';
import type { Experiment } from '../experiment/types';
import { paramsWithDefaults } from '../problems/registry';
import { parseExpression, type ExprNode } from '../parse/expression';
import { DEFAULT_EXPRESSION } from '../parse/expressionProblem';
import { BatchSampler, type Sampling } from '../run/batches';
import type { TensorModel } from '../models/model';

/**
 * The samples of a mini-batch, one row each (with repeats when the batch repeats an index):
 * two-well: the point (wᵢ₁, wᵢ₂); flat-sharp: (cos φᵢ, sin φᵢ). Absent for problems with N = 1.
 */
export interface AnalyticBatch {
  rows?: tf.Tensor2D;
}

export interface AnalyticTensorModel extends TensorModel<AnalyticBatch> {
  /** The batch of explicit sample indices (null: all N). The caller disposes its tensors. */
  batchOf(indices: ArrayLike<number> | null): AnalyticBatch;
}

/** A parameter column [R, 1]. */
type Col = tf.Tensor;
/** fᵢ for every run and sample of the batch: [R, B], or [R, 1] for problems with N = 1. */
type PerSample = (cols: Col[], rows: tf.Tensor2D | undefined) => tf.Tensor;

const { add, sub, mul, div, square: sq, exp, cos, sin } = tf;

/** 2-D surfaces f(x, y), the same formulas as src/problems/surfaces.ts. */
const SURFACES: Record<string, (x: Col, y: Col, p: Record<string, number>) => tf.Tensor> = {
  rosenbrock: (x, y) => add(sq(sub(1, x)), mul(100, sq(sub(y, sq(x))))),
  beale: (x, y) => {
    const y2 = mul(y, y);
    const t1 = add(sub(1.5, x), mul(x, y));
    const t2 = add(sub(2.25, x), mul(x, y2));
    const t3 = add(sub(2.625, x), mul(x, mul(y2, y)));
    return add(add(sq(t1), sq(t2)), sq(t3));
  },
  himmelblau: (x, y) => add(sq(sub(add(sq(x), y), 11)), sq(sub(add(x, sq(y)), 7))),
  rastrigin: (x, y) => {
    const w = 2 * Math.PI;
    return add(add(sub(add(20, sq(x)), mul(10, cos(mul(w, x)))), sq(y)), mul(-10, cos(mul(w, y))));
  },
  saddle: (x, y) => sub(sq(x), sq(y)),
  'goldstein-price': (x, y) => {
    const x2 = sq(x), y2 = sq(y), xy = mul(x, y);
    const s = add(add(x, y), 1);
    const a = [mul(-14, x), mul(3, x2), mul(-14, y), mul(6, xy), mul(3, y2)].reduce((u, v) => add(u, v), tf.scalar(19));
    const t = sub(mul(2, x), mul(3, y));
    const b = [mul(-32, x), mul(12, x2), mul(48, y), mul(-36, xy), mul(27, y2)].reduce((u, v) => add(u, v), tf.scalar(18));
    return mul(add(1, mul(sq(s), a)), add(30, mul(sq(t), b)));
  },
  booth: (x, y) => add(sq(sub(add(x, mul(2, y)), 7)), sq(sub(add(mul(2, x), y), 5))),
  'six-hump-camel': (x, y) => {
    const x2 = sq(x), y2 = sq(y);
    const inner = add(sub(4, mul(2.1, x2)), div(sq(x2), 3));
    return add(add(mul(inner, x2), mul(x, y)), mul(add(-4, mul(4, y2)), y2));
  },
  quadratic: (x, y, { h11, h12, h22 }) => mul(0.5, add(add(mul(h11, sq(x)), mul(2 * h12, mul(x, y))), mul(h22, sq(y)))),
};

/** One-parameter constraint toys of src/problems/constraints.ts. */
const ONE_D: Record<string, (x: Col, p: Record<string, number>) => tf.Tensor> = {
  penalty: (x, { a, lambda }) => add(sq(sub(x, a)), mul(lambda, sq(tf.relu(tf.neg(x))))),
  'penalty-equality': (t, { a, mu }) => add(sq(sub(t, a)), mul(mu, sq(sub(t, 5)))),
  'exp-reparam': (z, { a }) => sq(sub(exp(z), a)),
};

/** Problem ids that have a float32 tensor form here (least-squares problems: leastSquaresModel.ts). */
export const ANALYTIC_TENSOR_IDS: readonly string[] = [...Object.keys(SURFACES), ...Object.keys(ONE_D), 'two-well', 'flat-sharp', 'expression'];

const TWO_WELL_SHIFT = [9, 10] as const;

/**
 * The mask t > 0 (bool), built from ops that have a (zero) gradient: tf.grad walks back through a
 * where's condition too, and tf's comparison ops (greater, less…) have no gradient function.
 */
const positive = (t: tf.Tensor): tf.Tensor => tf.cast(tf.step(t), 'bool');

/** two-well: ℓ = min(20‖z‖², ‖z + (9, 10)‖²), z = x − wᵢ − (1, 1); ties take the near well. */
const twoWell: PerSample = ([x0, x1], rows) => {
  const [w0, w1] = tf.unstack(rows as tf.Tensor2D, 1); // [B] each
  const z0 = sub(sub(x0, w0), 1), z1 = sub(sub(x1, w1), 1); // [R, B]
  const near = mul(20, add(sq(z0), sq(z1)));
  const far = add(sq(add(z0, TWO_WELL_SHIFT[0])), sq(add(z1, TWO_WELL_SHIFT[1])));
  return tf.where(positive(sub(near, far)), far, near); // near ≤ far: near
};

/**
 * flat-sharp: fᵢ(x) = q(x) + 20·sin(10x + φᵢ)·cos(2(x − 5)). Written as flatSharp.ts evaluates it,
 * sin(10x + φᵢ) = sin10x·cosφᵢ + cos10x·sinφᵢ (cos φᵢ, sin φᵢ computed once in float64): the same
 * fᵢ, without float32 rounding of 10x + φᵢ.
 */
const X1 = 50 / 11, X2 = 50 / 9;
const flatSharp: PerSample = ([x], rows) => {
  const [c, s] = tf.unstack(rows as tf.Tensor2D, 1); // [B] each
  const x2 = sq(x);
  const q = tf.where(positive(sub(X1, x)), x2, tf.where(positive(sub(X2, x)), mul(100, sq(sub(x, 5))), x2)); // x < X1, X1 ≤ x < X2, X2 ≤ x
  const x10 = mul(10, x);
  const sinPhase = add(mul(sin(x10), c), mul(cos(x10), s)); // [R, B]
  return add(q, mul(mul(20, sinPhase), cos(mul(2, sub(x, 5)))));
};

/**
 * A typed f(x, y) (src/parse/expression.ts's AST) evaluated with tf ops on the columns x, y. The
 * gradient comes from tf's autodiff; where the float64 forward-mode code (autodiff.ts) makes a choice
 * at a kink, the same choice is made here: min/max take the first argument on ties, |a|′ = sign(a)
 * (0 at 0), a constant exponent 0 gives a constant 1.
 */
export function expressionTensor(ast: ExprNode, x: Col, y: Col): tf.Tensor {
  const walk = (n: ExprNode): tf.Tensor => {
    switch (n.kind) {
      case 'num': return tf.scalar(n.value);
      case 'var': return n.index === 0 ? x : y;
      case 'neg': return tf.neg(walk(n.arg));
      case 'bin': return binary(n.op, n.a, n.b);
      case 'call': {
        if (n.fn === 'pow') return binary('^', n.args[0], n.args[1]);
        let r = walk(n.args[0]);
        if (n.fn === 'min' || n.fn === 'max') {
          // Fold left; the first argument on ties (and when the comparison is false for a NaN).
          for (let i = 1; i < n.args.length; i++) {
            const b = walk(n.args[i]);
            r = tf.where(positive(n.fn === 'min' ? sub(r, b) : sub(b, r)), b, r);
          }
          return r;
        }
        return UNARY[n.fn](r);
      }
    }
  };
  const binary = (op: '+' | '-' | '*' | '/' | '^', na: ExprNode, nb: ExprNode): tf.Tensor => {
    const a = walk(na);
    if (op === '^' && nb.kind === 'num') {
      // A constant exponent: tf's derivative b·a^(b−1) gives 0·∞ = NaN for b = 0 at a = 0.
      if (nb.value === 0) return tf.onesLike(a);
      if (nb.value === 1) return a;
      if (nb.value === 2) return sq(a);
    }
    const b = walk(nb);
    switch (op) {
      case '+': return add(a, b);
      case '-': return sub(a, b);
      case '*': return mul(a, b);
      case '/': return div(a, b);
      case '^': return tf.pow(a, b);
    }
  };
  return walk(ast);
}

function usesVariables(n: ExprNode): boolean {
  switch (n.kind) {
    case 'num': return false;
    case 'var': return true;
    case 'neg': return usesVariables(n.arg);
    case 'bin': return usesVariables(n.a) || usesVariables(n.b);
    case 'call': return n.args.some(usesVariables);
  }
}

const UNARY: Record<'sin' | 'cos' | 'tan' | 'exp' | 'log' | 'sqrt' | 'abs' | 'tanh' | 'sinh' | 'cosh' | 'atan', (a: tf.Tensor) => tf.Tensor> = {
  sin: tf.sin, cos: tf.cos, tan: tf.tan, exp: tf.exp, log: tf.log, sqrt: tf.sqrt,
  abs: (a) => mul(a, tf.sign(a)), // |a| with derivative sign(a), 0 at 0 (tf.abs's is −1 there)
  tanh: tf.tanh, sinh: tf.sinh, cosh: tf.cosh, atan: tf.atan,
};

/** The error for a problem with no tensor form (no design matrix and not in ANALYTIC_TENSOR_IDS). */
export function unsupportedFloat32(id: string): Error {
  return new Error(`precision: float32 on the tensor path is available for least-squares problems and for ${ANALYTIC_TENSOR_IDS.join(', ')}, not ${id}`);
}

/**
 * The float32 tensor model of an analytic problem built by the float64 engine (`problem`, from the
 * same experiment): its loss is the mean of fᵢ over the batch; `batchRng` is the experiment's
 * 'batches' stream, so `batch(k, B)` draws the float64 runner's batch of update k.
 */
export function analyticTensorModel(problem: Problem, experiment: Experiment, batchRng: Rng, sampling: Sampling): AnalyticTensorModel {
  const id = problem.id;
  const p = problem.dim;
  const n = problem.n;
  const params = () => paramsWithDefaults(id, experiment.problemParams);
  let perSample: PerSample;
  let data: Float64Array | null = null; // row-major [N, 2]
  if (Object.hasOwn(SURFACES, id) && p === 2) {
    const f = SURFACES[id], ps = params();
    perSample = ([x, y]) => f(x, y, ps);
  } else if (Object.hasOwn(ONE_D, id) && p === 1) {
    const f = ONE_D[id], ps = params();
    perSample = ([x]) => f(x, ps);
  } else if (id === 'expression' && p === 2) {
    const parsed = parseExpression(experiment.expression ?? DEFAULT_EXPRESSION);
    if (!parsed.ok) throw new Error(`expression: ${parsed.error}`);
    const ast = parsed.ast;
    const constant = !usesVariables(ast);
    perSample = ([x, y]) => {
      const v = expressionTensor(ast, x, y);
      // A constant f: keep θ on the path (tf.grad needs it) and give it the [R, 1] shape.
      return constant ? add(v, mul(x, 0)) : v;
    };
  } else if (id === 'two-well' && p === 2 && problem.data?.x.length === n) {
    data = Float64Array.from(problem.data.x.flatMap((w) => [w[0], w[1]]));
    perSample = twoWell;
  } else if (id === 'flat-sharp' && p === 1 && problem.data?.x.length === n) {
    data = Float64Array.from(problem.data.x.flatMap(([phi]) => [Math.cos(phi), Math.sin(phi)]));
    perSample = flatSharp;
  } else {
    throw unsupportedFloat32(id);
  }

  const rows = data ? tf.keep(tf.tensor2d(Float32Array.from(data), [n, 2])) : null;
  const batchOf = (idx: ArrayLike<number> | null): AnalyticBatch => {
    if (!rows) return {};
    if (!idx) return { rows: rows.clone() };
    const i = tf.tensor1d(Int32Array.from(idx), 'int32');
    const out = { rows: tf.gather(rows, i) as tf.Tensor2D };
    i.dispose();
    return out;
  };
  const samplers = new Map<number, BatchSampler>();
  return {
    id: `${id}-float32`,
    dim: p,
    layout: [{ name: 'theta', offset: 0, shape: [p] }],
    initParams: () => Float32Array.from(problem.defaultInit),
    batch(k, batchSize) {
      if (!rows) return {};
      let s = samplers.get(batchSize);
      if (!s) samplers.set(batchSize, (s = new BatchSampler(batchRng, n, batchSize, sampling)));
      return batchOf(s.batch(k));
    },
    batchOf,
    loss(theta, b) {
      return tf.tidy(() => {
        const t2 = theta.rank === 1 ? tf.reshape(theta, [1, p]) : theta;
        const cols = p === 1 ? [t2] : tf.split(t2, p, 1); // [R, 1] each
        const perRun = tf.mean(perSample(cols, b.rows), -1); // [R]
        return theta.rank === 1 ? tf.reshape(perRun, []) : perRun;
      });
    },
    dispose: () => {
      if (rows) rows.dispose();
    },
  };
}
