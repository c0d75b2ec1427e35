/**
 * Forward-mode automatic differentiation of a parsed f(x, y): the AST is compiled once into a flat
 * tape of instructions; evaluating the tape carries each value with its two partial derivatives
 * (v, ∂v/∂x, ∂v/∂y), so f and ∇f are exact up to rounding (no finite differences).
 *
 * Each instruction's local derivative sits next to its forward computation (as in micrograd). The tape
 * and its registers are allocated once; an evaluation allocates nothing.
 */
import type { ExprNode, FnName } from './expression';

const Op = {
  Const: 0, X: 1, Y: 2, Neg: 3, Add: 4, Sub: 5, Mul: 6, Div: 7, Pow: 8, Sin: 9, Cos: 10, Tan: 11,
  Exp: 12, Log: 13, Sqrt: 14, Abs: 15, Tanh: 16, Sinh: 17, Cosh: 18, Atan: 19, Min: 20, Max: 21,
} as const;
type Op = (typeof Op)[keyof typeof Op];

const CALL_OPS: Record<FnName, Op> = {
  sin: Op.Sin, cos: Op.Cos, tan: Op.Tan, exp: Op.Exp, log: Op.Log, sqrt: Op.Sqrt, abs: Op.Abs,
  tanh: Op.Tanh, sinh: Op.Sinh, cosh: Op.Cosh, atan: Op.Atan, min: Op.Min, max: Op.Max, pow: Op.Pow,
};
const BIN_OPS = { '+': Op.Add, '-': Op.Sub, '*': Op.Mul, '/': Op.Div, '^': Op.Pow } as const;

export interface CompiledExpression {
  /** f(x, y); if `grad` is given, writes (∂f/∂x, ∂f/∂y) into grad[0], grad[1]. */
  evaluate(x: number, y: number, grad?: Float64Array): number;
  /** Number of tape instructions. */
  readonly size: number;
}

/** Compiles an AST into a tape (post-order: operands always precede their instruction). */
export function compileExpression(ast: ExprNode): CompiledExpression {
  const ops: Op[] = [], as: number[] = [], bs: number[] = [], consts: number[] = [];
  const emit = (op: Op, a = -1, b = -1, c = 0): number => {
    ops.push(op);
    as.push(a);
    bs.push(b);
    consts.push(c);
    return ops.length - 1;
  };
  // Recursion depth is bounded by the parser's depth limit.
  const walk = (n: ExprNode): number => {
    switch (n.kind) {
      case 'num': return emit(Op.Const, -1, -1, n.value);
      case 'var': return emit(n.index === 0 ? Op.X : Op.Y);
      case 'neg': return emit(Op.Neg, walk(n.arg));
      case 'bin': {
        const a = walk(n.a);
        return emit(BIN_OPS[n.op], a, walk(n.b));
      }
      case 'call': {
        const op = CALL_OPS[n.fn];
        let r = walk(n.args[0]);
        if (n.args.length === 1) return emit(op, r);
        for (let i = 1; i < n.args.length; i++) r = emit(op, r, walk(n.args[i])); // min/max fold left
        return r;
      }
    }
  };
  walk(ast);
  const m = ops.length;
  const opArr = Int32Array.from(ops), aArr = Int32Array.from(as), bArr = Int32Array.from(bs), cArr = Float64Array.from(consts);
  const v = new Float64Array(m), dx = new Float64Array(m), dy = new Float64Array(m);

  function evaluate(x: number, y: number, grad?: Float64Array): number {
    for (let i = 0; i < m; i++) {
      const a = aArr[i], b = bArr[i];
      const va = v[a], vb = v[b]; // undefined for unused operands (index −1); never read then
      let val: number, d: number; // d: derivative of a unary op w.r.t. its operand
      switch (opArr[i]) {
        case Op.Const: v[i] = cArr[i]; dx[i] = 0; dy[i] = 0; continue;
        case Op.X: v[i] = x; dx[i] = 1; dy[i] = 0; continue;
        case Op.Y: v[i] = y; dx[i] = 0; dy[i] = 1; continue;
        case Op.Add: v[i] = va + vb; dx[i] = dx[a] + dx[b]; dy[i] = dy[a] + dy[b]; continue;
        case Op.Sub: v[i] = va - vb; dx[i] = dx[a] - dx[b]; dy[i] = dy[a] - dy[b]; continue;
        case Op.Mul: v[i] = va * vb; dx[i] = dx[a] * vb + va * dx[b]; dy[i] = dy[a] * vb + va * dy[b]; continue;
        case Op.Div:
          val = va / vb;
          v[i] = val;
          dx[i] = (dx[a] - val * dx[b]) / vb;
          dy[i] = (dy[a] - val * dy[b]) / vb;
          continue;
        case Op.Pow: {
          val = Math.pow(va, vb);
          v[i] = val;
          // d(a^b) = b·a^(b−1)·da + a^b·ln(a)·db. The ln term only where db ≠ 0: a constant exponent
          // must not turn a negative base or 0 into NaN (0·ln 0 = 0·(−∞)).
          const dBase = vb === 0 ? 0 : vb * Math.pow(va, vb - 1);
          const la = dx[b] !== 0 || dy[b] !== 0 ? Math.log(va) : 0;
          dx[i] = dBase * dx[a] + (dx[b] !== 0 ? val * la * dx[b] : 0);
          dy[i] = dBase * dy[a] + (dy[b] !== 0 ? val * la * dy[b] : 0);
          continue;
        }
        case Op.Min: case Op.Max: {
          // The derivative of the chosen argument (the first one on ties).
          const pickA = opArr[i] === Op.Min ? !(vb < va) : !(vb > va);
          const s = pickA ? a : b;
          v[i] = opArr[i] === Op.Min ? Math.min(va, vb) : Math.max(va, vb);
          dx[i] = dx[s];
          dy[i] = dy[s];
          continue;
        }
        case Op.Neg: val = -va; d = -1; break;
        case Op.Sin: val = Math.sin(va); d = Math.cos(va); break;
        case Op.Cos: val = Math.cos(va); d = -Math.sin(va); break;
        case Op.Tan: val = Math.tan(va); d = 1 + val * val; break;
        case Op.Exp: val = Math.exp(va); d = val; break;
        case Op.Log: val = Math.log(va); d = 1 / va; break;
        case Op.Sqrt: val = Math.sqrt(va); d = 0.5 / val; break;
        case Op.Abs: val = Math.abs(va); d = Math.sign(va); break;
        case Op.Tanh: val = Math.tanh(va); d = 1 - val * val; break;
        case Op.Sinh: val = Math.sinh(va); d = Math.cosh(va); break;
        case Op.Cosh: val = Math.cosh(va); d = Math.sinh(va); break;
        case Op.Atan: val = Math.atan(va); d = 1 / (1 + va * va); break;
        default: throw new Error(`autodiff: unknown instruction ${opArr[i]}`);
      }
      v[i] = val;
      dx[i] = d * dx[a];
      dy[i] = d * dy[a];
    }
    if (grad) {
      grad[0] = dx[m - 1];
      grad[1] = dy[m - 1];
    }
    return v[m - 1];
  }
  return { evaluate, size: m };
}
