import { describe, expect, it } from 'vitest';
import { makeRng } from '../rng';
import { makeProblem } from './registry';
import type { Problem } from './problem';
import { GRAM_TOLERANCE, gramPays, gramSetupCost, makeGramLoss } from './gramLoss';

const dataRng = () => makeRng(7).fork('data');

/** The problem's Gram-form loss next to its exact full loss. */
function gramOf(p: Problem) {
  const exact = (theta: Float64Array) => p.loss(theta, null);
  return { exact, gram: makeGramLoss(p.design!.phi, p.design!.y, p.n, p.dim, exact) };
}

/** θ* + scale·z with z ~ N(0, I). */
function around(center: Float64Array, scale: number, seed: number): Float64Array {
  const r = makeRng(seed);
  return center.map((c) => c + scale * r.normal());
}

describe('Gram-form full loss (least squares, N > 4p)', () => {
  const s3 = makeProblem('linear-regression', {}, { generator: 'linear', n: 1000, d: 20, noise: 1 }, dataRng());

  it('S3 data: agrees with the exact residual sum to 1e-10 of the gap f − f* at random points', () => {
    const { exact, gram } = gramOf(s3);
    const opt = s3.optimum!;
    for (const [k, scale] of [1, 1e-1, 1e-2, 1e-3, 10].entries()) {
      const theta = around(opt.theta, scale, k);
      const want = exact(theta);
      const got = gram(theta);
      expect(Math.abs(got - want)).toBeLessThanOrEqual(GRAM_TOLERANCE * (want - opt.value) + 1e-15 * want);
    }
    // All five points were far enough from θ* for the Gram form to be used.
    expect(gram.counts).toEqual({ gram: 5, exact: 0 });
  });

  it('near the optimum it falls back to the exact sum: the same number, f* to 1e-15', () => {
    const { exact, gram } = gramOf(s3);
    const opt = s3.optimum!;
    for (const [k, scale] of [1e-9, 1e-12, 0].entries()) {
      const theta = around(opt.theta, scale, 10 + k);
      const got = gram(theta);
      expect(got).toBe(exact(theta));
      expect(Math.abs(got - opt.value)).toBeLessThan(1e-15);
    }
    expect(gram.counts).toEqual({ gram: 0, exact: 3 });
  });

  it('noise-free data (f* ≈ 1e-30): exact near the interpolant, accurate to the gap elsewhere', () => {
    const p = makeProblem('quadratic-features', {}, undefined, dataRng());
    const { exact, gram } = gramOf(p);
    const opt = p.optimum!;
    expect(opt.value).toBeLessThan(1e-28);
    // Here ‖r₀‖² ≈ 0, so the Gram form stays in use near the interpolant; its bound still holds it
    // to the 1e-15 absolute the exact sum has there.
    for (const [k, scale] of [1e-13, 1e-9, 1e-5].entries()) {
      const near = around(opt.theta, scale, 1 + k);
      expect(Math.abs(gram(near) - exact(near))).toBeLessThan(1e-15);
    }
    const far = around(opt.theta, 0.5, 9);
    expect(Math.abs(gram(far) - exact(far))).toBeLessThanOrEqual(GRAM_TOLERANCE * exact(far));
    expect(gram.counts.gram).toBeGreaterThanOrEqual(1);
  });

  it("the ill-conditioned twin of S8 (scale 1e-6): every value within the tolerance, the exact sum where the bound says so", () => {
    const p = makeProblem('quad-fit', { scale: 1e-6 }, { generator: 'quadratic-seed002', n: 50, noise: 0.1 }, dataRng());
    const { exact, gram } = gramOf(p);
    const opt = p.optimum!;
    for (let k = 0; k < 20; k++) {
      const theta = around(opt.theta, 10 ** -(k % 10), 100 + k);
      const want = exact(theta);
      // Slack: the exact sum's own rounding, up to (N + p)·u ≈ 6e-15 of f at N = 50.
      expect(Math.abs(gram(theta) - want)).toBeLessThanOrEqual(GRAM_TOLERANCE * (want - opt.value) + 1e-14 * want);
    }
    // Both paths were taken: far points by the Gram form, near ones by the exact sum.
    expect(gram.counts.gram).toBeGreaterThan(0);
    expect(gram.counts.exact).toBeGreaterThan(0);
  });

  it('non-finite parameters give the exact sum (NaN, Infinity), not a Gram value', () => {
    const { exact, gram } = gramOf(s3);
    const theta = new Float64Array(21);
    theta[3] = Infinity;
    expect(gram(theta)).toBe(exact(theta));
    theta[3] = NaN;
    expect(gram(theta)).toBeNaN();
    expect(gram.counts.gram).toBe(0);
  });

  it('is used by a caller expecting more evaluations than its setup costs (⌈p/2⌉ + 6 exact sums), else the exact sum', () => {
    const fresh = makeProblem('linear-regression', {}, { generator: 'linear', n: 1000, d: 20, noise: 1 }, dataRng());
    expect(gramSetupCost(21)).toBe(17);
    const exact = (theta: Float64Array) => fresh.loss(theta, null);
    const short = fresh.makeRecordLoss!(17);
    const long = fresh.makeRecordLoss!(18) as ReturnType<typeof makeGramLoss>;
    expect(long.counts).toEqual({ gram: 0, exact: 0 });
    expect('counts' in short).toBe(false);
    // One Gram form per problem, shared by its callers.
    expect(fresh.makeRecordLoss!(1000)).toBe(long);
    const theta = around(fresh.optimum!.theta, 0.1, 3);
    expect(short(theta)).toBe(exact(theta));
    expect(Math.abs(long(theta) - exact(theta))).toBeLessThanOrEqual(1e-14 * exact(theta));
    expect(long.counts).toEqual({ gram: 1, exact: 0 });
  });

  it('is offered only where it is cheaper (N > 4p): S3 yes, S9 polynomial (N 7, p 10) no', () => {
    expect(gramPays(1000, 21)).toBe(true);
    expect(s3.makeRecordLoss).toBeTypeOf('function');
    expect(makeProblem('polynomial', { degree: 9 }, { generator: 'sin-exp', n: 7 }, dataRng()).makeRecordLoss).toBeUndefined();
  });
});
