import { describe, expect, it, vi } from 'vitest';
import { axisToPixel, markedIndices, unescapeText } from './liveLayer';
import { escapeText } from './common';

// common.ts rescales drawn plots in lecture mode through Plotly, which needs a DOM.
vi.mock('./plotly', () => ({ default: {} }));

describe('axisToPixel', () => {
  it('maps a linear axis like Plotly (x to the right, y upwards from the bottom edge)', () => {
    const x = axisToPixel([-2, 6], 'linear', 400, false);
    expect([-2, 0, 6, 10].map(x)).toEqual([0, 100, 400, 600]);
    const y = axisToPixel([0, 10], 'linear', 200, true);
    expect([0, 5, 10].map(y)).toEqual([200, 100, 0]);
  });
  it('maps a log axis whose range holds log10 of its ends; values ≤ 0 have no pixel', () => {
    const y = axisToPixel([-3, 1], 'log', 400, true);
    expect(y(10)).toBeCloseTo(0, 9);
    expect(y(1e-3)).toBeCloseTo(400, 9);
    expect(y(0.1)).toBeCloseTo(200, 9);
    expect(y(0)).toBeNaN();
    expect(y(-1)).toBeNaN();
  });
  it('clamps far points (a diverged run) so a canvas can still stroke towards them', () => {
    const x = axisToPixel([0, 1], 'linear', 100, false);
    expect(x(1e300)).toBe(1e5);
    expect(x(-1e300)).toBe(-1e5);
    expect(x(Infinity)).toBeNaN();
    expect(x(NaN)).toBeNaN();
  });
});

describe('markedIndices', () => {
  it('marks every point when asked for all (0) or for more than there are', () => {
    expect(markedIndices(4, 0)).toEqual([0, 1, 2, 3]);
    expect(markedIndices(3, 40)).toEqual([0, 1, 2]);
  });
  it('spreads m markers evenly over first to last', () => {
    expect(markedIndices(1000, 40)).toHaveLength(40);
    expect(markedIndices(1000, 40)[0]).toBe(0);
    expect(markedIndices(1000, 40)[39]).toBe(999);
    expect(markedIndices(11, 3)).toEqual([0, 5, 10]);
  });
});

describe('unescapeText', () => {
  it('undoes escapeText exactly, markup included', () => {
    for (const s of ['<img src=x onerror=alert(1)>', 'a & b', '&lt; typed literally', '&amp;lt;']) {
      expect(unescapeText(escapeText(s))).toBe(s);
    }
  });
});
