/** Long sessions, page side (issue 7): a run's received history stays within its byte budget. */
import { describe, expect, it } from 'vitest';
import type { RunPoints } from '../src/index';
import { RUN_BYTES, RunSeries, appendFrame, getRuns, maxPoints, resetRunData } from './runData';

function chunk(from: number, k: number, dim: number): RunPoints {
  const step = Float64Array.from({ length: k }, (_, i) => from + i);
  return {
    step, loss: step.map((s) => 1 / (1 + s)), batchLoss: step.map((s) => 1 / (1 + s)), stepSize: step.map(() => 0.1), gradNorm: step.map(() => 1),
    params: Float64Array.from({ length: k * dim }, (_, j) => from + Math.floor(j / dim)),
  };
}

describe('RunSeries bounded history', () => {
  it('one million streamed points of a 2-D run: at most maxPoints kept, first and newest exact, steps increasing', () => {
    resetRunData(1, 2);
    const cap = maxPoints(2);
    let most = 0;
    for (let s = 0; s < 1_000_000; s += 2000) {
      appendFrame([chunk(s, 2000, 2)]);
      most = Math.max(most, getRuns()[0].n);
    }
    const r = getRuns()[0];
    expect(most).toBeLessThanOrEqual(cap);
    expect(r.cols.step.length).toBeLessThanOrEqual(cap + 4096); // the arrays too, not just n
    expect(r.thinnedCount).toBeGreaterThan(0);
    expect(r.cols.step[0]).toBe(0);
    expect(r.cols.step[r.n - 1]).toBe(999_999);
    expect(r.paramsAt(r.n - 1)).toEqual([999_999, 999_999]);
    for (let i = 1; i < r.n; i++) expect(r.cols.step[i]).toBeGreaterThan(r.cols.step[i - 1]);
    // The newest quarter is whole: the last 2000 points are consecutive steps.
    for (let i = r.n - 2000; i < r.n; i++) expect(r.cols.step[i]).toBe(r.cols.step[i - 1] + 1);
  });

  it('thins high-dimensional runs sooner (the budget is bytes), never below 4096 points', () => {
    expect(maxPoints(2)).toBe(Math.floor(RUN_BYTES / 56));
    expect(maxPoints(512)).toBe(4096);
    const s = new RunSeries(3);
    s.append(chunk(0, 10, 3));
    const t = s.thinned(4);
    expect(Array.from(t.cols.step.subarray(0, t.n))).toEqual([0, 2, 4, 6, 7, 8, 9]);
    expect(t.paramsAt(3)).toEqual([6, 6, 6]);
  });
});
