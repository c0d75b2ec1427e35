import { describe, it, expect } from 'vitest';
import { makeRng } from '../rng';
import { makeProblem } from './registry';

const make = (seed: number, n = 25, noise = 0.25) => makeProblem('two-well', {}, { generator: 'gaussian-cluster', n, noise }, makeRng(seed));

describe('S4: the two-well function', () => {
  it.each([0, 1, 42])('seed %d: minima at w̄ − (8, 9) with value s² and w̄ + (1, 1) with value 20·s²', (seed) => {
    const p = make(seed);
    const w = p.data!.x;
    const mean = [0, 1].map((j) => w.reduce((s, r) => s + r[j], 0) / w.length);
    const s2 = w.reduce((s, r) => s + (r[0] - mean[0]) ** 2 + (r[1] - mean[1]) ** 2, 0) / w.length;
    expect(p.optimum!.theta[0]).toBeCloseTo(mean[0] - 8, 12);
    expect(p.optimum!.theta[1]).toBeCloseTo(mean[1] - 9, 12);
    expect(p.optimum!.value).toBeCloseTo(s2, 12);
    const local = p.landmarks![0].theta;
    expect(local[0]).toBeCloseTo(mean[0] + 1, 12);
    expect(local[1]).toBeCloseTo(mean[1] + 1, 12);
    const fLocal = p.loss(Float64Array.from(local), null);
    expect(fLocal).toBeCloseTo(20 * s2, 10);
    expect(fLocal / p.optimum!.value).toBeCloseTo(20, 10);
    expect(p.facts!.spread).toBeCloseTo(s2, 14);
  });

  it('the spread is about 2σ² = 0.125 on average (25 points)', () => {
    let sum = 0;
    for (let seed = 0; seed < 200; seed++) sum += make(seed).facts!.spread;
    expect(sum / 200).toBeGreaterThan(0.11); // E s² = 2σ²(m − 1)/m = 0.12
    expect(sum / 200).toBeLessThan(0.13);
  });

  it('takes the near branch 20‖z‖² near (1, 1) and the far one near (−8, −9)', () => {
    const p = makeProblem('two-well', {}, { generator: 'gaussian-cluster', n: 1, noise: 0 }, makeRng(0));
    const g = new Float64Array(2);
    expect(p.loss(Float64Array.of(2, 1), null, g)).toBe(20);
    expect(Array.from(g)).toEqual([40, 0]);
    expect(p.loss(Float64Array.of(-8, -7), null, g)).toBe(4);
    expect(Array.from(g)).toEqual([0, 4]);
  });

  it('with wide clusters the branch choice is refined, and the minimum is still stationary', () => {
    const p = make(3, 15, 3);
    const g = new Float64Array(2);
    p.loss(p.optimum!.theta, null, g);
    expect(Math.hypot(g[0], g[1])).toBeLessThan(1e-12);
    // nothing on a grid over the view is lower
    for (let x = p.view.x[0]; x <= p.view.x[1]; x += 0.25) {
      for (let y = p.view.y![0]; y <= p.view.y![1]; y += 0.25) expect(p.loss(Float64Array.of(x, y), null)).toBeGreaterThanOrEqual(p.optimum!.value - 1e-12);
    }
  });

  it('the view shows both wells and the start', () => {
    const p = make(0);
    for (const t of [p.optimum!.theta, p.landmarks![0].theta, p.defaultInit]) {
      expect(t[0]).toBeGreaterThan(p.view.x[0]);
      expect(t[0]).toBeLessThan(p.view.x[1]);
      expect(t[1]).toBeGreaterThan(p.view.y![0]);
      expect(t[1]).toBeLessThan(p.view.y![1]);
    }
  });
});
