/**
 * More properties of the expression parser (issue 7), beyond expression.test.ts (never throws on short
 * strings): printed random expression trees parse back to functions equal to a reference evaluation;
 * deep nesting is refused with a message (no stack overflow); accepted ⇒ the `expression` problem builds
 * and the engine steps it without throwing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXPRESSION_LIMITS, parseExpression } from './expression';
import { compileExpression } from './autodiff';
import { parseExperiment } from '../experiment/schema';
import { Runner } from '../run/runner';

/** A random expression as text and its reference value at (x, y), computed with Math directly. */
type Gen = { text: string; f: (x: number, y: number) => number };

const leaf: fc.Arbitrary<Gen> = fc.oneof(
  fc.constant<Gen>({ text: 'x', f: (x) => x }),
  fc.constant<Gen>({ text: 'y', f: (_x, y) => y }),
  fc.constant<Gen>({ text: 'pi', f: () => Math.PI }),
  fc.double({ min: 0, max: 100, noNaN: true }).map((c): Gen => ({ text: String(c), f: () => c })),
);
const ONE: Record<string, (a: number) => number> = { sin: Math.sin, cos: Math.cos, exp: Math.exp, tanh: Math.tanh, atan: Math.atan, abs: Math.abs, sqrt: Math.sqrt, log: Math.log };
const { tree } = fc.letrec<{ tree: Gen }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('tree'), fc.constantFrom('+', '-', '*', '/'), tie('tree')).map(([a, op, b]): Gen => ({
      text: `(${a.text} ${op} ${b.text})`,
      f: (x, y) => { const u = a.f(x, y), v = b.f(x, y); return op === '+' ? u + v : op === '-' ? u - v : op === '*' ? u * v : u / v; },
    })),
    fc.tuple(tie('tree'), fc.integer({ min: 0, max: 3 })).map(([a, k]): Gen => ({ text: `(${a.text})^${k}`, f: (x, y) => a.f(x, y) ** k })),
    fc.tuple(fc.constantFrom(...Object.keys(ONE)), tie('tree')).map(([fn, a]): Gen => ({ text: `${fn}(${a.text})`, f: (x, y) => ONE[fn](a.f(x, y)) })),
    tie('tree').map((a): Gen => ({ text: `-(${a.text})`, f: (x, y) => -a.f(x, y) })),
  ),
}));

const close = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe('parseExpression: more properties', () => {
  it('printed random trees parse, and evaluate like the reference', () => {
    fc.assert(fc.property(tree, fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), (g, x, y) => {
      fc.pre(g.text.length <= EXPRESSION_LIMITS.length);
      const r = parseExpression(g.text);
      expect(r.ok, `${g.text}: ${r.ok ? '' : r.error}`).toBe(true);
      if (!r.ok) return;
      const got = compileExpression(r.ast).evaluate(x, y, new Float64Array(2));
      expect(close(got, g.f(x, y)), `${g.text} at (${x}, ${y}): ${got} vs ${g.f(x, y)}`).toBe(true);
    }), { numRuns: 1000 });
  });

  it('nesting far past the depth limit is refused with a message, never a stack overflow', () => {
    for (const text of ['('.repeat(100_000) + 'x' + ')'.repeat(100_000), '-'.repeat(5000) + 'x', 'x^'.repeat(400) + 'x', 'sin('.repeat(300) + 'x' + ')'.repeat(300)]) {
      const r = parseExpression(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/^at column \d+: /);
    }
  });

  it('accepted ⇒ the expression problem builds and the engine steps it (diverging with a reason at worst)', () => {
    fc.assert(fc.property(tree, (g) => {
      fc.pre(g.text.length <= EXPRESSION_LIMITS.length);
      const parsed = parseExperiment({ version: 1, problem: 'expression', expression: g.text, runs: [{ label: 'GD', optimizer: 'sgd', hyper: { lr: 0.01 } }, { label: 'Adam', optimizer: 'adam' }], steps: 20 });
      if (!parsed.ok) {
        for (const e of parsed.errors) expect(e).toMatch(/^(expression|problem): /);
        return;
      }
      let runner: Runner | undefined;
      expect(() => { runner = new Runner(parsed.experiment); runner.advance(20); }).not.toThrow();
      for (const r of runner!.runs) if (r.status === 'diverged') expect(r.reason).toMatch(/^diverged at step \d+: /);
    }), { numRuns: 300 });
  });
});
