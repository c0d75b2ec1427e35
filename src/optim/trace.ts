import { num, type Hyper, type Transform } from './transform';
import type { VectorOps } from './vector';

export interface TraceState<V> {
  buf: V;
  /** PyTorch creates the buffer on the first step: b_1 = g_1 (no dampening then). */
  started: boolean;
}

/**
 * PyTorch's momentum buffer (torch.optim.SGD):
 *   b_1 = u_1;  b_t = μ·b_{t−1} + (1 − τ)·u_t  for t > 1
 *   out = u_t + μ·b_t  (nesterov)   or   out = b_t
 * μ = hyper.momentum, τ = hyper.dampening, nesterov = hyper.nesterov, all read live.
 * With τ = 0 this is optax's `trace` (m_0 = 0 gives m_1 = g_1 too). With μ = 0 it is the identity.
 * `plain`: RMSprop's buffer, b_t = μb_{t−1} + u_t, with no dampening and no Nesterov.
 */
export function trace<V, N>(ops: VectorOps<V, N>, hyper: Hyper, opts: { plain?: boolean } = {}): Transform<TraceState<V>, V, N> {
  const plain = opts.plain === true;
  return {
    init: (p) => ({ buf: ops.zeros(p), started: false }),
    update(u, s) {
      const mu = num(hyper, 'momentum', 0);
      if (mu === 0) return;
      const tau = plain ? 0 : num(hyper, 'dampening', 0);
      const nesterov = !plain && hyper.nesterov === true;
      if (!s.started) {
        // The first step copies the gradient: no dampening (REFERENCE §0 item 1).
        ops.copy(s.buf, u);
        s.started = true;
      } else {
        ops.axpby(s.buf, mu, 1 - tau, u);
      }
      if (nesterov) ops.axpby(u, 1, mu, s.buf);
      else ops.copy(u, s.buf);
    },
  };
}
