/**
 * More properties of the CSV parser (issue 7), beyond csv.test.ts (never throws on short strings; numeric
 * tables round-trip): any Unicode, long and hostile text never throws; what it accepts is always finite,
 * rectangular, within the limits, and loads: accepted ⇒ parseExperiment accepts the points and the
 * engine builds and steps a regression on them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { LIMITS, parseExperiment } from '../experiment/schema';
import { Runner } from '../run/runner';

const hostile = fc.constantFrom(
  '<img src=x onerror=alert(1)>', '"><script>alert(1)</script>', '=cmd|"/c calc"!A1', '1e309', '-1e309', 'NaN', 'Infinity', '0x10',
  '\uFEFF', '\u202E', '\0', '1_000', '١٢٣', '１', '1,5', '"1', '""', '#', '\\', 'ﬀ', '𝟙', '1e-400', '-0', '.5', '5.', '+.5e+3',
);
const cell = fc.oneof(fc.double().map(String), fc.integer().map(String), hostile, fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 4 }));
const sep = fc.constantFrom(',', ';', '\t', ' ', '|');
const eol = fc.constantFrom('\n', '\r\n', '\r', '\u2028');
const table = fc.tuple(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 0, maxLength: 30 }), sep, eol)
  .map(([rows, s, e]) => rows.map((r) => r.join(s)).join(e));

/** Mostly numeric tables of one width, sometimes with a hostile cell: both sides of the parser get reached. */
const numericTable = fc.integer({ min: 2, max: 4 }).chain((w) => fc.tuple(
  fc.array(fc.array(fc.oneof({ weight: 30, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String) }, { weight: 1, arbitrary: hostile }), { minLength: w, maxLength: w }), { minLength: 1, maxLength: 30 }),
  fc.constantFrom(',', ';', '\t'), eol,
)).map(([rows, s, e]) => rows.map((r) => r.join(s)).join(e));

let accepted = 0;
let tried = 0;

describe('parseCsv: more properties', () => {
  it('never throws on any text; accepted ⇒ finite, rectangular, within limits, and it loads', () => {
    fc.assert(fc.property(fc.oneof(numericTable, table, fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 })), (text) => {
      tried++;
      let r: ReturnType<typeof parseCsv> | undefined;
      expect(() => { r = parseCsv(text); }).not.toThrow();
      if (!r!.ok) {
        expect(r!.errors.length).toBeGreaterThan(0);
        return;
      }
      accepted++;
      const { points } = r!;
      expect(points.length).toBeGreaterThan(0);
      expect(points.length).toBeLessThanOrEqual(LIMITS.points);
      const widths = new Set(points.map(([x]) => (Array.isArray(x) ? x.length : 1)));
      expect(widths.size).toBe(1);
      for (const [x, y] of points) {
        expect(Number.isFinite(y)).toBe(true);
        for (const v of Array.isArray(x) ? x : [x]) expect(Number.isFinite(v)).toBe(true);
      }
      const parsed = parseExperiment({ version: 1, problem: 'linear-regression', data: { points }, runs: [{ label: 'a', optimizer: 'sgd' }], steps: 3 });
      expect(parsed.ok, JSON.stringify(parsed).slice(0, 300)).toBe(true);
      if (parsed.ok) {
        const runner = new Runner(parsed.experiment);
        expect(() => runner.advance(3)).not.toThrow();
      }
    }), { numRuns: 1500 });
    expect(accepted).toBeGreaterThan(20); // the generator does reach the accepting side
    console.log(`parseCsv: ${tried} texts, ${accepted} accepted`);
  });

  it('refuses numbers that overflow to ±Infinity, naming the row and column', () => {
    const r = parseCsv('x,y\n1,2\n1e309,3\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/row 3, column 1/);
  });
});
