/**
 * The "limit" of the float64 benchmarks: plain Float64Array loops doing the same arithmetic as the
 * playground's runner on a least-squares problem (mini-batch loss and gradient, the optimizer's
 * update, the full-data loss at each recorded step, the recorded row), with no abstraction at all:
 * no transforms, no contexts, no recorder growth. One function per optimizer of the benchmarks.
 *
 * The data (Φ, y) comes from the playground's own problem so both see the same numbers; the batch
 * order is a Fisher–Yates shuffle per epoch with a small xorshift generator (the same amount of
 * index work as the engine's sampler). Divergence stops a run as the runner does (non-finite or
 * > 1e30 loss), so a diverging SGD setting costs both sides the same number of steps.
 */

export type PlainOptimizer =
  | { kind: 'adam'; lr: number; beta1?: number; beta2?: number; eps?: number }
  | { kind: 'sgd'; lr: number }
  | { kind: 'polyak'; fStar?: number; eps?: number }
  | { kind: 'polyak_adam_hybrid'; alpha: number; polyakFactor: number; beta1?: number; beta2?: number; eps?: number };

export interface PlainSpec {
  /** Design matrix, row-major N × p. */
  phi: Float64Array;
  y: Float64Array;
  n: number;
  p: number;
  batchSize: number;
  epochs: number;
  opt: PlainOptimizer;
  /** Record every k-th update (1: every step; stepsPerEpoch: epoch ends). */
  recordEvery: number;
  seed: number;
  /**
   * How the recorded full-data loss is computed: 'exact' sums the N residuals (what the runner does,
   * O(Np)); 'gram' uses f(θ) = (θᵀAθ − 2bᵀθ + c)/N with A = ΦᵀΦ, b = Φᵀy, c = yᵀy precomputed
   * (O(p²), a design option measured for B1b; it loses digits to cancellation near the optimum).
   */
  fullLoss?: 'exact' | 'gram';
}

export interface PlainResult {
  steps: number;
  recorded: number;
  finalLoss: number;
  diverged: boolean;
}

const DIVERGENCE = 1e30;

/** Runs one training run to its end; returns what it did (so nothing is optimised away). */
export function plainRun(s: PlainSpec): PlainResult {
  const { phi, y, n, p, batchSize, epochs, opt, recordEvery } = s;
  const stepsPerEpoch = Math.max(1, Math.ceil(n / batchSize));
  const total = epochs * stepsPerEpoch;
  const theta = new Float64Array(p);
  const grad = new Float64Array(p);
  const m = new Float64Array(p);
  const v = new Float64Array(p);
  const perm = new Int32Array(n);
  const cap = Math.floor(total / recordEvery) + 2;
  const recStep = new Float64Array(cap), recLoss = new Float64Array(cap), recBatch = new Float64Array(cap);
  const recStepSize = new Float64Array(cap), recGrad = new Float64Array(cap), recParams = new Float64Array(cap * p);
  let rec = 0;
  let state = (s.seed * 2654435761) >>> 0 || 1;
  let gram: { A: Float64Array; b: Float64Array; c: number } | null = null;
  if (s.fullLoss === 'gram') {
    const A = new Float64Array(p * p), bv = new Float64Array(p);
    let c = 0;
    for (let i = 0; i < n; i++) {
      const off = i * p;
      for (let k = 0; k < p; k++) {
        bv[k] += phi[off + k] * y[i];
        for (let l = 0; l < p; l++) A[k * p + l] += phi[off + k] * phi[off + l];
      }
      c += y[i] * y[i];
    }
    gram = { A, b: bv, c };
  }
  const fullLoss = (): number => {
    if (gram) {
      let q = gram.c;
      for (let k = 0; k < p; k++) {
        let row = 0;
        for (let l = 0; l < p; l++) row += gram.A[k * p + l] * theta[l];
        q += theta[k] * (row - 2 * gram.b[k]);
      }
      return q / n;
    }
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const off = i * p;
      let r = -y[i];
      for (let k = 0; k < p; k++) r += phi[off + k] * theta[k];
      sum += r * r;
    }
    return sum / n;
  };
  const push = (t: number, full: number, batch: number, step: number, gn: number) => {
    recStep[rec] = t; recLoss[rec] = full; recBatch[rec] = batch; recStepSize[rec] = step; recGrad[rec] = gn;
    recParams.set(theta, rec * p);
    rec++;
  };
  push(0, fullLoss(), NaN, NaN, NaN);
  const full = batchSize >= n;
  let t = 0;
  let diverged = false;
  let lastLoss = NaN;
  const b1 = 'beta1' in opt && opt.beta1 !== undefined ? opt.beta1 : 0.9;
  const b2 = 'beta2' in opt && opt.beta2 !== undefined ? opt.beta2 : 0.999;
  const eps = 'eps' in opt && opt.eps !== undefined ? opt.eps : 1e-8;
  outer: for (let e = 0; e < epochs; e++) {
    if (!full) {
      for (let i = 0; i < n; i++) perm[i] = i;
      for (let i = n - 1; i > 0; i--) {
        state ^= state << 13; state >>>= 0; state ^= state >>> 17; state ^= state << 5; state >>>= 0;
        const j = state % (i + 1);
        const tmp = perm[i]; perm[i] = perm[j]; perm[j] = tmp;
      }
    }
    for (let j = 0; j < stepsPerEpoch; j++) {
      const start = j * batchSize;
      const end = full ? n : Math.min(start + batchSize, n);
      const b = end - start;
      grad.fill(0);
      let sum = 0;
      for (let q = start; q < end; q++) {
        const i = full ? q : perm[q];
        const off = i * p;
        let r = -y[i];
        for (let k = 0; k < p; k++) r += phi[off + k] * theta[k];
        sum += r * r;
        const c = 2 * r;
        for (let k = 0; k < p; k++) grad[k] += c * phi[off + k];
      }
      let g2 = 0;
      for (let k = 0; k < p; k++) {
        grad[k] /= b;
        g2 += grad[k] * grad[k];
      }
      const loss = sum / b;
      if (!Number.isFinite(loss) || loss > DIVERGENCE || !Number.isFinite(g2)) {
        diverged = true;
        break outer;
      }
      t++;
      let stepSize = 1;
      switch (opt.kind) {
        case 'sgd':
          stepSize = opt.lr;
          for (let k = 0; k < p; k++) theta[k] -= opt.lr * grad[k];
          break;
        case 'adam': {
          const c1 = 1 - b1 ** t, c2 = Math.sqrt(1 - b2 ** t);
          stepSize = opt.lr;
          for (let k = 0; k < p; k++) {
            m[k] = b1 * m[k] + (1 - b1) * grad[k];
            v[k] = b2 * v[k] + (1 - b2) * grad[k] * grad[k];
            theta[k] -= (opt.lr * (m[k] / c1)) / (Math.sqrt(v[k]) / c2 + eps);
          }
          break;
        }
        case 'polyak': {
          const fStar = opt.fStar ?? 0;
          stepSize = Math.max(0, (loss - fStar) / (g2 + (opt.eps ?? 1e-8)));
          for (let k = 0; k < p; k++) theta[k] -= stepSize * grad[k];
          break;
        }
        case 'polyak_adam_hybrid': {
          const gammaP = Math.max(0, loss / (g2 + eps));
          const a = (opt.alpha * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
          for (let k = 0; k < p; k++) {
            m[k] = b1 * m[k] + (1 - b1) * grad[k];
            v[k] = b2 * v[k] + (1 - b2) * grad[k] * grad[k];
          }
          if (t <= 5) {
            stepSize = 1.5 * gammaP;
            for (let k = 0; k < p; k++) theta[k] -= 1.5 * gammaP * grad[k] + (t > 1 ? 0.6 * a * (m[k] / (Math.sqrt(v[k]) + eps)) : 0);
          } else {
            const boost = Math.min(20, Math.max(1, 1 + (opt.polyakFactor * gammaP) / opt.alpha));
            stepSize = boost * a;
            for (let k = 0; k < p; k++) theta[k] -= stepSize * (m[k] / (Math.sqrt(v[k]) + eps));
          }
          break;
        }
      }
      let finite = true;
      for (let k = 0; k < p; k++) if (!Number.isFinite(theta[k])) finite = false;
      if (!finite) {
        diverged = true;
        break outer;
      }
      if (t === total || t % recordEvery === 0) {
        const f = fullLoss();
        push(t, f, loss, stepSize, Math.sqrt(g2));
        lastLoss = f;
        if (!Number.isFinite(f) || f > DIVERGENCE) {
          diverged = true;
          break outer;
        }
      }
    }
  }
  return { steps: t, recorded: rec, finalLoss: lastLoss, diverged };
}
