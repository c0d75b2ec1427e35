/**
 * The problem half of the PyTorch export: the data a script embeds and its `loss_fn(theta, idx)`, the
 * mean loss over the batch idx (None: every sample), written in torch ops so that autograd gives the
 * gradient. Each mirrors the float64 engine's definition (src/problems/); the committed fixtures check
 * that torch, running the script, ends where the engine does.
 *
 * - least squares (S1, S2, S8, S9, linear regression): the design matrix Φ and targets y;
 * - the two-well function (S4): the points wᵢ;
 * - the 2-D test functions (REFERENCE.md §3): f(x, y), one sample (N = 1: every step is full batch).
 */
import type { Experiment } from '../experiment/types';
import type { Problem } from '../problems/problem';
import { PROBLEMS } from '../problems/registry';
import { REGRESSIONS } from '../problems/regression';
import { POLYNOMIAL } from '../problems/polynomial';
import { SURFACES } from '../problems/surfaces';
import { TWO_WELL } from '../problems/twoWell';

/** What a script needs of its problem. */
export interface TorchProblem {
  /** One line for the docstring: what f is. */
  doc: string;
  /** Python lines defining the data (after `torch.set_default_dtype`). */
  data: string[];
  /** Python lines defining `loss_fn(theta, idx)`. */
  loss: string[];
}

/** A number as Python source (shortest round-trip form, which Python parses to the same double). */
export function py(v: number): string {
  if (Number.isNaN(v)) return "float('nan')";
  if (v === Infinity) return "float('inf')";
  if (v === -Infinity) return "-float('inf')";
  const s = String(v);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

export const pyList = (a: ArrayLike<number>): string => `[${Array.from(a, py).join(', ')}]`;

/**
 * f(x, y) of each 2-D test function as a Python expression over 0-d tensors x and y, after the
 * statements that name its parts; the same expressions as src/problems/surfaces.ts.
 */
const SURFACE_TORCH: Record<string, (h: Record<string, number>) => { let?: string[]; f: string }> = {
  rosenbrock: () => ({ f: '(1 - x) ** 2 + 100 * (y - x * x) ** 2' }),
  beale: () => ({
    let: ['t1 = 1.5 - x + x * y', 't2 = 2.25 - x + x * y * y', 't3 = 2.625 - x + x * y * y * y'],
    f: 't1 * t1 + t2 * t2 + t3 * t3',
  }),
  himmelblau: () => ({ let: ['u = x * x + y - 11', 'v = x + y * y - 7'], f: 'u * u + v * v' }),
  rastrigin: () => ({ let: ['w = 2 * math.pi'], f: '20 + x * x - 10 * torch.cos(w * x) + y * y - 10 * torch.cos(w * y)' }),
  saddle: () => ({ f: 'x * x - y * y' }),
  'goldstein-price': () => ({
    let: [
      's = x + y + 1', 'a = 19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y',
      't = 2 * x - 3 * y', 'b = 18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y',
    ],
    f: '(1 + s * s * a) * (30 + t * t * b)',
  }),
  booth: () => ({ let: ['u = x + 2 * y - 7', 'v = 2 * x + y - 5'], f: 'u * u + v * v' }),
  'six-hump-camel': () => ({ let: ['x2 = x * x', 'y2 = y * y'], f: '(4 - 2.1 * x2 + (x2 * x2) / 3) * x2 + x * y + (-4 + 4 * y2) * y2' }),
  quadratic: (h) => ({
    let: [`h11, h12, h22 = ${py(h.h11)}, ${py(h.h12)}, ${py(h.h22)}`],
    f: '0.5 * (h11 * x * x + 2 * h12 * x * y + h22 * y * y)',
  }),
};

const LEAST_SQUARES = [...Object.keys(REGRESSIONS), ...Object.keys(POLYNOMIAL)];

/** Every problem the export can write, in the order the refusal lists them. */
export const TORCH_PROBLEMS: readonly string[] = [...LEAST_SQUARES, ...Object.keys(TWO_WELL), ...Object.keys(SURFACE_TORCH)];

// Every surface of the engine has its torch form (a surface added there without one fails here, at load).
for (const id of Object.keys(SURFACES)) if (!SURFACE_TORCH[id]) throw new Error(`pytorchProblems: surface ${id} has no torch form`);

/** The problem's data and loss in Python, or a reason it has none. */
export function torchProblem(p: Problem, experiment: Experiment): TorchProblem | { reason: string } {
  if (p.design && p.data && LEAST_SQUARES.includes(p.id)) return leastSquares(p);
  if (p.id === 'two-well' && p.data) return twoWell(p.data.x);
  const surface = SURFACE_TORCH[p.id];
  if (surface) {
    const params: Record<string, number> = {};
    for (const [k, spec] of Object.entries(PROBLEMS[p.id].params)) params[k] = experiment.problemParams?.[k] ?? spec.default;
    const { let: parts = [], f } = surface(params);
    return {
      doc: `f(theta) = ${p.id}(x, y) with (x, y) = theta, a single sample (every step is a full-batch step).`,
      data: ['# A 2-D test function: no data; one "sample", so every batch is the whole of f.'],
      loss: [
        'def loss_fn(theta, idx):',
        `    """The ${p.id} function at theta = (x, y) (idx is ignored: N = 1)."""`,
        '    x, y = theta[0], theta[1]',
        ...parts.map((s) => `    ${s}`),
        `    return ${f}`,
      ],
    };
  }
  return { reason: `problem ${p.id} has no PyTorch export (supported: ${TORCH_PROBLEMS.join(', ')})` };
}

function leastSquares(p: Problem): TorchProblem {
  const design = p.design!;
  const n = p.n;
  return {
    doc: `f(theta) = mean over the batch of (PHI[i] . theta - Y[i])^2; parameters: ${p.paramNames.join(', ')}.`,
    data: [
      '# The data as the playground built it: inputs X, targets Y and the design matrix PHI (row i = features of X[i]).',
      `X = [${p.data!.x.map((row) => pyList(row)).join(', ')}]`,
      `Y = torch.tensor(${pyList(design.y)})`,
      `PHI = torch.tensor([${Array.from({ length: n }, (_, i) => pyList(design.phi.subarray(i * p.dim, (i + 1) * p.dim))).join(', ')}]).reshape(${n}, ${p.dim})`,
    ],
    loss: [
      'def loss_fn(theta, idx):',
      '    """Mean squared error of the linear model PHI @ theta over the batch idx (None: all samples)."""',
      '    phi, y = (PHI, Y) if idx is None else (PHI[idx], Y[idx])',
      '    r = phi @ theta - y',
      '    return (r * r).mean()',
    ],
  };
}

function twoWell(points: number[][]): TorchProblem {
  return {
    doc: 'f(x) = mean over the batch of min(20 |z|^2, |z + (9, 10)|^2), z = x - W[i] - (1, 1) (the two-well function of seeds 000/001).',
    data: [
      '# The points w_i as the playground drew them.',
      `W = torch.tensor([${points.map((row) => pyList(row)).join(', ')}])`,
      'SHIFT = torch.tensor([9.0, 10.0])',
    ],
    loss: [
      'def loss_fn(theta, idx):',
      '    """Two-well loss over the batch idx (None: all points); a tie takes the near well, as the playground does."""',
      '    w = W if idx is None else W[idx]',
      '    z = theta - w - 1',
      '    near = 20 * (z * z).sum(1)',
      '    u = z + SHIFT',
      '    far = (u * u).sum(1)',
      '    return torch.where(near <= far, near, far).mean()',
    ],
  };
}
