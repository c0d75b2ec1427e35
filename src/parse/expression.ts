/**
 * A safe parser for typed objectives f(x, y), e.g. `(1-x)^2 + 100*(y-x^2)^2`.
 *
 * Grammar (recursive descent; `^` binds tighter than unary minus and is right-associative, so
 * `-x^2` = −(x²) and `2^3^2` = 2^9; `**` is accepted for `^`):
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := ('-' | '+') unary | power
 *   power   := primary ('^' unary)?
 *   primary := number | 'x' | 'y' | 'pi' | 'e' | name '(' expr (',' expr)* ')' | '(' expr ')'
 * Numbers: `12`, `0.5`, `.5`, `1e-3`. Functions: sin cos tan exp log (natural) sqrt abs tanh sinh cosh
 * atan (one argument), pow (two), min and max (two or more).
 *
 * The result is a small AST of plain data: names are looked up in fixed tables (never on an object's
 * prototype), nothing is ever evaluated as code. Text length and nesting depth are limited.
 * `parseExpression` never throws: errors carry the 1-based column, `at column 7: expected ")"`.
 */

export type BinaryOp = '+' | '-' | '*' | '/' | '^';
export type FnName = 'sin' | 'cos' | 'tan' | 'exp' | 'log' | 'sqrt' | 'abs' | 'tanh' | 'sinh' | 'cosh' | 'atan' | 'min' | 'max' | 'pow';

export type ExprNode =
  | { kind: 'num'; value: number }
  | { kind: 'var'; index: 0 | 1 }
  | { kind: 'neg'; arg: ExprNode }
  | { kind: 'bin'; op: BinaryOp; a: ExprNode; b: ExprNode }
  | { kind: 'call'; fn: FnName; args: ExprNode[] };

export type ExpressionResult = { ok: true; ast: ExprNode } | { ok: false; error: string; column: number };

export const EXPRESSION_LIMITS = {
  /** Characters of text. */
  length: 1000,
  /** Nesting of parentheses, unary signs, powers and calls. */
  depth: 64,
} as const;

/** Arity [min, max] of each function. A Map, so that `constructor` or `__proto__` are never found. */
const FUNCTIONS = new Map<string, [number, number]>([
  ...(['sin', 'cos', 'tan', 'exp', 'log', 'sqrt', 'abs', 'tanh', 'sinh', 'cosh', 'atan'] as const).map((f) => [f, [1, 1]] as [string, [number, number]]),
  ['pow', [2, 2]], ['min', [2, Infinity]], ['max', [2, Infinity]],
]);
const CONSTANTS = new Map<string, number>([['pi', Math.PI], ['e', Math.E]]);
const VARIABLES = new Map<string, 0 | 1>([['x', 0], ['y', 1]]);

export const FUNCTION_NAMES: readonly string[] = [...FUNCTIONS.keys()];

type Token =
  | { t: 'num'; value: number; col: number; text: string }
  | { t: 'name'; name: string; col: number }
  | { t: 'op'; op: string; col: number }
  | { t: 'end'; col: number };

class ParseError {
  constructor(readonly column: number, readonly message: string) {}
}

const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z_0-9]*/y;

/** Shows a piece of user text safely inside a message (quoted, shortened, control characters escaped). */
function show(s: string): string {
  const short = s.length > 20 ? `${s.slice(0, 20)}…` : s;
  return JSON.stringify(short);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const col = i + 1;
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    if (num) {
      const value = Number(num[0]);
      if (!Number.isFinite(value)) throw new ParseError(col, `number ${show(num[0])} is too large`);
      tokens.push({ t: 'num', value, col, text: num[0] });
      i += num[0].length;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(text);
    if (name) {
      tokens.push({ t: 'name', name: name[0], col });
      i += name[0].length;
      continue;
    }
    if (c === '*' && text[i + 1] === '*') {
      tokens.push({ t: 'op', op: '^', col });
      i += 2;
      continue;
    }
    if ('+-*/^(),'.includes(c)) {
      tokens.push({ t: 'op', op: c, col });
      i++;
      continue;
    }
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    throw new ParseError(col, `unexpected character ${show(ch)}`);
  }
  tokens.push({ t: 'end', col: text.length + 1 });
  return tokens;
}

function describeToken(tok: Token): string {
  switch (tok.t) {
    case 'num': return `number ${show(tok.text)}`;
    case 'name': return show(tok.name);
    case 'op': return show(tok.op);
    case 'end': return 'the end';
  }
}

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos];
  }
  private isOp(op: string): boolean {
    const tok = this.peek();
    return tok.t === 'op' && tok.op === op;
  }
  private expect(op: string): void {
    if (!this.isOp(op)) throw new ParseError(this.peek().col, `expected ${show(op)}, got ${describeToken(this.peek())}`);
    this.pos++;
  }
  /** Guards every recursive rule: deep nesting is refused before it can exhaust the stack. */
  private enter(): void {
    if (++this.depth > EXPRESSION_LIMITS.depth) throw new ParseError(this.peek().col, `nesting deeper than ${EXPRESSION_LIMITS.depth} levels`);
  }

  parseAll(): ExprNode {
    const node = this.expr();
    const tok = this.peek();
    if (tok.t !== 'end') {
      const hint = tok.t === 'name' || (tok.t === 'op' && tok.op === '(') ? ' (write 2*x, not 2x)' : '';
      throw new ParseError(tok.col, `expected an operator or the end, got ${describeToken(tok)}${hint}`);
    }
    return node;
  }

  private expr(): ExprNode {
    let node = this.term();
    while (this.isOp('+') || this.isOp('-')) {
      const op = (this.tokens[this.pos++] as { op: BinaryOp }).op;
      node = { kind: 'bin', op, a: node, b: this.term() };
    }
    return node;
  }

  private term(): ExprNode {
    let node = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      const op = (this.tokens[this.pos++] as { op: BinaryOp }).op;
      node = { kind: 'bin', op, a: node, b: this.unary() };
    }
    return node;
  }

  private unary(): ExprNode {
    this.enter();
    let node: ExprNode;
    if (this.isOp('-') || this.isOp('+')) {
      const minus = this.isOp('-');
      this.pos++;
      const arg = this.unary();
      node = minus ? { kind: 'neg', arg } : arg;
    } else {
      node = this.power();
    }
    this.depth--;
    return node;
  }

  private power(): ExprNode {
    const base = this.primary();
    if (!this.isOp('^')) return base;
    this.pos++;
    return { kind: 'bin', op: '^', a: base, b: this.unary() }; // right operand may be signed: 2^-1
  }

  private primary(): ExprNode {
    const tok = this.peek();
    if (tok.t === 'num') {
      this.pos++;
      return { kind: 'num', value: tok.value };
    }
    if (tok.t === 'op' && tok.op === '(') {
      this.pos++;
      const node = this.expr();
      this.expect(')');
      return node;
    }
    if (tok.t === 'name') {
      this.pos++;
      const v = VARIABLES.get(tok.name);
      if (v !== undefined) return { kind: 'var', index: v };
      const c = CONSTANTS.get(tok.name);
      if (c !== undefined) return { kind: 'num', value: c };
      const arity = FUNCTIONS.get(tok.name);
      if (arity) return this.call(tok.name as FnName, arity, tok.col);
      throw new ParseError(tok.col, `unknown name ${show(tok.name)} (use x, y, pi, e or a function: ${FUNCTION_NAMES.join(', ')})`);
    }
    throw new ParseError(tok.col, `expected a number, x, y, a function or "(", got ${describeToken(tok)}`);
  }

  private call(fn: FnName, [min, max]: [number, number], col: number): ExprNode {
    this.expect('(');
    const args = [this.expr()];
    while (this.isOp(',')) {
      this.pos++;
      args.push(this.expr());
    }
    this.expect(')');
    if (args.length < min || args.length > max) {
      const want = min === max ? `${min} argument${min > 1 ? 's' : ''}` : `at least ${min} arguments`;
      throw new ParseError(col, `${fn} takes ${want}, got ${args.length}`);
    }
    return { kind: 'call', fn, args };
  }
}

/** Parses f(x, y) text into an AST; never throws. */
export function parseExpression(text: string): ExpressionResult {
  if (typeof text !== 'string') return { ok: false, error: 'at column 1: the expression must be text', column: 1 };
  if (text.length > EXPRESSION_LIMITS.length) {
    const column = EXPRESSION_LIMITS.length + 1;
    return { ok: false, error: `at column ${column}: the expression is longer than ${EXPRESSION_LIMITS.length} characters`, column };
  }
  try {
    const tokens = tokenize(text);
    if (tokens.length === 1) throw new ParseError(1, 'the expression is empty');
    return { ok: true, ast: new Parser(tokens).parseAll() };
  } catch (err) {
    if (err instanceof ParseError) return { ok: false, error: `at column ${err.column}: ${err.message}`, column: err.column };
    throw err; // a bug, not bad input: let tests see it
  }
}
