/**
 * Each optimizer's update rule as TeX, in PyTorch semantics (REFERENCE.md §1), with a run's live values
 * put in: the rule itself (symbols), and the same rule with the hyperparameters and the last step size
 * as numbers. The UI typesets both with KaTeX.
 *
 * Safety: the TeX is built only from the templates below and from numbers formatted by `texNumber`;
 * nothing typed by a user (labels, expressions) ever reaches it. A hyperparameter value that is not a
 * number (an unvalidated experiment) is shown as its symbol.
 */
import { OPTIMIZERS } from '../optim/aliases';
import type { Hyper } from '../optim/transform';

export interface LiveValues {
  /** The step size of the last update as the engine reported it (γ_t, Polyak's or Armijo's η), or null. */
  stepSize: number | null;
  /** Updates done. */
  t: number;
}

export interface RuleTex {
  /** The rule in symbols, one TeX line per line. */
  rule: string[];
  /** The rule with this run's values (one TeX line each). */
  live: string[];
}

/** A number as TeX: 0.001, 1.5 \times 10^{-7}, 10^{-8}, \infty; four significant digits. */
export function texNumber(x: number): string {
  if (Number.isNaN(x)) return '\\mathrm{NaN}';
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '-\\infty';
  if (x === 0) return '0';
  const a = Math.abs(x);
  const sign = x < 0 ? '-' : '';
  if (a >= 1e-3 && a < 1e5) return sign + String(Number(a.toPrecision(4)));
  const [m, e] = a.toExponential(3).split('e');
  const mant = String(Number(m));
  const exp = String(Number(e));
  return `${sign}${mant === '1' ? '' : `${mant} \\times `}10^{${exp}}`;
}

type Num = (name: string, symbol: string, fallback: number) => string;
type Template = (n: Num, h: Hyper, live: LiveValues, sym: boolean) => string[];

const flag = (h: Hyper, name: string) => h[name] === true;
const pair = (h: Hyper, name: string, i: number, fallback: number): number => {
  const v = h[name];
  return Array.isArray(v) && typeof v[i] === 'number' ? v[i] : fallback;
};

/** The weight-decay line shared by the PyTorch optimizers (L2 added to the gradient), when λ ≠ 0. */
function l2(n: Num, h: Hyper): string[] {
  return typeof h.weight_decay === 'number' && h.weight_decay !== 0 ? [`g_t \\leftarrow g_t + ${n('weight_decay', '\\lambda', 0)}\\,\\theta_{t-1}`] : [];
}

/** Adam's moments; `b1`/`b2` are TeX for β₁, β₂ (symbols or numbers). */
function adamLines(b1: string, b2: string, ams: boolean, eps: string): string[] {
  return [
    `m_t = ${b1}\\,m_{t-1} + (1 - ${b1})\\,g_t, \\quad v_t = ${b2}\\,v_{t-1} + (1 - ${b2})\\,g_t^2`,
    ams
      ? `\\hat m_t = \\frac{m_t}{1 - ${b1}^{t}}, \\quad \\hat v_t = \\frac{\\max_{s \\le t} v_s}{1 - ${b2}^{t}}, \\quad d_t = \\frac{\\hat m_t}{\\sqrt{\\hat v_t} + ${eps}}`
      : `\\hat m_t = \\frac{m_t}{1 - ${b1}^{t}}, \\quad \\hat v_t = \\frac{v_t}{1 - ${b2}^{t}}, \\quad d_t = \\frac{\\hat m_t}{\\sqrt{\\hat v_t} + ${eps}}`,
  ];
}

const betaTex = (h: Hyper, sym: boolean, i: 0 | 1) => (sym ? (i === 0 ? '\\beta_1' : '\\beta_2') : texNumber(pair(h, 'betas', i, i === 0 ? 0.9 : 0.999)));

const polyakStep = (n: Num) =>
  `\\gamma_t = \\min\\!\\Big(\\max\\!\\Big(0, \\frac{f_S(\\theta_{t-1}) - ${n('f_star', 'f^*', 0)}}{${n('c', 'c', 1)}\\,\\|g_t\\|^2 + ${n('eps', '\\varepsilon', 1e-8)}}\\Big), ${n('max_lr', '\\gamma_b', Infinity)}\\Big)`;

/** One template per optimizer id of the table (updateRules.test.ts checks that none is missing). */
export const RULES: Record<string, Template> = {
  sgd: (n, h) => {
    const mu = typeof h.momentum === 'number' && h.momentum !== 0;
    const lines = [...l2(n, h)];
    if (mu) {
      lines.push(`b_t = ${n('momentum', '\\mu', 0)}\\,b_{t-1} + (1 - ${n('dampening', '\\tau', 0)})\\,g_t \\quad (b_1 = g_1)`);
      lines.push(flag(h, 'nesterov') ? `\\theta_t = \\theta_{t-1} - ${n('lr', '\\gamma', 0.01)}\\,(g_t + ${n('momentum', '\\mu', 0)}\\,b_t)` : `\\theta_t = \\theta_{t-1} - ${n('lr', '\\gamma', 0.01)}\\,b_t`);
    } else lines.push(`\\theta_t = \\theta_{t-1} - ${n('lr', '\\gamma', 0.01)}\\,g_t`);
    return lines;
  },
  adagrad: (n, h) => [
    ...l2(n, h),
    `s_t = s_{t-1} + g_t^2 \\quad (s_0 = ${n('initial_accumulator_value', '\\tau', 0)})`,
    `\\theta_t = \\theta_{t-1} - \\frac{${n('lr', '\\gamma', 0.01)}}{1 + (t - 1)\\,${n('lr_decay', '\\eta', 0)}}\\,\\frac{g_t}{\\sqrt{s_t} + ${n('eps', '\\varepsilon', 1e-10)}}`,
  ],
  rmsprop: (n, h) => {
    const a = n('alpha', '\\alpha', 0.99);
    const lines = [...l2(n, h), `v_t = ${a}\\,v_{t-1} + (1 - ${a})\\,g_t^2`];
    if (flag(h, 'centered')) lines.push(`\\bar g_t = ${a}\\,\\bar g_{t-1} + (1 - ${a})\\,g_t, \\quad \\tilde v_t = v_t - \\bar g_t^2`);
    const v = flag(h, 'centered') ? '\\tilde v_t' : 'v_t';
    const ratio = `\\frac{g_t}{\\sqrt{${v}} + ${n('eps', '\\varepsilon', 1e-8)}}`;
    if (typeof h.momentum === 'number' && h.momentum !== 0) {
      lines.push(`b_t = ${n('momentum', '\\mu', 0)}\\,b_{t-1} + ${ratio}, \\quad \\theta_t = \\theta_{t-1} - ${n('lr', '\\gamma', 0.01)}\\,b_t`);
    } else lines.push(`\\theta_t = \\theta_{t-1} - ${n('lr', '\\gamma', 0.01)}\\,${ratio}`);
    return lines;
  },
  adam: (n, h, _l, sym) => [
    ...l2(n, h),
    ...adamLines(betaTex(h, sym, 0), betaTex(h, sym, 1), flag(h, 'amsgrad'), n('eps', '\\varepsilon', 1e-8)),
    `\\theta_t = \\theta_{t-1} - ${n('lr', '\\gamma', 0.001)}\\,d_t`,
  ],
  adamw: (n, h, _l, sym) => [
    ...adamLines(betaTex(h, sym, 0), betaTex(h, sym, 1), flag(h, 'amsgrad'), n('eps', '\\varepsilon', 1e-8)),
    `\\theta_t = \\theta_{t-1} - ${n('lr', '\\gamma', 0.001)}\\,(d_t + ${n('weight_decay', '\\lambda', 0.01)}\\,\\theta_{t-1})`,
  ],
  polyak: (n) => [polyakStep(n), '\\theta_t = \\theta_{t-1} - \\gamma_t\\,g_t'],
  polyak_adam: (n, h, _l, sym) => [
    ...adamLines(betaTex(h, sym, 0), betaTex(h, sym, 1), false, n('eps', '\\varepsilon', 1e-8)),
    polyakStep(n),
    '\\theta_t = \\theta_{t-1} - \\gamma_t\\,d_t',
  ],
  polyak_adam_hybrid: (n, h, _l, sym) => {
    const b1 = betaTex(h, sym, 0);
    const b2 = betaTex(h, sym, 1);
    const al = n('alpha', '\\alpha', 0.003);
    return [
      `\\gamma_p = \\max\\!\\Big(0, \\frac{f_S - ${n('f_star', 'f^*', 0)}}{\\|g_t\\|^2 + ${n('eps', '\\varepsilon', 1e-8)}}\\Big), \\quad a_t = ${al}\\,\\frac{\\sqrt{1 - ${b2}^t}}{1 - ${b1}^t}`,
      `m_t = ${b1}\\,m_{t-1} + (1 - ${b1})\\,g_t, \\quad v_t = ${b2}\\,v_{t-1} + (1 - ${b2})\\,g_t^2, \\quad D_t = \\sqrt{v_t} + ${n('eps', '\\varepsilon', 1e-8)}`,
      `t \\le 5:\\ \\theta_t = \\theta_{t-1} - 1.5\\,\\gamma_p\\,g_t - [t > 1]\\,0.6\\,a_t\\,\\frac{m_t}{D_t}`,
      `t > 5:\\ \\theta_t = \\theta_{t-1} - a_t \\min\\!\\Big(1 + \\frac{${n('polyak_factor', 'k', 0.3)}\\,\\gamma_p}{${al}}, 20\\Big)\\frac{m_t}{D_t}`,
    ];
  },
  armijo: (n) => [
    `\\eta \\leftarrow ${n('eta0', '\\eta_0', 1)}; \\ \\text{while } f_S(\\theta_{t-1} - \\eta g_t) > f_S(\\theta_{t-1}) - ${n('c', 'c', 1e-4)}\\,\\eta\\,\\|g_t\\|^2:\\ \\eta \\leftarrow ${n('beta', '\\beta', 0.5)}\\,\\eta`,
    '\\theta_t = \\theta_{t-1} - \\eta\\,g_t',
  ],
  scaled_gd: (n, h, _l, sym) => [
    Array.isArray(h.hinv) && h.hinv.length > 0
      ? 'H^{-1} = \\mathrm{diag}(h_1, \\dots, h_P)'
      : `H^{-1} = \\mathrm{diag}\\big(\\mathrm{logspace}(${sym ? 'a' : n('hinv_from', 'a', 0)}, ${sym ? 'b' : n('hinv_to', 'b', 0)}, P)\\big)`,
    `\\theta_t = \\theta_{t-1} - ${n('lr', '\\gamma', 0.01)}\\,H^{-1} g_t`,
  ],
  momentum_seed002: (n) => [`v \\leftarrow ${n('momentum', 'm', 0.9)}\\,v - ${n('lr', '\\gamma', 0.01)}\\,\\nabla f(\\theta)`, '\\theta \\leftarrow \\theta + v'],
  nesterov_seed002: (n) => [
    `v \\leftarrow ${n('momentum', 'm', 0.9)}\\,v - ${n('lr', '\\gamma', 0.01)}\\,\\nabla f(\\theta + ${n('momentum', 'm', 0.9)}\\,v)`,
    '\\theta \\leftarrow \\theta + v',
  ],
};

/** The rule of optimizer `id` with hyperparameters `hyper` (defaults filled in by the caller), in symbols and with values. */
export function updateRuleTex(id: string, hyper: Hyper, live: LiveValues): RuleTex {
  const template = Object.hasOwn(RULES, id) ? RULES[id] : undefined;
  if (!template || !Object.hasOwn(OPTIMIZERS, id)) return { rule: ['\\text{(no rule for this optimizer)}'], live: [] };
  const symbolic: Num = (_name, symbol) => symbol;
  const valued: Num = (name, symbol, fallback) => {
    const v = hyper[name];
    return typeof v === 'number' ? texNumber(v) : typeof v === 'undefined' ? texNumber(fallback) : symbol;
  };
  const live2 = template(valued, hyper, live, false);
  if (live.stepSize !== null && Number.isFinite(live.stepSize)) {
    live2.push(`\\text{step } t = ${live.t}:\\ \\gamma_t = ${texNumber(live.stepSize)}`);
  }
  return { rule: template(symbolic, hyper, live, true), live: live2 };
}
