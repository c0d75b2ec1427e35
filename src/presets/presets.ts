/**
 * The preset gallery's table: one experiment per scenario of SCENARIOS.md (S1–S13), one per classic
 * 2-D surface (REFERENCE §3) and a typed objective. Each preset is a plain experiment (format version 1,
 * docs/formats.md) plus what a student should look for; one click in the gallery loads it and plays,
 * and `encodeLink(preset.experiment)` is its shareable link (docs/presets.md lists them all).
 *
 * Where a scenario is a grid (S2's σ × batch, S3's sweep, S13's β grid) the preset is its most telling
 * single configuration, and `look` names the control to move for the rest of the grid.
 * Framework-free: no React, no DOM (the gallery is app/controls/PresetGallery.tsx).
 */
import type { Experiment, RunSpec } from '../experiment/types';
import type { ViewId } from '../view/viewIds';

export type ScenarioId = 'S1' | 'S2' | 'S3' | 'S4' | 'S5' | 'S6' | 'S7' | 'S8' | 'S9' | 'S10' | 'S11' | 'S12' | 'S13' | 'surface';

/** The views a preset may ask for: the page's views (src/view/viewIds.ts) but the landscape, the seed sweep and the update rules, which no preset opens on. */
export type PresetView = Exclude<ViewId, 'landscape' | 'sweep' | 'rule'>;

export interface Preset {
  /** Stable id (also the gallery card's test id `preset-<id>`). */
  id: string;
  scenario: ScenarioId;
  title: string;
  /** Two lines: what to look for, and which control to move. */
  look: [string, string];
  /** The phenomenon the preset should show. */
  expect: string;
  experiment: Experiment;
  /** The run whose behaviour the preset is about (it must not diverge). */
  highlight: number;
  /** The three view slots (large left, then the two on the right). */
  views?: [PresetView, PresetView, PresetView];
  /** x axis of the curves. */
  xAxis?: 'iteration' | 'epoch';
  /**
   * An analysis the preset starts instead of playing: S3's float64 sweep (270 runs in the worker) or
   * S13's Adam β₁ × β₂ grid on the loaded classifier. Its view is the first slot.
   */
  analysis?: 'sweep' | 'betaGrid';
  /** Playback speed in steps per second (0: as fast as possible); one of the transport's choices. */
  speed?: 10 | 30 | 100 | 300 | 1000 | 3000 | 0;
}

/** Headings of the gallery's groups. */
export const SCENARIO_TITLES: Record<ScenarioId, string> = {
  S1: 'S1 · Polyak step on quadratic data',
  S2: 'S2 · Constant step vs Polyak, noisy 1-D regression',
  S3: 'S3 · Polyak vs tuned SGD, d = 20 regression',
  S4: 'S4 · The two-well function',
  S5: 'S5 · Character transformer',
  S6: 'S6 · Adam with a Polyak step',
  S7: 'S7 · Step-size rules and constraints',
  S8: 'S8 · Five optimizers on a quadratic fit',
  S9: 'S9 · Polynomial least squares: GD and SGD',
  S10: 'S10 · A neural network on the 7 points',
  S11: 'S11 · Implicit regularisation: minimum norm',
  S12: 'S12 · Flat vs sharp minima',
  S13: 'S13 · SGD, SGD+ and Adam on small classifiers',
  surface: 'Classic 2-D surfaces',
};

export const SCENARIO_ORDER: ScenarioId[] = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8', 'S9', 'S10', 'S11', 'S12', 'S13', 'surface'];

// Step sizes of seed 003: β = (2/N)‖XᵀX‖₂ on the 7 points (spectral norm), checked in presets.test.ts.
/** 1/β for degree 3. */
export const INV_BETA_DEGREE3 = 0.40825876361061275;
/** 1/β for degree 9. */
export const INV_BETA_DEGREE9 = 0.27710740462001976;

const zeros = (n: number) => Array.from({ length: n }, () => 0);

/** SGD, heavy-ball momentum, Adam and Polyak racing on a 2-D surface from one start. */
function race(start: [number, number], lr: { sgd: number; momentum: number; adam: number }, fStar = 0): RunSpec[] {
  const init = [...start];
  return [
    { label: `SGD lr ${lr.sgd}`, optimizer: 'sgd', hyper: { lr: lr.sgd }, init: [...init] },
    { label: `Momentum 0.9, lr ${lr.momentum}`, optimizer: 'sgd', hyper: { lr: lr.momentum, momentum: 0.9 }, init: [...init] },
    { label: `Adam lr ${lr.adam}`, optimizer: 'adam', hyper: { lr: lr.adam }, init: [...init] },
    { label: fStar === 0 ? 'Polyak (f* = 0)' : `Polyak (f* = ${fStar})`, optimizer: 'polyak', ...(fStar !== 0 ? { hyper: { f_star: fStar } } : {}), init: [...init] },
  ];
}

function surfacePreset(
  problem: string, title: string, start: [number, number], lr: { sgd: number; momentum: number; adam: number },
  look: [string, string], expect: string, opts: { fStar?: number; steps?: number; highlight?: number; problemParams?: Record<string, number> } = {},
): Preset {
  return {
    id: `surface-${problem}`,
    scenario: 'surface',
    title,
    look,
    expect,
    experiment: {
      version: 1, problem,
      ...(opts.problemParams ? { problemParams: opts.problemParams } : {}),
      runs: race(start, lr, opts.fStar),
      steps: opts.steps ?? 2000,
    },
    highlight: opts.highlight ?? 3,
    views: ['contour', 'loss', 'stepSize'],
    xAxis: 'iteration',
    speed: 300,
  };
}

const S3_DATA = { generator: 'linear', n: 1000, d: 20, noise: 5, seed: 0 };

/** Seed 002's five optimizers on the quadratic fit (S8), each with the seed's settings. */
function seed002Runs(): RunSpec[] {
  return [
    { label: 'SGD lr 0.1', optimizer: 'sgd', hyper: { lr: 0.1 } },
    { label: 'Momentum m 0.9, lr 0.01', optimizer: 'momentum_seed002', hyper: { lr: 0.01, momentum: 0.9 } },
    { label: 'Nesterov m 0.9, lr 0.01', optimizer: 'nesterov_seed002', hyper: { lr: 0.01, momentum: 0.9 } },
    { label: 'Adagrad lr 0.5, δ 1e-7', optimizer: 'adagrad', hyper: { lr: 0.5, eps: 1e-7 } },
    { label: 'Adam lr 0.001', optimizer: 'adam', hyper: { lr: 0.001, betas: [0.9, 0.999], eps: 1e-8 } },
  ];
}

export const PRESETS: Preset[] = [
  // S1 ---------------------------------------------------------------------------------------------
  {
    id: 's1-polyak-quadratic',
    scenario: 'S1',
    title: 'Polyak SGD fits y = 2x² + 1',
    look: [
      'The loss falls to ~1e-11 on a log axis; on the (w₁, w₂) contour the path ends at w₁ = 0, w₂ = 2.',
      'Move the data noise σ above 0: the loss then floors at σ² and the Polyak step starts to jump.',
    ],
    expect: 'Polyak SGD (f* = 0, batch 32) converges to w₁ = 0, w₂ = 2, b = 1 without a learning rate: the data are interpolated, so f* = 0 is exact.',
    experiment: {
      version: 1, problem: 'quadratic-features',
      data: { generator: 'quadratic', n: 200, noise: 0 },
      runs: [{ label: 'Polyak, B 32', optimizer: 'polyak', hyper: { eps: 1e-8 }, batchSize: 32 }],
      epochs: 500,
    },
    highlight: 0,
    views: ['contour', 'loss', 'stepSize'],
    xAxis: 'epoch',
    speed: 1000,
  },
  // S2 ---------------------------------------------------------------------------------------------
  {
    id: 's2-sgd-vs-polyak-noisy',
    scenario: 'S2',
    title: 'Constant step vs Polyak on y = 3x + 1 + σε',
    look: [
      "At σ = 1, batch 16, Polyak's step jumps (up to ~50) and its loss is noisy; SGD lr 0.01 is smooth.",
      'Move noise σ to 0 (Polyak is fastest) and to 5, and the batch sizes to 64, 256, 500.',
    ],
    expect: 'Polyak is fast without noise and with small batches; with noise its step jumps and the loss is noisy; near the minimum the step grows because ‖g‖² shrinks faster than f − f*.',
    experiment: {
      version: 1, problem: 'linear-regression',
      data: { generator: 'linear-1d', n: 500, noise: 1 },
      runs: [
        { label: 'SGD lr 0.01, B 16', optimizer: 'sgd', hyper: { lr: 0.01 }, batchSize: 16 },
        { label: 'Polyak, B 16', optimizer: 'polyak', hyper: { eps: 1e-8 }, batchSize: 16 },
      ],
      epochs: 20,
    },
    highlight: 1,
    views: ['contour', 'loss', 'stepSize'],
    xAxis: 'epoch',
    speed: 100,
  },
  // S3 ---------------------------------------------------------------------------------------------
  {
    id: 's3-polyak-vs-tuned-sgd',
    scenario: 'S3',
    title: 'Polyak vs tuned SGD on d = 20 regression (σ = 5)',
    look: [
      "Polyak's full-batch step spikes above 20 and its batch-16 loss stays well above tuned SGD's.",
      'Move noise σ to 0.1 and 1 and the batch sizes (1, 16, 64, 256, 1000); data seeds 0, 42, 1337.',
    ],
    expect: 'At high noise Polyak degrades with larger batches, and at full batch its step spikes (> 20) and the loss becomes erratic; tuned SGD (lr 0.01 for σ = 5, batch 16, seed 0, chosen from {0.001, 0.01, 0.1, 1} by the seed\'s rule) stays steady; the Polyak-Adam hybrid tames Polyak.',
    experiment: {
      version: 1, problem: 'linear-regression',
      data: { ...S3_DATA },
      runs: [
        { label: 'SGD tuned lr 0.01, B 16', optimizer: 'sgd', hyper: { lr: 0.01 }, batchSize: 16 },
        { label: 'Polyak, B 16', optimizer: 'polyak', batchSize: 16 },
        { label: 'Polyak, full batch', optimizer: 'polyak', batchSize: 1000 },
        { label: 'Polyak-Adam hybrid, B 16', optimizer: 'polyak_adam_hybrid', batchSize: 16 },
      ],
      epochs: 20,
    },
    highlight: 2,
    views: ['stepSize', 'loss', 'gradNorm'],
    xAxis: 'epoch',
    speed: 300,
  },
  {
    id: 's3-sweep',
    scenario: 'S3',
    title: 'The S3 sweep: σ × batch size × seed, 270 runs',
    look: [
      "Final loss vs batch size: at σ = 5 Polyak's loss rises with the batch size while tuned SGD's stays flat.",
      'Final loss vs noise: the floor grows like σ²; the table lists the lr the rule picked per (σ, batch, seed).',
    ],
    expect: "Seed 001's figures 1–2: under high noise Polyak degrades with larger batches and its full-batch step spikes above 20; SGD tuned per (σ, batch, seed) from {0.001, 0.01, 0.1, 1} stays near σ² = 25 at every batch size and beats Polyak.",
    experiment: {
      version: 1, problem: 'linear-regression',
      data: { ...S3_DATA },
      runs: [
        { label: 'SGD tuned lr 0.01, B 16', optimizer: 'sgd', hyper: { lr: 0.01 }, batchSize: 16 },
        { label: 'Polyak, B 16', optimizer: 'polyak', batchSize: 16 },
      ],
      epochs: 20,
    },
    highlight: 1,
    views: ['sweepSummary', 'loss', 'stepSize'],
    xAxis: 'epoch',
    analysis: 'sweep',
  },
  // S4 ---------------------------------------------------------------------------------------------
  {
    id: 's4-two-well',
    scenario: 'S4',
    title: 'Two wells: SGD stays, Polyak jumps',
    look: [
      'SGD lr 0.01 settles in the near well at (1, 1); Polyak with batch 2 jumps to the global well at (−8, −9).',
      "Batch 1 pins Polyak's step at 1/80 in the steep well (it stays); batch 25 makes it erratic. Click the contour for other starts.",
    ],
    expect: "Constant SGD stays in the nearer basin; small-batch Polyak reaches the global minimum (here at batch 2: at batch 1 the step on one point's 20‖z‖² branch is exactly 1/80, half-way to that point's own minimum); larger batches make Polyak erratic.",
    experiment: {
      version: 1, problem: 'two-well', seed: 0,
      data: { generator: 'gaussian-cluster', n: 25, noise: 0.25, seed: 42 },
      runs: [
        { label: 'SGD lr 0.01, B 1', optimizer: 'sgd', hyper: { lr: 0.01 }, batchSize: 1, init: 'random' },
        { label: 'Polyak, B 1', optimizer: 'polyak', batchSize: 1, init: 'random' },
        { label: 'Polyak, B 2', optimizer: 'polyak', batchSize: 2, init: 'random' },
        { label: 'Polyak, B 25', optimizer: 'polyak', batchSize: 25, init: 'random' },
      ],
      epochs: 100,
    },
    highlight: 2,
    views: ['contour', 'loss', 'stepSize'],
    xAxis: 'epoch',
    speed: 300,
  },
  // S5 ---------------------------------------------------------------------------------------------
  {
    id: 's5-transformer',
    scenario: 'S5',
    title: 'Character transformer: SGD vs Polyak vs Adam',
    look: [
      "Adam's train and validation loss fall fastest; SGD is slow but steady; Polyak's step spikes, and its loss with it.",
      'A small model for a laptop (n_embd 32, 2 heads, 1 layer, block 32); raise the sizes on a fast GPU.',
    ],
    expect: 'Adam is fastest and stable; SGD is slow and stable; Polyak (f* = 0) takes huge steps (> 30) with loss spikes, since the cross-entropy never reaches 0.',
    experiment: {
      version: 1, problem: 'transformer',
      problemParams: { n_embd: 32, n_head: 2, n_layer: 1, block_size: 32, dropout: 0.1, eval_every: 50 },
      data: { generator: 'toddler', n: 3000 },
      runs: [
        { label: 'SGD lr 0.1', optimizer: 'sgd', hyper: { lr: 0.1 }, batchSize: 16 },
        { label: 'Adam lr 1e-3', optimizer: 'adam', hyper: { lr: 0.001 }, batchSize: 16 },
        { label: 'Polyak (f* = 0)', optimizer: 'polyak', batchSize: 16 },
      ],
      steps: 1000,
    },
    highlight: 1,
    views: ['evaluation', 'stepSize', 'samples'],
    xAxis: 'iteration',
    speed: 0,
  },
  // S6 ---------------------------------------------------------------------------------------------
  {
    id: 's6-polyak-adam',
    scenario: 'S6',
    title: 'Adam with a Polyak step: variant A and the hybrid',
    look: [
      "Pure Polyak-Adam (A), like Polyak SGD, stays noisy above the others; the hybrid (B) is steady but its step keeps rising late.",
      'Compare with SGD, Polyak SGD and Adam on the same batches; move σ and the batch size.',
    ],
    expect: 'Under noise (σ = 5) pure Polyak-Adam is the least stable; the hybrid tames Polyak, but its effective step escalates late in training.',
    experiment: {
      version: 1, problem: 'linear-regression',
      data: { ...S3_DATA },
      runs: [
        { label: 'SGD lr 0.01', optimizer: 'sgd', hyper: { lr: 0.01 }, batchSize: 16 },
        { label: 'Polyak SGD', optimizer: 'polyak', batchSize: 16 },
        { label: 'Adam lr 0.01', optimizer: 'adam', hyper: { lr: 0.01 }, batchSize: 16 },
        { label: 'Polyak-Adam (A)', optimizer: 'polyak_adam', batchSize: 16 },
        { label: 'Polyak-Adam hybrid (B)', optimizer: 'polyak_adam_hybrid', batchSize: 16 },
      ],
      epochs: 50,
    },
    highlight: 4,
    views: ['loss', 'stepSize', 'gradNorm'],
    xAxis: 'epoch',
    speed: 1000,
  },
  // S7 ---------------------------------------------------------------------------------------------
  {
    id: 's7-armijo',
    scenario: 'S7',
    title: 'Armijo backtracking: full batch vs mini-batches',
    look: [
      'Full-batch Armijo reaches the minimum in a few steps, each paying extra function evaluations.',
      'On batches of 8 its accepted steps (up to η₀ = 1) chase each batch and the loss stays high; lower η₀ or raise the batch.',
    ],
    expect: 'Armijo is exact but costly (extra evaluations per iteration) on the full batch, and unreliable on noisy mini-batches: the line search fits each batch, not f.',
    experiment: {
      version: 1, problem: 'linear-regression',
      data: { generator: 'linear-1d', n: 500, noise: 1 },
      runs: [
        { label: 'Armijo, full batch', optimizer: 'armijo' },
        { label: 'Armijo, B 8', optimizer: 'armijo', batchSize: 8 },
        { label: 'SGD lr 0.01, B 8', optimizer: 'sgd', hyper: { lr: 0.01 }, batchSize: 8 },
      ],
      epochs: 5,
    },
    highlight: 0,
    views: ['contour', 'loss', 'stepSize'],
    xAxis: 'iteration',
    speed: 30,
  },
  {
    id: 's7-penalty',
    scenario: 'S7',
    title: 'Penalty method: (x − 2)² + λ·max(0, −x)²',
    look: [
      'From the infeasible start x = −3 the penalty wall pushes x back into x ≥ 0, then on to x* = 2.',
      'Set a = −2 (an active constraint): x* = a/(1 + λ) creeps to 0 as you raise λ; a large λ needs a smaller lr.',
    ],
    expect: 'The penalty turns the constraint x ≥ 0 into a steep wall; the minimiser violates the constraint by a/(1 + λ) when it is active, and the wall\'s curvature 2(1 + λ) limits the stable step size.',
    experiment: {
      version: 1, problem: 'penalty', problemParams: { a: 2, lambda: 10 },
      runs: [
        { label: 'SGD lr 0.01', optimizer: 'sgd', hyper: { lr: 0.01 } },
        { label: 'Adam lr 0.1', optimizer: 'adam', hyper: { lr: 0.1 } },
      ],
      steps: 500,
    },
    highlight: 0,
    views: ['contour', 'loss', 'params'],
    speed: 100,
  },
  {
    id: 's7-penalty-equality',
    scenario: 'S7',
    title: 'Equality penalty: (θ − 2)² + μ(θ − 5)²',
    look: [
      'θ settles at θ* = (2 + 5μ)/(1 + μ) ≈ 4.73 for μ = 10: near the constraint θ = 5, not on it.',
      'Raise μ: θ* → 5, but the curvature 2(1 + μ) grows and SGD lr 0.01 diverges past μ ≈ 99.',
    ],
    expect: 'A quadratic penalty satisfies the equality only in the limit μ → ∞, and a larger μ makes the problem stiffer.',
    experiment: {
      version: 1, problem: 'penalty-equality', problemParams: { a: 2, mu: 10 },
      runs: [{ label: 'SGD lr 0.01', optimizer: 'sgd', hyper: { lr: 0.01 } }],
      steps: 500,
    },
    highlight: 0,
    views: ['contour', 'loss', 'params'],
    speed: 100,
  },
  {
    id: 's7-change-of-variables',
    scenario: 'S7',
    title: 'Change of variables: x = e^z keeps x ≥ 0',
    look: [
      'Optimising z in (e^z − 2)² reaches z* = ln 2 (x = 2): x stays positive at every step.',
      'Set a = −1: the constraint is active, x = e^z → 0 only as z → −∞, and progress slows to a crawl.',
    ],
    expect: 'Reparameterising x = e^z enforces x ≥ 0 for free, at the price of a distorted landscape: a minimiser on the boundary is never reached.',
    experiment: {
      version: 1, problem: 'exp-reparam', problemParams: { a: 2 },
      runs: [
        { label: 'SGD lr 0.01', optimizer: 'sgd', hyper: { lr: 0.01 } },
        { label: 'Adam lr 0.05', optimizer: 'adam', hyper: { lr: 0.05 } },
      ],
      steps: 500,
    },
    highlight: 0,
    views: ['contour', 'loss', 'params'],
    speed: 100,
  },
  // S8 ---------------------------------------------------------------------------------------------
  {
    id: 's8-quad-fit',
    scenario: 'S8',
    title: 'Five optimizers fit α + βx + γx²',
    look: [
      'The fitted curves close in on the points; the step inspector shows each gradient, new value and MSE.',
      "SGD, momentum and Nesterov reach MSE ~1e-28 within a few thousand steps; Adam at the seed's lr 0.001 is the slowest.",
    ],
    expect: 'On the well-scaled fit every method converges to (α, β, γ) = (3, 4, 8); the heavy-ball and Nesterov forms are those of seed 002 (v ← mv − lr·g).',
    experiment: {
      version: 1, problem: 'quad-fit',
      data: { generator: 'quadratic-seed002', n: 50, noise: 0 },
      runs: seed002Runs(),
      steps: 20000,
    },
    highlight: 0,
    views: ['fit', 'inspector', 'loss'],
    speed: 1000,
  },
  {
    id: 's8-ill-conditioned',
    scenario: 'S8',
    title: 'The ill-conditioned twin: α + βx + 1e-6·γx²',
    look: [
      'Every optimizer stalls near MSE 4: γ* = 8·10⁶, but its gradient is scaled by 10⁻⁶.',
      'SGD and momentum barely move γ; Adagrad and Adam (at most lr per step) move it a little. Compare with the well-scaled preset.',
    ],
    expect: 'Rescaling one feature by 1e-6 makes the problem ill-conditioned: plain and momentum methods cannot move γ, and per-coordinate methods move it by at most about lr per step, far from γ* = 8·10⁶.',
    experiment: {
      version: 1, problem: 'quad-fit', problemParams: { scale: 1e-6 },
      data: { generator: 'quadratic-seed002', n: 50, noise: 0 },
      runs: seed002Runs(),
      steps: 20000,
    },
    highlight: 0,
    views: ['fit', 'inspector', 'loss'],
    speed: 1000,
  },
  // S9 ---------------------------------------------------------------------------------------------
  {
    id: 's9-polynomial-gd-sgd',
    scenario: 'S9',
    title: 'Cubic least squares: GD vs SGD step-size schedules',
    look: [
      'GD (γ = 1/β) drives f − f* to ~1e-16; SGD with a constant 0.1/β stalls at a noise floor, its averaged iterate lower.',
      'Decaying steps 0.1/(β(k+1)) crawl; 0.1/(β(⌊k/1000⌋+1)) gets closest. Set degree 9 for the over-parameterised case.',
    ],
    expect: 'Under-parameterised (n = 3 < N = 7), f(θ*) > 0: GD converges linearly, constant-step SGD only to a neighbourhood, decreasing steps converge slowly; float64 shows gaps down to 1e-16. β uses the spectral norm (the Frobenius norm, a known mistake, is larger).',
    experiment: {
      version: 1, problem: 'polynomial', problemParams: { degree: 3 },
      data: { generator: 'sin-exp', n: 7 },
      runs: [
        { label: 'GD, γ = 1/β', optimizer: 'sgd', hyper: { lr: INV_BETA_DEGREE3 }, init: zeros(4) },
        { label: 'SGD, γ = 0.1/β', optimizer: 'sgd', hyper: { lr: INV_BETA_DEGREE3 / 10 }, batchSize: 1, init: zeros(4) },
        { label: 'SGD, γ = 0.1/(β(k+1))', optimizer: 'sgd', hyper: { lr: INV_BETA_DEGREE3 / 10 }, schedule: { kind: 'inverse' }, batchSize: 1, init: zeros(4) },
        { label: 'SGD, γ = 0.1/(β(⌊k/1000⌋+1))', optimizer: 'sgd', hyper: { lr: INV_BETA_DEGREE3 / 10 }, schedule: { kind: 'step-decay', stepSize: 1000 }, batchSize: 1, init: zeros(4) },
      ],
      steps: 100000,
    },
    highlight: 0,
    views: ['gap', 'fit', 'loss'],
    speed: 3000,
  },
  // S10 --------------------------------------------------------------------------------------------
  {
    id: 's10-mlp',
    scenario: 'S10',
    title: 'A 2×10 ReLU network fits the 7 points',
    look: [
      'Adam (lr 0.1) fits the points in tens of steps; full-batch SGD (lr 0.05) needs hundreds.',
      'Switch the fit view to [−11, 11] to see the extrapolation; change depth, width and activation (4·sigmoid).',
    ],
    expect: 'An over-parameterised network interpolates the 7 points; how it extrapolates depends on the activation and the initialisation.',
    experiment: {
      version: 1, problem: 'mlp', problemParams: { depth: 2, width: 10, activation: 0 },
      data: { generator: 'sin-exp', n: 7 },
      runs: [
        { label: 'SGD lr 0.05', optimizer: 'sgd', hyper: { lr: 0.05 } },
        { label: 'Adam lr 0.1', optimizer: 'adam', hyper: { lr: 0.1 } },
      ],
      steps: 2000,
    },
    highlight: 0,
    views: ['fit', 'loss', 'gradNorm'],
    speed: 300,
  },
  // S11 --------------------------------------------------------------------------------------------
  {
    id: 's11-min-norm',
    scenario: 'S11',
    title: 'GD and SGD find the minimum-norm interpolant; Adam does not',
    look: [
      '‖θ_k − θ*‖² to the minimum-norm solution: GD from 0 falls below 1e-16; SGD follows more slowly.',
      'Adam (one sample per step) levels off far from θ*: it interpolates with another θ.',
    ],
    expect: 'From θ₀ = 0, GD and SGD stay in the row space of X and converge to the minimum-norm solution Xᵀ(XXᵀ)⁻¹Y; Adam\'s per-coordinate scaling leaves the row space and ends elsewhere.',
    experiment: {
      version: 1, problem: 'polynomial', problemParams: { degree: 9 },
      data: { generator: 'sin-exp', n: 7 },
      runs: [
        { label: 'GD, γ = 1/β', optimizer: 'sgd', hyper: { lr: INV_BETA_DEGREE9 }, init: zeros(10) },
        { label: 'SGD, γ = 0.1/β', optimizer: 'sgd', hyper: { lr: INV_BETA_DEGREE9 / 10 }, batchSize: 1, init: zeros(10) },
        { label: 'Adam lr 0.001, one sample', optimizer: 'adam', hyper: { lr: 0.001, betas: [0.9, 0.999], eps: 1e-8 }, batchSize: 1, init: zeros(10) },
      ],
      steps: 30000,
    },
    highlight: 0,
    views: ['distance', 'fit', 'loss'],
    speed: 3000,
  },
  {
    id: 's11-float32',
    scenario: 'S11',
    title: 'The same GD in float32: where the precision stops',
    look: [
      'GD on the tensor path in float32: ‖θ_k − θ*‖² stalls orders of magnitude above the 1e-16 of float64.',
      'Switch precision back to float64 (or open the float64 preset) to compare.',
    ],
    expect: 'float32 (ε ≈ 1.2e-7) cannot represent the iterates precisely enough: the distance to θ* stalls many orders of magnitude above the float64 run.',
    experiment: {
      version: 1, problem: 'polynomial', problemParams: { degree: 9 },
      data: { generator: 'sin-exp', n: 7 },
      precision: 'float32',
      runs: [
        { label: 'GD float32, γ = 1/β', optimizer: 'sgd', hyper: { lr: INV_BETA_DEGREE9 }, init: zeros(10) },
      ],
      steps: 30000,
    },
    highlight: 0,
    views: ['distance', 'fit', 'loss'],
    speed: 3000,
  },
  // S12 --------------------------------------------------------------------------------------------
  {
    id: 's12-flat-sharp',
    scenario: 'S12',
    title: 'SGD leaves the sharp minimum, GD stays',
    look: [
      'Watch x_k: GD from x₀ = 5 stays in the sharp minimum; one-sample SGD is kicked out to the flat one near 0.',
      'Reseed the data (new phases and batches) to see how often SGD escapes.',
    ],
    expect: 'With γ = 0.001 the sharp minimum near 5 is linearly unstable for the per-sample noise of SGD but stable for GD: SGD ends in the flat minimum most of the time.',
    experiment: {
      version: 1, problem: 'flat-sharp', seed: 1,
      data: { generator: 'phases', n: 2000 },
      runs: [
        { label: 'GD', optimizer: 'sgd', hyper: { lr: 0.001 }, init: [5] },
        { label: 'SGD (one sample)', optimizer: 'sgd', hyper: { lr: 0.001 }, batchSize: 1, init: [5] },
      ],
      steps: 2000,
      record: 'all',
    },
    highlight: 1,
    views: ['params', 'contour', 'loss'],
    speed: 300,
  },
  // S13 --------------------------------------------------------------------------------------------
  {
    id: 's13-classifier',
    scenario: 'S13',
    title: 'SGD, SGD+ and Adam on a 4-2-1 classifier',
    look: [
      'Adam (β₁ 0.9, β₂ 0.99) lowers the MSE fastest; SGD+ (μ 0.9) beats plain SGD at lr 1e-2, batch 8.',
      "Adam's β grid: move β₁ and β₂ over {0.7, 0.9, 0.99}; try lr 1e-3 and 1e-4, and one neuron (hidden 0).",
    ],
    expect: 'Momentum speeds SGD up; Adam is fastest, and its β₁ × β₂ choice matters (seed 004: β₁ 0.9, β₂ 0.99 best).',
    experiment: {
      version: 1, problem: 'classifier', problemParams: { hidden: 2 },
      data: { generator: 'two-class', n: 400 },
      runs: [
        { label: 'SGD lr 1e-2', optimizer: 'sgd', hyper: { lr: 0.01 }, batchSize: 8 },
        { label: 'SGD+ μ 0.9, lr 1e-2', optimizer: 'sgd', hyper: { lr: 0.01, momentum: 0.9 }, batchSize: 8 },
        { label: 'Adam β (0.9, 0.99), lr 1e-2', optimizer: 'adam', hyper: { lr: 0.01, betas: [0.9, 0.99] }, batchSize: 8 },
      ],
      steps: 5000,
    },
    highlight: 2,
    views: ['loss', 'stepSize', 'gradNorm'],
    speed: 1000,
  },
  {
    id: 's13-beta-grid',
    scenario: 'S13',
    title: "Adam's β₁ × β₂ grid on the 4-2-1 classifier",
    look: [
      'Each cell trains Adam for 2 000 steps on the same batches; its final and minimum MSE and its time fill in live.',
      'Compare β₁ = 0.99 with β₂ ≤ 0.9 (β₁ > √β₂) to the rest; edit the lists, steps, lr, batch (8, 32) or hidden.',
    ],
    expect: "The β₁ × β₂ choice matters: seed 004 reports β₁ 0.9, β₂ 0.99 best at larger batches and some pairs very poor. Here (data seed 0) the cells β₁ = 0.99, β₂ ∈ {0.7, 0.9} stall near MSE 0.25 while the others end near 0.1; with another seed the cells end close together.",
    experiment: {
      version: 1, problem: 'classifier', problemParams: { hidden: 2 },
      data: { generator: 'two-class', n: 400 },
      runs: [
        { label: 'Adam β (0.9, 0.99), lr 1e-2', optimizer: 'adam', hyper: { lr: 0.01, betas: [0.9, 0.99] }, batchSize: 8 },
      ],
      steps: 5000,
    },
    highlight: 0,
    views: ['betaGrid', 'loss', 'stepSize'],
    analysis: 'betaGrid',
  },
  {
    id: 's13-saddle',
    scenario: 'S13',
    title: 'SGD vs SGD+ escaping the saddle x² − y²',
    look: [
      'Both start at (1, 0.001), almost on the saddle\'s stable axis: SGD crawls along y = 0 first.',
      'SGD+ (μ 0.9) builds speed along −y and leaves the saddle far sooner. Click the contour to move the start.',
    ],
    expect: 'Near a saddle the escape direction has a tiny gradient; momentum accumulates it and escapes much faster than plain SGD.',
    experiment: {
      version: 1, problem: 'saddle',
      runs: [
        { label: 'SGD lr 0.1', optimizer: 'sgd', hyper: { lr: 0.1 }, init: [1, 0.001] },
        { label: 'SGD+ μ 0.9, lr 0.1', optimizer: 'sgd', hyper: { lr: 0.1, momentum: 0.9 }, init: [1, 0.001] },
      ],
      steps: 40,
      record: 'all',
    },
    highlight: 0,
    views: ['contour', 'loss', 'params'],
    speed: 10,
  },
  // Surfaces ---------------------------------------------------------------------------------------
  surfacePreset('rosenbrock', 'Rosenbrock: the curved valley', [-1.5, 2], { sgd: 0.001, momentum: 0.001, adam: 0.05 }, [
    'All four drop into the valley fast, then follow it to (1, 1); SGD is still on the way, at (0.78, 0.61), after 3 000 steps.',
    'Momentum and Polyak follow the curve best. Click the contour to start at (−2, 2).',
  ], 'The narrow curved valley: step sizes safe across it are tiny along it, so GD is slow; momentum, Adam and Polyak reach (1, 1).', { steps: 3000 }),
  surfacePreset('beale', 'Beale: plateau and steep walls', [1, 1.5], { sgd: 0.01, momentum: 0.001, adam: 0.05 }, [
    'From (1, 1.5) the paths cross the flat plateau to the minimum (3, 0.5); the contour levels are log-spaced.',
    'Click (3, 4) to start there: on its steep wall SGD and momentum diverge at once, Adam stalls, Polyak still arrives.',
  ], 'A flat plateau with steep walls: small gradients on the plateau, huge ones on the walls; all reach (3, 0.5) with these steps.'),
  surfacePreset('himmelblau', 'Himmelblau: four minima', [0, 0], { sgd: 0.01, momentum: 0.001, adam: 0.05 }, [
    'From (0, 0) all four roll into the minimum (3, 2), f = 0, each along its own path.',
    'Click near the local maximum (−0.27, −0.92) to watch the runs split between the four minima.',
  ], 'Four global minima: which one an optimizer reaches depends on its start and its dynamics.'),
  surfacePreset('rastrigin', 'Rastrigin: a lattice of local minima', [-2, 3.5], { sgd: 0.001, momentum: 0.001, adam: 0.05 }, [
    'SGD, momentum and Adam get stuck in the local minimum nearest to (−2, 3.5).',
    "Polyak's step (f − 0)/‖g‖² is huge where g is small and jumps it to the global minimum (0, 0).",
  ], 'Gradient methods with small steps stop in the nearest local minimum; Polyak with the true f* = 0 escapes them.'),
  surfacePreset('saddle', 'Saddle x² − y²', [1, 0.001], { sgd: 0.1, momentum: 0.01, adam: 0.01 }, [
    'GD with η = 0.1 from (1, 0.001): x_k = 0.8ᵏ shrinks while y_k = 1.2ᵏ·0.001 grows — the escape is slow at first.',
    'Polyak (f* = 0) stops where f = 0 on the diagonal: f* = 0 is wrong here, f is unbounded below. Start at y = 0 to converge to the saddle.',
  ], 'Near a saddle the unstable direction grows geometrically from a tiny start; f is unbounded below, so every run leaves the view.', { steps: 60, highlight: 0 }),
  surfacePreset('goldstein-price', 'Goldstein–Price: values up to 10⁶', [-1, 1], { sgd: 3e-6, momentum: 1e-6, adam: 0.01 }, [
    'From (−1, 1) SGD and Adam stall by the local minimum (−0.6, −0.4), f = 30; momentum and Polyak (f* = 3) reach (0, −1), f = 3.',
    'Gradients reach 10⁵: any SGD lr above ~1e-5 diverges. Try other starts, e.g. (1.5, 1.5).',
  ], 'Huge gradient range: a constant lr small enough to be stable is tiny, and local minima (f = 30, 84, 840) catch the slow methods.', { fStar: 3 }),
  surfacePreset('booth', 'Booth: a convex quadratic (κ = 9)', [-5, -5], { sgd: 0.01, momentum: 0.001, adam: 0.1 }, [
    'Every optimizer reaches (1, 3); GD is stable for η < 1/9 (L = 18).',
    'Raise SGD lr above 0.11 to see it diverge; momentum and Adam reach the minimum with very different paths.',
  ], 'A benign convex quadratic: all methods converge, GD linearly at a rate set by κ = 9.'),
  surfacePreset('six-hump-camel', 'Six-hump camel: two global minima among local ones', [-1.5, 1], { sgd: 0.01, momentum: 0.003, adam: 0.03 }, [
    'From (−1.5, 1) SGD, momentum and Adam stop in the local minimum (−1.70, 0.80), f = −0.2155.',
    'Polyak with the true f* = −1.0316 reaches a global minimum ±(0.0898, −0.7127).',
  ], 'Local minima trap small-step methods; a Polyak step with the right f* carries across them.', { fStar: -1.0316284534898774 }),
  surfacePreset('quadratic', 'Ill-conditioned quadratic (κ ≈ 535)', [-1.5, 1], { sgd: 0.01, momentum: 0.003, adam: 0.05 }, [
    'SGD zig-zags across the rotated valley and crawls along it (f ≈ 6e-5 after 2 000 steps); momentum is far faster.',
    'Move h11 to change the conditioning: the zig-zag and SGD\'s rate follow κ = λmax/λmin; lr must stay below 2/λmax.',
  ], 'GD on an ill-conditioned quadratic zig-zags (rate set by κ); momentum accelerates; Adam is invariant only to axis-aligned scaling.', {
    problemParams: { h11: 100, h12: 9, h22: 1 },
  }),
  // Typed objective --------------------------------------------------------------------------------
  {
    id: 'typed-himmelblau',
    scenario: 'surface',
    title: 'A typed objective: Himmelblau as text',
    look: [
      'f(x, y) = (x^2+y-11)^2 + (x+y^2-7)^2 is parsed (never evaluated as code) and differentiated exactly.',
      'Edit the formula in the problem panel; starting near the local maximum, the runs pick different minima.',
    ],
    expect: 'A typed function races like a built-in one; from (−0.3, −0.9), next to the local maximum, the optimizers split between Himmelblau\'s minima.',
    experiment: {
      version: 1, problem: 'expression',
      expression: '(x^2+y-11)^2 + (x+y^2-7)^2',
      problemParams: { x_min: -5, x_max: 5, y_min: -5, y_max: 5, log_levels: 1 },
      runs: race([-0.3, -0.9], { sgd: 0.01, momentum: 0.001, adam: 0.05 }),
      steps: 2000,
    },
    highlight: 0,
    views: ['contour', 'loss', 'stepSize'],
    xAxis: 'iteration',
    speed: 300,
  },
];

export const PRESETS_BY_ID: Record<string, Preset> = Object.fromEntries(PRESETS.map((p) => [p.id, p]));

/** Presets grouped by scenario, in gallery order. */
export function presetGroups(): { scenario: ScenarioId; title: string; presets: Preset[] }[] {
  return SCENARIO_ORDER.map((scenario) => ({ scenario, title: SCENARIO_TITLES[scenario], presets: PRESETS.filter((p) => p.scenario === scenario) }))
    .filter((g) => g.presets.length > 0);
}
