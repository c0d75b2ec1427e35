import { describe, expect, it } from 'vitest';
import { makeRng, shuffleInPlace, type Rng } from './rng';

describe('rng', () => {
  it('replays the same numbers for the same seed', () => {
    const a = makeRng(42);
    const b = makeRng(42);
    for (let i = 0; i < 100; i++) expect(a.uniform()).toBe(b.uniform());
  });

  it('gives different streams for different seeds and names', () => {
    expect(makeRng(1).uniform()).not.toBe(makeRng(2).uniform());
    const r = makeRng(7);
    expect(r.fork('data').uniform()).not.toBe(r.fork('init').uniform());
    expect(r.fork(0).uniform()).not.toBe(r.fork(1).uniform());
  });

  it('forks depend on the seed only, not on draws made before', () => {
    const a = makeRng(3);
    const b = makeRng(3);
    for (let i = 0; i < 17; i++) b.uniform();
    b.fork('other').normal();
    expect(a.fork('data').uniform()).toBe(b.fork('data').uniform());
  });

  it('uniform is in [0, 1) with mean 1/2 and variance 1/12', () => {
    const r = makeRng('moments');
    let s = 0;
    let s2 = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      s += u;
      s2 += u * u;
    }
    expect(s / n).toBeCloseTo(0.5, 2);
    expect(s2 / n - (s / n) ** 2).toBeCloseTo(1 / 12, 3);
  });

  it('normal has mean 0 and variance 1', () => {
    const r = makeRng(11);
    let s = 0;
    let s2 = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.01);
    expect(s2 / n).toBeGreaterThan(0.98);
    expect(s2 / n).toBeLessThan(1.02);
  });

  it('int(n) covers [0, n) evenly', () => {
    const r = makeRng(5);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[r.int(7)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });

  it('shuffle is a permutation and depends on the stream', () => {
    const a = shuffleInPlace(Int32Array.from({ length: 50 }, (_, i) => i), makeRng(1));
    const b = shuffleInPlace(Int32Array.from({ length: 50 }, (_, i) => i), makeRng(2));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...a]).not.toEqual([...b]);
  });

  it("the generator's own shuffle makes the same draws as Fisher–Yates over rng.int, and leaves the stream where it would", () => {
    for (const n of [1, 2, 7, 1000]) {
      const own = makeRng(n).fork('batches');
      const ref = makeRng(n).fork('batches');
      // A wrapper is not the generator class itself: shuffleInPlace takes its generic loop.
      const generic: Rng = { uniform: () => ref.uniform(), int: (m) => ref.int(m), normal: () => ref.normal(), fork: (x) => ref.fork(x) };
      const a = shuffleInPlace(Int32Array.from({ length: n }, (_, i) => i), own);
      const b = shuffleInPlace(Int32Array.from({ length: n }, (_, i) => i), generic);
      expect([...a]).toEqual([...b]);
      expect(own.uniform()).toBe(ref.uniform());
    }
  });
});
