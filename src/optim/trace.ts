import type { Hyper, StepContext, Transform, Vec } from './transform';

export interface TraceState {
  buf: Vec;
  /** PyTorch creates the buffer on the first step: b_1 = g_1 (no dampening then). */
  started: boolean;
}

/**
 * PyTorch's momentum buffer (torch.optim.SGD):
 *   b_1 = u_1;  b_t = μ·b_{t−1} + (1 − τ)·u_t  for t > 1
 *   out = u_t + μ·b_t  (nesterov)   or   out = b_t
 * μ = hyper.momentum, τ = hyper.dampening, nesterov = hyper.nesterov, all read live.
 * With τ = 0 this is optax's `trace` (m_0 = 0 gives m_1 = g_1 too). With μ = 0 it is the identity.
 */
export function trace(hyper: Hyper, opts: { plain?: boolean } = {}): Transform<TraceState> {
  // plain: RMSprop's buffer, b_t = μb_{t−1} + u_t, with no dampening and no Nesterov.
  const plain = opts.plain === true;
  return {
    init: (n) => ({ buf: new Float64Array(n), started: false }),
    update(u: Vec, s: TraceState, _ctx: StepContext) {
      const mu = (hyper.momentum as number | undefined) ?? 0;
      if (mu === 0) return;
      const tau = plain ? 0 : ((hyper.dampening as number | undefined) ?? 0);
      const nesterov = !plain && hyper.nesterov === true;
      const b = s.buf;
      if (!s.started) {
        // The first step copies the gradient: no dampening (REFERENCE §0 item 1).
        b.set(u);
        s.started = true;
      } else {
        for (let i = 0; i < u.length; i++) b[i] = mu * b[i] + (1 - tau) * u[i];
      }
      if (nesterov) for (let i = 0; i < u.length; i++) u[i] += mu * b[i];
      else u.set(b);
    },
  };
}
