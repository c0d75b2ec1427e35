/**
 * Classic 2-D test functions (REFERENCE.md §3), each with its analytic gradient. Minima, ranges and
 * start points are those of REFERENCE §3 (re-checked there with BFGS); landmarks are other notable
 * stationary points for the contour.
 */
import type { Problem } from './problem';
import type { ProblemSpec } from './registry';

type Fn = (x: number, y: number, g?: Float64Array) => number;

interface SurfaceOptions {
  /** Global minimiser and value; absent when f is unbounded below (the saddle). */
  min?: [number, number];
  fmin?: number;
  start: [number, number];
  box: [[number, number], [number, number]];
  logLevels: boolean;
  landmarks?: { theta: number[]; label: string }[];
  smoothness?: number;
  facts?: Record<string, number>;
}

function surfaceProblem(id: string, f: Fn, o: SurfaceOptions): Problem {
  return {
    id, dim: 2, paramNames: ['x', 'y'], n: 1,
    loss: (t, _b, g) => f(t[0], t[1], g),
    ...(o.min ? { optimum: { theta: Float64Array.from(o.min), value: o.fmin ?? f(o.min[0], o.min[1]), note: 'global minimum' } } : {}),
    ...(o.landmarks ? { landmarks: o.landmarks } : {}),
    ...(o.smoothness !== undefined ? { smoothness: o.smoothness } : {}),
    ...(o.facts ? { facts: o.facts } : {}),
    defaultInit: Float64Array.from(o.start),
    view: { axes: [0, 1], x: o.box[0], y: o.box[1], logLevels: o.logLevels },
  };
}

function surface(id: string, label: string, f: Fn, opts: SurfaceOptions): ProblemSpec {
  return {
    id, label, scenario: 'surface', params: {}, generators: [], acceptsPoints: false,
    make: () => surfaceProblem(id, f, opts),
  };
}

/** ½θᵀHθ with H = [[h11, h12], [h12, h22]]; throws unless H is positive definite. */
const quadratic: ProblemSpec = {
  id: 'quadratic',
  label: 'Ill-conditioned quadratic ½θᵀHθ',
  scenario: 'surface',
  params: {
    h11: { default: 100, min: -1e6, max: 1e6, doc: 'H₁₁' },
    h12: { default: 9, min: -1e6, max: 1e6, doc: 'H₁₂ = H₂₁ (rotation of the valley)' },
    h22: { default: 1, min: -1e6, max: 1e6, doc: 'H₂₂' },
  },
  generators: [],
  acceptsPoints: false,
  make({ h11, h12, h22 }): Problem {
    const det = h11 * h22 - h12 * h12;
    if (!(h11 > 0 && det > 0)) {
      throw new Error(`problemParams: H = [[${h11}, ${h12}], [${h12}, ${h22}]] must be positive definite (h11 > 0 and h11·h22 − h12² > 0, got ${det})`);
    }
    const mid = (h11 + h22) / 2, rad = Math.hypot((h11 - h22) / 2, h12);
    const lmax = mid + rad, lmin = det / lmax; // det/λmax avoids cancellation in mid − rad
    return surfaceProblem('quadratic', (x, y, g) => {
      if (g) {
        g[0] = h11 * x + h12 * y;
        g[1] = h12 * x + h22 * y;
      }
      return 0.5 * (h11 * x * x + 2 * h12 * x * y + h22 * y * y);
    }, {
      min: [0, 0], fmin: 0, start: [-1.5, 1], box: [[-2, 2], [-2, 2]], logLevels: true,
      smoothness: lmax, facts: { lambdaMin: lmin, lambdaMax: lmax, conditionNumber: lmax / lmin },
    });
  },
};

export const SURFACES: Record<string, ProblemSpec> = {
  rosenbrock: surface('rosenbrock', 'Rosenbrock', (x, y, g) => {
    if (g) {
      g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
      g[1] = 200 * (y - x * x);
    }
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
  }, { min: [1, 1], fmin: 0, start: [-1.5, 2], box: [[-2, 2], [-1, 3]], logLevels: true }),

  beale: surface('beale', 'Beale', (x, y, g) => {
    const t1 = 1.5 - x + x * y, t2 = 2.25 - x + x * y * y, t3 = 2.625 - x + x * y * y * y;
    if (g) {
      g[0] = 2 * t1 * (y - 1) + 2 * t2 * (y * y - 1) + 2 * t3 * (y * y * y - 1);
      g[1] = 2 * t1 * x + 4 * t2 * x * y + 6 * t3 * x * y * y;
    }
    return t1 * t1 + t2 * t2 + t3 * t3;
  }, { min: [3, 0.5], fmin: 0, start: [1, 1.5], box: [[-4.5, 4.5], [-4.5, 4.5]], logLevels: true }),

  himmelblau: surface('himmelblau', 'Himmelblau', (x, y, g) => {
    const u = x * x + y - 11, v = x + y * y - 7;
    if (g) {
      g[0] = 4 * x * u + 2 * v;
      g[1] = 2 * u + 4 * y * v;
    }
    return u * u + v * v;
  }, {
    min: [3, 2], fmin: 0, start: [0, 0], box: [[-5, 5], [-5, 5]], logLevels: true,
    landmarks: [
      { theta: [-2.80511808695274, 3.13131251825057], label: 'global minimum, f = 0' },
      { theta: [-3.77931025337775, -3.28318599128617], label: 'global minimum, f = 0' },
      { theta: [3.58442834033049, -1.8481265269644], label: 'global minimum, f = 0' },
      { theta: [-0.270844590667348, -0.923038556479981], label: 'local maximum, f = 181.617' },
    ],
  }),

  rastrigin: surface('rastrigin', 'Rastrigin', (x, y, g) => {
    const w = 2 * Math.PI;
    if (g) {
      g[0] = 2 * x + 10 * w * Math.sin(w * x);
      g[1] = 2 * y + 10 * w * Math.sin(w * y);
    }
    return 20 + x * x - 10 * Math.cos(w * x) + y * y - 10 * Math.cos(w * y);
  }, { min: [0, 0], fmin: 0, start: [-2, 3.5], box: [[-5.12, 5.12], [-5.12, 5.12]], logLevels: false }),

  saddle: surface('saddle', 'Saddle x² − y²', (x, y, g) => {
    if (g) {
      g[0] = 2 * x;
      g[1] = -2 * y;
    }
    return x * x - y * y;
  }, {
    start: [1, 1e-3], box: [[-2, 2], [-2, 2]], logLevels: false, smoothness: 2,
    landmarks: [{ theta: [0, 0], label: 'saddle point (Hessian diag(2, −2)); unbounded below' }],
  }),

  'goldstein-price': surface('goldstein-price', 'Goldstein–Price', (x, y, g) => {
    const s = x + y + 1, a = 19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y;
    const t = 2 * x - 3 * y, b = 18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y;
    const A = 1 + s * s * a, B = 30 + t * t * b;
    if (g) {
      const dA = 2 * s * a + s * s * (-14 + 6 * x + 6 * y); // ∂A/∂x = ∂A/∂y
      const dBx = 4 * t * b + t * t * (-32 + 24 * x - 36 * y);
      const dBy = -6 * t * b + t * t * (48 - 36 * x + 54 * y);
      g[0] = dA * B + A * dBx;
      g[1] = dA * B + A * dBy;
    }
    return A * B;
  }, {
    min: [0, -1], fmin: 3, start: [-1, 1], box: [[-2, 2], [-2, 2]], logLevels: true,
    landmarks: [
      { theta: [-0.6, -0.4], label: 'local minimum, f = 30' },
      { theta: [1.8, 0.2], label: 'local minimum, f = 84' },
      { theta: [1.2, 0.8], label: 'local minimum, f = 840' },
    ],
  }),

  booth: surface('booth', 'Booth', (x, y, g) => {
    const u = x + 2 * y - 7, v = 2 * x + y - 5;
    if (g) {
      g[0] = 2 * u + 4 * v;
      g[1] = 4 * u + 2 * v;
    }
    return u * u + v * v;
  }, {
    min: [1, 3], fmin: 0, start: [-5, -5], box: [[-10, 10], [-10, 10]], logLevels: true,
    smoothness: 18, facts: { lambdaMin: 2, lambdaMax: 18, conditionNumber: 9 },
  }),

  'six-hump-camel': surface('six-hump-camel', 'Six-hump camel', (x, y, g) => {
    const x2 = x * x, y2 = y * y;
    if (g) {
      g[0] = 8 * x - 8.4 * x2 * x + 2 * x2 * x2 * x + y;
      g[1] = x - 8 * y + 16 * y2 * y;
    }
    return (4 - 2.1 * x2 + (x2 * x2) / 3) * x2 + x * y + (-4 + 4 * y2) * y2;
  }, {
    min: [0.0898420131003181, -0.71265640302074], fmin: -1.0316284534898774, start: [-1.5, 1], box: [[-2, 2], [-1.2, 1.2]], logLevels: false,
    landmarks: [
      { theta: [-0.0898420131003181, 0.71265640302074], label: 'global minimum, f = −1.0316' },
      { theta: [1.70360671496998, -0.796083568672625], label: 'local minimum, f = −0.2155' },
      { theta: [-1.70360671496998, 0.796083568672625], label: 'local minimum, f = −0.2155' },
      { theta: [1.6071047529202, 0.568651454884131], label: 'local minimum, f = 2.1043' },
      { theta: [-1.6071047529202, -0.568651454884131], label: 'local minimum, f = 2.1043' },
    ],
  }),

  quadratic,
};
