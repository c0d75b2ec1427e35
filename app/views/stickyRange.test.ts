import { describe, expect, it } from 'vitest';
import { iterationRange, niceCeil, valueRange } from './stickyRange';

describe('niceCeil', () => {
  it('is the smallest 1–2–5 × 10^k at or above v', () => {
    expect([0.3, 1, 1.01, 2, 2.5, 7, 10, 4321, 100_000].map(niceCeil)).toEqual([0.5, 1, 2, 2, 5, 10, 10, 5000, 100_000]);
  });
});

describe('iterationRange', () => {
  it('spans the planned length from the first point on', () => {
    expect(iterationRange(null, 0, 0, 100_000)).toEqual([0, 100_000]);
    expect(iterationRange([0, 100_000], 0, 73_512, 100_000)).toEqual([0, 100_000]);
  });
  it('grows to the next 1–2–5 number without a plan, or past it (a lengthened run)', () => {
    expect(iterationRange(null, 0, 0)).toEqual([0, 1]);
    expect(iterationRange(null, 0, 340)).toEqual([0, 500]);
    expect(iterationRange([0, 500], 0, 480)).toEqual([0, 500]);
    expect(iterationRange([0, 500], 0, 501)).toEqual([0, 1000]);
    expect(iterationRange([0, 100], 0, 130, 120)).toEqual([0, 200]);
  });
  it('never starts right of zero (epochs start at 0 too)', () => {
    expect(iterationRange(null, 3, 40, 50)).toEqual([0, 50]);
  });
});

describe('valueRange', () => {
  it('covers a log axis in whole decades, clear of the data by a twentieth of a decade', () => {
    expect(valueRange(null, 0.02, 7, true)).toEqual([-2, 1]);
    // 0.01 and 10 sit on decade lines: one more decade each side.
    expect(valueRange(null, 0.01, 10, true)).toEqual([-3, 2]);
  });
  it('keeps a range that holds the data, and only grows it', () => {
    expect(valueRange([-3, 2], 0.5, 1.5, true)).toEqual([-3, 2]);
    expect(valueRange([-3, 2], 1e-5, 1.5, true)).toEqual([-6, 2]);
    expect(valueRange([0, 10], 2, 3, false)).toEqual([0, 10]);
  });
  it('pads a linear range by a tenth of its span on the side that grew', () => {
    expect(valueRange(null, 0, 10, false)).toEqual([-1, 11]);
    const r = valueRange([-1, 11], 0, 21, false);
    expect(r[0]).toBe(-1);
    expect(r[1]).toBeCloseTo(23.2, 12);
  });
  it('gives a constant series a span', () => {
    expect(valueRange(null, 5, 5, false)).toEqual([4.5, 5.5]);
    expect(valueRange(null, 0, 0, false)).toEqual([-0.1, 0.1]);
  });
});
