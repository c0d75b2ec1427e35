/**
 * tf.matMul with transposes made explicit on the wasm backend, gradients included.
 *
 * Why: TF.js 4.22's wasm BatchMatMul is fast only for plain operands. Measured in Node (wasm SIMD,
 * one thread) on the transformer's shapes: x·Wᵀ for x [1024, 64], W [256, 64] takes 10.4 ms with
 * `transposeB` and 0.8 ms as x·(Wᵀ materialised); the weight gradient dyᵀ·x ([1024, 256]ᵀ·[1024, 64])
 * 15.4 ms with `transposeA` and 1.3 ms as (xᵀ·dy)ᵀ with xᵀ materialised. A transpose costs a copy
 * (~0.4 ms for 65 536 floats) but the product then runs ~10× faster. Autodiff of a plain tf.matMul
 * emits transposed products for its gradients (dA = dC·Bᵀ, dB = Aᵀ·dC), so the gradient is written
 * out here too, with the same explicit transposes.
 *
 * Other backends get tf.matMul unchanged: webgl and webgpu fold a transpose into the shader's reads,
 * and on the cpu backend the explicit copies measured slower. The backend is read at each call (a lost
 * WebGPU device moves a running model to wasm).
 */
import * as tf from '@tensorflow/tfjs';

/** xᵀ over the last two axes (batch axes kept). */
function swapLast(x: tf.Tensor): tf.Tensor {
  const perm = x.shape.map((_, i) => i);
  const r = x.rank;
  [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
  return tf.transpose(x, perm);
}

/**
 * op(a)·op(b) computed from plain operands, by the cheaper of two identities (counting floats copied):
 * transpose the flagged operands, or compute Cᵀ = op(b)ᵀ·op(a)ᵀ (whose flags are the opposite ones)
 * and transpose the product.
 */
function plainProduct(a: tf.Tensor, b: tf.Tensor, ta: boolean, tb: boolean): tf.Tensor {
  if (!ta && !tb) return tf.matMul(a, b);
  const r = a.rank;
  const m = ta ? a.shape[r - 1] : a.shape[r - 2];
  const k = ta ? a.shape[r - 2] : a.shape[r - 1];
  const n = tb ? b.shape[r - 2] : b.shape[r - 1];
  const batch = a.size / (m * k);
  const direct = (ta ? a.size : 0) + (tb ? b.size : 0);
  const flipped = (ta ? 0 : a.size) + (tb ? 0 : b.size) + batch * m * n;
  if (direct <= flipped) return tf.matMul(ta ? swapLast(a) : a, tb ? swapLast(b) : b);
  return swapLast(tf.matMul(tb ? b : swapLast(b), ta ? a : swapLast(a)));
}

type Product = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/**
 * C = op(A)·op(B) with its gradient, every product plain. With G = ∂L/∂C:
 *   C = A·B:   dA = G·Bᵀ,   dB = Aᵀ·G        C = A·Bᵀ:  dA = G·B,     dB = Gᵀ·A
 *   C = Aᵀ·B:  dA = B·Gᵀ,   dB = A·G         C = Aᵀ·Bᵀ: dA = Bᵀ·Gᵀ,   dB = Gᵀ·Aᵀ
 */
function product(ta: boolean, tb: boolean): Product {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([a, b]);
    return {
      value: plainProduct(a, b, ta, tb),
      gradFunc: (g: tf.Tensor, [sa, sb]: tf.Tensor[]) => {
        if (!ta && !tb) return [plainProduct(g, sb, false, true), plainProduct(sa, g, true, false)];
        if (!ta && tb) return [plainProduct(g, sb, false, false), plainProduct(g, sa, true, false)];
        if (ta && !tb) return [plainProduct(sb, g, false, true), plainProduct(sa, g, false, false)];
        return [plainProduct(sb, g, true, true), plainProduct(g, sa, true, true)];
      },
    };
  });
  return (a, b) => f(a, b);
}

const PRODUCTS: Product[] = [product(false, false), product(false, true), product(true, false), product(true, true)];

/** Same batch axes on both sides (the explicit gradient does not reduce over broadcast axes). */
function sameBatch(a: tf.Tensor, b: tf.Tensor): boolean {
  return a.rank === b.rank && a.shape.slice(0, -2).every((d, i) => d === b.shape[i]);
}

/** Whether this product takes the explicit-transpose path (wasm, float32, same batch axes). */
function explicit(a: tf.Tensor, b: tf.Tensor): boolean {
  return tf.getBackend() === 'wasm' && a.rank >= 2 && sameBatch(a, b) && a.dtype === 'float32' && b.dtype === 'float32';
}

/** tf.matMul(a, b, transposeA, transposeB); on wasm with explicit transposes (see the module doc). */
export function matMul(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
  if (!explicit(a, b)) return tf.matMul(a, b, transposeA, transposeB);
  return PRODUCTS[(transposeA ? 2 : 0) + (transposeB ? 1 : 0)](a, b);
}

/** `matMul`'s value without its gradient: for use inside other ops' gradient functions. */
export function matMulValue(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
  return explicit(a, b) ? plainProduct(a, b, transposeA, transposeB) : tf.matMul(a, b, transposeA, transposeB);
}
