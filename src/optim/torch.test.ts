/**
 * Replays the committed PyTorch trajectories (fixtures/torch.json, made by
 * fixtures/make_torch_fixtures.py with torch 1.13 in float64) through our alias table and compares
 * every iterate and every loss to 1e-10 relative: |a − b| ≤ 1e-10·max(1, |b|).
 * Most cases agree to ~1e-15. 'polyak (seed 000 PolyakSGD) f*=0' uses a wrong f* on an inconsistent
 * system, which amplifies rounding ~1000× over 25 steps (REFERENCE T5): it agrees to ~4e-11, so a
 * change of summation order in the engine may legitimately move it close to the tolerance.
 */
import { describe, it, expect } from 'vitest';
import fixtureJson from './fixtures/torch.json';
import { makeOptimizer, OPTIMIZER_IDS, withDefaults } from './aliases';
import type { Hyper } from './transform';
import type { ScheduleSpec } from './schedules';
import { closeTo, leastSquares, runOptimizer } from './testing';

interface FixtureCase {
  name: string;
  optimizer: string;
  hyper: Hyper;
  schedule: ScheduleSpec;
  x0: number[];
  params: number[][];
  losses: number[];
  lrs?: number[];
}
interface FixtureFile {
  A: number[][];
  b: number[];
  f_star: number;
  steps: number;
  cases: FixtureCase[];
}

const fixtures = fixtureJson as unknown as FixtureFile;
const RTOL = 1e-10;
const f = leastSquares(fixtures.A, fixtures.b);

/** Index and size of the worst violation of |a − b| ≤ rtol·max(1, |b|), or null. */
function firstMismatch(actual: ArrayLike<number>, expected: ArrayLike<number>): string | null {
  if (actual.length !== expected.length) return `length ${actual.length} ≠ ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    if (!closeTo(actual[i], expected[i], RTOL)) return `[${i}] ${actual[i]} vs torch ${expected[i]}`;
  }
  return null;
}

describe('PyTorch fixtures (float64, 1e-10 relative)', () => {
  it('cover every optimizer id and an asymmetric problem', () => {
    const ids = new Set(fixtures.cases.map((c) => c.optimizer));
    for (const id of OPTIMIZER_IDS.filter((i) => i !== 'armijo' && i !== 'scaled_gd')) expect(ids).toContain(id);
    expect(fixtures.A.length).toBe(6);
    expect(fixtures.A[0].length).toBe(3);
    expect(new Set(fixtures.A.flat()).size).toBeGreaterThan(15);
    for (const c of fixtures.cases) {
      expect(c.params.length).toBe(fixtures.steps + 1);
      expect(c.losses.length).toBe(fixtures.steps);
    }
  });

  for (const c of fixtures.cases) {
    it(c.name, () => {
      const hyper = withDefaults(c.optimizer, c.hyper);
      const run = runOptimizer(f, makeOptimizer(c.optimizer, hyper, c.schedule), c.x0, fixtures.steps);
      // The trajectory moved visibly (a fixture that stands still tests nothing).
      expect(Math.abs(c.params[fixtures.steps][0] - c.x0[0]) + Math.abs(c.losses[fixtures.steps - 1] - c.losses[0])).toBeGreaterThan(1e-2);
      for (let t = 0; t <= fixtures.steps; t++) {
        expect(firstMismatch(run.params[t], c.params[t]), `θ_${t}`).toBeNull();
      }
      expect(firstMismatch(run.losses, c.losses), 'losses').toBeNull();
      if (c.lrs) {
        // LambdaLR/StepLR stepped once per optimizer step use λ(k) with k = t − 1, as our schedules do.
        expect(firstMismatch(run.stepSizes, c.lrs), 'lr per step').toBeNull();
      }
    });
  }
});
