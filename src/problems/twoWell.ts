/**
 * The two-well function (seeds 000 and 001, part 1c; S4). For points wᵢ ∈ ℝ² and x ∈ ℝ²,
 *
 *   ℓ(x, wᵢ) = min(20‖z‖², ‖z + (9, 10)‖²),  z = x − wᵢ − (1, 1),  f(x) = mean of ℓ over the batch,
 *
 * with the gradient of the active branch (40z, or 2(z + (9, 10)); ties take the first). With w̄ the
 * mean point and s² = mean‖wᵢ − w̄‖², the far well has its minimum at x = w̄ − (8, 9) with value s²
 * and the near well at x = w̄ + (1, 1) with value 20·s², provided every point picks the same branch
 * there; otherwise the minimum of the well is refined piece by piece (see `refineWell`).
 */
import type { Vec } from '../optim/transform';
import type { Problem } from './problem';
import type { ProblemSpec } from './registry';
import { GENERATORS, generateGaussianCluster, resolveData } from './data';

const SHIFT: [number, number] = [9, 10];

/**
 * From x, repeatedly take the branch each point picks at x and jump to the minimiser of that
 * piecewise quadratic: x = (40Σ_A (wᵢ + 1) + 2Σ_B (wᵢ − (8, 9))) / (40|A| + 2|B|), until the branch
 * choice no longer changes. The result is a local minimum of f (the branches are consistent there).
 */
function refineWell(w: Float64Array, m: number, x0: [number, number]): [number, number] {
  const x: [number, number] = [x0[0], x0[1]];
  for (let iter = 0; iter < 100; iter++) {
    let num0 = 0, num1 = 0, den = 0;
    for (let i = 0; i < m; i++) {
      const z0 = x[0] - w[2 * i] - 1, z1 = x[1] - w[2 * i + 1] - 1;
      const near = 20 * (z0 * z0 + z1 * z1) <= (z0 + SHIFT[0]) ** 2 + (z1 + SHIFT[1]) ** 2;
      const c = near ? 40 : 2;
      num0 += c * (w[2 * i] + 1 - (near ? 0 : SHIFT[0]));
      num1 += c * (w[2 * i + 1] + 1 - (near ? 0 : SHIFT[1]));
      den += c;
    }
    const nx0 = num0 / den, nx1 = num1 / den;
    if (nx0 === x[0] && nx1 === x[1]) break;
    x[0] = nx0;
    x[1] = nx1;
  }
  return x;
}

const twoWell: ProblemSpec = {
  id: 'two-well',
  label: 'Two-well function (seeds 000/001, 1c)',
  scenario: 'S4',
  params: {},
  generators: ['gaussian-cluster'],
  defaultData: { generator: 'gaussian-cluster', n: GENERATORS['gaussian-cluster'].n, noise: GENERATORS['gaussian-cluster'].noise },
  acceptsPoints: false,
  make(_params, data, rng): Problem {
    const d = resolveData('two-well', ['gaussian-cluster'], data, false);
    if (d.kind !== 'generator') throw new Error('data.points: two-well does not take user data');
    const pts = generateGaussianCluster(rng, d.n, d.noise);
    const m = pts.length;
    const w = Float64Array.from(pts.flat());

    function loss(x: Vec, batch: Int32Array | null, grad?: Vec): number {
      const b = batch ? batch.length : m;
      let sum = 0, g0 = 0, g1 = 0;
      for (let t = 0; t < b; t++) {
        const i = batch ? batch[t] : t;
        const z0 = x[0] - w[2 * i] - 1, z1 = x[1] - w[2 * i + 1] - 1;
        const u0 = z0 + SHIFT[0], u1 = z1 + SHIFT[1];
        const near = 20 * (z0 * z0 + z1 * z1), far = u0 * u0 + u1 * u1;
        if (near <= far) {
          sum += near;
          g0 += 40 * z0;
          g1 += 40 * z1;
        } else {
          sum += far;
          g0 += 2 * u0;
          g1 += 2 * u1;
        }
      }
      if (b === 0) {
        if (grad) grad.fill(0);
        return 0;
      }
      if (grad) {
        grad[0] = g0 / b;
        grad[1] = g1 / b;
      }
      return sum / b;
    }

    let mean0 = 0, mean1 = 0, s2 = 0;
    for (let i = 0; i < m; i++) {
      mean0 += w[2 * i] / m;
      mean1 += w[2 * i + 1] / m;
    }
    for (let i = 0; i < m; i++) s2 += ((w[2 * i] - mean0) ** 2 + (w[2 * i + 1] - mean1) ** 2) / m;
    const far = refineWell(w, m, [mean0 - 8, mean1 - 9]);
    const near = refineWell(w, m, [mean0 + 1, mean1 + 1]);
    const fFar = loss(Float64Array.from(far), null), fNear = loss(Float64Array.from(near), null);
    const [best, other] = fFar <= fNear ? [far, near] : [near, far];
    const distinct = far[0] !== near[0] || far[1] !== near[1];
    const xs = [far[0], near[0], 0], ys = [far[1], near[1], 0];
    return {
      id: 'two-well',
      dim: 2,
      paramNames: ['x1', 'x2'],
      n: m,
      loss,
      optimum: { theta: Float64Array.from(best), value: Math.min(fFar, fNear), note: best === far ? 'global minimum (far well, x = w̄ − (8, 9))' : 'lowest minimum found (near well)' },
      landmarks: distinct ? [{ theta: other, label: other === near ? 'local minimum (near well, x = w̄ + (1, 1))' : 'local minimum (far well)' }] : [],
      defaultInit: new Float64Array(2),
      view: {
        axes: [0, 1],
        x: [Math.min(...xs) - 3, Math.max(...xs) + 3],
        y: [Math.min(...ys) - 3, Math.max(...ys) + 3],
        logLevels: true,
      },
      data: { x: pts, y: [] },
      facts: { spread: s2, meanX1: mean0, meanX2: mean1, farValue: fFar, nearValue: fNear },
    };
  },
};

export const TWO_WELL: Record<string, ProblemSpec> = { 'two-well': twoWell };
