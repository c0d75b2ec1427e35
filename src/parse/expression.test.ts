/** The typed-objective parser: values and exact gradients, error positions, limits, and safety. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EXPRESSION_LIMITS, parseExpression } from './expression';
import { compileExpression } from './autodiff';
import { makeExpressionProblem } from './expressionProblem';
import { makeProblem } from '../problems/registry';
import { checkGradient } from '../problems/gradcheck';
import { makeRng } from '../rng';

const compile = (text: string) => {
  const r = parseExpression(text);
  if (!r.ok) throw new Error(r.error);
  return compileExpression(r.ast);
};
const value = (text: string, x = 0, y = 0) => compile(text).evaluate(x, y);
const errorOf = (text: string) => {
  const r = parseExpression(text);
  return r.ok ? 'parsed' : r.error;
};

const TYPED = {
  rosenbrock: '(1-x)^2 + 100*(y-x^2)^2',
  himmelblau: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
  beale: '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2',
} as const;

/** Asymmetric points with distinct coordinates (symmetric test data hides bugs). */
const POINTS: [number, number][] = [[-1.3, 2.1], [0.7, -0.4], [2.9, 1.35], [-3.7, -1.15], [0.123, 0.456]];

describe('parseExpression: grammar', () => {
  it.each([
    ['1 + 2 * 3', 7], ['(1 + 2) * 3', 9], ['2^3^2', 512], ['-2^2', -4], ['(-2)^2', 4], ['2^-1', 0.5],
    ['2**3', 8], ['8 / 4 / 2', 1], ['10 - 4 - 3', 3], ['1e-3 * 1E3', 1], ['.5 + 2.', 2.5], ['--3', 3], ['+3', 3],
    ['pi', Math.PI], ['e', Math.E], ['sin(pi/2)', 1], ['log(e)', 1], ['sqrt(16)', 4], ['abs(-3)', 3],
    ['min(3, 1, 2)', 1], ['max(3, 1, 2)', 3], ['pow(2, 10)', 1024], ['atan(1) * 4', Math.PI], ['exp(0) + cosh(0) + sinh(0) + tanh(0) + tan(0) + cos(0)', 3],
  ])('%s = %d', (text, expected) => {
    expect(value(text)).toBeCloseTo(expected, 14);
  });

  it('reads x and y', () => {
    expect(value('x - 2*y', 5, 1.5)).toBe(2);
  });
});

describe('parseExpression: errors carry the column', () => {
  it.each([
    ['(x + 1', 'at column 7: expected ")", got the end'],
    ['x + * y', 'at column 5: expected a number, x, y, a function or "(", got "*"'],
    ['2x', 'at column 2: expected an operator or the end, got "x" (write 2*x, not 2x)'],
    ['sin x', 'at column 5: expected "(", got "x"'],
    ['foo(x)', 'at column 1: unknown name "foo" (use x, y, pi, e or a function: sin, cos, tan, exp, log, sqrt, abs, tanh, sinh, cosh, atan, pow, min, max)'],
    ['x + z', 'at column 5: unknown name "z"'],
    ['x $ y', 'at column 3: unexpected character "$"'],
    ['pow(x)', 'at column 1: pow takes 2 arguments, got 1'],
    ['sin(x, y)', 'at column 1: sin takes 1 argument, got 2'],
    ['max(x)', 'at column 1: max takes at least 2 arguments, got 1'],
    ['', 'at column 1: the expression is empty'],
    ['   ', 'at column 1: the expression is empty'],
    ['1e999', 'at column 1: number "1e999" is too large'],
    ['x)', 'at column 2: expected an operator or the end, got ")"'],
  ])('%j', (text, message) => {
    expect(errorOf(text).startsWith(message), errorOf(text)).toBe(true);
  });

  it('limits length and nesting depth', () => {
    expect(errorOf('x+'.repeat(600) + 'x')).toMatch(/^at column 1001: the expression is longer than 1000 characters/);
    const deep = '('.repeat(EXPRESSION_LIMITS.depth + 1) + 'x' + ')'.repeat(EXPRESSION_LIMITS.depth + 1);
    expect(errorOf(deep)).toMatch(/nesting deeper than 64 levels/);
    expect(errorOf('-'.repeat(200) + 'x')).toMatch(/nesting deeper than 64 levels/);
    const ok = '('.repeat(EXPRESSION_LIMITS.depth - 1) + 'x' + ')'.repeat(EXPRESSION_LIMITS.depth - 1);
    expect(errorOf(ok)).toBe('parsed');
  });
});

describe('safety: nothing is evaluated', () => {
  it.each([
    'constructor.constructor("x")()', 'constructor', '__proto__', 'toString()', 'valueOf(x)', 'hasOwnProperty(x)',
    'alert(1)', 'this', 'globalThis', 'x;y', 'x = 1', '`x`', '"x"', 'x.y', 'x[0]', 'new Function("x")',
  ])('%s is a parse error', (text) => {
    expect(parseExpression(text).ok).toBe(false);
  });

  it('never throws on arbitrary strings, and errors always name a column inside the text', () => {
    const alphabet = fc.constantFrom(...'xy0123456789.eE+-*/^(),pisnqrtlogmaxbc _$"\'`;[]{}\n\t'.split(''));
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: alphabet, maxLength: 200 })), (text) => {
      const r = parseExpression(text);
      if (!r.ok) {
        expect(r.error).toMatch(/^at column \d+: /);
        expect(r.column).toBeGreaterThanOrEqual(1);
        expect(r.column).toBeLessThanOrEqual(text.length + 1);
      } else {
        compileExpression(r.ast).evaluate(0.3, -0.7, new Float64Array(2)); // evaluates without throwing
      }
    }), { numRuns: 3000 });
  });
});

describe('automatic differentiation', () => {
  it('f and ∇f of typed Rosenbrock equal the built-in problem to 1e-12', () => {
    const built = makeProblem('rosenbrock', {}, undefined, makeRng(0));
    const typed = makeExpressionProblem(TYPED.rosenbrock);
    for (const [x, y] of POINTS) {
      const g1 = new Float64Array(2), g2 = new Float64Array(2);
      const f1 = built.loss(Float64Array.of(x, y), null, g1), f2 = typed.loss(Float64Array.of(x, y), null, g2);
      expect(Math.abs(f2 - f1)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(f1)));
      for (const k of [0, 1]) expect(Math.abs(g2[k] - g1[k])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(g1[k])));
    }
  });

  it.each(Object.entries(TYPED))('typed %s equals the built-in problem and matches central differences', (id, text) => {
    const built = makeProblem(id, {}, undefined, makeRng(0));
    const typed = makeExpressionProblem(text);
    for (const [x, y] of POINTS) {
      const t = Float64Array.of(x, y), g1 = new Float64Array(2), g2 = new Float64Array(2);
      const f1 = built.loss(t, null, g1), f2 = typed.loss(t, null, g2);
      expect(Math.abs(f2 - f1)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(f1)));
      for (const k of [0, 1]) expect(Math.abs(g2[k] - g1[k])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(g1[k])));
      expect(checkGradient(typed, t, null).worst).toBeLessThanOrEqual(1);
    }
  });

  it.each([
    'sin(x)*cos(y) + tan(x/3)', 'exp(-x^2 - y^2) * log(2 + x^2)', 'sqrt(1 + x^2 + y^4) + abs(x - y)',
    'tanh(x) * sinh(y/2) + cosh(x/3)', 'atan(x*y) + min(x, y^2) + max(x^2, y)', 'pow(x^2 + 1, y) + (1 + y^2)^(x/2)',
    'x / (1 + y^2) - y / (2 + sin(x))', '-x^2 + 3*x*y - 2^x',
  ])('∇ of %s matches central differences', (text) => {
    const p = makeExpressionProblem(text);
    for (const t of POINTS) expect(checkGradient(p, t, null).worst).toBeLessThanOrEqual(1);
  });

  it('a constant exponent keeps negative bases and 0 finite; abs, min and max take a one-sided derivative', () => {
    const g = new Float64Array(2);
    expect(compile('x^3').evaluate(-2, 0, g)).toBe(-8);
    expect(g[0]).toBe(12);
    expect(compile('x^2 * y^0').evaluate(0, 0, g)).toBe(0);
    expect([...g]).toEqual([0, 0]);
    compile('abs(x) + min(x, y) + max(y, x)').evaluate(0, 0, g);
    expect([...g]).toEqual([1, 1]); // sign(0) = 0; ties pick the first argument
  });

  it('problem: shape, default view and a start inside the view', () => {
    const p = makeExpressionProblem('x^2 + y^2');
    expect(p.dim).toBe(2);
    expect(p.paramNames).toEqual(['x', 'y']);
    expect([...p.defaultInit]).toEqual([-1.5, 1.5]);
    expect(() => makeExpressionProblem('x +')).toThrow('expression: at column 4: expected a number');
  });
});
