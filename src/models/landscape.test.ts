/**
 * Loss-landscape slices and trajectory projections: the grid's centre is L(θ*), the batched grid
 * (chunked or not) equals point-by-point evaluation, direction scalings, projections recover known
 * coordinates, principal directions of a synthetic trajectory, no tensor leak.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { makeRng } from '../rng';
import { batchTensors } from './model';
import { makeMlp, type XYBatch } from './mlp';
import { clipValues, landscape1d, landscape2d, linspace, projectTrajectory, quantile, randomDirection, trajectoryPca } from './landscape';

let model: ReturnType<typeof makeMlp>;
let full: XYBatch;
let thetaStar: Float32Array;

beforeAll(async () => {
  await tf.setBackend('cpu');
  model = makeMlp({ widths: [10, 10] });
  full = model.batch(0, 7);
  thetaStar = model.initParams(makeRng(0).fork('init'));
});

afterAll(() => {
  tf.dispose(batchTensors(full));
  model.dispose();
});

const lossRows = (th: tf.Tensor) => model.loss(th, full);
/** L(θ) of one [P] vector, the slow way. */
const single = (theta: Float32Array) => tf.tidy(() => model.loss(tf.tensor1d(theta), full).dataSync()[0]);
const along = (t: number, s: number, d1: Float32Array, d2: Float32Array) => thetaStar.map((v, k) => v + t * d1[k] + s * d2[k]);

describe('landscape slices', () => {
  it('1-D: ℓ(0) = L(θ*) and every ℓ(t) equals a single evaluation', () => {
    const d = randomDirection(makeRng(1), thetaStar);
    const ts = linspace(-1, 1, 11);
    const l = landscape1d(lossRows, thetaStar, d, ts);
    expect(l.length).toBe(11);
    expect(l[5]).toBeCloseTo(single(thetaStar), 6);
    ts.forEach((t, i) => expect(l[i]).toBeCloseTo(single(along(t, 0, d, d)), 5));
  });

  it('2-D: the batched grid equals point-by-point evaluation, chunked or not; z[j·nt + i] ↔ (tᵢ, sⱼ)', () => {
    const d1 = randomDirection(makeRng(2), thetaStar, 'global');
    const d2 = randomDirection(makeRng(3), thetaStar, 'global');
    const ts = linspace(-0.5, 0.5, 7), ss = linspace(-0.3, 0.3, 5);
    const g = landscape2d(lossRows, thetaStar, d1, d2, ts, ss);
    const chunked = landscape2d(lossRows, thetaStar, d1, d2, ts, ss, { maxElements: 4 * model.dim }); // 9 chunks of ≤ 4 rows
    expect(g.z.length).toBe(35);
    expect(chunked.z).toEqual(g.z);
    expect(g.center).toBeCloseTo(single(thetaStar), 6);
    expect(g.z[2 * 7 + 3]).toBeCloseTo(g.center, 6); // (t, s) = (0, 0) at the centre cell
    for (let j = 0; j < 5; j++) for (let i = 0; i < 7; i++) {
      const ref = single(along(ts[i], ss[j], d1, d2));
      expect(Math.abs(g.z[j * 7 + i] - ref)).toBeLessThanOrEqual(1e-5 * Math.max(1, ref));
    }
    expect(Math.max(...g.zDisplay)).toBeLessThanOrEqual(g.clip);
  });

  it('clipping for display and the quantile ceiling', () => {
    expect(Array.from(clipValues([1, 5, NaN, Infinity, 2], 3))).toEqual([1, 3, 3, 3, 2]);
    expect(quantile([5, 1, 3, 2, 4, NaN], 0.5)).toBe(3);
    expect(quantile([NaN], 0.9)).toBe(Infinity);
  });

  it("directions: N(0, I) by default, 'global' has ‖θ*‖, 'filter' matches θ*'s rows and bias blocks", () => {
    const nrm = (v: ArrayLike<number>, a = 0, b = v.length) => Math.hypot(...Array.from(v).slice(a, b));
    const raw = randomDirection(makeRng(4), thetaStar);
    expect(randomDirection(makeRng(4), thetaStar)).toEqual(raw);
    expect(nrm(raw) / Math.sqrt(model.dim)).toBeGreaterThan(0.8);
    expect(nrm(randomDirection(makeRng(4), thetaStar, 'global'))).toBeCloseTo(nrm(thetaStar), 4);
    const f = randomDirection(makeRng(4), thetaStar, 'filter', model.layout);
    const w2 = model.layout[2]; // linear2.weight [10, 10]: row r is neuron r's incoming weights
    for (let r = 0; r < 10; r++) {
      const a = w2.offset + 10 * r;
      expect(nrm(f, a, a + 10)).toBeCloseTo(nrm(thetaStar, a, a + 10), 5);
    }
    const b1 = model.layout[1];
    expect(nrm(f, b1.offset, b1.offset + 10)).toBeCloseTo(nrm(thetaStar, b1.offset, b1.offset + 10), 5);
    expect(() => randomDirection(makeRng(4), thetaStar, 'filter')).toThrow(/layout/);
  });

  it('no tensor leak over a landscape evaluation', () => {
    const d1 = randomDirection(makeRng(5), thetaStar), d2 = randomDirection(makeRng(6), thetaStar);
    const before = tf.memory().numTensors;
    landscape2d(lossRows, thetaStar, d1, d2, linspace(-1, 1, 21), linspace(-1, 1, 21), { maxElements: 50 * model.dim });
    landscape1d(lossRows, thetaStar, d1, linspace(-10, 10, 31));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('trajectories on the landscape', () => {
  const P = 30;
  const rng = makeRng('traj');
  const vec = () => Float64Array.from({ length: P }, () => rng.normal());
  const star = vec();

  it('least-squares coordinates on (Δ₁, Δ₂) recover known ones; off-plane parts show as residual', () => {
    const d1 = vec(), d2 = vec(), off = vec();
    const coords = Array.from({ length: 20 }, (_, k) => [Math.cos(k / 3) * (20 - k), Math.sin(k / 3) * (20 - k)]);
    const traj = coords.map(([a, b], k) => star.map((v, j) => v + a * d1[j] + b * d2[j] + (k === 5 ? off[j] : 0)));
    const pr = projectTrajectory(traj, star, d1, d2);
    coords.forEach(([a, b], k) => {
      if (k === 5) return;
      expect(pr.a[k]).toBeCloseTo(a, 9);
      expect(pr.b[k]).toBeCloseTo(b, 9);
      expect(pr.residual[k]).toBeLessThan(1e-9);
    });
    expect(pr.residual[5]).toBeGreaterThan(0.1);
    expect(() => projectTrajectory(traj, star, d1, d1)).toThrow(/parallel/);
  });

  it('principal directions of a planar trajectory: the plane, its coordinates, explained share 1', () => {
    // θ_k = θ_K + a_k u + b_k v with u ⟂ v unit and a of larger spread than b.
    const u = vec(), v = vec();
    const nu = Math.hypot(...u);
    u.forEach((_, j) => (u[j] /= nu));
    const c = u.reduce((s, x, j) => s + x * v[j], 0);
    v.forEach((_, j) => (v[j] -= c * u[j]));
    const nv = Math.hypot(...v);
    v.forEach((_, j) => (v[j] /= nv));
    const K = 50;
    const ab = Array.from({ length: K + 1 }, (_, k) => [-3 * (1 - k / K) ** 2, 0.8 * Math.sin((3 * k) / K) * (1 - k / K)]);
    const traj = ab.map(([a, b]) => star.map((s, j) => s + a * u[j] + b * v[j]));
    const pca = trajectoryPca(traj);
    expect(pca.explained[0] + pca.explained[1]).toBeCloseTo(1, 9);
    expect(pca.explained[0]).toBeGreaterThan(pca.explained[1]);
    // d₁, d₂ span the plane of u, v and are orthonormal.
    for (const d of [pca.d1, pca.d2]) {
      const inPlane = Math.hypot(u.reduce((s, x, j) => s + x * d[j], 0), v.reduce((s, x, j) => s + x * d[j], 0));
      expect(inPlane).toBeCloseTo(1, 5);
    }
    expect(pca.d1.reduce((s, x, j) => s + x * pca.d2[j], 0)).toBeCloseTo(0, 5);
    // Coordinates reproduce the trajectory: θ_k − θ_K = a_k d₁ + b_k d₂, and θ₀ sits at a, b ≤ 0.
    expect(Math.max(...pca.residual)).toBeLessThan(1e-5);
    expect(pca.a[0]).toBeLessThanOrEqual(0);
    expect(pca.b[0]).toBeLessThanOrEqual(0);
    expect(pca.a[K]).toBe(0);
    // With a the dominant motion, d₁ ≈ ±u.
    expect(Math.abs(u.reduce((s, x, j) => s + x * pca.d1[j], 0))).toBeGreaterThan(0.95);
  });

  it('PCA of a trained MLP trajectory explains most of the motion and is drawn around θ_final', () => {
    // A real run: SGD steps on the MLP (θ_k read back every 10 steps).
    const m = makeMlp({ widths: [10] });
    const b = m.batch(0, 7);
    const traj: Float32Array[] = [];
    let th = m.initParams(makeRng(9));
    for (let k = 0; k <= 200; k++) {
      if (k % 10 === 0) traj.push(th);
      const g = tf.tidy(() => tf.grad((t: tf.Tensor) => m.loss(t, b))(tf.tensor1d(th)).dataSync());
      th = th.map((x, j) => x - 0.1 * g[j]);
    }
    const pca = trajectoryPca(traj);
    expect(pca.a.length).toBe(traj.length);
    expect(pca.explained[0]).toBeGreaterThan(0.5);
    const final = traj[traj.length - 1];
    const z = landscape2d((t) => m.loss(t, b), final, pca.d1, pca.d2, linspace(Math.min(...pca.a), 0, 5), linspace(Math.min(...pca.b), Math.max(...pca.b), 5));
    expect(z.z.every(Number.isFinite)).toBe(true);
    tf.dispose(batchTensors(b));
    m.dispose();
  });
});
