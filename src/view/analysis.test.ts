import { describe, expect, it } from 'vitest';
import { finiteRange, logRows, maxAbs, parseNumberList, placeCells, strideIndices } from './analysis';

describe('parseNumberList', () => {
  const betas = { min: 0, max: 1, maxExclusive: true, maxCount: 8 };

  it('reads values separated by commas, semicolons or spaces, in order', () => {
    expect(parseNumberList('0.7, 0.9,0.99', betas)).toEqual({ ok: true, values: [0.7, 0.9, 0.99] });
    expect(parseNumberList(' 0.6;0.7   .9 ', betas)).toEqual({ ok: true, values: [0.6, 0.7, 0.9] });
    expect(parseNumberList('1e-2 5E-1', betas)).toEqual({ ok: true, values: [0.01, 0.5] });
  });

  it('refuses empty lists, non-numbers, values out of range, repeats and too many values', () => {
    expect(parseNumberList(' , ', betas)).toEqual({ ok: false, error: 'give at least one value' });
    expect(parseNumberList('0.9, abc', betas)).toEqual({ ok: false, error: '"abc" is not a number' });
    for (const bad of ['0x1', 'NaN', 'Infinity', '1..2']) expect(parseNumberList(bad, betas).ok).toBe(false);
    expect(parseNumberList('0.9, 1', betas)).toEqual({ ok: false, error: '1 is outside [0, 1)' });
    expect(parseNumberList('-0.1', betas)).toEqual({ ok: false, error: '-0.1 is outside [0, 1)' });
    expect(parseNumberList('1', { min: 0, max: 1, maxCount: 2 })).toEqual({ ok: true, values: [1] });
    expect(parseNumberList('0.9 0.90', betas)).toEqual({ ok: false, error: '0.90 is given twice' });
    expect(parseNumberList('0.1 0.2 0.3', { ...betas, maxCount: 2 })).toEqual({ ok: false, error: 'at most 2 values (got 3)' });
  });
});

describe('logRows', () => {
  it('turns the flat row-major grid into rows of log10 values, gaps where there is no logarithm', () => {
    const z = [1, 10, 100, 0.1, 0, NaN];
    expect(logRows(z, 3, 2)).toEqual([[0, 1, 2], [-1, null, null]]);
    expect(logRows(new Float32Array([1000, -1]), 1, 2)).toEqual([[3], [null]]);
    expect(() => logRows([1, 2, 3], 2, 2)).toThrow(/3 values for a 2×2 grid/);
  });
});

describe('strideIndices', () => {
  it('keeps everything when short, else at most max evenly spaced indices with both ends', () => {
    expect(strideIndices(0, 5)).toEqual([]);
    expect(strideIndices(4, 5)).toEqual([0, 1, 2, 3]);
    expect(strideIndices(11, 3)).toEqual([0, 5, 10]);
    const big = strideIndices(100_000, 1000);
    expect(big.length).toBe(1000);
    expect(big[0]).toBe(0);
    expect(big.at(-1)).toBe(99_999);
    expect(big.every((v, i) => i === 0 || v > big[i - 1])).toBe(true);
  });
});

describe('maxAbs and finiteRange', () => {
  it('ignore non-finite entries', () => {
    expect(maxAbs([1, -3, NaN], new Float64Array([2, Infinity]))).toBe(3);
    expect(maxAbs([])).toBe(0);
    expect(finiteRange([3, NaN, -2, Infinity, 5])).toEqual([-2, 5]);
    expect(finiteRange([NaN])).toBeNull();
  });
});

describe('placeCells', () => {
  it('puts each finished cell at its (β₁, β₂) position, null where none has finished', () => {
    const cells = [{ beta1: 0.7, beta2: 0.9, v: 1 }, { beta1: 0.9, beta2: 0.99, v: 2 }, { beta1: 0.5, beta2: 0.9, v: 3 }];
    expect(placeCells(cells, [0.7, 0.9], [0.9, 0.99])).toEqual([
      [cells[0], null],
      [null, cells[1]],
    ]);
  });
});
