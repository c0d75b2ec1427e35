/**
 * Typed objectives as problems: f(x, y) from text, differentiated by forward-mode AD
 * (`autodiff.ts`), raced like any 2-D surface.
 *
 * The registry entry `expression` takes the text from the experiment's `expression` field (default:
 * Rosenbrock typed) and its view box from problemParams x_min … y_max; `log_levels` 1 draws
 * log-spaced contour levels (for objectives that are ≥ 0 and span decades).
 */
import type { Problem, ViewBox } from '../problems/problem';
import type { ProblemSpec } from '../problems/registry';
import { compileExpression } from './autodiff';
import { parseExpression } from './expression';

/** Rosenbrock, typed: the `expression` problem's text when the experiment gives none. */
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

const bound = (d: number, doc: string) => ({ default: d, min: -1e6, max: 1e6, doc });

export const EXPRESSION_PROBLEMS: Record<string, ProblemSpec> = {
  expression: {
    id: 'expression', label: 'Typed f(x, y)', scenario: 'surface', generators: [], acceptsPoints: false,
    // Defaults: Rosenbrock's view and start, since the default text is Rosenbrock.
    params: {
      x_min: bound(-2, 'left edge of the view'),
      x_max: bound(2, 'right edge of the view'),
      y_min: bound(-1, 'bottom edge of the view'),
      y_max: bound(3, 'top edge of the view'),
      log_levels: { default: 1, min: 0, max: 1, integer: true, doc: '1: log-spaced contour levels (f ≥ 0 spanning decades)' },
    },
    make: (p, _data, _rng, extra) => {
      if (!(p.x_min < p.x_max)) throw new Error(`problemParams.x_min: must be below x_max (${p.x_min} ≥ ${p.x_max})`);
      if (!(p.y_min < p.y_max)) throw new Error(`problemParams.y_min: must be below y_max (${p.y_min} ≥ ${p.y_max})`);
      const view: ViewBox = { axes: [0, 1], x: [p.x_min, p.x_max], y: [p.y_min, p.y_max], logLevels: p.log_levels === 1 };
      const text = extra?.expression ?? DEFAULT_EXPRESSION;
      return makeExpressionProblem(text, view, text === DEFAULT_EXPRESSION && p.x_min === -2 && p.y_max === 3 ? [-1.5, 2] : undefined);
    },
  },
};
