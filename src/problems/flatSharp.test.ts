import { describe, it, expect } from 'vitest';
import { makeRng } from '../rng';
import { makeProblem } from './registry';

/** Seed 003's loss_term and derivative_of_loss_term, written out per sample. */
function seedTerm(phase: number, x: number): [number, number] {
  const q = x < 50 / 11 ? x * x : x < 50 / 9 ? 100 * (x - 5) ** 2 : x * x;
  const dq = x < 50 / 11 ? 2 * x : x < 50 / 9 ? 200 * (x - 5) : 2 * x;
  const v = q + 20 * Math.sin(10 * x + phase) * Math.cos(2 * (x - 5));
  const d = dq + 20 * (10 * Math.cos(10 * x + phase) * Math.cos(2 * (x - 5)) - 2 * Math.sin(2 * (x - 5)) * Math.sin(10 * x + phase));
  return [v, d];
}

describe('S12: flat vs sharp minima', () => {
  const p = makeProblem('flat-sharp', {}, undefined, makeRng(0).fork('data'));
  const phases = p.data!.x.map((r) => r[0]);

  it('has N = 2000 phases in [0, 2π), start 5 and view [−6, 7]', () => {
    expect(p.n).toBe(2000);
    expect(phases.every((f) => f >= 0 && f < 2 * Math.PI)).toBe(true);
    expect(Array.from(p.defaultInit)).toEqual([5]);
    expect(p.view).toEqual({ axes: [0], x: [-6, 7], logLevels: false });
  });

  it('matches the per-sample formulas of seed 003 (full batch and single samples)', () => {
    for (const x of [-5.3, -0.4, 0.03, 2.2, 4.6, 5.01, 5.4, 6.6]) {
      let v = 0, d = 0;
      for (const f of phases) {
        const [vi, di] = seedTerm(f, x);
        v += vi / phases.length;
        d += di / phases.length;
      }
      const g = new Float64Array(1);
      expect(p.loss(Float64Array.of(x), null, g)).toBeCloseTo(v, 10);
      expect(g[0]).toBeCloseTo(d, 9);
      const [v1, d1] = seedTerm(phases[17], x);
      expect(p.loss(Float64Array.of(x), Int32Array.of(17), g)).toBeCloseTo(v1, 11);
      expect(g[0]).toBeCloseTo(d1, 10);
    }
  });

  it('q is continuous at 50/11 and 50/9', () => {
    for (const b of [50 / 11, 50 / 9]) {
      expect(p.loss(Float64Array.of(b - 1e-12), null)).toBeCloseTo(p.loss(Float64Array.of(b + 1e-12), null), 8);
    }
  });

  it('landmarks: a flat minimum near 0 and a sharp one near 5, both stationary', () => {
    const [flat, sharp] = p.landmarks!.map((l) => l.theta[0]);
    expect(Math.abs(flat)).toBeLessThan(0.5);
    expect(Math.abs(sharp - 5)).toBeLessThan(0.1);
    const g = new Float64Array(1);
    for (const x of [flat, sharp, p.optimum!.theta[0]]) {
      p.loss(Float64Array.of(x), null, g);
      expect(Math.abs(g[0])).toBeLessThan(1e-8);
    }
    expect(p.facts!.curvatureSharp).toBeGreaterThan(p.facts!.curvatureFlat);
    // the optimum is the lower of the two on a fine grid over [−6, 7]
    for (let x = -6; x <= 7; x += 1e-3) expect(p.loss(Float64Array.of(x), null)).toBeGreaterThanOrEqual(p.optimum!.value - 1e-12);
  });

  it('GD from 5 with γ = 0.001 stays at the sharp minimum; SGD (one sample per step) mostly leaves it', () => {
    const g = new Float64Array(1);
    const x = Float64Array.of(5);
    for (let k = 0; k < 2000; k++) {
      p.loss(x, null, g);
      x[0] -= 0.001 * g[0];
    }
    expect(Math.abs(x[0] - 5)).toBeLessThan(0.1);
    let escaped = 0;
    for (let run = 0; run < 20; run++) {
      const rng = makeRng(run).fork('batches');
      const b = new Int32Array(1);
      x[0] = 5;
      for (let k = 0; k < 2000; k++) {
        b[0] = rng.int(p.n);
        p.loss(x, b, g);
        x[0] -= 0.001 * g[0];
      }
      if (x[0] < 50 / 11) escaped++; // left the sharp well
    }
    expect(escaped).toBeGreaterThanOrEqual(12); // 15 of these 20 runs
  });
});
