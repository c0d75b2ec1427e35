/**
 * Data generators of the experiment format and the parsing of user points. Every generator draws
 * from the data stream it is given, through named child streams (`fork('x')`, `fork('noise')`, …),
 * so that changing σ rescales the same noise draws on the same inputs.
 */
import type { Rng } from '../rng';
import type { DataSpec } from '../experiment/types';

export interface GeneratorSpec {
  /** Default number of samples. */
  n: number;
  /** Default noise standard deviation σ. */
  noise: number;
  /** Default input dimension (the generators whose dimension is fixed say so in `fixedD`). */
  d?: number;
  /** Input dimension that cannot be changed (data.d must be absent or equal to it). */
  fixedD?: number;
  /** The distribution, for the UI. */
  doc: string;
}

/** Every generator id with its defaults. */
export const GENERATORS: Record<string, GeneratorSpec> = {
  quadratic: { n: 200, noise: 0, fixedD: 1, doc: 'x ~ U(−1, 1), y = 2x² + 1 + σε (seed 000, 1a)' },
  'linear-1d': { n: 500, noise: 1, fixedD: 1, doc: 'x ~ N(0, 1), y = 3x + 1 + σε (seed 000, 1b)' },
  linear: { n: 1000, noise: 1, d: 20, doc: 'X ~ N(0, I_d), w ~ N(0, I), b ~ N(0, 1), y = Xw + b + σε (seed 001, 1b)' },
  'gaussian-cluster': { n: 25, noise: 0.25, fixedD: 2, doc: 'wᵢ ~ N(0, σ²I) in ℝ² (seed 001, make_gaussian_cluster)' },
  'quadratic-seed002': { n: 50, noise: 0, fixedD: 1, doc: 'x ~ U(−1, 1), y = α + βx + γx² + σε (seed 002)' },
  'sin-exp': { n: 7, noise: 0, fixedD: 1, doc: 'xᵢ = linspace(−1, 1, n), yᵢ = sin(5xᵢ)·exp(|2xᵢ|)/10 + σε (seed 003)' },
  phases: { n: 2000, noise: 0, fixedD: 1, doc: 'φᵢ = 2π·U(0, 1) (seed 003, exercise 5); no noise' },
};

/** A resolved data spec: a generator with every default filled in, or user rows. */
export type ResolvedData =
  | { kind: 'generator'; generator: string; n: number; noise: number; d: number }
  | { kind: 'points'; x: number[][]; y: number[] };

/**
 * Fills the defaults of `data` (undefined → the problem's first generator) and checks it against the
 * generators this problem takes. Throws an Error naming the bad field.
 */
export function resolveData(problem: string, generators: string[], data: DataSpec | undefined, acceptsPoints: boolean): ResolvedData {
  if (data && 'points' in data) {
    if (!acceptsPoints) throw new Error(`data.points: problem ${problem} does not take user data`);
    return parsePoints(data.points);
  }
  if (data && 'text' in data) throw new Error(`data.text: problem ${problem} does not take text`);
  const id = data?.generator ?? generators[0];
  if (!generators.includes(id)) {
    throw new Error(`data.generator: "${id}" does not apply to ${problem}${generators.length ? ` (use ${generators.join(' or ')})` : ' (it takes no data)'}`);
  }
  const g = GENERATORS[id];
  const n = data?.n ?? g.n, noise = data?.noise ?? g.noise, d = data?.d ?? g.fixedD ?? g.d ?? 1;
  if (!Number.isInteger(n) || n < 1) throw new Error(`data.n: must be an integer ≥ 1, got ${n}`);
  if (!Number.isFinite(noise) || noise < 0) throw new Error(`data.noise: must be a finite number ≥ 0, got ${noise}`);
  if (!Number.isInteger(d) || d < 1) throw new Error(`data.d: must be an integer ≥ 1, got ${d}`);
  if (g.fixedD !== undefined && d !== g.fixedD) throw new Error(`data.d: generator ${id} has input dimension ${g.fixedD}, got ${d}`);
  return { kind: 'generator', generator: id, n, noise, d };
}

/** User points [[x, y], …] with x a number or an array of features; all rows must have one width. */
export function parsePoints(points: [number | number[], number][]): { kind: 'points'; x: number[][]; y: number[] } {
  if (!Array.isArray(points) || points.length === 0) throw new Error('data.points: must hold at least one point');
  const x: number[][] = [], y: number[] = [];
  points.forEach((p, i) => {
    const row = Array.isArray(p[0]) ? p[0].slice() : [p[0]];
    if (row.length === 0) throw new Error(`data.points[${i}]: x has no features`);
    if (row.length !== (x[0]?.length ?? row.length)) {
      throw new Error(`data.points[${i}]: every row needs the same number of features (found ${x[0].length} and ${row.length})`);
    }
    if (!row.every(Number.isFinite) || !Number.isFinite(p[1])) throw new Error(`data.points[${i}]: values must be finite numbers`);
    x.push(row);
    y.push(p[1]);
  });
  return { kind: 'points', x, y };
}

/** `quadratic` (S1): x ~ U(−1, 1) from fork('x'), y = 2x² + 1 + σε with ε ~ N(0, 1) from fork('noise'). */
export function generateQuadratic(rng: Rng, n: number, noise: number): { x: number[]; y: number[] } {
  const rx = rng.fork('x'), re = rng.fork('noise');
  const x = Array.from({ length: n }, () => 2 * rx.uniform() - 1);
  return { x, y: x.map((v) => 2 * v * v + 1 + noise * re.normal()) };
}

/** `linear-1d` (S2): x ~ N(0, 1) from fork('x'), y = 3x + 1 + σε with ε from fork('noise'). */
export function generateLinear1d(rng: Rng, n: number, noise: number): { x: number[][]; y: number[] } {
  const rx = rng.fork('x'), re = rng.fork('noise');
  const x = Array.from({ length: n }, () => [rx.normal()]);
  return { x, y: x.map(([v]) => 3 * v + 1 + noise * re.normal()) };
}

/**
 * `linear` (S3): w ~ N(0, I_d) then b ~ N(0, 1) from fork('w'); rows X ~ N(0, I_d) from fork('x');
 * y = Xw + b + σε with ε ~ N(0, 1) from fork('noise').
 */
export function generateLinear(rng: Rng, n: number, d: number, noise: number): { x: number[][]; y: number[]; w: number[]; b: number } {
  const rw = rng.fork('w'), rx = rng.fork('x'), re = rng.fork('noise');
  // Plain loops rather than Array.from/reduce with callbacks: a sweep builds this for every (σ, seed),
  // and the callbacks cost more than the numbers here. Same draws, same sums, in the same order.
  const w: number[] = [];
  for (let j = 0; j < d; j++) w.push(rw.normal());
  const b = rw.normal();
  const x: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < d; j++) row.push(rx.normal());
    x.push(row);
  }
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    let s = b;
    for (let j = 0; j < d; j++) s += x[i][j] * w[j];
    y.push(s + noise * re.normal());
  }
  return { x, y, w, b };
}

/** `gaussian-cluster` (S4): wᵢ = σ·(ε₁, ε₂), ε ~ N(0, I₂) from fork('w'). */
export function generateGaussianCluster(rng: Rng, n: number, sigma: number): number[][] {
  const r = rng.fork('w');
  return Array.from({ length: n }, () => [sigma * r.normal(), sigma * r.normal()]);
}

/** `quadratic-seed002` (S8): x ~ U(−1, 1) from fork('x'), y = α + βx + γx² + σε, ε from fork('noise'). */
export function generateQuadraticSeed002(rng: Rng, n: number, noise: number, alpha: number, beta: number, gamma: number): { x: number[]; y: number[] } {
  const rx = rng.fork('x'), re = rng.fork('noise');
  const x = Array.from({ length: n }, () => 2 * rx.uniform() - 1);
  return { x, y: x.map((v) => alpha + beta * v + gamma * v * v + noise * re.normal()) };
}

/** `sin-exp` (S9): xᵢ = linspace(−1, 1, n) (numpy: n = 1 gives [−1]), yᵢ = sin(5xᵢ)·exp(|2xᵢ|)/10 + σε. */
export function generateSinExp(rng: Rng, n: number, noise: number): { x: number[]; y: number[] } {
  const re = rng.fork('noise');
  const x = Array.from({ length: n }, (_, i) => (n === 1 ? -1 : i === n - 1 ? 1 : -1 + (2 * i) / (n - 1)));
  return { x, y: x.map((v) => (Math.sin(5 * v) * Math.exp(Math.abs(2 * v))) / 10 + (noise ? noise * re.normal() : 0)) };
}

/** `phases` (S12): φᵢ = 2π·U(0, 1) from fork('phase'). */
export function generatePhases(rng: Rng, n: number): Float64Array {
  const r = rng.fork('phase');
  const phi = new Float64Array(n);
  for (let i = 0; i < n; i++) phi[i] = 2 * Math.PI * r.uniform();
  return phi;
}

/** A view interval around the given coordinates: the span padded by 30% on each side, at least ±1. */
export function spanAround(values: number[], minHalf = 1): [number, number] {
  const lo = Math.min(...values), hi = Math.max(...values);
  const c = (lo + hi) / 2, half = Math.max(minHalf, 0.8 * (hi - lo));
  return [c - half, c + half];
}
