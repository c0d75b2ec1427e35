import { describe, expect, it } from 'vitest';
import { EarlyStopping, EmaTrend, emaTrend } from './earlyStopping';

describe('early stopping (patience 3, min Δ 0.001)', () => {
  it('stops after 3 evaluations without an improvement larger than min Δ', () => {
    const es = new EarlyStopping();
    const vals = [3.0, 2.5, 2.2, 2.1995, 2.1992, 2.3];
    const stops = vals.map((v, i) => es.update(i * 200, v - 0.1, v));
    expect(stops).toEqual([false, false, false, false, false, true]);
    expect(es.best).toBe(2.1992); // follows every decrease
    expect(es.bestIter).toBe(800);
    expect(es.history.map((h) => h.gap)).toEqual(vals.map(() => expect.closeTo(0.1, 12)));
  });

  it('resets the count on a real improvement, measured from the lowest value seen', () => {
    const es = new EarlyStopping();
    for (const v of [2.0, 2.1, 2.2]) es.update(0, v, v);
    expect(es.bad).toBe(2);
    expect(es.update(0, 1.9, 1.9)).toBe(false);
    expect(es.bad).toBe(0);
    es.update(0, 1.8995, 1.8995); // better, but by < min Δ: counts as bad
    expect(es.bad).toBe(1);
    es.update(0, 1.8993, 1.8993); // < 1.9 − 0.001 is false; still bad
    expect(es.update(0, NaN, NaN)).toBe(true);
  });

  it('does not stop before minEvals evaluations', () => {
    const es = new EarlyStopping({ minEvals: 5, patience: 2 });
    const stops = [1, 1, 1, 1, 1, 1, 1].map((v) => es.update(0, v, v));
    expect(stops).toEqual([false, false, false, false, false, false, true]);
  });
});

describe('EMA trend', () => {
  it('is bias-corrected: a constant series has itself as trend', () => {
    expect(Array.from(emaTrend([5, 5, 5], 0.9))).toEqual([5, 5, 5].map(() => expect.closeTo(5, 12)));
    const t = emaTrend([1, 2], 0.5);
    expect(t[1]).toBeCloseTo((0.25 * 1 + 0.5 * 2) / 0.75, 12);
  });

  it('skips non-finite values and, in log space, damps spikes', () => {
    const ema = new EmaTrend(0.9);
    expect(ema.value).toBeNaN();
    ema.push(NaN);
    expect(ema.value).toBeNaN();
    ema.push(2);
    expect(ema.push(Infinity)).toBe(2);
    const steps = [1, 1, 1, 1000, 1, 1];
    const lin = emaTrend(steps, 0.9);
    const geo = emaTrend(steps, 0.9, true);
    expect(lin[3]).toBeGreaterThan(200);
    expect(geo[3]).toBeLessThan(10);
    expect(geo[5]).toBeGreaterThan(1);
    expect(() => new EmaTrend(1)).toThrow(/beta/);
  });
});
