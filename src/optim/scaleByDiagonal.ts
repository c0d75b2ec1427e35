import { num, type Hyper, type Transform } from './transform';
import type { VectorOps } from './vector';

export interface DiagonalState<V> {
  d: V;
  /** The hyperparameters d was built from, to rebuild it when a slider moves. */
  key: string;
}

/**
 * Scaled gradient descent's preconditioner: out_i = h_i·u_i with H⁻¹ = diag(h).
 * h is `hyper.hinv` (an explicit array, one entry per parameter) or else logspace(hinv_from, hinv_to, n)
 * (seed 003 uses H⁻¹ = diag(logspace(−3, 0, n+1))). Defaults give the identity (plain GD).
 */
export function scaleByDiagonal<V, N>(ops: VectorOps<V, N>, hyper: Hyper): Transform<DiagonalState<V>, V, N> {
  const build = (like: V, s: DiagonalState<V>) => {
    const given = hyper.hinv as number[] | undefined;
    const explicit = given && given.length > 0 ? given : undefined;
    const from = num(hyper, 'hinv_from', 0);
    const to = num(hyper, 'hinv_to', 0);
    const key = explicit ? explicit.join(',') : `${from}:${to}`;
    if (key === s.key) return;
    s.key = key;
    const n = ops.length(like);
    ops.free(s.d);
    s.d = ops.fromArray(explicit && explicit.length === n ? Float64Array.from(explicit) : logspace(from, to, n), like);
  };
  return {
    init: (p) => {
      const s = { d: ops.zeros(p), key: '' };
      build(p, s);
      return s;
    },
    update(u, s) {
      build(u, s);
      ops.mul(u, s.d);
    },
  };
}

/** logspace(a, b, n): 10^a … 10^b, n points (numpy's default base 10). */
export function logspace(a: number, b: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = 10 ** (n === 1 ? a : a + ((b - a) * i) / (n - 1));
  return out;
}
