import { describe, expect, it } from 'vitest';
import { makeRng } from '../rng';
import { Ema, IterateAverage, ema, lastFiniteIndex, nearestIndex, plottable, pow2Indices, squaredDistance } from './series';

describe('Ema', () => {
  it('starts at the first finite value and follows e = β·e + (1 − β)·y', () => {
    const out = ema([NaN, 4, 0, 2], 4, 0.5);
    expect(Number.isNaN(out[0])).toBe(true);
    expect(Array.from(out.subarray(1))).toEqual([4, 2, 2]);
  });

  it('skips non-finite values and matches the closed form for a constant input', () => {
    const e = new Ema(0.9);
    for (const y of [1, Infinity, NaN, 1, 1]) e.push(y);
    expect(e.value).toBe(1);
    const geometric = ema([0, 1, 1, 1, 1, 1], 6, 0.9);
    // e_k = 1 − 0.9^k after a start at 0.
    for (let k = 1; k < 6; k++) expect(geometric[k]).toBeCloseTo(1 - 0.9 ** k, 14);
  });

  it('β = 0 is the series itself; β outside [0, 1) is refused', () => {
    expect(Array.from(ema([3, 1, 2], 3, 0))).toEqual([3, 1, 2]);
    expect(() => new Ema(1)).toThrow(/\[0, 1\)/);
    expect(() => new Ema(-0.1)).toThrow();
  });
});

describe('IterateAverage', () => {
  const rng = makeRng('avg');
  const dim = 3;
  const iterates = Array.from({ length: 500 }, () => Array.from({ length: dim }, () => rng.normal()));

  it('is the exact running mean (1/(k+1))·Σθ_l when every step is received', () => {
    const a = new IterateAverage(dim, 2);
    iterates.forEach((t, k) => a.push(k, t));
    expect(a.exact).toBe(true);
    expect(a.n).toBe(iterates.length);
    const sum = new Array(dim).fill(0);
    iterates.forEach((t, k) => {
      t.forEach((v, j) => (sum[j] += v));
      sum.forEach((s, j) => expect(a.at(k)[j]).toBeCloseTo(s / (k + 1), 13));
    });
  });

  it('reads θ from a row-major block at an offset', () => {
    const a = new IterateAverage(2);
    const block = Float64Array.of(9, 1, 2, 3, 4);
    a.push(0, block, 1);
    a.push(1, block, 3);
    expect(Array.from(a.at(1))).toEqual([2, 3]);
  });

  it('interpolates skipped iterates linearly: exact for linear paths, flagged as not exact', () => {
    // θ_k = a + b·k: the mean of θ_0..θ_k is a + b·k/2 whatever steps were received.
    const a0 = [1, -2], b = [0.5, 3];
    const path = (k: number) => a0.map((v, j) => v + b[j] * k);
    const avg = new IterateAverage(2);
    const received = [0, 1, 2, 7, 8, 100, 1000, 1001, 4096];
    for (const k of received) avg.push(k, path(k));
    expect(avg.exact).toBe(false);
    received.forEach((k, i) => a0.forEach((v, j) => expect(avg.at(i)[j]).toBeCloseTo(v + (b[j] * k) / 2, 10)));
  });

  it('approximates a decaying path closely when only every 10th step is received', () => {
    const path = (k: number) => [Math.exp(-k / 200), Math.cos(k / 50)];
    const full = new IterateAverage(2);
    const sparse = new IterateAverage(2);
    for (let k = 0; k <= 2000; k++) {
      full.push(k, path(k));
      if (k % 10 === 0) sparse.push(k, path(k));
    }
    const f = full.at(full.n - 1);
    const s = sparse.at(sparse.n - 1);
    expect(Math.abs(f[0] - s[0])).toBeLessThan(1e-4);
    expect(Math.abs(f[1] - s[1])).toBeLessThan(1e-4);
  });

  it('a first point after step 0 stands for the iterates before it; steps must increase', () => {
    const a = new IterateAverage(1);
    a.push(5, [2]);
    expect(a.exact).toBe(false);
    expect(a.at(0)[0]).toBe(2);
    expect(() => a.push(5, [1])).toThrow(/increase/);
  });

  it('keeps float64 precision over a million iterates (no running-sum drift)', () => {
    const a = new IterateAverage(1);
    const c = 1 + 1e-12;
    for (let k = 0; k < 1_000_000; k++) a.push(k, [c]);
    expect(a.at(a.n - 1)[0]).toBe(c);
  });
});

describe('squaredDistance', () => {
  it('is ‖θ − θ*‖² of a row of a block', () => {
    expect(squaredDistance([0, 0, 1, 2], 2, [4, 6])).toBe(9 + 16);
  });
});

describe('pow2Indices', () => {
  it('keeps every index up to max, then a power-of-two stride with the last index', () => {
    expect(Array.from(pow2Indices(5, 10))).toEqual([0, 1, 2, 3, 4]);
    expect(pow2Indices(0, 10).length).toBe(0);
    const idx = pow2Indices(10_001, 2000);
    expect(idx.length).toBeLessThanOrEqual(2000);
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(10_000);
    const s = idx[1] - idx[0];
    expect(Math.log2(s) % 1).toBe(0);
    for (let k = 1; k < idx.length - 1; k++) expect(idx[k] - idx[k - 1]).toBe(s);
  });

  it('stays within max and reuses earlier indices as n grows', () => {
    let previous = new Set<number>();
    for (let n = 1; n < 20_000; n += 37) {
      const idx = pow2Indices(n, 500);
      expect(idx.length).toBeLessThanOrEqual(500);
      const grid = Array.from(idx.subarray(0, idx.length - 1));
      // Every grid index but the moving last one was shown before (or n just crossed a stride doubling).
      const reused = grid.filter((i) => previous.has(i)).length;
      if (previous.size > 10) expect(reused).toBeGreaterThanOrEqual(grid.length - 40);
      previous = new Set(idx);
    }
  });
});

describe('plottable / nearestIndex / lastFiniteIndex', () => {
  it('drops non-finite values, and non-positive ones on a log axis', () => {
    const y = [1, 0, -1, NaN, Infinity, 2e-300];
    const all = Int32Array.from([0, 1, 2, 3, 4, 5]);
    expect(Array.from(plottable(all, y, true))).toEqual([0, 5]);
    expect(Array.from(plottable(all, y, false))).toEqual([0, 1, 2, 5]);
  });

  it('finds the nearest received step', () => {
    const steps = [0, 10, 20, 40];
    expect(nearestIndex(steps, 4, -5)).toBe(0);
    expect(nearestIndex(steps, 4, 14)).toBe(1);
    expect(nearestIndex(steps, 4, 15)).toBe(1);
    expect(nearestIndex(steps, 4, 16)).toBe(2);
    expect(nearestIndex(steps, 4, 31)).toBe(3);
    expect(nearestIndex(steps, 4, 99)).toBe(3);
    expect(nearestIndex(steps, 3, 99)).toBe(2);
    expect(nearestIndex(steps, 0, 1)).toBe(-1);
  });

  it('finds the last point with a finite value and finite parameters', () => {
    expect(lastFiniteIndex([1, 2, NaN], 3)).toBe(1);
    expect(lastFiniteIndex([1, 2, 3], 3, [0, 0, 1, 1, Infinity, 0], 2)).toBe(1);
    expect(lastFiniteIndex([NaN], 1)).toBe(-1);
  });
});
