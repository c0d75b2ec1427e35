/**
 * "Export as PyTorch script": a standalone Python file that replays an experiment with torch.optim.
 *
 * The script embeds the data (inputs, targets and the design matrix Φ of the least-squares model, as
 * the playground built them), every run's start point and hyperparameters, and the mini-batch order
 * the playground's sampler draws (per-epoch permutations, or per-step indices when sampling with
 * replacement), so that it takes the same steps. It runs in float64 (`torch.set_default_dtype`), like
 * the playground's engine, so final parameters agree to about 1e-10. Optimizers PyTorch has are used
 * as they are (SGD, Adagrad, RMSprop, Adam, AdamW); Polyak variants and seed 002's velocity forms are
 * small torch.optim.Optimizer classes written into the script. matplotlib is optional (headless:
 * Agg backend, figure saved next to the script's output).
 *
 * Supported: on the float64 path, the problems of pytorchProblems.ts (least squares: S1, S2, S8, S9 and
 * linear regression; the two-well function of S4; the 2-D test functions); every optimizer except
 * Armijo backtracking and seed 001's Polyak-Adam hybrid.
 */
import type { Experiment, RunSpec } from '../experiment/types';
import { Runner } from '../run/runner';
import { epochPermutation } from '../run/batches';
import { makeRng } from '../rng';
import { logspace } from '../optim/scaleByDiagonal';
import type { Hyper, HyperValue } from '../optim/transform';
import type { ScheduleSpec } from '../optim/schedules';
import { PROBLEMS } from '../problems/registry';
import { py, pyList, torchProblem, TORCH_PROBLEMS } from './pytorchProblems';

export { py };

export type PytorchResult = { ok: true; text: string; fileName: string } | { ok: false; reason: string };

/** Optimizers the export can write (the others are refused with a reason). */
export const PYTORCH_OPTIMIZERS = [
  'sgd', 'adagrad', 'rmsprop', 'adam', 'adamw', 'polyak', 'polyak_adam', 'scaled_gd', 'momentum_seed002', 'nesterov_seed002',
] as const;

/** Most batch indices a script may embed (about 8 MB of text). */
export const PYTORCH_MAX_INDICES = 1_000_000;

const pyInts = (a: ArrayLike<number>): string => `[${Array.from(a, String).join(',')}]`;
const pyStr = (s: string): string => JSON.stringify(s); // JSON strings are valid Python literals (\uXXXX escapes)

function hyperValue(v: HyperValue): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (Array.isArray(v)) return `(${v.map(py).join(', ')})`;
  return py(v);
}

const num = (h: Hyper, k: string): number => h[k] as number;

/** The constructor call of run `spec`'s optimizer on parameter `theta`, or a reason it cannot be written. */
function optimizerCall(optimizer: string, h: Hyper, dim: number): string | { reason: string } {
  const args = (names: string[]) => names.map((n) => `${n}=${hyperValue(h[n])}`).join(', ');
  switch (optimizer) {
    case 'sgd': return `torch.optim.SGD([theta], ${args(['lr', 'momentum', 'dampening', 'nesterov', 'weight_decay'])})`;
    case 'adagrad': return `torch.optim.Adagrad([theta], ${args(['lr', 'lr_decay', 'initial_accumulator_value', 'eps', 'weight_decay'])})`;
    case 'rmsprop': return `torch.optim.RMSprop([theta], ${args(['lr', 'alpha', 'eps', 'momentum', 'centered', 'weight_decay'])})`;
    case 'adam': return `torch.optim.Adam([theta], ${args(['lr', 'betas', 'eps', 'weight_decay', 'amsgrad'])})`;
    case 'adamw': return `torch.optim.AdamW([theta], ${args(['lr', 'betas', 'eps', 'weight_decay', 'amsgrad'])})`;
    case 'polyak': return `Polyak([theta], ${args(['f_star', 'eps', 'c', 'max_lr'])})`;
    case 'polyak_adam': return `PolyakAdam([theta], ${args(['betas', 'f_star', 'eps', 'c', 'max_lr'])})`;
    case 'momentum_seed002': return `VelocityMomentum([theta], ${args(['lr', 'momentum'])}, lookahead=False)`;
    case 'nesterov_seed002': return `VelocityMomentum([theta], ${args(['lr', 'momentum'])}, lookahead=True)`;
    case 'scaled_gd': {
      const given = h.hinv as number[] | undefined;
      const d = given && given.length === dim ? given : Array.from(logspace(num(h, 'hinv_from'), num(h, 'hinv_to'), dim));
      return `ScaledGD([theta], lr=${py(num(h, 'lr'))}, hinv=${pyList(d)})`;
    }
    default: return { reason: `optimizer ${optimizer} has no PyTorch export (supported: ${PYTORCH_OPTIMIZERS.join(', ')})` };
  }
}

/** The LR scheduler (None for constant), stepped once per update or per epoch. */
function schedulerCall(s: ScheduleSpec | undefined, scheduled: boolean): string {
  if (!scheduled || !s || s.kind === 'constant') return 'None';
  switch (s.kind) {
    case 'inverse': return 'torch.optim.lr_scheduler.LambdaLR(opt, lambda k: 1.0 / (k + 1))';
    case 'step-decay': return `torch.optim.lr_scheduler.LambdaLR(opt, lambda k: 1.0 / (k // ${s.stepSize ?? 1000} + 1))`;
    case 'step-lr': return `torch.optim.lr_scheduler.StepLR(opt, step_size=${s.stepSize ?? 30}, gamma=${py(s.gamma ?? 0.1)})`;
  }
}

const SCHEDULED = new Set(['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw', 'scaled_gd', 'momentum_seed002', 'nesterov_seed002']);

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'experiment';
}

const PROBLEMS_SUPPORTED = new Set(TORCH_PROBLEMS);
const SUPPORTED = new Set<string>(PYTORCH_OPTIMIZERS);

/**
 * Why `experiment` cannot be exported (null: it can, unless building it fails), without building the
 * problem or the script: cheap enough to run on every edit.
 */
export function pytorchUnsupported(experiment: Experiment): string | null {
  if (!PROBLEMS_SUPPORTED.has(experiment.problem)) {
    return `problem ${experiment.problem} has no PyTorch export (supported: ${TORCH_PROBLEMS.join(', ')})`;
  }
  if (experiment.precision === 'float32') return 'precision float32: the PyTorch export replays the float64 engine (switch precision to float64)';
  const i = experiment.runs.findIndex((r) => !SUPPORTED.has(r.optimizer));
  if (i >= 0) return `runs[${i}] (${experiment.runs[i].label}): optimizer ${experiment.runs[i].optimizer} has no PyTorch export (supported: ${PYTORCH_OPTIMIZERS.join(', ')})`;
  return null;
}

/** Writes the script for `experiment`, or says why it cannot. Never throws. */
export function pytorchScript(experiment: Experiment): PytorchResult {
  const unsupported = pytorchUnsupported(experiment);
  if (unsupported) return { ok: false, reason: unsupported };
  const meta = PROBLEMS[experiment.problem];
  let runner: Runner;
  try {
    runner = new Runner(experiment);
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  const p = runner.problem;
  const problem = torchProblem(p, experiment);
  if ('reason' in problem) return { ok: false, reason: problem.reason };
  const runs = runner.runs;
  const calls: string[] = [];
  for (const r of runs) {
    const call = optimizerCall(r.optimizer, r.hyper, p.dim);
    if (typeof call !== 'string') return { ok: false, reason: `runs[${r.index}] (${r.label}): ${call.reason}` };
    calls.push(call);
  }
  const n = p.n;
  const sampling = experiment.sampling ?? 'shuffle';
  const batchRng = makeRng(experiment.seed ?? 0).fork('batches');
  let batchBlock: string;
  if (sampling === 'shuffle') {
    let epochs = 0;
    for (const r of runs) if (r.sampler.batchSize < n) epochs = Math.max(epochs, Math.ceil(r.totalSteps / r.stepsPerEpoch));
    if (epochs * n > PYTORCH_MAX_INDICES) return { ok: false, reason: `the batch order needs ${epochs} permutations of ${n} samples, more than the ${PYTORCH_MAX_INDICES} indices a script embeds; use fewer steps` };
    const perm = new Int32Array(n);
    const rows: string[] = [];
    for (let e = 0; e < epochs; e++) rows.push(`    ${pyInts(epochPermutation(batchRng, e, n, perm))},`);
    batchBlock = [
      '# The playground\'s batch order: epoch e uses permutation PERMS[e]; update k of a run with batch size B',
      '# and s = ceil(N / B) updates per epoch takes PERMS[k // s][(k % s)·B : (k % s + 1)·B] (the last batch is',
      '# smaller, as DataLoader(shuffle=True, drop_last=False)); a batch of N or more is the whole data set.',
      'SAMPLING = "shuffle"',
      'PERMS = [',
      ...rows,
      ']',
    ].join('\n');
  } else {
    let steps = 0, width = 0;
    for (const r of runs) {
      steps = Math.max(steps, r.totalSteps);
      width = Math.max(width, r.sampler.batchSize);
    }
    if (steps * width > PYTORCH_MAX_INDICES) return { ok: false, reason: `the batch order needs ${steps} × ${width} indices, more than the ${PYTORCH_MAX_INDICES} a script embeds; use fewer steps` };
    const rows: string[] = [];
    for (let k = 0; k < steps; k++) {
      const rng = batchRng.fork(k);
      const idx = new Int32Array(width);
      for (let i = 0; i < width; i++) idx[i] = rng.int(n);
      rows.push(`    ${pyInts(idx)},`);
    }
    batchBlock = [
      '# The playground\'s batch order (sampling with replacement): update k of a run with batch size B takes',
      '# the first B indices of DRAWS[k].',
      'SAMPLING = "replacement"',
      'DRAWS = [',
      ...rows,
      ']',
    ].join('\n');
  }
  const runLines = runs.map((r, i) => {
    const spec: RunSpec = experiment.runs[i];
    const sched = schedulerCall(spec.schedule, SCHEDULED.has(r.optimizer));
    const per = spec.schedule?.per === 'epoch' ? 'epoch' : 'step';
    return [
      '    {',
      `        "label": ${pyStr(r.label)},`,
      `        "optimizer": ${pyStr(r.optimizer)},`,
      `        "batch_size": ${r.sampler.batchSize},`,
      `        "steps": ${r.totalSteps},`,
      `        "init": ${pyList(r.theta)},`,
      `        "make": lambda theta: ${calls[i]},`,
      `        "scheduler": lambda opt: ${sched},`,
      `        "schedule_per": ${pyStr(per)},`,
      '    },',
    ].join('\n');
  });
  const header = [
    '#!/usr/bin/env python3',
    '"""',
    `Exported from the optimizer playground: problem ${p.id}, ${runs.length} run${runs.length === 1 ? '' : 's'}.`,
    '',
    'Replays the experiment with torch.optim in float64, on the same data, start points and mini-batch order',
    'as the playground, so the final parameters agree with its trace to about 1e-10.',
    '',
    'usage: python3 script.py [results.json]   (needs torch; matplotlib is optional)',
    '',
    problem.doc,
    '"""',
  ];
  const text = [
    ...header,
    'import json',
    'import math',
    'import sys',
    '',
    'import torch',
    '',
    'torch.set_default_dtype(torch.float64)',
    '',
    `EXPERIMENT = json.loads(${pyStr(JSON.stringify(experiment))})`,
    '',
    ...problem.data,
    `N = ${n}`,
    `PARAM_NAMES = ${JSON.stringify(p.paramNames)}`,
    'DIVERGENCE_LOSS = 1e30',
    '',
    batchBlock,
    '',
    '',
    'def batch(k, batch_size):',
    '    """Sample indices of update k (0-based) for this batch size; None means the whole data set."""',
    '    if SAMPLING == "replacement":',
    '        return torch.tensor(DRAWS[k][:batch_size])',
    '    if batch_size >= N:',
    '        return None',
    '    per_epoch = -(-N // batch_size)',
    '    e, j = divmod(k, per_epoch)',
    '    return torch.tensor(PERMS[e][j * batch_size:min((j + 1) * batch_size, N)])',
    '',
    '',
    ...problem.loss,
    '',
    '',
    'def gradient(at, idx):',
    '    """The batch gradient at another point (the Nesterov look-ahead): a second evaluation per step."""',
    '    with torch.enable_grad():',
    '        a = at.detach().clone().requires_grad_(True)',
    '        loss_fn(a, idx).backward()',
    '    return a.grad',
    '',
    '',
    'class Polyak(torch.optim.Optimizer):',
    '    """Stochastic Polyak step (SPS_max): gamma = min(max(0, (f - f_star) / (c |g|^2 + eps)), max_lr); theta -= gamma g."""',
    '',
    "    def __init__(self, params, f_star=0.0, eps=1e-8, c=1.0, max_lr=float('inf')):",
    '        super().__init__(params, dict(f_star=f_star, eps=eps, c=c, max_lr=max_lr))',
    '',
    '    @torch.no_grad()',
    '    def step(self, loss):',
    '        for group in self.param_groups:',
    '            for p in group["params"]:',
    '                g = p.grad',
    '                gamma = polyak_gamma(loss, g, group)',
    '                p.add_(g, alpha=-gamma)',
    '',
    '',
    'def polyak_gamma(loss, g, group):',
    '    denom = group["c"] * float(torch.dot(g, g)) + group["eps"]',
    '    gamma = (float(loss) - group["f_star"]) / denom if denom != 0 else float("nan")',
    '    gamma = 0.0 if math.isnan(gamma) else max(0.0, gamma)',
    '    return min(gamma, group["max_lr"])',
    '',
    '',
    'class PolyakAdam(torch.optim.Optimizer):',
    '    """Seed 000: Adam\'s bias-corrected direction m_hat / (sqrt(v_hat) + eps), scaled by the Polyak step of the raw gradient."""',
    '',
    "    def __init__(self, params, betas=(0.9, 0.999), f_star=0.0, eps=1e-8, c=1.0, max_lr=float('inf')):",
    '        super().__init__(params, dict(betas=betas, f_star=f_star, eps=eps, c=c, max_lr=max_lr))',
    '',
    '    @torch.no_grad()',
    '    def step(self, loss):',
    '        for group in self.param_groups:',
    '            b1, b2 = group["betas"]',
    '            for p in group["params"]:',
    '                g = p.grad',
    '                st = self.state[p]',
    '                if not st:',
    '                    st["t"], st["m"], st["v"] = 0, torch.zeros_like(p), torch.zeros_like(p)',
    '                st["t"] += 1',
    '                t = st["t"]',
    '                st["m"].mul_(b1).add_(g, alpha=1 - b1)',
    '                st["v"].mul_(b2).addcmul_(g, g, value=1 - b2)',
    '                direction = (st["m"] / (1 - b1 ** t)) / ((st["v"] / (1 - b2 ** t)).sqrt() + group["eps"])',
    '                p.add_(direction, alpha=-polyak_gamma(loss, g, group))',
    '',
    '',
    'class VelocityMomentum(torch.optim.Optimizer):',
    '    """Seed 002: v <- m v - lr grad(theta) (momentum) or grad(theta + m v) (Nesterov look-ahead); theta <- theta + v."""',
    '',
    '    def __init__(self, params, lr=0.01, momentum=0.9, lookahead=False):',
    '        super().__init__(params, dict(lr=lr, momentum=momentum, lookahead=lookahead))',
    '',
    '    @torch.no_grad()',
    '    def step(self, grad_at=None):',
    '        for group in self.param_groups:',
    '            m, lr = group["momentum"], group["lr"]',
    '            for p in group["params"]:',
    '                st = self.state[p]',
    '                if not st:',
    '                    st["v"] = torch.zeros_like(p)',
    '                v = st["v"]',
    '                g = grad_at(p + m * v) if group["lookahead"] else p.grad',
    '                v.mul_(m).add_(g, alpha=-lr)',
    '                p.add_(v)',
    '',
    '',
    'class ScaledGD(torch.optim.Optimizer):',
    '    """Gradient descent preconditioned by a fixed diagonal H^-1: theta <- theta - lr H^-1 g."""',
    '',
    '    def __init__(self, params, lr=0.01, hinv=()):',
    '        super().__init__(params, dict(lr=lr))',
    '        self.hinv = torch.tensor(hinv)',
    '',
    '    @torch.no_grad()',
    '    def step(self):',
    '        for group in self.param_groups:',
    '            for p in group["params"]:',
    '                p.add_(self.hinv * p.grad, alpha=-group["lr"])',
    '',
    '',
    'RUNS = [',
    ...runLines,
    ']',
    '',
    '',
    'def train(run):',
    '    theta = torch.tensor(run["init"], requires_grad=True)',
    '    opt = run["make"](theta)',
    '    sched = run["scheduler"](opt)',
    '    per_epoch = 1 if run["batch_size"] >= N and SAMPLING == "shuffle" else -(-N // run["batch_size"])',
    '    with torch.no_grad():',
    '        losses = [float(loss_fn(theta, None))]',
    '    status, step = "ok", 0',
    '    for k in range(run["steps"]):',
    '        idx = batch(k, run["batch_size"])',
    '        opt.zero_grad()',
    '        loss = loss_fn(theta, idx)',
    '        loss.backward()',
    '        if not math.isfinite(float(loss)) or float(loss) > DIVERGENCE_LOSS or not bool(torch.isfinite(theta.grad).all()):',
    '            status = "diverged"',
    '            break',
    '        if isinstance(opt, (Polyak, PolyakAdam)):',
    '            opt.step(float(loss))',
    '        elif isinstance(opt, VelocityMomentum):',
    '            opt.step(lambda at: gradient(at, idx))',
    '        else:',
    '            opt.step()',
    '        step = k + 1',
    '        if sched is not None and (run["schedule_per"] == "step" or step % per_epoch == 0):',
    '            sched.step()',
    '        with torch.no_grad():',
    '            full = float(loss_fn(theta, None))',
    '        losses.append(full)',
    '        if not bool(torch.isfinite(theta).all()) or not math.isfinite(full) or full > DIVERGENCE_LOSS:',
    '            status = "diverged"',
    '            break',
    '    return {"label": run["label"], "optimizer": run["optimizer"], "status": status, "steps": step,',
    '            "params": theta.detach().tolist(), "loss": losses[-1], "losses": losses}',
    '',
    '',
    'def plot(results, path):',
    '    try:',
    '        import matplotlib',
    '        matplotlib.use("Agg")',
    '        import matplotlib.pyplot as plt',
    '    except ImportError:',
    '        print("matplotlib is not installed: no figure", file=sys.stderr)',
    '        return',
    '    fig, ax = plt.subplots(figsize=(7, 4.5))',
    '    for r in results:',
    '        ax.plot(range(len(r["losses"])), r["losses"], label=r["label"])',
    '    ax.set_yscale("log")',
    '    ax.set_xlabel("iteration")',
    '    ax.set_ylabel("loss f(theta)")',
    `    ax.set_title(${pyStr(`${meta.label}: loss`)})`,
    '    ax.legend()',
    '    fig.tight_layout()',
    '    fig.savefig(path, dpi=120)',
    '    print(f"figure written to {path}", file=sys.stderr)',
    '',
    '',
    'def main():',
    '    results = [train(run) for run in RUNS]',
    '    for r in results:',
    '        print(f"{r[\'label\']}: {r[\'status\']} after {r[\'steps\']} steps, loss {r[\'loss\']:.6g}, theta {r[\'params\']}", file=sys.stderr)',
    '    out = {"problem": EXPERIMENT["problem"], "runs": [{k: r[k] for k in ("label", "optimizer", "status", "steps", "params", "loss")} for r in results]}',
    '    if len(sys.argv) > 1:',
    '        with open(sys.argv[1], "w") as f:',
    '            json.dump(out, f, indent=1)',
    '            f.write("\\n")',
    '        plot(results, sys.argv[1].rsplit(".", 1)[0] + ".png")',
    '    else:',
    '        print(json.dumps(out))',
    '        plot(results, "loss.png")',
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
    '',
  ].join('\n');
  return { ok: true, text, fileName: `${safeName(p.id)}-pytorch.py` };
}
