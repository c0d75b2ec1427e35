import { describe, it, expect } from 'vitest';
import { makeRng } from './rng';
import {
  frobeniusNorm, gram, identity, jacobiSVD, lstsq, luSolve, matVec, matmul, matrix, outerGram,
  singularValues, spectralNorm, symmetricEigenvalues, transpose, type Mat,
} from './linalg';

const rng = makeRng('linalg');
const random = (rows: number, cols: number): Mat => matrix(rows, cols, Float64Array.from({ length: rows * cols }, () => rng.normal()));
const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));

describe('basics', () => {
  it('matmul, transpose, Gram matrices and the Frobenius norm on a small example', () => {
    const a = matrix(2, 3, [[1, 2, 0], [0, 1, 1]]);
    expect(Array.from(transpose(a).data)).toEqual([1, 0, 2, 1, 0, 1]);
    expect(Array.from(outerGram(a).data)).toEqual([5, 2, 2, 2]);
    expect(Array.from(gram(a).data)).toEqual([1, 2, 0, 2, 5, 1, 0, 1, 1]);
    expect(Array.from(matmul(a, identity(3)).data)).toEqual(Array.from(a.data));
    expect(Array.from(matVec(a, [1, 1, 1]))).toEqual([3, 2]);
    expect(frobeniusNorm(a)).toBeCloseTo(Math.sqrt(7), 15);
    expect(() => matmul(a, a)).toThrow(/2×3 times 2×3/);
  });

  it('luSolve with partial pivoting (zero leading pivot) and a singular matrix', () => {
    const a = matrix(3, 3, [[0, 2, 1], [1, 1, 1], [2, 1, 3]]);
    const x = luSolve(a, matVec(a, [1, -2, 0.5]));
    expect(maxAbsDiff(x, [1, -2, 0.5])).toBeLessThan(1e-14);
    expect(() => luSolve(matrix(2, 2, [[1, 2], [2, 4]]), [1, 1])).toThrow(/singular/);
  });
});

describe('eigen- and singular values', () => {
  it('symmetricEigenvalues of REFERENCE T9\'s H = [[100, 9], [9, 1]]: κ = 534.89', () => {
    const ev = symmetricEigenvalues(matrix(2, 2, [[100, 9], [9, 1]]));
    expect(ev[0] + ev[1]).toBeCloseTo(101, 12);
    expect(ev[0] * ev[1]).toBeCloseTo(19, 10);
    expect(ev[1] / ev[0]).toBeCloseTo(534.89, 2);
  });

  it('symmetricEigenvalues agree with the trace and Frobenius norm on a random 8×8', () => {
    const a = random(8, 8);
    const s = matmul(a, transpose(a)); // symmetric PSD
    const ev = symmetricEigenvalues(s);
    let trace = 0;
    for (let i = 0; i < 8; i++) trace += s.data[i * 9];
    expect(ev.reduce((x, y) => x + y, 0)).toBeCloseTo(trace, 10);
    expect(Math.hypot(...ev)).toBeCloseTo(frobeniusNorm(s), 10);
    expect(ev[0]).toBeGreaterThan(0);
  });

  it('singularValues squared are the eigenvalues of AᵀA, for tall and wide A', () => {
    for (const [m, n] of [[12, 5], [5, 12], [6, 6]]) {
      const a = random(m, n);
      const s = singularValues(a);
      const ev = symmetricEigenvalues(m >= n ? gram(a) : outerGram(a)).reverse();
      s.forEach((v, i) => expect(v * v).toBeCloseTo(ev[i], 10));
      expect(spectralNorm(a)).toBe(s[0]);
    }
  });

  it('jacobiSVD: AV = W with orthogonal columns and V orthogonal', () => {
    const a = random(9, 4);
    const { w, v, s } = jacobiSVD(a);
    expect(maxAbsDiff(matmul(a, v).data, w.data)).toBeLessThan(1e-13);
    expect(maxAbsDiff(matmul(transpose(v), v).data, identity(4).data)).toBeLessThan(1e-14);
    const wtw = gram(w);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(Math.abs(wtw.data[i * 4 + j] - (i === j ? s[i] ** 2 : 0))).toBeLessThan(1e-12);
  });

  it('keeps high relative accuracy for tiny singular values (column scaled by 1e-8)', () => {
    const a = matrix(3, 2, [[1, 1e-8], [1, -1e-8], [1, 2e-8]]);
    const s = singularValues(a);
    // σ_min of [1, c·t] with t = (1, −1, 2) is c·‖t − mean(t)‖ up to a relative O(c²): det(AᵀA)/trace(AᵀA)
    const t = [1, -1, 2], mean = 2 / 3;
    const exact = 1e-8 * Math.sqrt(t.reduce((acc, v) => acc + (v - mean) ** 2, 0));
    expect(s[1] / exact).toBeCloseTo(1, 12); // the normal equations would lose it all (c² = 1e-16)
  });
});

describe('lstsq', () => {
  it('tall, full column rank: the normal equations hold', () => {
    const a = random(30, 6), b = Float64Array.from({ length: 30 }, () => rng.normal());
    const { x, kind, rank } = lstsq(a, b);
    expect(kind).toBe('unique');
    expect(rank).toBe(6);
    const lhs = matVec(gram(a), x), rhs = matVec(transpose(a), b);
    expect(maxAbsDiff(lhs, rhs)).toBeLessThan(1e-12);
  });

  it('wide, full row rank: REFERENCE T3\'s minimum-norm A⁺b = (0, 0.5, 0.5)', () => {
    const { x, kind } = lstsq(matrix(2, 3, [[1, 2, 0], [0, 1, 1]]), [1, 1]);
    expect(kind).toBe('min-norm');
    expect(maxAbsDiff(x, [0, 0.5, 0.5])).toBeLessThan(1e-15);
  });

  it('rank-deficient (tall and wide): the pseudo-inverse solution', () => {
    // columns 2 = 2·column 1: min-norm LS splits the weight 1:2
    const a = matrix(3, 2, [[1, 2], [1, 2], [1, 2]]);
    const r = lstsq(a, [5, 5, 5]);
    expect(r.kind).toBe('pseudo-inverse');
    expect(r.rank).toBe(1);
    expect(maxAbsDiff(r.x, [1, 2])).toBeLessThan(1e-14);
    const w = lstsq(transpose(matrix(3, 2, [[1, 2], [1, 2], [1, 2]])), [1, 2]); // 2×3 of rank 1, consistent
    expect(w.kind).toBe('pseudo-inverse');
    expect(maxAbsDiff(w.x, [1 / 3, 1 / 3, 1 / 3])).toBeLessThan(1e-14);
  });

  it('square and exact: agrees with luSolve', () => {
    const a = random(7, 7), b = Float64Array.from({ length: 7 }, (_, i) => i - 3);
    expect(maxAbsDiff(lstsq(a, b).x, luSolve(a, b))).toBeLessThan(1e-11);
  });
});
