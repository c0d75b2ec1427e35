/**
 * Typed objectives as problems: f(x, y) from text, differentiated by forward-mode AD
 * (`autodiff.ts`), raced like any 2-D surface.
 *
 * The registry entry `expression` is param-free. Until the experiment format carries the text (see
 * docs/links.md, "Typed objectives"), the registered problem is built from `DEFAULT_EXPRESSION`;
 * `makeExpressionProblem` builds one from any text.
 */
import type { Problem, ViewBox } from '../problems/problem';
import type { ProblemSpec } from '../problems/registry';
import { compileExpression } from './autodiff';
import { parseExpression } from './expression';

/** Rosenbrock, typed: the registered `expression` problem's text until the format carries one. */
export const DEFAULT_EXPRESSION = '(1-x)^2 + 100*(y-x^2)^2';

/** View for a typed objective without a view of its own: the square [−3, 3]², linear levels (f may be negative). */
export const DEFAULT_EXPRESSION_VIEW: ViewBox = { axes: [0, 1], x: [-3, 3], y: [-3, 3], logLevels: false };

/**
 * Builds the 2-D problem f(θ) = f(x, y) with θ = (x, y), N = 1 (the batch is ignored).
 * Throws an Error whose message is the parse error with its position
 * (`expression: at column 7: expected ")"`). `init` defaults to a point left of the view's centre.
 */
export function makeExpressionProblem(text: string, view: ViewBox = DEFAULT_EXPRESSION_VIEW, init?: [number, number]): Problem {
  const parsed = parseExpression(text);
  if (!parsed.ok) throw new Error(`expression: ${parsed.error}`);
  const f = compileExpression(parsed.ast);
  const [x0, x1] = view.x, [y0, y1] = view.y ?? view.x;
  const start = init ?? [x0 + 0.25 * (x1 - x0), y0 + 0.75 * (y1 - y0)];
  return {
    id: 'expression', dim: 2, paramNames: ['x', 'y'], n: 1,
    loss: (t, _batch, grad) => f.evaluate(t[0], t[1], grad),
    defaultInit: Float64Array.from(start),
    view: { ...view, axes: [0, 1] },
  };
}

export const EXPRESSION_PROBLEMS: Record<string, ProblemSpec> = {
  expression: {
    id: 'expression', label: 'Typed f(x, y)', scenario: 'surface', params: {}, generators: [], acceptsPoints: false,
    // Rosenbrock's view and start, since the default text is Rosenbrock.
    make: () => makeExpressionProblem(DEFAULT_EXPRESSION, { axes: [0, 1], x: [-2, 2], y: [-1, 3], logLevels: true }, [-1.5, 2]),
  },
};
