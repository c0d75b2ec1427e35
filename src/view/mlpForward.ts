/**
 * The S10 MLP's forward pass in plain float64 JavaScript, for the page's fit view: the worker streams
 * θ (the model is small: 141 parameters at depth 2, width 10) and the page draws f(x; θ) over a grid,
 * without TF.js.
 *
 * Same network and flat layout as src/models/mlp.ts (denseLayout / denseForward):
 *   h₀ = x,  h_l = σ(W_l h_{l−1} + b_l) (l = 1 … D),  f(x; θ) = W_{D+1} h_D + b_{D+1}
 * with layer sizes [1, width × depth, 1]; per layer `linear{l}.weight` [out, in] row-major, then
 * `linear{l}.bias` [out]. σ = ReLU (activation 0) or 4·sigmoid (activation 1); no activation on
 * the output.
 */

export type MlpActivation = 'relu' | 'sigmoid4';

export interface MlpShape {
  /** Layer sizes [n₀ = 1, n₁ … n_D, n_{D+1} = 1]. */
  sizes: number[];
  activation: MlpActivation;
}

/** P = Σ_l n_l(n_{l−1} + 1). */
export function mlpParamCount(sizes: readonly number[]): number {
  let p = 0;
  for (let l = 1; l < sizes.length; l++) p += sizes[l] * (sizes[l - 1] + 1);
  return p;
}

/** The MLP of problemParams {depth, width, activation} (defaults 2, 10, 0 as in MODEL_CATALOG). */
export function mlpShape(params: { depth?: number; width?: number; activation?: number } = {}): MlpShape {
  const depth = params.depth ?? 2;
  const width = params.width ?? 10;
  return { sizes: [1, ...Array.from({ length: depth }, () => width), 1], activation: params.activation === 1 ? 'sigmoid4' : 'relu' };
}

function act(z: number, a: MlpActivation): number {
  return a === 'relu' ? (z > 0 ? z : 0) : 4 / (1 + Math.exp(-z));
}

/**
 * f(xs[i]; θ) for every x, into `out`. θ is read from `theta[offset …]` (a row of a larger buffer);
 * it must hold mlpParamCount(sizes) values. Layer sizes must start and end with 1.
 */
export function mlpForward(theta: ArrayLike<number>, shape: MlpShape, xs: ArrayLike<number>, out = new Float64Array(xs.length), offset = 0): Float64Array {
  const { sizes, activation } = shape;
  if (sizes[0] !== 1 || sizes[sizes.length - 1] !== 1) throw new Error('mlpForward: the network maps one input to one output');
  const need = mlpParamCount(sizes);
  if (theta.length - offset < need) throw new Error(`mlpForward: θ has ${theta.length - offset} values, the network needs ${need}`);
  const widest = Math.max(...sizes);
  let h = new Float64Array(widest);
  let next = new Float64Array(widest);
  const last = sizes.length - 1;
  for (let i = 0; i < xs.length; i++) {
    h[0] = xs[i];
    let off = offset;
    for (let l = 1; l <= last; l++) {
      const nIn = sizes[l - 1];
      const nOut = sizes[l];
      const bias = off + nOut * nIn;
      for (let o = 0; o < nOut; o++) {
        let z = theta[bias + o];
        const row = off + o * nIn;
        for (let k = 0; k < nIn; k++) z += theta[row + k] * h[k];
        next[o] = l === last ? z : act(z, activation);
      }
      off = bias + nOut;
      [h, next] = [next, h];
    }
    out[i] = h[0];
  }
  return out;
}
