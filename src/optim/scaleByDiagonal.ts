import type { Hyper, StepContext, Transform, Vec } from './transform';

export interface DiagonalState {
  d: Vec;
  /** The hyperparameters d was built from, to rebuild it when a slider moves. */
  key: string;
}

/**
 * Scaled gradient descent's preconditioner: out_i = h_i·u_i with H⁻¹ = diag(h).
 * h is `hyper.hinv` (an explicit array of length n) or else logspace(hinv_from, hinv_to, n)
 * (seed 003 uses H⁻¹ = diag(logspace(−3, 0, n+1))). Defaults give the identity (plain GD).
 */
export function scaleByDiagonal(hyper: Hyper): Transform<DiagonalState> {
  const build = (n: number, s: DiagonalState) => {
    const given = hyper.hinv as number[] | undefined;
    const explicit = given && given.length > 0 ? given : undefined;
    const from = (hyper.hinv_from as number | undefined) ?? 0;
    const to = (hyper.hinv_to as number | undefined) ?? 0;
    const key = explicit ? explicit.join(',') : `${from}:${to}`;
    if (key === s.key) return;
    s.key = key;
    for (let i = 0; i < n; i++) {
      s.d[i] = explicit && explicit.length === n ? explicit[i] : 10 ** (n === 1 ? from : from + ((to - from) * i) / (n - 1));
    }
  };
  return {
    init: (n) => {
      const s = { d: new Float64Array(n), key: '' };
      build(n, s);
      return s;
    },
    update(u: Vec, s: DiagonalState, _ctx: StepContext) {
      build(u.length, s);
      for (let i = 0; i < u.length; i++) u[i] *= s.d[i];
    },
  };
}

/** logspace(a, b, n): 10^a … 10^b, n points (numpy's default base 10). */
export function logspace(a: number, b: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = 10 ** (n === 1 ? a : a + ((b - a) * i) / (n - 1));
  return out;
}
